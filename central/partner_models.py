"""A city partner's account (issue 24): the payments central received from it, and the
close-outs whose totals disagreed with central's. Its sales, refunds and commission are the
``orders`` and ``refunds`` rows themselves (the statement reads them), so the account can
never drift from what central accepted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from central.model_base import ID, UUID_LEN, Base


class PartnerPayment(Base):
    """Money the partner paid the platform: it lowers what the outlet owes (and its credit
    used). Idempotent by its id, like every other write."""

    __tablename__ = "partner_payments"
    __table_args__ = (Index("ix_partner_payments_outlet_at", "outlet_id", "received_at"),)
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    amount: Mapped[int] = mapped_column(BigInteger)  # fen, > 0
    received_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime]


class CloseoutMismatch(Base):
    """A close-out that disagreed with central: {field: [terminal's, central's]}."""

    __tablename__ = "closeout_mismatches"
    __table_args__ = (Index("ix_closeout_mismatches_outlet_at", "outlet_id", "recorded_at"),)
    closeout_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    business_date: Mapped[date]
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_at: Mapped[datetime]

"""Refunds central reported as made after an invoice request (issue 22): the invoice must be
reversed (红字发票), so the Z-report lists them. Filled from the refund upload's reply."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


class InvoicedRefund(Base):
    __tablename__ = "invoiced_refund"
    refund_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(36), index=True)
    amount: Mapped[int] = mapped_column(Integer)  # fen refunded
    invoiced_at: Mapped[datetime] = mapped_column(UtcDateTime)  # when the customer asked central
    noted_at: Mapped[datetime] = mapped_column(UtcDateTime)  # when central's reply said so

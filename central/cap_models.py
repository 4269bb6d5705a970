"""The report of orders central accepted beyond a limit on a supervisor's word (issue 16):
an offline sale over the outlet's offline caps or its credit limit, or a price a supervisor
overrode at the terminal. Kept apart from ``central.models`` like the other guard tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from central.model_base import ID, UUID_LEN, Base


class OverCap(Base):
    """One limit one accepted order passed (an order passing two has two rows)."""

    __tablename__ = "over_cap_acceptances"
    __table_args__ = (Index("ix_over_cap_outlet_at", "outlet_id", "accepted_at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    order_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    # offline_max_sale | offline_max_total | offline_max_hours | credit_limit | price_override
    kind: Mapped[str] = mapped_column(String(24))
    limit_value: Mapped[int] = mapped_column(BigInteger)  # fen, or hours
    actual: Mapped[int] = mapped_column(BigInteger)  # what the order reached, same unit
    approved_by: Mapped[str] = mapped_column(String(80))  # the supervisor the terminal journaled
    sold_at: Mapped[datetime]
    accepted_at: Mapped[datetime]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

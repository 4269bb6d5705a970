"""Orders central refused (issue 17): kept so that a refused order can never enter later.

A refused order's ticket codes go on the revocation feed at once; a retry of the same order
id is refused again with the first reason, so that a code doors were told to refuse never
becomes a sold ticket at central."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from central.models import ID, UUID_LEN, Base


class RefusedOrder(Base):
    __tablename__ = "refused_orders"
    # The order's UUID, refused for this terminal only: another terminal naming the same id
    # (a clash, or abuse) must not spoil the owner's order.
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    reason: Mapped[str] = mapped_column(String(40))  # central's refusal reason, e.g. seat_taken
    message: Mapped[str] = mapped_column(String(400))
    tickets: Mapped[int]  # codes put on the revocation feed
    refused_at: Mapped[datetime]

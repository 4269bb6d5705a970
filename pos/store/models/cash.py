"""Shifts, cash moved in and out of the drawer with no sale, and the daily close-outs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


class Shift(Base):
    """A clerk's time at a cash drawer, from a counted float to a blind count."""

    __tablename__ = "shift"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    drawer: Mapped[str] = mapped_column(String(16))
    terminal_id: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8))  # open | closed
    opened_by: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    opening_float: Mapped[int] = mapped_column(Integer)
    open_seq: Mapped[int] = mapped_column(Integer)
    closed_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    counted: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expected: Mapped[int | None] = mapped_column(Integer, nullable=True)
    close_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    __table_args__ = (
        # One open shift per drawer, in the schema itself.
        Index("uq_shift_open_drawer", "drawer", unique=True, sqlite_where=text("status = 'open'")),
        CheckConstraint("status IN ('open', 'closed')", name="shift_status"),
        CheckConstraint("opening_float >= 0", name="shift_float"),
    )


class CashMovement(Base):
    """Cash put into (in) or taken out of (out) the drawer with no sale, with a reason."""

    __tablename__ = "cash_movement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # in | out
    amount: Mapped[int] = mapped_column(Integer)  # always positive; kind gives the sign
    reason: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[str] = mapped_column(String(16))
    approver_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    journal_seq: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("kind IN ('in', 'out')", name="cash_movement_kind"),
        CheckConstraint("amount > 0", name="cash_movement_amount"),
    )


class CloseoutRow(Base):
    """A daily close-out (Z-report): numbered without gaps, the journal range it covers,
    and the report as it was printed (JSON), so a reprint shows the same figures."""

    __tablename__ = "closeout"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # idempotency key at central
    z_number: Mapped[int] = mapped_column(Integer, unique=True)
    terminal_id: Mapped[str] = mapped_column(String(16))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[datetime] = mapped_column(UtcDateTime)
    period_end: Mapped[datetime] = mapped_column(UtcDateTime)
    staff_id: Mapped[str] = mapped_column(String(16))
    journal_seq: Mapped[int] = mapped_column(Integer)
    report: Mapped[str] = mapped_column(Text)

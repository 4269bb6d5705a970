"""Who this terminal is, its settings and keys, and the staff who work on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


class Terminal(Base):
    """The one row that says who this terminal is."""

    __tablename__ = "terminal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(16))
    outlet_id: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    timezone: Mapped[str] = mapped_column(String(40))
    key_id: Mapped[str] = mapped_column(String(8))
    next_order_seq: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (CheckConstraint("id = 1", name="single_terminal"),)


class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class KnownKey(Base):
    """Ticket-signing public keys this terminal accepts (its own, other terminals', central's)."""

    __tablename__ = "known_key"
    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    owner: Mapped[str] = mapped_column(String(60))
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Set by a supervisor's PIN reset or a promotion to supervisor: the next sign-in must
    # choose a new PIN before anything else.
    pin_change_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class OverrideGrant(Base):
    """A supervisor's approval, issued when the PIN was checked, spent by one action."""

    __tablename__ = "override_grant"
    grant_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    approver_id: Mapped[str] = mapped_column(String(16))
    permission: Mapped[str] = mapped_column(String(24))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    used_by: Mapped[str | None] = mapped_column(String(16), nullable=True)

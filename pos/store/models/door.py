"""Scans at the door."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


class Scan(Base):
    """One scan at a door: made here (``local``), heard from a gate nearby (``peer``) or
    reported by central (``central``). Its nonce is its idempotency key everywhere."""

    __tablename__ = "scan"
    nonce: Mapped[str] = mapped_column(Text, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(Text, index=True)
    performance_id: Mapped[str] = mapped_column(Text)
    gate: Mapped[str] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(Text)  # in | out
    verdict: Mapped[str] = mapped_column(Text)  # pos.door.rules.Verdict value
    reason: Mapped[str] = mapped_column(Text, default="")  # plain words, as shown
    scanned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    terminal_id: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)  # local | peer | central
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        Index("ix_scan_performance", "performance_id", "verdict"),
        Index("ix_scan_upload", "origin", "uploaded"),
        CheckConstraint("direction IN ('in', 'out')", name="scan_direction"),
        CheckConstraint("origin IN ('local', 'peer', 'central')", name="scan_origin"),
    )


class DoorKeyVenue(Base):
    """A terminal key's door binding, from central's keys feed: the key's terminal is a door
    of this venue. Doors share scans on the LAN only with doors of their own venue."""

    __tablename__ = "door_key_venue"
    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    venue_id: Mapped[str] = mapped_column(String(40), primary_key=True)

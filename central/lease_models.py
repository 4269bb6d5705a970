"""Offline stock leased per terminal (issue 17): the outlet's lease size, and which
terminal holds which seats and standing places of its outlet's allocation.

Two terminals never hold the same seat: ``seat_leases`` has one row per seat per
performance (its primary key). Standing places are counted: leased units are taken from the
outlet's quota with the same guarded ``UPDATE`` as a hold, so the units leased to all the
terminals of an outlet, plus those sold, never pass its quota.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from central.models import ID, Base

# What an outlet gets until an operator sets its own sizes (``pos central outlet lease``).
DEFAULT_SEATS = 30
DEFAULT_STANDING = 20
DEFAULT_IDLE_HOURS = 48
MAX_SEATS = 100_000
MAX_STANDING = 100_000
MAX_IDLE_HOURS = 24 * 30


class LeaseTerms(Base):
    """How much each terminal of an outlet may lease, per performance on sale now."""

    __tablename__ = "lease_terms"
    outlet_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    seats_per_performance: Mapped[int] = mapped_column(Integer)
    standing_per_area: Mapped[int] = mapped_column(Integer)
    idle_hours: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint(f"seats_per_performance BETWEEN 0 AND {MAX_SEATS}", name="seats"),
        CheckConstraint(f"standing_per_area BETWEEN 0 AND {MAX_STANDING}", name="standing"),
        CheckConstraint(f"idle_hours BETWEEN 1 AND {MAX_IDLE_HOURS}", name="idle"),
    )


class TerminalLease(Base):
    """A terminal that leases: when it last refilled (idle terminals give their lease back)."""

    __tablename__ = "terminal_leases"
    terminal_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(ID), index=True)
    refreshed_at: Mapped[datetime]


class SeatLease(Base):
    """One seat leased to one terminal: the primary key makes a second lease impossible."""

    __tablename__ = "seat_leases"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    seat_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(ID))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    leased_at: Mapped[datetime]
    __table_args__ = (Index("ix_seat_leases_terminal", "terminal_id", "performance_id"),)


class StandingLease(Base):
    """Standing units of one area leased to one terminal. ``granted`` counts every unit ever
    leased to it (less those taken back), ``remaining`` those not yet sold: the terminal may
    sell offline ``granted`` minus what it sold offline, whatever it uploaded already."""

    __tablename__ = "standing_leases"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    granted: Mapped[int] = mapped_column(BigInteger, default=0)
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (
        CheckConstraint("remaining >= 0", name="remaining"),
        CheckConstraint("granted >= remaining", name="granted"),
    )

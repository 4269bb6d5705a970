"""Tables of central's guards against what a terminal might try (issue 16): the hold policy
of each outlet, each terminal's contact history (to judge times by central's clock), and
the counted misses and alerts of pickup look-ups. Kept apart from ``central.models``,
which imports this module at its end so that one metadata holds every table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from central.model_base import ID, UUID_LEN, Base

# Defaults for a box office: a clerk holds what one customer is choosing (a hold takes at
# most 100 seats), an outlet a handful of counters' worth, and a customer may ask for more
# time a few times, not for an hour.
DEFAULT_TERMINAL_SEATS = 100
DEFAULT_TERMINAL_STANDING = 100
DEFAULT_OUTLET_SEATS = 400
DEFAULT_OUTLET_STANDING = 400
DEFAULT_EXTENSIONS = 10


class HoldPolicy(Base):
    """Caps on what an outlet's terminals may hold at once; an outlet without a row gets
    the defaults above."""

    __tablename__ = "hold_policies"
    outlet_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    terminal_seats: Mapped[int] = mapped_column(Integer, default=DEFAULT_TERMINAL_SEATS)
    terminal_standing: Mapped[int] = mapped_column(Integer, default=DEFAULT_TERMINAL_STANDING)
    outlet_seats: Mapped[int] = mapped_column(Integer, default=DEFAULT_OUTLET_SEATS)
    outlet_standing: Mapped[int] = mapped_column(Integer, default=DEFAULT_OUTLET_STANDING)
    extensions: Mapped[int] = mapped_column(Integer, default=DEFAULT_EXTENSIONS)
    updated_at: Mapped[datetime]


class TerminalContact(Base):
    """When central last heard from a terminal, and since when without a break: a terminal
    in contact when it says it voided would have sent the void then."""

    __tablename__ = "terminal_contacts"
    terminal_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    last_seen: Mapped[datetime]
    online_since: Mapped[datetime]  # first contact after the last break
    seen_before: Mapped[datetime | None]  # last contact before that break


class PickupMiss(Base):
    """A pickup look-up that matched nothing (unknown code or number, wrong phone digits)."""

    __tablename__ = "pickup_misses"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(String(ID))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    order_id: Mapped[str | None] = mapped_column(String(UUID_LEN))  # set for wrong phone digits
    kind: Mapped[str] = mapped_column(String(16))  # code | number | phone
    at: Mapped[datetime]
    __table_args__ = (
        Index("ix_pickup_misses_terminal_at", "terminal_id", "at"),
        Index("ix_pickup_misses_order_at", "order_id", "at"),
    )


class PickupAlert(Base):
    """A lockout central imposed on pickup look-ups, kept for an administrator."""

    __tablename__ = "pickup_alerts"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(24))  # order_locked | terminal_locked
    terminal_id: Mapped[str] = mapped_column(String(ID))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    order_id: Mapped[str | None] = mapped_column(String(UUID_LEN))
    until: Mapped[datetime]
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    __table_args__ = (Index("ix_pickup_alerts_at", "at"),)

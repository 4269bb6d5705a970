"""SQLAlchemy models of the terminal's local store, by domain (one module each).

These never leave the ``pos.store`` and service modules: services return frozen
dataclasses. Schema changes go through Alembic migrations in ``migrations/``. Importing this
package registers every table on :data:`Base.metadata` (what the migrations compare with).
"""

from __future__ import annotations

from pos.store.models.base import Base
from pos.store.models.cash import CashMovement, CloseoutRow, Shift
from pos.store.models.catalog import (
    ChannelRule,
    Concession,
    Coupon,
    Event,
    Gate,
    Outlet,
    Performance,
    PerformanceSeat,
    PerformanceStanding,
    PriceZone,
    Promotion,
    Seat,
    SeatStatus,
    Section,
    StandingAllocation,
    StandingStatus,
    Venue,
    ZonePrice,
)
from pos.store.models.door import DoorKeyVenue, Scan
from pos.store.models.invoices import InvoicedRefund
from pos.store.models.lease import LeaseSeat, LeaseStanding
from pos.store.models.ledger import JournalAnchor, JournalEntry, OutboxMessage
from pos.store.models.members import Member, MemberTier
from pos.store.models.sales import (
    Order,
    Payment,
    PickupOrder,
    PrintJob,
    Revocation,
    Ticket,
)
from pos.store.models.terminal import KnownKey, OverrideGrant, Setting, Staff, Terminal

__all__ = [
    "Base",
    "CashMovement",
    "ChannelRule",
    "CloseoutRow",
    "Concession",
    "Coupon",
    "DoorKeyVenue",
    "Event",
    "Gate",
    "InvoicedRefund",
    "JournalAnchor",
    "JournalEntry",
    "KnownKey",
    "LeaseSeat",
    "LeaseStanding",
    "Member",
    "MemberTier",
    "Order",
    "OutboxMessage",
    "Outlet",
    "OverrideGrant",
    "Payment",
    "Performance",
    "PerformanceSeat",
    "PerformanceStanding",
    "PickupOrder",
    "PriceZone",
    "PrintJob",
    "Promotion",
    "Revocation",
    "Scan",
    "Seat",
    "SeatStatus",
    "Section",
    "Setting",
    "Shift",
    "Staff",
    "StandingAllocation",
    "StandingStatus",
    "Terminal",
    "Ticket",
    "Venue",
    "ZonePrice",
]

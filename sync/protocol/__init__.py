"""Wire schemas shared by the terminal (sync/) and the central server (central/).

Pydantic models only: no I/O here. Versioned by the ``format`` field of each document.
"""

from __future__ import annotations

from sync.protocol.catalog import (
    CATALOG_FORMAT,
    Allocation,
    BlockedSeat,
    CatalogFeed,
    ChannelRule,
    Concession,
    Coupon,
    Event,
    Fees,
    Outlet,
    Performance,
    PriceZone,
    Promotion,
    ZoneAssignment,
    load_catalog_file,
)
from sync.protocol.venues import Gate, LocalText, Row, Seat, Section, Venue

__all__ = [
    "CATALOG_FORMAT",
    "Allocation",
    "BlockedSeat",
    "CatalogFeed",
    "ChannelRule",
    "Concession",
    "Coupon",
    "Event",
    "Fees",
    "Gate",
    "LocalText",
    "Outlet",
    "Performance",
    "PriceZone",
    "Promotion",
    "Row",
    "Seat",
    "Section",
    "Venue",
    "ZoneAssignment",
    "load_catalog_file",
]

# Outlet API documents (central/ and the terminal's sync client share them).
from sync.protocol.closeouts import CloseoutReply, CloseoutUpload, Settlement, Totals
from sync.protocol.common import REASONS, ErrorReply
from sync.protocol.enrolment import EnrolReply, EnrolRequest, WhoAmI, key_id_of
from sync.protocol.feeds import (
    AllocationItem,
    AllocationsPage,
    CatalogItem,
    CatalogPage,
    KeyItem,
    KeysPage,
    RevocationItem,
    RevocationsPage,
    SeatsPage,
    SeatState,
    StandingState,
)
from sync.protocol.holds import HoldExtend, HoldReply, HoldRequest
from sync.protocol.online import (
    Collection,
    OnlineOrderReply,
    OnlineOrderRequest,
    PickupReply,
    PickupRequest,
)
from sync.protocol.orders import (
    ExchangeReply,
    ExchangeUpload,
    IssuedTicket,
    OrderReply,
    OrderUpload,
    Payment,
    RefundReply,
    RefundUpload,
    TicketLine,
)
from sync.protocol.scans import Admission, ScanBatch, ScanBatchReply, ScanIn, ScanResult

__all__ += [
    "REASONS",
    "Admission",
    "AllocationItem",
    "AllocationsPage",
    "CatalogItem",
    "CatalogPage",
    "CloseoutReply",
    "CloseoutUpload",
    "Collection",
    "EnrolReply",
    "EnrolRequest",
    "ErrorReply",
    "ExchangeReply",
    "ExchangeUpload",
    "HoldExtend",
    "HoldReply",
    "HoldRequest",
    "IssuedTicket",
    "KeyItem",
    "KeysPage",
    "OnlineOrderReply",
    "OnlineOrderRequest",
    "OrderReply",
    "OrderUpload",
    "Payment",
    "PickupReply",
    "PickupRequest",
    "RefundReply",
    "RefundUpload",
    "RevocationItem",
    "RevocationsPage",
    "ScanBatch",
    "ScanBatchReply",
    "ScanIn",
    "ScanResult",
    "SeatState",
    "SeatsPage",
    "Settlement",
    "StandingState",
    "TicketLine",
    "Totals",
    "WhoAmI",
    "key_id_of",
]

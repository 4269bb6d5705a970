"""Change feeds: each entry carries a per-feed sequence number; a terminal keeps the
``next_cursor`` of its last page and asks again with it until ``more`` is false."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from sync.protocol.common import Id, KeyId, Reply

FeedName = Literal["catalog", "seats", "allocations", "revocations", "keys"]
CatalogKind = Literal["meta", "outlet", "concession", "venue", "event", "promotion", "coupon"]


class _Page(Reply):
    next_cursor: int = Field(ge=0)
    more: bool
    server_time: datetime


class CatalogItem(Reply):
    """One catalog document; ``data`` is the matching ``sync.protocol.catalog`` model as JSON
    (``meta`` holds ``{"currency", "generated_at"}``), or null when ``deleted``. Events carry only
    the performances, allocations and channel rules visible to the asking outlet."""

    seq: int
    kind: CatalogKind
    id: str
    deleted: bool = False
    data: dict[str, Any] | None = None


class CatalogPage(_Page):
    feed: Literal["catalog"] = "catalog"
    items: list[CatalogItem]


class SeatState(Reply):
    seq: int
    seat_id: Id
    status: Literal["free", "held", "sold", "blocked"]
    allocation: Literal["own", "other"] | None = None  # allocated to this outlet or another
    held_by_me: bool = False  # held by a hold of the asking terminal


class StandingState(Reply):
    seq: int
    area_id: Id
    capacity: int
    available: int  # left in the general (unallocated) pool
    own_quota: int = 0  # allocated to the asking outlet
    own_available: int = 0  # of which not yet held or sold


class SeatsPage(_Page):
    feed: Literal["seats"] = "seats"
    performance_id: Id
    seats: list[SeatState]
    standing: list[StandingState]


class AllocationItem(Reply):
    seq: int
    performance_id: Id
    seat_ids: list[Id]
    standing: dict[Id, int]


class AllocationsPage(_Page):
    feed: Literal["allocations"] = "allocations"
    items: list[AllocationItem]


class RevocationItem(Reply):
    seq: int
    ticket_id: Id
    code: str | None = None
    performance_id: Id
    # refused: an order central refused (conflict, cap, credit, bad code): its codes never enter
    reason: Literal["refund", "exchange", "reprint", "void", "cancelled", "refused"]
    revoked_at: datetime


class RevocationsPage(_Page):
    feed: Literal["revocations"] = "revocations"
    items: list[RevocationItem]


class KeyItem(Reply):
    seq: int
    key_id: KeyId
    public_key: str  # raw 32-byte Ed25519 public key, base64
    owner: Literal["terminal", "central"]
    outlet_id: Id | None = None
    terminal_id: Id | None = None
    valid_from: datetime
    revoked_at: datetime | None = None  # tickets signed after this instant are not valid
    # A terminal key's role: "door" when central bound the terminal as a door of venues
    # (``venue_ids``): only such doors share scans with each other on a venue's LAN.
    role: Literal["counter", "door"] | None = None  # None: central's own key
    venue_ids: list[Id] = Field(default_factory=list, max_length=100)


class KeysPage(_Page):
    feed: Literal["keys"] = "keys"
    items: list[KeyItem]

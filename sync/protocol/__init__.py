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
    Gate,
    LocalText,
    Outlet,
    Performance,
    PriceZone,
    Promotion,
    Row,
    Seat,
    Section,
    Venue,
    ZoneAssignment,
    load_catalog_file,
)

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

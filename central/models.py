"""SQLAlchemy models of central. Money is integer fen; times are aware UTC.

The seat inventory (``seats``) is one row per seat per performance: that row is what
concurrent holds and sales lock. A partial unique index on valid tickets per seat is the
last line of defence against a double sale.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from central.model_base import ID, UUID_LEN, Base

# The base, the naming convention and column sizes live in ``model_base`` (shared with
# ``guard_models``, whose tables this module pulls in at its end).


class Outlet(Base):
    __tablename__ = "outlets"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))  # own | partner
    commission_bps: Mapped[int] = mapped_column(Integer, default=0)
    credit_limit: Mapped[int] = mapped_column(BigInteger, default=0)  # 0: no limit
    credit_used: Mapped[int] = mapped_column(BigInteger, default=0)
    # {"categories": [...], "event_ids": [...]}: empty lists mean everything
    channel_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What a terminal of this outlet may sell while it cannot reach central (fen, hours).
    offline_max_sale: Mapped[int] = mapped_column(BigInteger, default=200_000, server_default="200000")
    offline_max_total: Mapped[int] = mapped_column(BigInteger, default=2_000_000, server_default="2000000")
    offline_max_hours: Mapped[int] = mapped_column(Integer, default=24, server_default="24")
    created_at: Mapped[datetime]
    # A city partner's terms (issue 24, migration 0016): {"event": {id: bps}, "category": {..}}
    # over the default commission_bps, and the contract's first and last days (inclusive).
    commission_rules: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    contract_start: Mapped[date | None]
    contract_end: Mapped[date | None]


class EnrolCode(Base):
    __tablename__ = "enrol_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    terminal_id: Mapped[str | None] = mapped_column(String(ID))


class Terminal(Base):
    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(ForeignKey("outlets.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    key_id: Mapped[str] = mapped_column(String(8), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class PlatformToken(Base):
    """Tokens of the platform's own systems (the web shop creating online orders)."""

    __tablename__ = "platform_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class SigningKey(Base):
    __tablename__ = "signing_keys"
    key_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(44))
    owner: Mapped[str] = mapped_column(String(8))  # terminal | central
    outlet_id: Mapped[str | None] = mapped_column(String(ID))
    terminal_id: Mapped[str | None] = mapped_column(String(ID))
    private_key: Mapped[str | None] = mapped_column(String(64))  # central's own key only
    valid_from: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    seq: Mapped[int] = mapped_column(BigInteger, index=True)


class FeedCounter(Base):
    """Per-feed sequence. Bumped as the last step of a writing transaction: the row lock
    orders commits, so a reader never sees seq N+1 committed before N."""

    __tablename__ = "feed_counters"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class CatalogItem(Base):
    __tablename__ = "catalog_items"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Performance(Base):
    __tablename__ = "performances"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(ID), index=True)
    venue_id: Mapped[str] = mapped_column(String(ID))
    category: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime]
    sales_open_at: Mapped[datetime]
    sales_close_at: Mapped[datetime]
    refund_cutoff_hours: Mapped[int] = mapped_column(Integer)
    max_tickets_per_order: Mapped[int] = mapped_column(Integer)
    entry_rule: Mapped[str] = mapped_column(String(8))
    fee_per_ticket: Mapped[int] = mapped_column(BigInteger, default=0)
    fee_per_order: Mapped[int] = mapped_column(BigInteger, default=0)
    # {"zones": {zone: {concession: fen}}, "channel_rules": [ChannelRule...]}
    pricing: Mapped[dict[str, Any]] = mapped_column(JSON)


class SeatInventory(Base):
    __tablename__ = "seats"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    seat_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    section_id: Mapped[str] = mapped_column(String(ID))
    zone_id: Mapped[str | None] = mapped_column(String(ID))
    status: Mapped[str] = mapped_column(String(8))  # free | held | sold | blocked
    hold_id: Mapped[str | None] = mapped_column(String(UUID_LEN), index=True)
    ticket_id: Mapped[str | None] = mapped_column(String(ID))
    allocated_outlet: Mapped[str | None] = mapped_column(String(ID))
    seq: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_seats_perf_seq", "performance_id", "seq"),)


class StandingArea(Base):
    """A standing area's general pool: capacity minus every outlet's quota. Since central
    0015 what the pool has held plus sold is counted by its sub-counters
    (``central.slot_models.StandingSlot``); ``pool_used`` is what it was before, no longer kept."""

    __tablename__ = "standing_areas"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    zone_id: Mapped[str | None] = mapped_column(String(ID))
    capacity: Mapped[int] = mapped_column(Integer)
    pool_capacity: Mapped[int] = mapped_column(Integer)
    pool_used: Mapped[int] = mapped_column(Integer, default=0)
    seq: Mapped[int] = mapped_column(BigInteger)


class StandingQuota(Base):
    __tablename__ = "standing_quotas"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    quota: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)


class AllocationRow(Base):
    __tablename__ = "allocations"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    seat_ids: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"seats": [...], "standing": {...}}
    seq: Mapped[int] = mapped_column(BigInteger, index=True)


class Hold(Base):
    __tablename__ = "holds"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    terminal_id: Mapped[str | None] = mapped_column(String(ID))
    outlet_id: Mapped[str | None] = mapped_column(String(ID))
    performance_id: Mapped[str] = mapped_column(String(ID))
    seat_ids: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"seats": [...]}
    area_id: Mapped[str | None] = mapped_column(String(ID))
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    from_quota: Mapped[int] = mapped_column(Integer, default=0)
    from_pool: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10))  # active | released | expired | consumed
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]
    digest: Mapped[str] = mapped_column(String(64))
    # Hold policy (migration 0011): places held (seats or standing), extensions granted.
    places: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extensions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __table_args__ = (
        Index("ix_holds_sweep", "status", "expires_at"),
        Index("ix_holds_terminal_status", "terminal_id", "status"),
        Index("ix_holds_outlet_status", "outlet_id", "status"),
    )


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # outlet | online
    outlet_id: Mapped[str | None] = mapped_column(String(ID), index=True)
    terminal_id: Mapped[str | None] = mapped_column(String(ID))
    digest: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any]] = mapped_column(JSON)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    sold_at: Mapped[datetime]
    accepted_at: Mapped[datetime]
    total: Mapped[int] = mapped_column(BigInteger)
    fees: Mapped[int] = mapped_column(BigInteger, default=0)
    commission: Mapped[int] = mapped_column(BigInteger, default=0)
    tickets: Mapped[int] = mapped_column(Integer, default=0)
    pickup_code: Mapped[str | None] = mapped_column(String(8), unique=True)
    collected_at: Mapped[datetime | None]
    collected_outlet: Mapped[str | None] = mapped_column(String(ID))
    collected_terminal: Mapped[str | None] = mapped_column(String(ID))
    pickup_id: Mapped[str | None] = mapped_column(String(UUID_LEN), unique=True)
    # --- after-sales and pickup (migration 0004): online orders only
    number: Mapped[str | None] = mapped_column(String(10))
    pickup_outlet: Mapped[str | None] = mapped_column(String(ID))
    member_number: Mapped[str | None] = mapped_column(String(20), index=True)  # issue 22 (0017)
    __table_args__ = (
        Index("ix_orders_outlet_sold", "outlet_id", "sold_at"),
        Index("uq_orders_number", "number", unique=True),
        Index("ix_orders_pickup_outlet", "pickup_outlet"),
    )


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    performance_id: Mapped[str] = mapped_column(String(ID))
    seat_id: Mapped[str | None] = mapped_column(String(ID))
    area_id: Mapped[str | None] = mapped_column(String(ID))
    concession: Mapped[str] = mapped_column(String(ID))
    price: Mapped[int] = mapped_column(BigInteger)
    code: Mapped[str] = mapped_column(String(512), unique=True)
    key_id: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8))  # valid | revoked
    outlet_id: Mapped[str | None] = mapped_column(String(ID))
    source: Mapped[str] = mapped_column(String(8))  # seat | quota | pool
    revoked_at: Mapped[datetime | None]
    __table_args__ = (
        # No seat has two valid tickets, whatever the services do.
        Index(
            "uq_tickets_valid_seat",
            "performance_id",
            "seat_id",
            unique=True,
            sqlite_where=text("status = 'valid' AND seat_id IS NOT NULL"),
            postgresql_where=text("status = 'valid' AND seat_id IS NOT NULL"),
        ),
    )


class Refund(Base):
    __tablename__ = "refunds"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # refund | exchange
    order_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    amount: Mapped[int] = mapped_column(BigInteger)
    tickets: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any]] = mapped_column(JSON)
    refunded_at: Mapped[datetime]
    accepted_at: Mapped[datetime]
    # What it gave back of the outlet's commission, and the fees a void gave back (0016).
    commission: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    fees: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    __table_args__ = (Index("ix_refunds_outlet_at", "outlet_id", "refunded_at"),)


class Exchange(Base):
    __tablename__ = "exchanges"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(ID))
    digest: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any]] = mapped_column(JSON)
    accepted_at: Mapped[datetime]


class Reprint(Base):
    """A ticket replaced by a new code at a terminal (supervisor-approved): idempotent by id."""

    __tablename__ = "reprints"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    order_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    terminal_id: Mapped[str] = mapped_column(String(ID))
    old_ticket_id: Mapped[str] = mapped_column(String(ID))
    new_ticket_id: Mapped[str] = mapped_column(String(ID))
    digest: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any]] = mapped_column(JSON)
    reprinted_at: Mapped[datetime]
    accepted_at: Mapped[datetime]


class Revocation(Base):
    __tablename__ = "revocations"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    ticket_id: Mapped[str] = mapped_column(String(ID), index=True)
    code: Mapped[str | None] = mapped_column(String(512))
    performance_id: Mapped[str] = mapped_column(String(ID))
    reason: Mapped[str] = mapped_column(String(12))
    revoked_at: Mapped[datetime]


class Scan(Base):
    __tablename__ = "scans"
    nonce: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(String(ID), index=True)
    performance_id: Mapped[str] = mapped_column(String(ID))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    gate_id: Mapped[str | None] = mapped_column(String(ID))
    scanned_at: Mapped[datetime]
    verdict: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(24))  # 24 since 0009: "key_not_valid_then"
    digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime]
    # --- door work (issue 8, migration 0005): exit scans; the scans feed's order (accepted only)
    direction: Mapped[str] = mapped_column(String(3), default="in", server_default="in")
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    __table_args__ = (Index("ix_scans_feed", "performance_id", "seq"), Index("ix_scans_status", "status"))


class Admission(Base):
    """The first admission of each single-entry ticket (earliest ``scanned_at`` wins)."""

    __tablename__ = "admissions"
    ticket_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(UUID_LEN))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    gate_id: Mapped[str | None] = mapped_column(String(ID))
    scanned_at: Mapped[datetime]


class Closeout(Base):
    __tablename__ = "closeouts"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(ID))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    business_date: Mapped[date]
    digest: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any]] = mapped_column(JSON)
    accepted_at: Mapped[datetime]


class Coupon(Base):
    __tablename__ = "coupons"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    promotion_id: Mapped[str] = mapped_column(String(ID))
    max_uses: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)


# The guards' tables are in the same metadata wherever these models are imported.
from central import guard_models as _guard_models  # noqa: E402,F401

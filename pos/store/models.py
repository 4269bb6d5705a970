"""SQLAlchemy models of the terminal's local store.

These never leave the ``pos.store`` and service modules: services return frozen
dataclasses. Schema changes go through Alembic migrations in ``migrations/``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pos.store.types import UtcDateTime


class Base(DeclarativeBase):
    pass


# --- terminal identity --------------------------------------------------------------


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


# --- catalog cache --------------------------------------------------------------------


class Outlet(Base):
    __tablename__ = "outlet"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    commission_bps: Mapped[int] = mapped_column(Integer, default=0)
    credit_limit: Mapped[int] = mapped_column(Integer, default=0)


class Concession(Base):
    __tablename__ = "concession"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    rule_zh: Mapped[str] = mapped_column(String(200), default="")
    rule_en: Mapped[str] = mapped_column(String(200), default="")
    requires_member: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_id_check: Mapped[bool] = mapped_column(Boolean, default=False)


class Venue(Base):
    __tablename__ = "venue"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    city_zh: Mapped[str] = mapped_column(String(200))
    city_en: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400), default="")


class Gate(Base):
    __tablename__ = "gate"
    venue_id: Mapped[str] = mapped_column(ForeignKey("venue.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class Section(Base):
    __tablename__ = "section"
    venue_id: Mapped[str] = mapped_column(ForeignKey("venue.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    gate_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    stand: Mapped[str | None] = mapped_column(String(60), nullable=True)
    tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outline: Mapped[str] = mapped_column(Text, default="[]")  # JSON polygon


class Seat(Base):
    __tablename__ = "seat"
    venue_id: Mapped[str] = mapped_column(ForeignKey("venue.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    section_id: Mapped[str] = mapped_column(String(40))
    row_label: Mapped[str] = mapped_column(String(8))
    number: Mapped[str] = mapped_column(String(8))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)


class Event(Base):
    __tablename__ = "event"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(16))
    venue_id: Mapped[str] = mapped_column(ForeignKey("venue.id"))
    real_name_required: Mapped[bool] = mapped_column(Boolean, default=False)
    max_tickets_per_order: Mapped[int] = mapped_column(Integer)
    entry_rule: Mapped[str] = mapped_column(String(16))
    refund_cutoff_hours: Mapped[int] = mapped_column(Integer)
    fee_per_ticket: Mapped[int] = mapped_column(Integer, default=0)
    fee_per_order: Mapped[int] = mapped_column(Integer, default=0)
    terms_zh: Mapped[str] = mapped_column(Text, default="")
    terms_en: Mapped[str] = mapped_column(Text, default="")


class Performance(Base):
    __tablename__ = "performance"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("event.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    doors_open_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sales_open_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sales_close_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))


class PriceZone(Base):
    __tablename__ = "price_zone"
    performance_id: Mapped[str] = mapped_column(ForeignKey("performance.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    color: Mapped[str] = mapped_column(String(7))


class ZonePrice(Base):
    __tablename__ = "zone_price"
    performance_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    zone_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    concession: Mapped[str] = mapped_column(ForeignKey("concession.code"), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        ForeignKeyConstraint(["performance_id", "zone_id"], ["price_zone.performance_id", "price_zone.id"]),
    )


class PerformanceSeat(Base):
    """A seat as it stands for one performance: its zone, block, and offline allocation."""

    __tablename__ = "performance_seat"
    performance_id: Mapped[str] = mapped_column(ForeignKey("performance.id"), primary_key=True)
    seat_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    zone_id: Mapped[str] = mapped_column(String(40))
    blocked_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    allocated_outlet_id: Mapped[str | None] = mapped_column(String(40), nullable=True)


class PerformanceStanding(Base):
    __tablename__ = "performance_standing"
    performance_id: Mapped[str] = mapped_column(ForeignKey("performance.id"), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    zone_id: Mapped[str] = mapped_column(String(40))
    capacity: Mapped[int] = mapped_column(Integer)


class StandingAllocation(Base):
    __tablename__ = "standing_allocation"
    performance_id: Mapped[str] = mapped_column(ForeignKey("performance.id"), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    outlet_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


class ChannelRule(Base):
    __tablename__ = "channel_rule"
    performance_id: Mapped[str] = mapped_column(ForeignKey("performance.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_kind: Mapped[str | None] = mapped_column(String(8), nullable=True)
    outlet_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    allowed: Mapped[bool] = mapped_column(Boolean)
    prices: Mapped[str] = mapped_column(Text, default="{}")  # JSON {zone: {concession: fen}}


class Promotion(Base):
    __tablename__ = "promotion"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[int] = mapped_column(Integer)
    event_ids: Mapped[str] = mapped_column(Text, default="[]")
    concessions: Mapped[str] = mapped_column(Text, default="[]")
    valid_from: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    valid_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    requires_coupon: Mapped[bool] = mapped_column(Boolean, default=False)
    members_only: Mapped[bool] = mapped_column(Boolean, default=False)


class Coupon(Base):
    __tablename__ = "coupon"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    promotion_id: Mapped[str] = mapped_column(ForeignKey("promotion.id"))
    max_uses: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (CheckConstraint("used >= 0 AND used <= max_uses", name="coupon_uses"),)


# --- staff ----------------------------------------------------------------------------


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


# --- sales ----------------------------------------------------------------------------


class Order(Base):
    __tablename__ = "sale_order"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID made here: idempotency key
    number: Mapped[str] = mapped_column(String(24), unique=True)
    __table_args__ = (
        # A hold is consumed by one sale (migration 0004).
        Index("uq_sale_order_hold", "hold_id", unique=True, sqlite_where=text("hold_id IS NOT NULL")),
    )
    terminal_id: Mapped[str] = mapped_column(String(16))
    outlet_id: Mapped[str] = mapped_column(String(40))
    performance_id: Mapped[str] = mapped_column(ForeignKey("performance.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    approver_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    mode: Mapped[str] = mapped_column(String(8))  # offline (allocation) | online (hold)
    hold_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(12))  # paid | refunded | part_refunded | voided
    currency: Mapped[str] = mapped_column(String(3))
    subtotal: Mapped[int] = mapped_column(Integer)
    discount_total: Mapped[int] = mapped_column(Integer)
    fee_total: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    change_given: Mapped[int] = mapped_column(Integer)
    ticket_count: Mapped[int] = mapped_column(Integer)
    coupon_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    member_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    journal_seq: Mapped[int] = mapped_column(Integer)
    shift_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)  # 0006


class Ticket(Base):
    """One line of an order: one ticket for a seat or a standing place."""

    __tablename__ = "ticket"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # printed ticket id
    order_id: Mapped[str] = mapped_column(ForeignKey("sale_order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    performance_id: Mapped[str] = mapped_column(String(40))
    seat_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    area_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    zone_id: Mapped[str] = mapped_column(String(40))
    gate_id: Mapped[str] = mapped_column(String(40))
    concession: Mapped[str] = mapped_column(String(40))
    list_price: Mapped[int] = mapped_column(Integer)
    discount: Mapped[int] = mapped_column(Integer)
    promotion_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    fee: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    holder_name: Mapped[str] = mapped_column(String(100), default="")
    holder_id_type: Mapped[str] = mapped_column(String(16), default="")
    holder_id_number: Mapped[str] = mapped_column(String(40), default="")
    code: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))  # valid | revoked
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    __table_args__ = (
        # The database itself refuses a second valid ticket for a seat (invariant 1).
        Index(
            "uq_ticket_valid_seat",
            "performance_id",
            "seat_id",
            unique=True,
            sqlite_where=text("seat_id IS NOT NULL AND status = 'valid'"),
        ),
        Index("ix_ticket_standing", "performance_id", "area_id", "status"),
    )


class Payment(Base):
    __tablename__ = "payment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("sale_order.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # cash | card | mobile
    provider: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(Integer)  # applied to the order; negative for refunds
    tendered: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(64), default="")


class Revocation(Base):
    """Ticket ids no longer valid (refund, exchange, reprint), from here or central's feed."""

    __tablename__ = "revocation"
    ticket_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))
    revoked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    replaced_by: Mapped[str | None] = mapped_column(String(16), nullable=True)


# --- journal and outbox ----------------------------------------------------------------


class JournalEntry(Base):
    """Append-only, gap-free, SHA-256 chained. Triggers in the migration refuse changes."""

    __tablename__ = "journal"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    record: Mapped[str] = mapped_column(Text)  # canonical JSON of the entry
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxMessage(Base):
    """What must reach central, in order. Written in the same transaction as its cause."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)  # idempotency key at central
    kind: Mapped[str] = mapped_column(String(24))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | sent | attention
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class SeatStatus(Base):
    """A seat as central last reported it (seat feed): free, held, sold or blocked."""

    __tablename__ = "seat_status"
    performance_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seat_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(8))
    allocation: Mapped[str | None] = mapped_column(String(8), nullable=True)  # own | other
    held_by_me: Mapped[bool] = mapped_column(Boolean)
    seq: Mapped[int] = mapped_column(Integer)


class StandingStatus(Base):
    __tablename__ = "standing_status"
    performance_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)
    available: Mapped[int] = mapped_column(Integer)
    own_quota: Mapped[int] = mapped_column(Integer)
    own_available: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)


class OverrideGrant(Base):
    """A supervisor's approval, issued when the PIN was checked, spent by one action."""

    __tablename__ = "override_grant"
    grant_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    approver_id: Mapped[str] = mapped_column(String(16))
    permission: Mapped[str] = mapped_column(String(24))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    used_by: Mapped[str | None] = mapped_column(String(16), nullable=True)


class PrintJob(Base):
    """One print job: what was printed (document kind, order, tickets), when, and where.

    ``codes`` keeps the ticket codes the job prints, so a retry provably sends the same ones
    and a reprint provably new ones.
    """

    __tablename__ = "print_job"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # order | receipt | ticket | reprint | test | report
    order_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    ticket_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    codes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {ticket id: code}
    printer: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(8))  # text | raster
    staff_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(8))  # pending | printed | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    byte_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    printed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    __table_args__ = (CheckConstraint("status IN ('pending', 'printed', 'failed')", name="print_job_status"),)


# --- after-sales and pickup (migration 0008) ------------------------------------------


class PickupOrder(Base):
    """An online order to hand out here (取票): from central's pickup feed for this outlet,
    or from a look-up; with when and where it was collected, once known."""

    __tablename__ = "pickup_order"
    order_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_number: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    pickup_code: Mapped[str] = mapped_column(String(8), unique=True, index=True)
    performance_id: Mapped[str] = mapped_column(String(40))
    buyer_name: Mapped[str] = mapped_column(String(80))
    buyer_phone_last4: Mapped[str | None] = mapped_column(String(4), nullable=True)
    pickup_outlet_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    tickets: Mapped[str] = mapped_column(Text)  # JSON list of the issued tickets
    collected_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    collected_outlet: Mapped[str | None] = mapped_column(String(40), nullable=True)
    collected_terminal: Mapped[str | None] = mapped_column(String(40), nullable=True)
    pickup_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    collected_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime)


# --- shifts, cash drawer and close-outs (migration 0006) --------------------------------


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


# --- door (issue 8) ---------------------------------------------------------------------


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

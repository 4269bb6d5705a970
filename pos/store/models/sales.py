"""What was sold here and what became of it: orders, tickets, payments, revocations, print jobs, and the online orders handed out here (pickup)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


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
    # Issue 22 (0019): the member's tier at the sale, the points the receipt promised, and the
    # points central credited on upload (None until it answered).
    member_tier: Mapped[str | None] = mapped_column(String(40), nullable=True)
    points_expected: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    points_earned: Mapped[int | None] = mapped_column(Integer, nullable=True)


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
    holder_id_number: Mapped[str] = mapped_column(String(40), default="")  # empty since 0016
    # Issue 18: what the door and the receipt need, and a digest under a key outside the store.
    holder_id_masked: Mapped[str] = mapped_column(String(40), default="")
    holder_digest: Mapped[str] = mapped_column(String(64), default="")
    code: Mapped[str] = mapped_column(Text)
    key_id: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12))  # valid | revoked | voided
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Why a ticket is void when central refused its order, e.g. "refused_by_central: seat_taken" (0010)
    void_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
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
        Index("ix_ticket_holder_digest", "performance_id", "holder_digest"),
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
    # queued | sending | sent | confirmed | unconfirmed | failed (see pos.tickets.printjobs)
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    byte_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # its last byte left
    printed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # confirmed at
    confirmed_by: Mapped[str | None] = mapped_column(String(16), nullable=True)  # a clerk who saw it
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'confirmed', 'unconfirmed', 'failed')",
            name="print_job_status",
        ),
    )


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

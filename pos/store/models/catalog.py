"""The catalog cache: outlets, venues and their seats, events, performances, prices, promotions, and the seat and standing status central last reported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


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
    points_per_yuan: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 0019


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
    member_tiers: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # 0019


class Coupon(Base):
    __tablename__ = "coupon"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    promotion_id: Mapped[str] = mapped_column(ForeignKey("promotion.id"))
    max_uses: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (CheckConstraint("used >= 0 AND used <= max_uses", name="coupon_uses"),)


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

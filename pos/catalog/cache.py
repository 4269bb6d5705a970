"""The catalog cache read back: performances to sell, and free seats of this outlet.

Loading the feed is :mod:`pos.catalog.feed` (re-exported here, with the venue generation
key the seat map reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from pos.catalog.feed import Feed, ImportReport, import_catalog
from pos.catalog.venues import venue_generation_key
from pos.errors import NotFound
from pos.store.db import Store
from pos.store.models import Event, LeaseSeat, Performance, PerformanceSeat, Seat, Ticket
from pos.terminal import lease

__all__ = [
    "Feed",
    "ImportReport",
    "PerformanceSummary",
    "free_allocated_seats",
    "get_performance",
    "import_catalog",
    "list_performances",
    "venue_generation_key",
]


@dataclass(frozen=True, slots=True)
class PerformanceSummary:
    performance_id: str
    event_id: str
    event_name_zh: str
    event_name_en: str
    category: str
    venue_id: str
    starts_at: datetime
    status: str
    sales_open_at: datetime
    sales_close_at: datetime
    real_name_required: bool
    sold: int

    def name(self, language: str) -> str:
        return self.event_name_zh if language == "zh" else self.event_name_en


def list_performances(
    store: Store,
    *,
    on_or_after: date | None = None,
    category: str | None = None,
    search: str | None = None,
) -> tuple[PerformanceSummary, ...]:
    """Performances in start order (today's first when ``on_or_after`` is today)."""
    with store.read() as session:
        sold = (
            select(Ticket.performance_id, func.count().label("n"))
            .where(Ticket.status == "valid")
            .group_by(Ticket.performance_id)
            .subquery()
        )
        stmt = (
            select(Performance, Event, func.coalesce(sold.c.n, 0))
            .join(Event, Event.id == Performance.event_id)
            .outerjoin(sold, sold.c.performance_id == Performance.id)
            .order_by(Performance.starts_at, Performance.id)
        )
        if on_or_after is not None:
            start = datetime(on_or_after.year, on_or_after.month, on_or_after.day, tzinfo=UTC)
            stmt = stmt.where(Performance.ends_at >= start)
        if category:
            stmt = stmt.where(Event.category == category)
        if search:
            like = f"%{search}%"
            stmt = stmt.where(Event.name_zh.like(like) | Event.name_en.like(like) | Event.id.like(like))
        return tuple(
            PerformanceSummary(
                performance_id=p.id,
                event_id=e.id,
                event_name_zh=e.name_zh,
                event_name_en=e.name_en,
                category=e.category,
                venue_id=e.venue_id,
                starts_at=p.starts_at,
                status=p.status,
                sales_open_at=p.sales_open_at,
                sales_close_at=p.sales_close_at,
                real_name_required=e.real_name_required,
                sold=int(n),
            )
            for p, e, n in session.execute(stmt)
        )


def get_performance(store: Store, performance_id: str) -> PerformanceSummary:
    for p in list_performances(store):
        if p.performance_id == performance_id:
            return p
    raise NotFound(f"no performance {performance_id!r} in the catalog", performance=performance_id)


def free_allocated_seats(
    store: Store, *, performance_id: str, outlet_id: str, limit: int = 10
) -> tuple[str, ...]:
    """Seats of this outlet's allocation that are neither blocked nor sold, side by side
    in section, row and drawing order (so the first N are neighbours where possible). An
    enrolled terminal gets only those it leased: what it may sell offline."""
    with store.read() as session:
        sold = select(Ticket.seat_id).where(
            Ticket.performance_id == performance_id, Ticket.status == "valid", Ticket.seat_id.is_not(None)
        )
        query = select(PerformanceSeat.seat_id)
        if lease.leasing(session):
            query = query.join(
                LeaseSeat,
                (LeaseSeat.performance_id == PerformanceSeat.performance_id)
                & (LeaseSeat.seat_id == PerformanceSeat.seat_id),
            )
        rows = session.scalars(
            query
            .join(Performance, Performance.id == PerformanceSeat.performance_id)
            .join(Event, Event.id == Performance.event_id)
            .join(Seat, (Seat.venue_id == Event.venue_id) & (Seat.id == PerformanceSeat.seat_id))
            .where(
                PerformanceSeat.performance_id == performance_id,
                PerformanceSeat.allocated_outlet_id == outlet_id,
                PerformanceSeat.blocked_reason.is_(None),
                PerformanceSeat.seat_id.not_in(sold),
            )
            .order_by(Seat.section_id, Seat.row_label, Seat.x)
            .limit(limit)
        )
        return tuple(rows)

"""What there is to sell: the performance list, a performance's seat map, its standing
areas and concessions (reads of the local catalog)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pos.catalog import cache, seatmap
from pos.catalog.cache import PerformanceSummary
from ui.context import AppContext
from ui.ops.op import Op, read


@dataclass(frozen=True, slots=True)
class PerformanceDetail:
    performance_id: str
    areas: tuple[seatmap.StandingArea, ...]
    concessions: tuple[seatmap.ConcessionOption, ...]


@dataclass(frozen=True, slots=True)
class PerformanceList:
    performances: tuple[PerformanceSummary, ...]
    left: dict[str, int]  # performance id -> what this outlet may still sell


def performances(
    ctx: AppContext, *, search: str = "", category: str = "", on_or_after: date | None = None
) -> Op[PerformanceList]:
    store, outlet = ctx.store, ctx.outlet_id
    day = on_or_after or ctx.clock().astimezone(ctx.info.zone).date()

    def run() -> PerformanceList:
        perfs = cache.list_performances(
            store, on_or_after=day, category=category or None, search=search.strip() or None
        )
        return PerformanceList(perfs, seatmap.left_for_outlet(store, outlet_id=outlet))

    return read("performances", run)


def upcoming(ctx: AppContext) -> Op[tuple[PerformanceSummary, ...]]:
    """Every performance from today on (an exchange's targets)."""
    store, day = ctx.store, ctx.clock().astimezone(ctx.info.zone).date()
    return read("upcoming performances", lambda: cache.list_performances(store, on_or_after=day))


def seat_map(ctx: AppContext, performance_id: str) -> Op[seatmap.SeatMap]:
    store, outlet = ctx.store, ctx.outlet_id
    return read(
        "seat_map", lambda: seatmap.load_seat_map(store, performance_id=performance_id, outlet_id=outlet)
    )


def _detail(ctx: AppContext, performance_id: str) -> PerformanceDetail:
    store, outlet = ctx.store, ctx.outlet_id
    return PerformanceDetail(
        performance_id,
        seatmap.standing_areas(store, performance_id=performance_id, outlet_id=outlet),
        seatmap.concessions_for(store, performance_id=performance_id),
    )


def detail(ctx: AppContext, performance_id: str) -> Op[PerformanceDetail]:
    """Standing areas (with what is left for us) and the priced concessions."""
    return read("detail", lambda: _detail(ctx, performance_id))


def seat_map_and_detail(
    ctx: AppContext, performance_id: str
) -> Op[tuple[seatmap.SeatMap, PerformanceDetail]]:
    """Both at once (the exchange panel's target)."""
    store, outlet = ctx.store, ctx.outlet_id

    def run() -> tuple[seatmap.SeatMap, PerformanceDetail]:
        return (
            seatmap.load_seat_map(store, performance_id=performance_id, outlet_id=outlet),
            _detail(ctx, performance_id),
        )

    return read("exchange_detail", run)

"""Change feeds: rows with ``seq > cursor`` in sequence order, one page at a time."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError
from central.models import (
    AllocationRow,
    CatalogItem,
    Hold,
    Outlet,
    Performance,
    Revocation,
    SeatInventory,
    SigningKey,
    StandingArea,
    StandingQuota,
)
from central.services import standing
from central.services.catalog import filter_event
from central.services.common import load_performances, visible
from central.services.doors import door_venues
from central.services.holds import sweep_performance
from central.slot_models import StandingSlot
from sync.protocol.catalog import CatalogFeed
from sync.protocol.feeds import (
    AllocationItem,
    AllocationsPage,
    CatalogPage,
    KeyItem,
    KeysPage,
    RevocationItem,
    RevocationsPage,
    SeatsPage,
    SeatState,
    StandingState,
)
from sync.protocol.feeds import (
    CatalogItem as CatalogItemOut,
)


def _all_perfs(s: Session) -> dict[str, Performance]:
    return {p.id: p for p in s.scalars(select(Performance))}


def _shape_item(row: CatalogItem, perfs: dict[str, Performance], caller: Caller) -> CatalogItemOut:
    data: dict[str, Any] | None = row.data
    deleted = row.deleted
    if not deleted and row.kind == "event" and data is not None:
        data = filter_event(data, perfs, caller)
        deleted = data is None
    elif not deleted and row.kind == "outlet" and row.item_id != caller.outlet_id:
        data, deleted = None, True  # other outlets' terms are not this terminal's business
    return CatalogItemOut(seq=row.seq, kind=row.kind, id=row.item_id, deleted=deleted,  # type: ignore[arg-type]
                          data=None if deleted else data)


def catalog_page(ctx: Central, caller: Caller, cursor: int, limit: int) -> CatalogPage:
    def tx(s: Session) -> CatalogPage:
        rows = list(
            s.scalars(select(CatalogItem).where(CatalogItem.seq > cursor).order_by(CatalogItem.seq).limit(limit + 1))
        )
        more = len(rows) > limit
        rows = rows[:limit]
        perfs = _all_perfs(s) if any(r.kind == "event" for r in rows) else {}
        items = [_shape_item(r, perfs, caller) for r in rows]
        return CatalogPage(items=items, next_cursor=rows[-1].seq if rows else cursor, more=more,
                           server_time=ctx.now())

    return ctx.db.run(tx)


def catalog_snapshot(ctx: Central, caller: Caller) -> CatalogFeed:
    """The whole catalog as this outlet sees it, as one ``CatalogFeed`` document."""

    def tx(s: Session) -> CatalogFeed:
        perfs = _all_perfs(s)
        by_kind: dict[str, list[dict[str, Any]]] = {}
        meta: dict[str, Any] = {}
        for row in s.scalars(select(CatalogItem).where(CatalogItem.deleted.is_(False)).order_by(CatalogItem.seq)):
            item = _shape_item(row, perfs, caller)
            if item.deleted or item.data is None:
                continue
            if row.kind == "meta":
                meta = item.data
            else:
                by_kind.setdefault(row.kind, []).append(item.data)
        if not meta:
            raise ApiError(404, "not_found", "no catalog has been published yet")
        return CatalogFeed.model_validate(
            {
                "format": "outlet-pos.catalog/1",
                "currency": meta["currency"],
                "generated_at": meta["generated_at"],
                "outlets": by_kind.get("outlet", []),
                "concessions": by_kind.get("concession", []),
                "venues": by_kind.get("venue", []),
                "events": by_kind.get("event", []),
                "promotions": by_kind.get("promotion", []),
                "coupons": by_kind.get("coupon", []),
                "member_tiers": meta.get("member_tiers", []),
            }
        )

    return ctx.db.run(tx)


def seats_changed(ctx: Central, performance_id: str, cursor: int) -> bool:
    """Whether a seat or a standing area of the performance changed after ``cursor`` (a cheap
    probe for the long poll: one indexed max per table)."""

    def tx(s: Session) -> bool:
        newest = max(
            s.scalar(select(func.max(SeatInventory.seq)).where(SeatInventory.performance_id == performance_id))
            or 0,
            s.scalar(select(func.max(StandingArea.seq)).where(StandingArea.performance_id == performance_id))
            or 0,
            s.scalar(select(func.max(StandingSlot.seq)).where(StandingSlot.performance_id == performance_id))
            or 0,
        )
        return newest > cursor

    return ctx.db.run(tx)


def seats_page(ctx: Central, caller: Caller, performance_id: str, cursor: int, limit: int) -> SeatsPage:
    sweep_performance(ctx, performance_id)

    def tx(s: Session) -> SeatsPage:
        load_performances(s, {performance_id}, caller)
        seats = list(
            s.scalars(
                select(SeatInventory)
                .where(SeatInventory.performance_id == performance_id, SeatInventory.seq > cursor)
                .order_by(SeatInventory.seq)
                .limit(limit + 1)
            )
        )
        # An area's feed number is its row's (quota or catalog changes) or its newest pool
        # slot's (holds and sales, which leave the area's row alone), whichever is later.
        pools = standing.fold(s, performance_id)
        areas = sorted(
            (_AreaChange(a, max(a.seq, pools.get(a.area_id, (0, 0, 0))[2]), pools.get(a.area_id))
             for a in s.scalars(select(StandingArea).where(StandingArea.performance_id == performance_id))),
            key=lambda r: r.seq,
        )
        areas = [a for a in areas if a.seq > cursor][:limit + 1]
        merged: list[SeatInventory | _AreaChange] = sorted([*seats, *areas], key=lambda r: r.seq)
        more = len(merged) > limit
        merged = merged[:limit]
        my_holds = {
            h for h in s.scalars(
                select(Hold.id).where(
                    Hold.performance_id == performance_id,
                    Hold.terminal_id == caller.terminal_id,
                    Hold.status == "active",
                )
            )
        }
        quotas = {
            q.area_id: q
            for q in s.scalars(
                select(StandingQuota).where(
                    StandingQuota.performance_id == performance_id,
                    StandingQuota.outlet_id == caller.outlet_id,
                )
            )
        }
        seat_out: list[SeatState] = []
        area_out: list[StandingState] = []
        for r in merged:
            if isinstance(r, SeatInventory):
                alloc: Literal["own", "other"] | None = None if r.allocated_outlet is None else (
                    "own" if r.allocated_outlet == caller.outlet_id else "other")
                seat_out.append(SeatState(seq=r.seq, seat_id=r.seat_id, status=r.status,  # type: ignore[arg-type]
                                          allocation=alloc, held_by_me=r.hold_id in my_holds))
            else:
                q = quotas.get(r.area_id)
                area_out.append(
                    StandingState(
                        seq=r.seq, area_id=r.area_id, capacity=r.row.capacity,
                        available=max(0, r.pool_capacity - r.pool_used),
                        own_quota=q.quota if q else 0,
                        own_available=max(0, q.quota - q.used) if q else 0,
                    )
                )
        return SeatsPage(
            performance_id=performance_id, seats=seat_out, standing=area_out,
            next_cursor=merged[-1].seq if merged else cursor, more=more, server_time=ctx.now(),
        )

    return ctx.db.run(tx)


class _AreaChange:
    """A standing area with its pool folded back from its slots, at its feed number."""

    def __init__(self, row: StandingArea, seq: int, pool: tuple[int, int, int] | None) -> None:
        self.row, self.seq, self.area_id = row, seq, row.area_id
        # Before its slots exist (an area imported by an older central) the row's own pool.
        self.pool_capacity, self.pool_used = (pool[0], pool[1]) if pool else (row.pool_capacity, row.pool_used)


def allocations_page(ctx: Central, caller: Caller, cursor: int, limit: int) -> AllocationsPage:
    def tx(s: Session) -> AllocationsPage:
        rows = list(
            s.scalars(
                select(AllocationRow)
                .where(AllocationRow.outlet_id == caller.outlet_id, AllocationRow.seq > cursor)
                .order_by(AllocationRow.seq)
                .limit(limit + 1)
            )
        )
        more = len(rows) > limit
        rows = rows[:limit]
        items = [
            AllocationItem(seq=r.seq, performance_id=r.performance_id,
                           seat_ids=r.seat_ids.get("seats", []), standing=r.seat_ids.get("standing", {}))
            for r in rows
        ]
        return AllocationsPage(items=items, next_cursor=rows[-1].seq if rows else cursor, more=more,
                               server_time=ctx.now())

    return ctx.db.run(tx)


def revocations_page(ctx: Central, caller: Caller, cursor: int, limit: int) -> RevocationsPage:
    def tx(s: Session) -> RevocationsPage:
        rows = list(
            s.scalars(select(Revocation).where(Revocation.seq > cursor).order_by(Revocation.seq).limit(limit + 1))
        )
        more = len(rows) > limit
        rows = rows[:limit]
        perfs = _all_perfs(s) if rows else {}
        items = [
            RevocationItem(seq=r.seq, ticket_id=r.ticket_id, code=r.code, performance_id=r.performance_id,
                           reason=r.reason, revoked_at=r.revoked_at)  # type: ignore[arg-type]
            for r in rows
            if r.performance_id in perfs and visible(perfs[r.performance_id], caller)
        ]
        return RevocationsPage(items=items, next_cursor=rows[-1].seq if rows else cursor, more=more,
                               server_time=ctx.now())

    return ctx.db.run(tx)


def keys_page(ctx: Central, caller: Caller, cursor: int, limit: int) -> KeysPage:
    del caller  # every outlet's doors need every key: tickets are scanned wherever sold

    def tx(s: Session) -> KeysPage:
        rows = list(
            s.scalars(select(SigningKey).where(SigningKey.seq > cursor).order_by(SigningKey.seq).limit(limit + 1))
        )
        more = len(rows) > limit
        rows = rows[:limit]
        doors = door_venues(s, [r.terminal_id for r in rows if r.terminal_id])
        items = [
            KeyItem(seq=r.seq, key_id=r.key_id, public_key=r.public_key, owner=r.owner,  # type: ignore[arg-type]
                    outlet_id=r.outlet_id, terminal_id=r.terminal_id, valid_from=r.valid_from,
                    revoked_at=r.revoked_at, **_role(r, doors))
            for r in rows
        ]
        return KeysPage(items=items, next_cursor=rows[-1].seq if rows else cursor, more=more,
                        server_time=ctx.now())

    return ctx.db.run(tx)


def _role(key: SigningKey, doors: dict[str, list[str]]) -> dict[str, Any]:
    """A terminal key's role and the venues it is a door of (see :mod:`central.services.doors`)."""
    if key.owner != "terminal" or key.terminal_id is None:
        return {}
    venues = doors.get(key.terminal_id, [])
    return {"role": "door" if venues else "counter", "venue_ids": venues}


def outlet_row(s: Session, outlet_id: str) -> Outlet:
    outlet = s.get(Outlet, outlet_id)
    assert outlet is not None
    return outlet

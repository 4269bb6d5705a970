"""Holds: all-or-nothing, by client UUID, with a TTL; expired holds are swept."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, conflict, not_found, unprocessable
from central.models import Hold, SeatInventory
from central.services import commission, hold_policy, holder_checks, lease_checks
from central.services.common import (
    bump,
    check_sellable,
    digest,
    load_performance_rows,
    seats_feed,
    serialize,
)
from central.services.inventory import (
    FeedWriter,
    release_hold,
    stamp_seats,
    standing_area,
    take_pool,
    take_quota,
)
from sync.protocol.holds import HoldExtend, HoldReply, HoldRequest

log = logging.getLogger(__name__)
SWEEP_EVERY = timedelta(seconds=1)
HOLDS = cast(Table, Hold.__table__)
SEATS = cast(Table, SeatInventory.__table__)
# Built once: a statement built per call costs more CPU (construction, cache key) than running it.
_BY_ID = select(*HOLDS.c).where(HOLDS.c.id == bindparam("b_id"))
_LOCK_SEATS = (
    select(SEATS.c.seat_id, SEATS.c.status, SEATS.c.allocated_outlet)
    .where(SEATS.c.performance_id == bindparam("b_perf"), SEATS.c.seat_id.in_(bindparam("b_ids", expanding=True)))
    .order_by(SEATS.c.seat_id)
    .with_for_update()
)
_INSERT = insert(HOLDS)
_HOLD_SEAT = (
    update(SEATS)
    .where(SEATS.c.performance_id == bindparam("b_perf"), SEATS.c.seat_id == bindparam("b_seat"))
    .values(status="held", hold_id=bindparam("b_hold"), seq=bindparam("b_seq"))
)


def reply(hold: Any, now: datetime) -> HoldReply:
    """``hold``: a :class:`Hold` or a row of the holds table."""
    status = hold.status
    if status == "active" and hold.expires_at <= now:
        status = "expired"  # not yet swept, but no longer usable
    return HoldReply(
        hold_id=UUID(hold.id), performance_id=hold.performance_id,
        seat_ids=hold.seat_ids.get("seats", []), area_id=hold.area_id, quantity=hold.quantity,
        status=status, expires_at=hold.expires_at, server_time=now,
    )


def check_holders(ctx: Central, caller: Caller, hold_id: UUID, boxes: list[str]) -> HoldReply:
    """One ticket per ID per performance for a cart whose seats this terminal held before
    its holders were typed in (the app's seat map): checked before payment (issue 18)."""

    def tx(s: Session) -> HoldReply:
        hold = s.get(Hold, str(hold_id))
        if hold is None or hold.terminal_id != caller.terminal_id:
            raise not_found("hold", hold_id=str(hold_id))
        holder_checks.check_hold(s, ctx, hold.performance_id, boxes)
        return reply(hold, ctx.now())

    return ctx.db.run(tx)


def create_hold(ctx: Central, caller: Caller, hold_id: UUID, req: HoldRequest) -> tuple[int, HoldReply]:
    d = digest(req)
    sweep_performance(ctx, req.performance_id)

    def replay(s: Session) -> tuple[int, HoldReply] | None:
        # Core, not ORM, on this hot path: on these machines the unit of work cost more CPU
        # than the round trips. The row has the attributes ``reply`` reads.
        existing = s.connection().execute(_BY_ID, {"b_id": str(hold_id)}).first()
        if existing is None:
            return None
        if existing.terminal_id != caller.terminal_id or existing.digest != d:
            raise conflict("hold id already used for a different hold", hold_id=str(hold_id))
        return 200, reply(existing, ctx.now())

    def tx(s: Session) -> tuple[int, HoldReply]:
        serialize(s, f"put:{hold_id}")
        now = ctx.now()
        if not req.seat_ids:
            # Standing: a replay would take the quantity again, so look for it first. Seats
            # need no look-up: a replay finds its seats held (by itself) and is refused, and
            # the stored hold is looked for only then (nothing was written yet).
            found = replay(s)
            if found is not None:
                return found
        else:
            try:
                return _new_hold(s, now)
            except ApiError:
                found = replay(s)
                if found is None:
                    raise
                return found
        return _new_hold(s, now)

    def _new_hold(s: Session, now: datetime) -> tuple[int, HoldReply]:
        perf = load_performance_rows(s, {req.performance_id}, caller, ctx=ctx)[req.performance_id]
        check_sellable(perf, now)
        commission.check_contract(caller, now)  # a partner outside its contract holds nothing
        holder_checks.check_hold(s, ctx, perf.id, req.holders)  # before any seat is held
        standing = 0 if req.seat_ids else req.quantity
        hold_policy.check_new_hold(s, caller, seats=len(set(req.seat_ids)), standing=standing, now=now)
        hold = Hold(
            id=str(hold_id), terminal_id=caller.terminal_id, outlet_id=caller.outlet_id,
            performance_id=perf.id, seat_ids={"seats": sorted(req.seat_ids)}, area_id=req.area_id,
            quantity=req.quantity, from_quota=0, from_pool=0, status="active",
            places=len(set(req.seat_ids)) or req.quantity, extensions=0,
            expires_at=now + timedelta(seconds=req.ttl_seconds), created_at=now, digest=d,
        )
        if req.seat_ids:
            return 201, _hold_seats(s, caller, hold, req.seat_ids, now)
        assert req.area_id is not None
        standing_area(s, perf.id, req.area_id)
        from_quota = take_quota(s, perf.id, req.area_id, caller.outlet_id, req.quantity)
        from_pool = req.quantity - from_quota
        if not take_pool(s, perf.id, req.area_id, from_pool):
            raise unprocessable("sold_out", f"not {req.quantity} places left in {req.area_id}",
                                area_id=req.area_id)
        hold.from_quota, hold.from_pool = from_quota, from_pool
        feed = FeedWriter()
        feed.area(s, perf.id, req.area_id)
        s.add(hold)
        feed.flush(s)
        return 201, reply(hold, now)

    try:
        return ctx.db.run(tx)
    except IntegrityError:
        found = ctx.db.run(replay)  # the same hold id committed meanwhile
        if found is None:
            raise
        return found


def _hold_seats(s: Session, caller: Caller, hold: Hold, seat_ids: list[str], now: datetime) -> HoldReply:
    """Seats, all or nothing, in four statements: lock the seats (ordered by id, one SELECT
    ... FOR UPDATE), insert the hold, take feed numbers, mark the seats (one executemany)."""
    ids = sorted(set(seat_ids))
    rows = s.connection().execute(_LOCK_SEATS, {"b_perf": hold.performance_id, "b_ids": ids}).all()
    found = {r.seat_id for r in rows}
    missing = [sid for sid in ids if sid not in found]
    if missing:
        raise unprocessable("seat_unknown", f"unknown seats {missing}", seat_ids=missing)
    other = [r.seat_id for r in rows if r.allocated_outlet not in (None, caller.outlet_id)]
    if other:
        raise unprocessable("not_allocated", "seats are allocated to another outlet", seat_ids=other)
    taken = [r.seat_id for r in rows if r.status != "free"]
    if taken:
        raise unprocessable("seat_taken", "seats are not free", seat_ids=taken)
    elsewhere = lease_checks.leased_elsewhere(s, caller, hold.performance_id, ids)
    if elsewhere:
        raise unprocessable("leased_elsewhere", "seats are leased to another terminal for offline sale",
                            seat_ids=elsewhere)
    s.connection().execute(_INSERT, dict(
        id=hold.id, terminal_id=hold.terminal_id, outlet_id=hold.outlet_id,
        performance_id=hold.performance_id, seat_ids=hold.seat_ids, area_id=None, quantity=hold.quantity,
        from_quota=0, from_pool=0, status="active", expires_at=hold.expires_at,
        created_at=hold.created_at, digest=hold.digest, places=len(ids), extensions=0,
    ))
    # The feed counter last (lock order): its row lock serialises the performance's feed.
    if stamp_seats(s, hold.performance_id, [(sid, "held", None, hold.id) for sid in ids]):
        return reply(hold, now)
    first = bump(s, seats_feed(hold.performance_id), len(ids))
    s.connection().execute(_HOLD_SEAT, [
        {"b_perf": hold.performance_id, "b_seat": sid, "b_hold": hold.id, "b_seq": first + i}
        for i, sid in enumerate(ids)
    ])
    return reply(hold, now)


def _own_hold(s: Session, caller: Caller, hold_id: UUID) -> Hold:
    hold = s.scalars(select(Hold).where(Hold.id == str(hold_id)).with_for_update()).first()
    if hold is None or hold.terminal_id != caller.terminal_id:
        raise not_found(f"hold {hold_id}")
    return hold


def get_hold(ctx: Central, caller: Caller, hold_id: UUID) -> HoldReply:
    def tx(s: Session) -> HoldReply:
        hold = s.get(Hold, str(hold_id))
        if hold is None or hold.terminal_id != caller.terminal_id:
            raise not_found(f"hold {hold_id}")
        return reply(hold, ctx.now())

    return ctx.db.run(tx)


def extend_hold(ctx: Central, caller: Caller, hold_id: UUID, req: HoldExtend) -> HoldReply:
    def tx(s: Session) -> HoldReply:
        now = ctx.now()
        hold = _own_hold(s, caller, hold_id)
        if hold.status == "active" and hold.expires_at <= now:
            raise unprocessable("hold_expired", "the hold has expired", hold_id=str(hold_id))
        if hold.status != "active":
            raise unprocessable("hold_not_active", f"the hold is {hold.status}", hold_id=str(hold_id))
        hold_policy.check_extension(s, hold)
        hold.expires_at = now + timedelta(seconds=req.ttl_seconds)
        return reply(hold, now)

    return ctx.db.run(tx)


def release(ctx: Central, caller: Caller, hold_id: UUID) -> HoldReply:
    """Release a hold. Releasing twice is harmless: the second answers the closed state."""

    def tx(s: Session) -> HoldReply:
        now = ctx.now()
        hold = _own_hold(s, caller, hold_id)
        if hold.status == "active":
            feed = FeedWriter()
            release_hold(s, hold, "expired" if hold.expires_at <= now else "released", feed)
            feed.flush(s)
        return reply(hold, now)

    return ctx.db.run(tx)


def _expire(ctx: Central, hold_id: str) -> bool:
    def tx(s: Session) -> bool:
        hold = s.scalars(select(Hold).where(Hold.id == hold_id).with_for_update()).first()
        if hold is None or hold.status != "active" or hold.expires_at > ctx.now():
            return False  # consumed, released or extended meanwhile
        feed = FeedWriter()
        release_hold(s, hold, "expired", feed)
        feed.flush(s)
        return True

    return ctx.db.run(tx)


def sweep(ctx: Central, performance_id: str | None = None, limit: int = 200) -> int:
    """Expire holds past their TTL; returns how many."""

    def find(s: Session) -> list[str]:
        q = select(Hold.id).where(Hold.status == "active", Hold.expires_at <= ctx.now())
        if performance_id is not None:
            q = q.where(Hold.performance_id == performance_id)
        return list(s.scalars(q.order_by(Hold.expires_at).limit(limit)))

    ids = ctx.db.run(find)
    done = sum(_expire(ctx, hid) for hid in ids)
    if done:
        log.info("swept %d expired holds", done)
    return done


def sweep_performance(ctx: Central, performance_id: str) -> None:
    """Lazy sweep before touching a performance's seats, at most once a second."""
    now = ctx.now()
    last = ctx.last_sweep.get(performance_id)
    if last is not None and now - last < SWEEP_EVERY and now >= last:
        return
    ctx.last_sweep[performance_id] = now
    sweep(ctx, performance_id)

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
    area_and_quota,
    release_hold,
    stamp_seats,
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
        hold = s.connection().execute(_BY_ID, {"b_id": str(hold_id)}).first()
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
        # The id, then the terminal's new-hold lock (``hold_policy``), in one statement.
        serialize(s, f"put:{hold_id}", hold_policy.lock_key(caller))
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
        hold_policy.check_new_hold(s, caller, seats=len(set(req.seat_ids)), standing=standing, now=now,
                                   locked=True)
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
        return 201, _hold_standing(s, caller, hold, req.area_id, now)

    try:
        return ctx.db.run(tx)
    except IntegrityError:
        found = ctx.db.run(replay)  # the same hold id committed meanwhile
        if found is None:
            raise
        return found


def _hold_standing(s: Session, caller: Caller, hold: Hold, area_id: str, now: datetime) -> HoldReply:
    """Standing places, all or nothing, in plain statements: the area and the outlet's quota
    left (one unlocked read), the quota (only when it has some), the pool (one of its
    sub-counters, ``central.services.standing``), the hold, the feed (one statement)."""
    feed = FeedWriter()
    own_left = area_and_quota(s, hold.performance_id, area_id, caller.outlet_id)
    from_quota = take_quota(s, hold.performance_id, area_id, caller.outlet_id, hold.quantity) if own_left > 0 else 0
    if from_quota:
        feed.area(s, hold.performance_id, area_id)  # own_available moved: the area's row, after the quota's
    from_pool = hold.quantity - from_quota
    if not take_pool(s, hold.performance_id, area_id, from_pool, feed):
        raise unprocessable("sold_out", f"not {hold.quantity} places left in {area_id}", area_id=area_id)
    hold.from_quota, hold.from_pool = from_quota, from_pool
    s.connection().execute(_INSERT, dict(
        id=hold.id, terminal_id=hold.terminal_id, outlet_id=hold.outlet_id,
        performance_id=hold.performance_id, seat_ids=hold.seat_ids, area_id=area_id, quantity=hold.quantity,
        from_quota=from_quota, from_pool=from_pool, status="active", expires_at=hold.expires_at,
        created_at=hold.created_at, digest=hold.digest, places=hold.quantity, extensions=0,
    ))
    feed.flush(s)
    return reply(hold, now)


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


_LOCK_HOLD = _BY_ID.with_for_update()
_EXTEND = update(HOLDS).where(HOLDS.c.id == bindparam("b_id")).values(
    expires_at=bindparam("b_expires"), extensions=HOLDS.c.extensions + 1)
_DUE = (
    select(HOLDS.c.id).where(HOLDS.c.status == "active", HOLDS.c.expires_at <= bindparam("b_now"))
    .order_by(HOLDS.c.expires_at).limit(bindparam("b_limit"))
)
_DUE_IN = _DUE.where(HOLDS.c.performance_id == bindparam("b_perf"))


def _own_hold(s: Session, caller: Caller, hold_id: UUID) -> Any:
    hold = s.connection().execute(_LOCK_HOLD, {"b_id": str(hold_id)}).first()
    if hold is None or hold.terminal_id != caller.terminal_id:
        raise not_found(f"hold {hold_id}")
    return hold


def get_hold(ctx: Central, caller: Caller, hold_id: UUID) -> HoldReply:
    def tx(s: Session) -> HoldReply:
        hold = s.connection().execute(_BY_ID, {"b_id": str(hold_id)}).first()
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
        expires = now + timedelta(seconds=req.ttl_seconds)
        s.connection().execute(_EXTEND, {"b_id": hold.id, "b_expires": expires})
        return reply(_Row(hold, expires_at=expires), now)

    return ctx.db.run(tx)


class _Row:
    """A hold row with some columns changed, for ``reply``."""

    def __init__(self, row: Any, **changed: Any) -> None:
        self._row, self._changed = row, changed

    def __getattr__(self, name: str) -> Any:
        return self._changed[name] if name in self._changed else getattr(self._row, name)


def release(ctx: Central, caller: Caller, hold_id: UUID) -> HoldReply:
    """Release a hold. Releasing twice is harmless: the second answers the closed state."""

    def tx(s: Session) -> HoldReply:
        now = ctx.now()
        hold = _own_hold(s, caller, hold_id)
        if hold.status != "active":
            return reply(hold, now)
        status = "expired" if hold.expires_at <= now else "released"
        feed = FeedWriter()
        release_hold(s, hold, status, feed)
        feed.flush(s)
        return reply(_Row(hold, status=status), now)

    return ctx.db.run(tx)


def _expire(ctx: Central, hold_id: str) -> bool:
    def tx(s: Session) -> bool:
        hold = s.connection().execute(_LOCK_HOLD, {"b_id": hold_id}).first()
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
        params: dict[str, Any] = {"b_now": ctx.now(), "b_limit": limit}
        if performance_id is None:
            return list(s.connection().execute(_DUE, params).scalars())
        return list(s.connection().execute(_DUE_IN, {**params, "b_perf": performance_id}).scalars())

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

"""A standing area's general pool as ``SLOTS`` sub-counters (``central.slot_models``): take,
give back, fold back for reporting and feeds, resize when the catalog changes the pool.

PostgreSQL: a take or a give-back is one statement that picks a slot able to serve the
whole quantity, starting at a random slot, with ``FOR UPDATE SKIP LOCKED``: two tills never
wait on each other while another slot can serve them. When none can (the slots with room
are locked by others at this instant, or no single slot has the quantity left), every slot
of the area is locked in slot order and the quantity is taken across them: a last place
is still found when only one slot has any, and the area never oversells (each slot's
``used`` is guarded, and checked by the database). SQLite, the embedded central, runs one
writer at a time (``BEGIN IMMEDIATE``) and has no ``SKIP LOCKED``: it always takes the
second way, which there costs one read and one write.

Lock order (see ``central.services.inventory``): slots come where the area's pool row came,
after quotas and before credit and the feed counters.
"""

from __future__ import annotations

import logging
import random
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from central.slot_models import SLOTS, StandingSlot

log = logging.getLogger(__name__)
SLOT_ROWS = cast(Table, StandingSlot.__table__)
_C = SLOT_ROWS.c
_AREA = (_C.performance_id == bindparam("p")) & (_C.area_id == bindparam("a"))
# One statement on PostgreSQL: pick a slot with room for n (from a random start, skipping
# slots other transactions hold) and take n from it.
_TAKE_ONE = text(
    "WITH pick AS (SELECT slot FROM standing_slots WHERE performance_id = :p AND area_id = :a "
    "AND used + :n <= capacity ORDER BY (slot + :r) % :k LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "UPDATE standing_slots AS t SET used = t.used + :n FROM pick "
    "WHERE t.performance_id = :p AND t.area_id = :a AND t.slot = pick.slot AND t.used + :n <= t.capacity "
    "RETURNING t.slot"
)
_GIVE_ONE = text(
    "WITH pick AS (SELECT slot FROM standing_slots WHERE performance_id = :p AND area_id = :a "
    "AND used >= :n ORDER BY (slot + :r) % :k LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "UPDATE standing_slots AS t SET used = t.used - :n FROM pick "
    "WHERE t.performance_id = :p AND t.area_id = :a AND t.slot = pick.slot AND t.used >= :n "
    "RETURNING t.slot"
)
_LOCK_ALL = select(_C.slot, _C.capacity, _C.used).where(_AREA).order_by(_C.slot).with_for_update()
_SET_USED = update(SLOT_ROWS).where(_AREA, _C.slot == bindparam("b_slot")).values(used=bindparam("b_used"))
_FOLD = (
    select(_C.area_id, func.sum(_C.capacity), func.sum(_C.used), func.max(_C.seq))
    .where(_C.performance_id == bindparam("p"))
    .group_by(_C.area_id)
)
# The feed: the slots a transaction changed take the next numbers of the performance's seat
# feed (the counter's row lock last, as for seats), in one statement.
_STAMP_PG = text(
    "WITH c AS (UPDATE feed_counters SET value = value + :n WHERE name = :name RETURNING value) "
    "UPDATE standing_slots AS t SET seq = c.value - :n + v.i "
    "FROM c, unnest(CAST(:areas AS varchar[]), CAST(:slots AS integer[])) WITH ORDINALITY AS v(area_id, slot, i) "
    "WHERE t.performance_id = :p AND t.area_id = v.area_id AND t.slot = v.slot"
)
_SET_SEQ = update(SLOT_ROWS).where(_AREA, _C.slot == bindparam("b_slot")).values(seq=bindparam("b_seq"))


def _pg(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def take(s: Session, performance_id: str, area_id: str, n: int) -> list[int] | None:
    """Take ``n`` places of the area's pool, all or nothing. Returns the slots changed (to
    stamp in the feed), or None when the pool has fewer than ``n`` left."""
    if n <= 0:
        return []
    params = {"p": performance_id, "a": area_id, "n": n}
    if _pg(s):
        got = s.connection().execute(_TAKE_ONE, {**params, "r": random.randrange(SLOTS), "k": SLOTS}).first()
        if got is not None:
            return [int(got[0])]
    rows = s.connection().execute(_LOCK_ALL, params).all()
    free = sorted(((r.capacity - r.used, r.slot, r.used) for r in rows), reverse=True)
    if sum(f for f, _, _ in free) < n:
        return None
    changes, need = [], n
    for room, slot, used in free:
        if need == 0:
            break
        part = min(room, need)
        if part > 0:
            changes.append({"b_slot": slot, "b_used": used + part, **params})
            need -= part
    s.connection().execute(_SET_USED, changes)
    return [c["b_slot"] for c in changes]


def give(s: Session, performance_id: str, area_id: str, n: int) -> list[int]:
    """Give ``n`` places back to the area's pool (a released hold, a refund); returns the
    slots changed. Any slot will do: the pool is counted as a whole."""
    if n <= 0:
        return []
    params = {"p": performance_id, "a": area_id, "n": n}
    if _pg(s):
        got = s.connection().execute(_GIVE_ONE, {**params, "r": random.randrange(SLOTS), "k": SLOTS}).first()
        if got is not None:
            return [int(got[0])]
    rows = s.connection().execute(_LOCK_ALL, params).all()
    changes, need = [], n
    for used, slot in sorted(((r.used, r.slot) for r in rows), reverse=True):
        if need == 0:
            break
        part = min(used, need)
        if part > 0:
            changes.append({"b_slot": slot, "b_used": used - part, **params})
            need -= part
    if need:
        log.error("standing %s/%s: %d places given back that the pool did not count", performance_id,
                  area_id, need)
    if changes:
        s.connection().execute(_SET_USED, changes)
    return [c["b_slot"] for c in changes]


def fold(s: Session, performance_id: str) -> dict[str, tuple[int, int, int]]:
    """The pool of each standing area of a performance, folded back from its slots:
    ``{area id: (capacity, used, newest seq)}``. Read without locks (a snapshot)."""
    return {
        r[0]: (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0))
        for r in s.connection().execute(_FOLD, {"p": performance_id})
    }


def stamp(s: Session, performance_id: str, slots: list[tuple[str, int]], first: int | None,
          counter: str) -> bool:
    """Stamp the changed slots ``(area id, slot)`` with feed numbers: from ``first`` (already
    reserved by the caller), or, with None, reserved here from ``counter`` (PostgreSQL: in the
    same statement; False, with nothing written, when the counter row does not exist yet)."""
    if first is None:
        res = s.connection().execute(_STAMP_PG, {
            "n": len(slots), "name": counter, "p": performance_id,
            "areas": [a for a, _ in slots], "slots": [i for _, i in slots],
        })
        return bool(cast(CursorResult[Any], res).rowcount)
    s.connection().execute(_SET_SEQ, [
        {"p": performance_id, "a": a, "b_slot": i, "b_seq": first + k} for k, (a, i) in enumerate(slots)
    ])
    return True


def resize(s: Session, performance_id: str, area_id: str, total: int, seq: int) -> None:
    """Make the pool's slots hold ``total`` places (a catalog import): spread evenly, each slot
    keeping at least what it has used (what a shrink cannot give back is logged)."""
    params = {"p": performance_id, "a": area_id}
    rows = {r.slot: r for r in s.connection().execute(_LOCK_ALL, params)}
    if not rows:
        s.connection().execute(insert(SLOT_ROWS), [
            {"performance_id": performance_id, "area_id": area_id, "slot": i,
             "capacity": total // SLOTS + (1 if i < total % SLOTS else 0), "used": 0, "seq": seq}
            for i in range(SLOTS)
        ])
        return
    used = {i: int(r.used) for i, r in rows.items()}
    if sum(used.values()) > total:
        log.warning("standing %s/%s: %d used exceed the new pool %d", performance_id, area_id,
                    sum(used.values()), total)
    caps = level(used, total)
    order = sorted(rows)
    s.connection().execute(
        update(SLOT_ROWS).where(_AREA, _C.slot == bindparam("b_slot"))
        .values(capacity=bindparam("b_cap"), seq=bindparam("b_seq")),
        [{**params, "b_slot": i, "b_cap": caps[i], "b_seq": seq} for i in order],
    )



def level(used: dict[int, int], total: int) -> dict[int, int]:
    """Capacities for slots that have ``used`` each, adding up to ``total`` where the used
    allow it: the spare places fill the emptiest slots first (water-filling), so that the
    slots end as even as they can be."""
    spare = total - sum(used.values())
    caps = dict(used)
    if spare <= 0:
        return caps
    lo, hi = min(used.values()), max(used.values()) + spare
    while lo < hi:  # the highest level L with sum(max(0, L - used)) <= spare
        mid = (lo + hi + 1) // 2
        if sum(max(0, mid - u) for u in used.values()) <= spare:
            lo = mid
        else:
            hi = mid - 1
    for i, u in used.items():
        caps[i] = max(u, lo)
    rest = total - sum(caps.values())
    for i in sorted(caps, key=lambda i: (caps[i], i)):
        if rest <= 0:
            break
        if caps[i] == lo:
            caps[i] += 1
            rest -= 1
    return caps

"""Seat and standing inventory primitives shared by holds, orders, refunds and web sales.

Locking discipline (PostgreSQL), always in this order within a transaction, so that two
transactions never wait on each other in a cycle:
holds (by id) -> seats (by performance, seat id) -> standing quotas -> standing areas ->
outlet credit -> feed counters (last; see ``bump``).
Standing quantities never use read-modify-write: the guarded ``UPDATE ... WHERE used + n <=
capacity`` either takes the whole quantity or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import Session

from central.errors import unprocessable
from central.models import Hold, SeatInventory, StandingArea, StandingQuota
from central.services import standing
from central.services.common import bump, seats_feed

SEATS = cast(Table, SeatInventory.__table__)
# PostgreSQL: all of a performance's seat changes in one statement (arrays unnested), where
# executemany would run one UPDATE per seat (a drain's batch changes hundreds).
_SET_SEATS_PG = text(
    "UPDATE seats AS s SET status = v.status, ticket_id = v.ticket_id, hold_id = NULL, seq = v.seq "
    "FROM unnest(CAST(:seat_ids AS varchar[]), CAST(:statuses AS varchar[]), CAST(:ticket_ids AS varchar[]), "
    "CAST(:seqs AS bigint[])) AS v(seat_id, status, ticket_id, seq) "
    "WHERE s.performance_id = :perf AND s.seat_id = v.seat_id"
)
_SET_SEAT = (
    update(SEATS)
    .where(SEATS.c.performance_id == bindparam("b_perf"), SEATS.c.seat_id == bindparam("b_seat"))
    .values(status=bindparam("b_status"), ticket_id=bindparam("b_ticket"), hold_id=None, seq=bindparam("b_seq"))
)


# PostgreSQL: take a performance's next feed numbers and write its seats in one statement
# (the counter's row lock is still taken after the seats', which the caller locked before).
_STAMP_SEATS_PG = text(
    "WITH c AS (UPDATE feed_counters SET value = value + :n WHERE name = :name RETURNING value) "
    "UPDATE seats AS s SET status = v.status, ticket_id = v.ticket_id, hold_id = v.hold_id, "
    "seq = c.value - :n + v.i "
    "FROM c, unnest(CAST(:seat_ids AS varchar[]), CAST(:statuses AS varchar[]), "
    "CAST(:ticket_ids AS varchar[]), CAST(:hold_ids AS varchar[])) "
    "WITH ORDINALITY AS v(seat_id, status, ticket_id, hold_id, i) "
    "WHERE s.performance_id = :perf AND s.seat_id = v.seat_id"
)


AREAS = cast(Table, StandingArea.__table__)
QUOTAS = cast(Table, StandingQuota.__table__)
_QUOTA_KEY = (
    (QUOTAS.c.performance_id == bindparam("b_perf")) & (QUOTAS.c.area_id == bindparam("b_area"))
    & (QUOTAS.c.outlet_id == bindparam("b_outlet"))
)
_LOCK_QUOTA = select(QUOTAS.c.quota, QUOTAS.c.used).where(_QUOTA_KEY).with_for_update()
_ADD_QUOTA = update(QUOTAS).where(_QUOTA_KEY).values(used=QUOTAS.c.used + bindparam("b_n"))
_AREA_ROW = select(*AREAS.c).where(AREAS.c.performance_id == bindparam("b_perf"),
                                   AREAS.c.area_id == bindparam("b_area"))
# The area and what the outlet's own quota of it has left, unlocked, in one statement: a
# hold goes to the quota's locked row only when there is something to take there.
_AREA_AND_QUOTA = (
    select(AREAS.c.zone_id, (func.coalesce(QUOTAS.c.quota, 0) - func.coalesce(QUOTAS.c.used, 0)).label("own_left"))
    .select_from(AREAS.outerjoin(QUOTAS, (QUOTAS.c.performance_id == AREAS.c.performance_id)
                                 & (QUOTAS.c.area_id == AREAS.c.area_id)
                                 & (QUOTAS.c.outlet_id == bindparam("b_outlet"))))
    .where(AREAS.c.performance_id == bindparam("b_perf"), AREAS.c.area_id == bindparam("b_area"))
)


def area_and_quota(s: Session, performance_id: str, area_id: str, outlet_id: str) -> int:
    """What the outlet's quota of the area has left (a hint, read unlocked), or
    ``seat_unknown`` for an unknown area."""
    row = s.connection().execute(
        _AREA_AND_QUOTA, {"b_perf": performance_id, "b_area": area_id, "b_outlet": outlet_id}
    ).first()
    if row is None:
        raise unprocessable("seat_unknown", f"unknown standing area {area_id}", area_id=area_id)
    return int(row.own_left)


def stamp_seats(
    s: Session, performance_id: str, changes: list[tuple[str, str, str | None, str | None]]
) -> bool:
    """PostgreSQL only: seats (locked by the caller) set to (seat id, status, ticket id, hold
    id), stamped with the next numbers of the performance's seat feed, in one statement.
    False when it could not (another database, or the feed's counter row does not exist yet):
    nothing was written, and the caller does it the long way (``bump`` creates the row)."""
    if not changes or s.get_bind().dialect.name != "postgresql":
        return False
    n = len(changes)
    res = s.connection().execute(_STAMP_SEATS_PG, {
        "n": n, "name": seats_feed(performance_id), "perf": performance_id,
        "seat_ids": [c[0] for c in changes], "statuses": [c[1] for c in changes],
        "ticket_ids": [c[2] for c in changes], "hold_ids": [c[3] for c in changes],
    })
    if res.rowcount == n:
        return True
    if res.rowcount:
        raise AssertionError(f"stamped {res.rowcount} of {n} locked seats")
    return False


def lock_seats(s: Session, performance_id: str, seat_ids: Iterable[str]) -> dict[str, SeatInventory]:
    ids = sorted(set(seat_ids))
    rows = {
        r.seat_id: r
        for r in s.scalars(
            select(SeatInventory)
            .where(SeatInventory.performance_id == performance_id, SeatInventory.seat_id.in_(ids))
            .order_by(SeatInventory.seat_id)
            .with_for_update()
        )
    }
    missing = [sid for sid in ids if sid not in rows]
    if missing:
        raise unprocessable("seat_unknown", f"unknown seats {missing}", seat_ids=missing)
    return rows


def take_quota(s: Session, performance_id: str, area_id: str, outlet_id: str, n: int) -> int:
    """Take up to ``n`` from the outlet's quota of a standing area; returns how many."""
    params = {"b_perf": performance_id, "b_area": area_id, "b_outlet": outlet_id}
    q = s.connection().execute(_LOCK_QUOTA, params).first()
    if q is None:
        return 0
    take = max(0, min(n, q.quota - q.used))
    if take:
        s.connection().execute(_ADD_QUOTA, {**params, "b_n": take})
    return take


def updated_rows(res: Result[Any]) -> int:
    """How many rows an UPDATE matched (``Session.execute`` types its result as a plain Result)."""
    return cast(CursorResult[Any], res).rowcount


def take_quota_exact(s: Session, performance_id: str, area_id: str, outlet_id: str, n: int) -> bool:
    res = s.execute(
        update(StandingQuota)
        .where(
            StandingQuota.performance_id == performance_id,
            StandingQuota.area_id == area_id,
            StandingQuota.outlet_id == outlet_id,
            StandingQuota.used + n <= StandingQuota.quota,
        )
        .values(used=StandingQuota.used + n)
    )
    return bool(updated_rows(res))


def take_pool(s: Session, performance_id: str, area_id: str, n: int, feed: FeedWriter) -> bool:
    """All ``n`` from the area's general pool (its sub-counters, ``central.services.standing``),
    or nothing; the slots changed go to ``feed``."""
    if n == 0:
        return True
    slots = standing.take(s, performance_id, area_id, n)
    if slots is None:
        return False
    feed.pool(performance_id, area_id, slots)
    return True


def give_back(
    s: Session, performance_id: str, area_id: str, outlet_id: str | None, from_quota: int, from_pool: int,
    feed: FeedWriter,
) -> None:
    """Give places back to the outlet's quota and the general pool, noting the change in the
    seat feed: a quota through the area's row (locked here, after the quota's), the pool
    through the slots changed (the area's row untouched: it is no hot row)."""
    if from_quota and outlet_id is not None:
        s.execute(
            update(StandingQuota)
            .where(
                StandingQuota.performance_id == performance_id,
                StandingQuota.area_id == area_id,
                StandingQuota.outlet_id == outlet_id,
            )
            .values(used=StandingQuota.used - from_quota)
        )
        feed.area(s, performance_id, area_id)
    if from_pool:
        feed.pool(performance_id, area_id, standing.give(s, performance_id, area_id, from_pool))


def standing_area(s: Session, performance_id: str, area_id: str) -> Any:
    """The area's row (Core, read-only: ``zone_id``, ``capacity``...), or ``seat_unknown``."""
    area = s.connection().execute(_AREA_ROW, {"b_perf": performance_id, "b_area": area_id}).first()
    if area is None:
        raise unprocessable("seat_unknown", f"unknown standing area {area_id}", area_id=area_id)
    return area


class FeedWriter:
    """Collects the seat and area rows a transaction changed, then stamps them with fresh
    sequence numbers of each performance's seat feed at the very end."""

    def __init__(self) -> None:
        self.seats: dict[str, list[SeatInventory]] = {}
        self.areas: dict[str, set[str]] = {}
        # Core: (status, ticket id) by seat id by performance; written in one UPDATE each.
        self.changes: dict[str, dict[str, tuple[str, str | None]]] = {}
        # Pool sub-counters changed: (area id, slot) by performance.
        self.slots: dict[str, set[tuple[str, int]]] = {}

    def seat(self, row: SeatInventory) -> None:
        self.seats.setdefault(row.performance_id, []).append(row)

    def seat_change(self, performance_id: str, seat_id: str, status: str, ticket_id: str | None) -> None:
        """A seat (locked by the caller) to set to ``status`` and ``ticket_id``, without a
        hold, at flush: for Core callers that have no ORM rows."""
        self.changes.setdefault(performance_id, {})[seat_id] = (status, ticket_id)

    def pool(self, performance_id: str, area_id: str, slots: list[int]) -> None:
        """Pool slots (locked by the caller) whose change the feed must show."""
        if slots:
            self.slots.setdefault(performance_id, set()).update((area_id, i) for i in slots)

    def area(self, s: Session, performance_id: str, area_id: str) -> None:
        # Lock the area row now (after quotas, before counters) if the guarded update did not:
        # taking it only when stamping the seq, after the counter, would invert the lock order.
        if area_id not in self.areas.get(performance_id, set()):
            s.execute(
                select(StandingArea.area_id)
                .where(StandingArea.performance_id == performance_id, StandingArea.area_id == area_id)
                .with_for_update()
            )
        self.areas.setdefault(performance_id, set()).add(area_id)

    def flush(self, s: Session) -> None:
        keys = self.seats.keys() | self.areas.keys() | self.changes.keys() | self.slots.keys()
        for perf_id in sorted(keys):
            rows = self.seats.get(perf_id, [])
            changes = self.changes.get(perf_id, {})
            areas = sorted(self.areas.get(perf_id, set()))
            slots = sorted(self.slots.get(perf_id, set()))
            if not rows and not areas and not slots and stamp_seats(
                s, perf_id, [(sid, st, tid, None) for sid, (st, tid) in changes.items()]
            ):
                continue
            # A standing hold or release: counter and slots in one statement (False when the
            # counter row does not exist yet: ``bump`` below makes it).
            if (slots and not rows and not areas and not changes and s.get_bind().dialect.name == "postgresql"
                    and standing.stamp(s, perf_id, slots, None, seats_feed(perf_id))):
                continue
            seq = bump(s, seats_feed(perf_id), len(rows) + len(changes) + len(areas) + len(slots))
            for row in rows:
                row.seq = seq
                seq += 1
            if changes and s.get_bind().dialect.name == "postgresql":
                s.connection().execute(_SET_SEATS_PG, {
                    "perf": perf_id, "seat_ids": list(changes), "statuses": [st for st, _ in changes.values()],
                    "ticket_ids": [tid for _, tid in changes.values()],
                    "seqs": list(range(seq, seq + len(changes))),
                })
                seq += len(changes)
            elif changes:
                s.connection().execute(_SET_SEAT, [
                    {"b_perf": perf_id, "b_seat": sid, "b_status": st, "b_ticket": tid, "b_seq": seq + i}
                    for i, (sid, (st, tid)) in enumerate(changes.items())
                ])
                seq += len(changes)
            for area_id in areas:
                s.execute(
                    update(StandingArea)
                    .where(StandingArea.performance_id == perf_id, StandingArea.area_id == area_id)
                    .values(seq=seq)
                )
                seq += 1
            if slots:
                standing.stamp(s, perf_id, slots, seq, seats_feed(perf_id))
                seq += len(slots)
        s.flush()


HOLDS = cast(Table, Hold.__table__)
_LOCK_HOLD_SEATS = (
    select(SEATS.c.seat_id, SEATS.c.status, SEATS.c.hold_id)
    .where(SEATS.c.performance_id == bindparam("b_perf"), SEATS.c.seat_id.in_(bindparam("b_ids", expanding=True)))
    .order_by(SEATS.c.seat_id)
    .with_for_update()
)
_CLOSE_HOLD = update(HOLDS).where(HOLDS.c.id == bindparam("b_id")).values(status=bindparam("b_status"))


def release_hold(s: Session, hold: Any, status: str, feed: FeedWriter) -> None:
    """Give back what an active hold holds and close it. ``hold``: a row of the holds table
    (locked by the caller), or a :class:`Hold`. Core statements: no unit of work."""
    seat_ids = sorted(set(hold.seat_ids.get("seats", [])))
    if seat_ids:
        rows = s.connection().execute(_LOCK_HOLD_SEATS, {"b_perf": hold.performance_id, "b_ids": seat_ids})
        for row in rows:
            if row.status == "held" and row.hold_id == hold.id:
                feed.seat_change(hold.performance_id, row.seat_id, "free", None)
    if hold.area_id and (hold.from_quota or hold.from_pool):
        give_back(s, hold.performance_id, hold.area_id, hold.outlet_id, hold.from_quota, hold.from_pool, feed)
    s.connection().execute(_CLOSE_HOLD, {"b_id": hold.id, "b_status": status})


def is_live(hold: Hold, now: datetime) -> bool:
    return hold.status == "active" and hold.expires_at > now

"""What holds and orders ask of the leases (issue 17), inside their own transactions.

A seat leased to one terminal may be sold offline by that terminal at any moment, so no
other terminal may hold it or sell it, online or offline: refused with ``leased_elsewhere``.
An offline order's standing places come out of its terminal's lease first; what the lease
no longer covers (it was taken back while the terminal was away) comes from the outlet's
quota as before, and counts as leased-and-sold so that the terminal's count stays true.

Called after the seats (or before the standing quota) are locked: lock order holds ->
seats -> standing leases -> standing quotas.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from central.context import Caller
from central.lease_models import SeatLease, StandingLease

_SEATS = cast(Table, SeatLease.__table__)
_STANDING = cast(Table, StandingLease.__table__)
_LEASED = select(_SEATS.c.seat_id, _SEATS.c.terminal_id).where(
    _SEATS.c.performance_id == bindparam("b_perf"), _SEATS.c.seat_id.in_(bindparam("b_ids", expanding=True))
)
_DROP = delete(_SEATS).where(
    _SEATS.c.performance_id == bindparam("b_perf"), _SEATS.c.seat_id.in_(bindparam("b_ids", expanding=True))
)
_LOCK_STANDING = (
    select(_STANDING.c.remaining)
    .where(_STANDING.c.performance_id == bindparam("b_perf"), _STANDING.c.area_id == bindparam("b_area"),
           _STANDING.c.terminal_id == bindparam("b_term"))
    .with_for_update()
)


def leased_elsewhere(s: Session, caller: Caller, performance_id: str, seat_ids: Sequence[str]) -> list[str]:
    """The seats among ``seat_ids`` leased to another terminal (of any outlet)."""
    if not seat_ids:
        return []
    rows = s.connection().execute(_LEASED, {"b_perf": performance_id, "b_ids": sorted(set(seat_ids))})
    return sorted(r.seat_id for r in rows if r.terminal_id != caller.terminal_id)


def seats_sold(s: Session, caller: Caller, performance_id: str, seat_ids: Sequence[str]) -> list[str]:
    """Before seats are sold: refuse (returns) those leased to another terminal; otherwise
    end this terminal's lease on them (a sold seat is nobody's to sell offline)."""
    if not seat_ids:
        return []
    rows = list(s.connection().execute(_LEASED, {"b_perf": performance_id, "b_ids": sorted(set(seat_ids))}))
    other = sorted(r.seat_id for r in rows if r.terminal_id != caller.terminal_id)
    if not other and rows:
        s.connection().execute(_DROP, {"b_perf": performance_id, "b_ids": sorted(r.seat_id for r in rows)})
    return other


def take_standing(s: Session, caller: Caller, performance_id: str, area_id: str, n: int) -> int:
    """Up to ``n`` units of an offline order out of its terminal's lease; returns how many."""
    remaining = s.connection().execute(
        _LOCK_STANDING, {"b_perf": performance_id, "b_area": area_id, "b_term": caller.terminal_id}
    ).scalar()
    take = min(n, int(remaining or 0))
    if take:
        s.execute(
            update(StandingLease)
            .where(StandingLease.performance_id == performance_id, StandingLease.area_id == area_id,
                   StandingLease.terminal_id == caller.terminal_id)
            .values(remaining=StandingLease.remaining - take)
        )
    return take


def sold_beyond_lease(s: Session, caller: Caller, performance_id: str, area_id: str, n: int) -> None:
    """``n`` offline units came from the outlet's quota, not the lease: count them as leased
    and sold, so that ``granted`` less the terminal's own offline count stays exact."""
    lease = s.get(StandingLease, (performance_id, area_id, caller.terminal_id), with_for_update=True)
    if lease is None:
        s.add(StandingLease(performance_id=performance_id, area_id=area_id, terminal_id=caller.terminal_id,
                            outlet_id=caller.outlet_id, granted=n, remaining=0))
    else:
        lease.granted += n
    s.flush()

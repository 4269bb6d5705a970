"""What this terminal may sell offline: its lease of the outlet's allocation (issue 17).

An allocation belongs to an outlet, and an outlet may have several terminals; two of them
offline at once must never sell the same seat or the last standing places twice. So while
online each enrolled terminal leases from central a share of the allocation (seats per
performance, standing units per area) that no other terminal holds, refilled at each sync,
and offline it sells only that (invariant 1).

A terminal never enrolled with central (``pos demo --standalone``, a test bench) is the
only terminal its outlet has: its lease is the whole allocation.

Standing units are counted, not named: central says how many units it ever leased to this
terminal in an area (``granted``); this terminal may sell offline that many less every unit
it ever sold offline there (refunded or not, uploaded or not: central counts them the same
way), so an upload racing a refill never makes the count wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from pos.store import settings, sql
from pos.store.db import Store

# The setting the enrolment writes (``sync.enrol``): its presence means "leases apply".
ENROLMENT_SETTING = "central"
_REFILLED = "lease_refilled_at"


@dataclass(frozen=True, slots=True)
class Lease:
    """The whole lease as central last answered it."""

    seats: Mapping[str, Sequence[str]] = field(default_factory=dict)  # performance -> seat ids
    standing: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (performance, area) -> granted


@dataclass(frozen=True, slots=True)
class LeaseSummary:
    leasing: bool  # False: never enrolled, the whole allocation sells offline
    refilled_at: datetime | None
    seats: int  # leased seats not yet sold here
    standing: int  # leased standing units not yet sold here


def leasing(session: Session) -> bool:
    """True when offline sales are limited to a lease: the terminal is enrolled with central."""
    return settings.read(session, ENROLMENT_SETTING) is not None


def replace(session: Session, lease: Lease, *, now: datetime) -> None:
    """Store central's answer: the whole lease, replacing the previous one."""
    sql.run(session, "DELETE FROM lease_seat")
    rows = [(pid, sid) for pid, ids in lease.seats.items() for sid in ids]
    if rows:
        sql.run(session, "INSERT INTO lease_seat (performance_id, seat_id) VALUES (?, ?)", rows)
    sql.run(session, "DELETE FROM lease_standing")
    standing = [(pid, area, granted) for (pid, area), granted in lease.standing.items()]
    if standing:
        sql.run(session, "INSERT INTO lease_standing (performance_id, area_id, granted) VALUES (?, ?, ?)", standing)
    settings.write(session, _REFILLED, now.isoformat())


def leased_seats(session: Session, *, performance_id: str, seat_ids: Sequence[str] | None = None) -> set[str]:
    """Seats of the performance leased to this terminal (among ``seat_ids`` when given)."""
    if seat_ids is None:
        rows = sql.rows(session, "SELECT seat_id FROM lease_seat WHERE performance_id = ?", performance_id)
    elif not seat_ids:
        return set()
    else:
        rows = sql.rows(
            session,
            f"SELECT seat_id FROM lease_seat WHERE performance_id = ? AND seat_id IN ({sql.marks(len(seat_ids))})",
            performance_id,
            *seat_ids,
        )
    return {r.seat_id for r in rows}


def standing_left(session: Session, *, performance_id: str, area_id: str) -> int:
    """Standing units of the area this terminal may still sell offline from its lease."""
    row = sql.row(
        session,
        "SELECT granted FROM lease_standing WHERE performance_id = ? AND area_id = ?",
        performance_id,
        area_id,
    )
    granted = int(row.granted) if row else 0
    return max(0, granted - _sold_offline(session, performance_id=performance_id, area_id=area_id))


def _sold_offline(session: Session, *, performance_id: str, area_id: str) -> int:
    # Every unit sold offline here, whatever became of it, except orders central refused
    # (waiting for a supervisor): central never counted those.
    row = sql.row(
        session,
        "SELECT count(*) AS n FROM ticket t JOIN sale_order o ON o.id = t.order_id "
        "LEFT JOIN outbox m ON m.id = o.id "
        "WHERE t.performance_id = ? AND t.area_id = ? AND o.mode = 'offline' "
        "AND coalesce(m.status, '') != 'attention'",
        performance_id,
        area_id,
    )
    return int(row.n) if row else 0


def summary(store: Store, *, performance_id: str | None = None) -> LeaseSummary:
    """The lease as it stands here (of one performance, or all)."""
    where, params = ("AND l.performance_id = ?", (performance_id,)) if performance_id else ("", ())
    with store.read() as session:
        if not leasing(session):
            return LeaseSummary(leasing=False, refilled_at=None, seats=0, standing=0)
        at = settings.read(session, _REFILLED)
        seats = sql.row(
            session,
            "SELECT count(*) AS n FROM lease_seat l WHERE NOT EXISTS (SELECT 1 FROM ticket t WHERE "
            f"t.performance_id = l.performance_id AND t.seat_id = l.seat_id AND t.status = 'valid') {where}",
            *params,
        )
        areas: Iterable[tuple[str, str]] = [
            (r.performance_id, r.area_id)
            for r in sql.rows(session, f"SELECT performance_id, area_id FROM lease_standing l WHERE 1 = 1 {where}",
                              *params)
        ]
        standing = sum(standing_left(session, performance_id=p, area_id=a) for p, a in areas)
        return LeaseSummary(
            leasing=True,
            refilled_at=datetime.fromisoformat(str(at)) if at else None,
            seats=int(seats.n) if seats else 0,
            standing=standing,
        )

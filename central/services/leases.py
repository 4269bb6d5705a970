"""Offline stock leased per terminal (issue 17): refill, read, give back, take back.

While online, each terminal leases from its outlet's allocation what it may sell offline:
up to the outlet's lease size of free allocated seats per performance on sale now, and of
standing units per area (taken from the outlet's quota like a hold). The terminal refills
its lease after each upload (``POST /v1/lease``); a terminal that has not refilled for the
outlet's idle time, or that was withdrawn, has its lease taken back at the next refill of
any terminal of the outlet.

The idle time is never shorter than the outlet's offline cap in hours: a terminal still
allowed to sell offline keeps its lease. One idle for longer can no longer sell offline,
but what it sold before and has not uploaded is accepted only if the seats are still free
(``order_take``), so the idle time should be generous.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.lease_models import (
    DEFAULT_IDLE_HOURS,
    DEFAULT_SEATS,
    DEFAULT_STANDING,
    LeaseTerms,
    SeatLease,
    StandingLease,
    TerminalLease,
)
from central.models import AllocationRow, Outlet, Performance, SeatInventory, StandingQuota, Terminal
from central.services.common import visible
from central.services.inventory import FeedWriter, give_back, take_quota
from sync.protocol.leases import LeaseReply, PerformanceLease, StandingLeaseItem

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Terms:
    seats_per_performance: int
    standing_per_area: int
    idle_hours: int


def terms_of(s: Session, outlet_id: str) -> Terms:
    row = s.get(LeaseTerms, outlet_id)
    if row is None:
        return Terms(DEFAULT_SEATS, DEFAULT_STANDING, DEFAULT_IDLE_HOURS)
    return Terms(row.seats_per_performance, row.standing_per_area, row.idle_hours)


def refill(ctx: Central, caller: Caller) -> LeaseReply:
    """Take back idle terminals' leases, then top this terminal's lease up to the outlet's
    size for every performance on sale now; answers the whole lease."""

    def tx(s: Session) -> LeaseReply:
        now = ctx.now()
        terms = terms_of(s, caller.outlet_id)
        gone = _idle_terminals(s, caller, now, terms)
        mark = s.get(TerminalLease, caller.terminal_id, with_for_update=True)
        if mark is None:
            s.add(TerminalLease(terminal_id=caller.terminal_id, outlet_id=caller.outlet_id, refreshed_at=now))
        else:
            mark.refreshed_at = now
        perfs = _on_sale(s, caller, now)
        # Lock order as everywhere (inventory.py): seats, then standing counters, then feeds.
        for terminal_id in gone:
            log.info("taking back the lease of terminal %s (idle or withdrawn)", terminal_id)
            _release_seats(s, terminal_id)
        ended = _drop_stale_seats(s, caller, perfs)
        # What the lease holds now, in two statements: most refills find nothing to add.
        have: dict[str, int] = {p: n for p, n in s.execute(select(SeatLease.performance_id, func.count()).where(
            SeatLease.terminal_id == caller.terminal_id).group_by(SeatLease.performance_id))}
        units = {(p, a): r for p, a, r in s.execute(select(
            StandingLease.performance_id, StandingLease.area_id, StandingLease.remaining).where(
            StandingLease.terminal_id == caller.terminal_id))}
        for pid in sorted(perfs):
            if have.get(pid, 0) < terms.seats_per_performance:
                _refill_seats(s, caller, pid, terms.seats_per_performance, now)
        feed = FeedWriter()
        for terminal_id in gone:
            _release_standing(s, terminal_id, feed)
            s.execute(delete(TerminalLease).where(TerminalLease.terminal_id == terminal_id))
        if ended:
            _release_standing(s, caller.terminal_id, feed, ended)
        for pid, area_id in _quota_areas(s, caller, perfs):
            if units.get((pid, area_id), 0) < terms.standing_per_area:
                _refill_standing(s, caller, pid, area_id, terms.standing_per_area, feed)
        feed.flush(s)
        return _reply(s, caller, terms, now)

    return ctx.db.run(tx)


def current(ctx: Central, caller: Caller) -> LeaseReply:
    def tx(s: Session) -> LeaseReply:
        return _reply(s, caller, terms_of(s, caller.outlet_id), ctx.now())

    return ctx.db.run(tx)


def give_back_all(ctx: Central, caller: Caller) -> LeaseReply:
    """The terminal returns its whole lease (it is being retired, or asked to)."""

    def tx(s: Session) -> LeaseReply:
        release_terminal(s, caller.terminal_id)
        return _reply(s, caller, terms_of(s, caller.outlet_id), ctx.now())

    return ctx.db.run(tx)


def release_terminal(s: Session, terminal_id: str) -> None:
    """Give a terminal's whole lease back to its outlet (withdrawn, idle, or returning it)."""
    _release_seats(s, terminal_id)
    feed = FeedWriter()
    _release_standing(s, terminal_id, feed)
    s.execute(delete(TerminalLease).where(TerminalLease.terminal_id == terminal_id))
    feed.flush(s)


def _release_seats(s: Session, terminal_id: str) -> None:
    s.execute(delete(SeatLease).where(SeatLease.terminal_id == terminal_id))


def _release_standing(s: Session, terminal_id: str, feed: FeedWriter,
                      performance_ids: set[str] | None = None) -> None:
    """Unsold leased standing units back to the outlet's quota (``granted`` keeps counting
    what was sold from the lease, so the terminal's own count stays exact)."""
    q = select(StandingLease).where(StandingLease.terminal_id == terminal_id, StandingLease.remaining > 0)
    if performance_ids is not None:
        q = q.where(StandingLease.performance_id.in_(sorted(performance_ids)))
    for lease in s.scalars(q.order_by(StandingLease.performance_id, StandingLease.area_id).with_for_update()):
        give_back(s, lease.performance_id, lease.area_id, lease.outlet_id, lease.remaining, 0, feed)
        lease.granted -= lease.remaining
        lease.remaining = 0
    s.flush()


def _idle_terminals(s: Session, caller: Caller, now: datetime, terms: Terms) -> list[str]:
    """Other terminals of the outlet whose lease goes back: idle too long, or withdrawn."""
    outlet = s.get(Outlet, caller.outlet_id)
    hours = max(terms.idle_hours, outlet.offline_max_hours if outlet is not None else 0)
    idle = select(TerminalLease.terminal_id).where(
        TerminalLease.outlet_id == caller.outlet_id, TerminalLease.terminal_id != caller.terminal_id,
        TerminalLease.refreshed_at < now - timedelta(hours=hours),
    )
    withdrawn = select(TerminalLease.terminal_id).join(Terminal, Terminal.id == TerminalLease.terminal_id).where(
        TerminalLease.outlet_id == caller.outlet_id, Terminal.revoked_at.is_not(None)
    )
    return sorted(set(s.scalars(idle)) | set(s.scalars(withdrawn)))


def _on_sale(s: Session, caller: Caller, now: datetime) -> set[str]:
    """Performances on sale now, visible to the outlet, with an allocation for it."""
    allocated = select(AllocationRow.performance_id).where(AllocationRow.outlet_id == caller.outlet_id)
    perfs = s.scalars(select(Performance).where(
        Performance.id.in_(allocated), Performance.status == "on_sale",
        Performance.sales_open_at <= now, Performance.sales_close_at > now,
    ))
    return {p.id for p in perfs if visible(p, caller)}


def _drop_stale_seats(s: Session, caller: Caller, perfs: set[str]) -> set[str]:
    """Leased seats that were sold, blocked or taken out of the outlet's allocation since, and
    those of performances no longer on sale here, end. Returns the performances whose lease
    ends (their standing units go back too)."""
    held = set(s.scalars(select(SeatLease.performance_id).where(SeatLease.terminal_id == caller.terminal_id)))
    held |= set(s.scalars(select(StandingLease.performance_id).where(
        StandingLease.terminal_id == caller.terminal_id, StandingLease.remaining > 0)))
    ended = held - perfs
    if ended:
        s.execute(delete(SeatLease).where(SeatLease.terminal_id == caller.terminal_id,
                                          SeatLease.performance_id.in_(sorted(ended))))
    stale = select(SeatLease.seat_id, SeatLease.performance_id).join(
        SeatInventory,
        (SeatInventory.performance_id == SeatLease.performance_id) & (SeatInventory.seat_id == SeatLease.seat_id),
    ).where(
        SeatLease.terminal_id == caller.terminal_id,
        SeatInventory.status.in_(("sold", "blocked"))
        | SeatInventory.allocated_outlet.is_distinct_from(caller.outlet_id),
    )
    by_perf: dict[str, list[str]] = defaultdict(list)
    for seat_id, pid in s.execute(stale):
        by_perf[pid].append(seat_id)
    for pid, ids in by_perf.items():
        s.execute(delete(SeatLease).where(SeatLease.performance_id == pid, SeatLease.seat_id.in_(ids)))
    return ended


def _refill_seats(s: Session, caller: Caller, performance_id: str, size: int, now: datetime) -> None:
    mine = select(SeatLease.seat_id).where(
        SeatLease.performance_id == performance_id, SeatLease.terminal_id == caller.terminal_id)
    leased = exists().where(SeatLease.performance_id == SeatInventory.performance_id,
                            SeatLease.seat_id == SeatInventory.seat_id)
    insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
    for _round in range(3):  # a concurrent refill may win some of the seats picked: pick again
        need = size - len(list(s.scalars(mine)))
        if need <= 0:
            return
        # Free seats of the allocation that nobody leases, locked; seats another transaction
        # has locked (a hold, a sale, another terminal's refill) are skipped, not waited for.
        free = list(s.scalars(
            select(SeatInventory.seat_id)
            .where(SeatInventory.performance_id == performance_id,
                   SeatInventory.allocated_outlet == caller.outlet_id, SeatInventory.status == "free", ~leased)
            .order_by(SeatInventory.seat_id)
            .limit(need)
            .with_for_update(skip_locked=True)
        ))
        if not free:
            return
        # The primary key (performance, seat) is what keeps two terminals off one seat: a seat
        # a concurrent refill leased first is skipped here.
        s.execute(insert(SeatLease).on_conflict_do_nothing(), [
            {"performance_id": performance_id, "seat_id": sid, "terminal_id": caller.terminal_id,
             "outlet_id": caller.outlet_id, "leased_at": now}
            for sid in free
        ])


def _quota_areas(s: Session, caller: Caller, perfs: set[str]) -> list[tuple[str, str]]:
    if not perfs:
        return []
    rows = s.execute(select(StandingQuota.performance_id, StandingQuota.area_id).where(
        StandingQuota.outlet_id == caller.outlet_id, StandingQuota.performance_id.in_(sorted(perfs))))
    return sorted((r.performance_id, r.area_id) for r in rows)


def _refill_standing(s: Session, caller: Caller, performance_id: str, area_id: str, size: int,
                     feed: FeedWriter) -> None:
    lease = s.get(StandingLease, (performance_id, area_id, caller.terminal_id), with_for_update=True)
    need = size - (lease.remaining if lease is not None else 0)
    if need <= 0:
        return
    took = take_quota(s, performance_id, area_id, caller.outlet_id, need)  # guarded, locks the quota
    if not took:
        return
    if lease is None:
        s.add(StandingLease(performance_id=performance_id, area_id=area_id, terminal_id=caller.terminal_id,
                            outlet_id=caller.outlet_id, granted=took, remaining=took))
    else:
        lease.granted += took
        lease.remaining += took
    feed.area(s, performance_id, area_id)
    s.flush()


def _reply(s: Session, caller: Caller, terms: Terms, now: datetime) -> LeaseReply:
    seats: dict[str, list[str]] = defaultdict(list)
    for pid, sid in s.execute(select(SeatLease.performance_id, SeatLease.seat_id).where(
            SeatLease.terminal_id == caller.terminal_id).order_by(SeatLease.performance_id, SeatLease.seat_id)):
        seats[pid].append(sid)
    standing: dict[str, list[StandingLeaseItem]] = defaultdict(list)
    for lease in s.scalars(select(StandingLease).where(StandingLease.terminal_id == caller.terminal_id)
                           .order_by(StandingLease.performance_id, StandingLease.area_id)):
        standing[lease.performance_id].append(
            StandingLeaseItem(area_id=lease.area_id, granted=lease.granted, remaining=lease.remaining))
    return LeaseReply(
        terminal_id=caller.terminal_id, outlet_id=caller.outlet_id,
        seats_per_performance=terms.seats_per_performance, standing_per_area=terms.standing_per_area,
        idle_hours=terms.idle_hours, server_time=now,
        performances=[PerformanceLease(performance_id=pid, seat_ids=seats.get(pid, []), standing=standing.get(pid, []))
                      for pid in sorted(seats.keys() | standing.keys())],
    )

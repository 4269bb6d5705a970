"""What an outlet order takes from the inventory: its holds, its seats and its standing places.

The locks go in one order (holds, then seats by id, then standing counters) so that two
orders never wait on each other crosswise. Uses the inventory and the seat feed only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from central.context import Caller
from central.errors import unprocessable
from central.models import Hold, SeatInventory
from central.services import lease_checks
from central.services.inventory import FeedWriter, give_back, standing_area, take_quota_exact
from sync.protocol.orders import TicketLine

HOLDS = cast(Table, Hold.__table__)
SEATS = cast(Table, SeatInventory.__table__)
# Built once: a statement built per call costs more CPU (construction, cache key) than running it.
_LOCK_HOLDS = (
    select(*HOLDS.c).where(HOLDS.c.id.in_(bindparam("b_ids", expanding=True))).order_by(HOLDS.c.id)
    .with_for_update()
)
LOCK_SEATS = (
    select(SEATS.c.seat_id, SEATS.c.zone_id, SEATS.c.status, SEATS.c.hold_id, SEATS.c.ticket_id,
           SEATS.c.allocated_outlet)
    .where(SEATS.c.performance_id == bindparam("b_perf"), SEATS.c.seat_id.in_(bindparam("b_ids", expanding=True)))
    .order_by(SEATS.c.seat_id)
    .with_for_update()
)


class Replan(Exception):
    """An order of the batch touches a seat that an earlier one changed: the seat writes wait
    for the end of the batch, so the batch is taken order by order instead."""


def lock_holds(s: Session, caller: Caller, hold_uuids: list[Any], now: datetime) -> dict[str, Any]:
    """The order's holds, locked: each must be this terminal's, active and not expired."""
    # Core, not ORM, on this hot path (as for holds): the unit of work cost more CPU than
    # the statements.
    hold_ids = sorted(str(h) for h in hold_uuids)
    found_holds = {
        h.id: h
        for h in s.connection().execute(_LOCK_HOLDS, {"b_ids": hold_ids})
    } if hold_ids else {}
    holds: dict[str, Any] = {}
    for hid in hold_ids:
        hold = found_holds.get(hid)
        if hold is None or hold.terminal_id != caller.terminal_id:
            raise unprocessable("no_hold", f"no hold {hid} for this terminal", hold_id=hid)
        if hold.status == "expired" or (hold.status == "active" and hold.expires_at <= now):
            raise unprocessable("hold_expired", f"hold {hid} has expired", hold_id=hid)
        if hold.status != "active":
            raise unprocessable("hold_not_active", f"hold {hid} is {hold.status}", hold_id=hid)
        holds[hid] = hold
    return holds


@dataclass
class Taking:
    """One order taking its seats and standing places, under the holds it named: the seat feed
    records the changes, ``zones`` the price zone of each ticket taken (by ticket id)."""

    s: Session
    caller: Caller
    tickets: list[TicketLine]
    holds: dict[str, Any]
    feed: FeedWriter
    zones: dict[str, str | None] = field(default_factory=dict)

    def seats(self, batch_seats: dict[str, dict[str, Any]] | None) -> None:
        take_seats(self, batch_seats)

    def standing(self) -> dict[str, str]:
        return take_standing(self)


def take_seats(taking: Taking, batch_seats: dict[str, dict[str, Any]] | None) -> None:
    """Check the order's seats (held by it, or the outlet's own allocation) and record them
    sold in the feed, with the seats of its holds that it does not buy freed. ``batch_seats``:
    the seat rows a batch locked up front, by performance."""
    s, caller, tickets, holds, feed, zones = (
        taking.s, taking.caller, taking.tickets, taking.holds, taking.feed, taking.zones
    )
    by_perf: dict[str, list[TicketLine]] = defaultdict(list)
    for t in tickets:
        if t.seat_id:
            by_perf[t.performance_id].append(t)
    # The seats of the order's seat holds that it does not buy go back: lock them together
    # with the order's seats, in one ordered statement per performance.
    leftovers: dict[str, list[str]] = defaultdict(list)
    for hold in holds.values():
        hold_seats = hold.seat_ids.get("seats") or []
        if hold_seats:
            mine = {t.seat_id for t in by_perf.get(hold.performance_id, [])}
            leftovers[hold.performance_id] += [sid for sid in hold_seats if sid not in mine]
    for pid in sorted(by_perf.keys() | leftovers.keys()):
        lines = by_perf.get(pid, [])
        wanted = [t.seat_id for t in lines if t.seat_id] + leftovers.get(pid, [])
        if batch_seats is not None and pid in batch_seats:
            rows = {sid: batch_seats[pid][sid] for sid in wanted if sid in batch_seats[pid]}
            if len(rows) < len(set(wanted)):
                missing = sorted(set(wanted) - rows.keys())
                raise unprocessable("seat_unknown", f"unknown seats {missing}", seat_ids=missing)
        else:
            rows = lock_seat_rows(s, pid, wanted)
        if batch_seats is not None and not rows.keys().isdisjoint(feed.changes.get(pid, {})):
            raise Replan(f"seats of {pid} changed earlier in the batch")
        problems: dict[str, list[str]] = defaultdict(list)
        for t in lines:
            row = rows[t.seat_id or ""]
            if row.status == "held" and row.hold_id in holds:
                pass
            elif row.allocated_outlet not in (None, caller.outlet_id):
                problems["not_allocated"].append(row.seat_id)
            elif row.status == "free" and row.allocated_outlet == caller.outlet_id:
                pass  # the outlet's own allocation: sellable without a hold (offline too)
            elif row.status == "free":
                problems["no_hold"].append(row.seat_id)
            else:
                problems["seat_taken"].append(row.seat_id)
            zones[t.ticket_id] = row.zone_id
        # A seat leased to another terminal may be sold offline there at any moment (issue 17).
        elsewhere = lease_checks.seats_sold(s, caller, pid, [t.seat_id for t in lines if t.seat_id])
        if elsewhere:
            problems["leased_elsewhere"] = elsewhere
        for reason in ("seat_taken", "not_allocated", "leased_elsewhere", "no_hold"):
            if problems.get(reason):
                raise unprocessable(reason, f"{reason.replace('_', ' ')}: {problems[reason]}",
                                    performance_id=pid, seat_ids=problems[reason])
        for t in lines:
            feed.seat_change(pid, t.seat_id or "", "sold", t.ticket_id)
        for sid in leftovers.get(pid, []):
            row = rows[sid]
            if row.status == "held" and row.hold_id in holds and sid in (
                holds[row.hold_id].seat_ids.get("seats") or []
            ):
                feed.seat_change(pid, sid, "free", row.ticket_id)


def take_standing(taking: Taking) -> dict[str, str]:
    """Standing places: consume held quantities first, then the outlet's own quota. Returns
    where each ticket's unit came from ("quota" or "pool"), by ticket id."""
    s, caller, tickets, holds, feed, zones = (
        taking.s, taking.caller, taking.tickets, taking.holds, taking.feed, taking.zones
    )
    sources: dict[str, str] = {}
    standing: dict[tuple[str, str], list[TicketLine]] = defaultdict(list)
    for t in tickets:
        if t.area_id:
            standing[(t.performance_id, t.area_id)].append(t)
    consumed_standing: set[str] = set()
    for (pid, area_id), lines in sorted(standing.items()):
        area = standing_area(s, pid, area_id)
        units: list[str] = []  # where each unit comes from: "quota" or "pool"
        for hold in sorted(holds.values(), key=lambda h: h.id):
            if hold.performance_id == pid and hold.area_id == area_id:
                need = len(lines) - len(units)
                from_quota = min(need, hold.from_quota)
                from_pool = min(need - from_quota, hold.from_pool)
                units += ["quota"] * from_quota + ["pool"] * from_pool
                # Whatever this hold has beyond the order goes back (nothing, usually: then
                # the order touches no counter and no area row at all).
                give_back(s, pid, area_id, hold.outlet_id, hold.from_quota - from_quota,
                          hold.from_pool - from_pool, feed)
                consumed_standing.add(hold.id)
        rest = len(lines) - len(units)
        if rest > 0:
            # Offline: out of this terminal's lease first (those units are counted in the quota
            # already), then out of what the quota has left.
            leased = lease_checks.take_standing(s, caller, pid, area_id, rest) if not holds else 0
            beyond = rest - leased
            if beyond and not take_quota_exact(s, pid, area_id, caller.outlet_id, beyond):
                raise unprocessable("no_hold", f"{rest} standing places in {area_id} have no hold "
                                    "and exceed the outlet's quota", area_id=area_id)
            if beyond and not holds:
                lease_checks.sold_beyond_lease(s, caller, pid, area_id, beyond)
            if beyond:
                feed.area(s, pid, area_id)  # the quota moved (a lease's units were counted already)
            units += ["quota"] * rest
        for t, src in zip(lines, units, strict=True):
            sources[t.ticket_id] = src
            zones[t.ticket_id] = area.zone_id
    for hold in holds.values():
        if hold.area_id and hold.id not in consumed_standing:
            # A standing hold named by the order but not used by it: give it all back.
            give_back(s, hold.performance_id, hold.area_id, hold.outlet_id, hold.from_quota,
                      hold.from_pool, feed)
    return sources


def lock_seat_rows(s: Session, performance_id: str, seat_ids: list[str]) -> dict[str, Any]:
    """Lock seats (ordered by id, one SELECT ... FOR UPDATE) and return their rows by id."""
    ids = sorted(set(seat_ids))
    rows = {
        r.seat_id: r
        for r in s.connection().execute(LOCK_SEATS, {"b_perf": performance_id, "b_ids": ids})
    }
    missing = [sid for sid in ids if sid not in rows]
    if missing:
        raise unprocessable("seat_unknown", f"unknown seats {missing}", seat_ids=missing)
    return rows

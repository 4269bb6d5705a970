"""Offline stock leased per terminal (issue 17): three terminals of one outlet, each offline,
sell everything they leased as fast as they can; after reconnecting central has no conflict
and every allocated seat and standing place is sold exactly once."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from central.services import admin
from pos.cash.tenders import Tender
from pos.catalog.cache import free_allocated_seats
from pos.errors import NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import Store, open_store
from pos.terminal import lease
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.pull import sync_once
from sync.relay import needs_attention, pending_count
from sync.transport import CentralClient
from tests.central.live import Live
from tests.factories import open_shift_for
from tests.sync.conftest import enrol_code
from tests.test_cli import pos

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))
PERF, AREA, OUTLET = "P-CONCERT", "FLOOR", "BO-1"


@dataclass
class Till:
    store: Store
    client: CentralClient

    @property
    def dead(self) -> CentralClient:
        """The same token, on a port where nothing answers: the network is down."""
        return CentralClient("http://127.0.0.1:9", token=self.client.token, retries=0)


def enrolled(live: Live, data_dir: Path, outlet: str = OUTLET) -> Till:
    enrol(data_dir, central_url=live.base, code=enrol_code(live, outlet), terminal_name=data_dir.name)
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK)
    client = connect(store)
    assert sync_once(store, client).online
    return Till(store, client)


def sell_items(store: Store, items: list[CartItem], policy: object = None) -> str:
    return sell(
        store, performance_id=PERF, items=items, tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=CLERK, signer=load_signer(store), policy=policy,  # type: ignore[arg-type]
    ).order_id


def sell_until_nothing_left(store: Store) -> int:
    """Offline, as fast as the clerk can: two seats or two standing places a sale, then one,
    until the core refuses both. Returns the tickets sold."""
    sold = 0
    while True:
        progressed = False
        for n in (2, 1):
            seats = free_allocated_seats(store, performance_id=PERF, outlet_id=OUTLET, limit=n)
            if len(seats) == n:
                sell_items(store, [CartItem("adult", seat_id=s) for s in seats])
                sold, progressed = sold + n, True
                break
        for n in (2, 1):
            try:
                sell_items(store, [CartItem("adult", area_id=AREA)] * n)
            except NotSellable:
                continue
            sold, progressed = sold + n, True
            break
        if not progressed:
            return sold


def central_count(live: Live, sql: str) -> int:
    with live.ctx.db.engine.connect() as conn:
        return int(conn.execute(text(sql), {"perf": PERF, "outlet": OUTLET}).scalar() or 0)


def test_three_offline_terminals_sell_their_leases_and_central_sees_no_conflict(
    central: Live, tmp_path: Path
) -> None:
    admin.set_lease_terms(central.ctx, outlet_id=OUTLET, seats_per_performance=4, standing_per_area=3,
                          idle_hours=48)
    seats_allocated = central_count(
        central, "SELECT count(*) FROM seats WHERE performance_id = :perf AND allocated_outlet = :outlet "
        "AND status = 'free'")
    standing_allocated = central_count(
        central, "SELECT quota FROM standing_quotas WHERE performance_id = :perf AND outlet_id = :outlet")
    # More than the three first leases hold: refills must follow.
    assert seats_allocated > 3 * 4 and standing_allocated > 3 * 3
    tills = [enrolled(central, tmp_path / f"t{i}") for i in range(3)]
    # Central's constraint: never one seat in two leases, never more units leased than the quota.
    leased = [lease.summary(t.store, performance_id=PERF) for t in tills]
    status = json.loads(pos(tills[0].store.data_dir, "sync", "status").stdout)["lease"]
    assert status["leasing"] and status["seats"] >= 4 and status["refilled_at"]
    assert sum(s.seats for s in leased) == 12
    assert sum(s.standing for s in leased) == 9

    sold_offline, phases = 0, 0
    while True:
        phases += 1
        for t in tills:
            assert not sync_once(t.store, t.dead).online
        with ThreadPoolExecutor(len(tills)) as pool:
            sold_now = sum(pool.map(lambda t: sell_until_nothing_left(t.store), tills))
        sold_offline += sold_now
        # Back online: upload, and refill from what the outlet has left.
        for t in tills:
            report = sync_once(t.store, t.client)
            assert report.online and report.drained is not None and report.drained.attention == 0
        if sold_now == 0:
            break
        assert phases < 10

    assert phases >= 3  # the leases were refilled in between, more than once
    for t in tills:
        assert needs_attention(t.store) == () and pending_count(t.store) == 0
        left = lease.summary(t.store, performance_id=PERF)
        assert (left.seats, left.standing) == (0, 0)
    assert sold_offline == seats_allocated + standing_allocated
    tickets = central_count(
        central, "SELECT count(*) FROM tickets WHERE performance_id = :perf AND outlet_id = :outlet "
        "AND status = 'valid'")
    assert tickets == seats_allocated + standing_allocated
    assert central_count(central, "SELECT count(*) FROM (SELECT seat_id FROM tickets WHERE seat_id IS NOT NULL "
                         "AND status = 'valid' GROUP BY performance_id, seat_id HAVING count(*) > 1) d") == 0
    assert central_count(central, "SELECT count(*) FROM seat_leases WHERE performance_id = :perf") == 0
    assert central_count(
        central, "SELECT coalesce(sum(remaining), 0) FROM standing_leases WHERE performance_id = :perf") == 0

"""Two outlets on one performance, one offline and one online, and web sales at the same
time: no seat is sold twice (invariant 1)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from central.services import admin
from pos.cash.tenders import Tender
from pos.errors import NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import Store, open_store
from pos.terminal import lease
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.online import OnlineHoldPolicy, hold
from sync.pull import sync_once
from sync.relay import drain, needs_attention, pending_count
from sync.transport import CentralClient
from tests.central.live import Live
from tests.factories import open_shift_for
from tests.sync.conftest import enrol_code

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


def _terminal(live: Live, data_dir: Path, outlet: str) -> tuple[Store, CentralClient]:
    enrol(data_dir, central_url=live.base, code=enrol_code(live, outlet), terminal_name=outlet)
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK)
    client = connect(store)
    sync_once(store, client)
    return store, client


def _sell(store: Store, seats: list[str], policy: object = None) -> str:
    return sell(
        store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=s) for s in seats],
        tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=CLERK,
        signer=load_signer(store),
        policy=policy,  # type: ignore[arg-type]
    ).order_id


def _web_sale(live: Live, seats: list[str]) -> int:
    r = httpx.put(
        f"{live.base}/v1/online-orders/{uuid.uuid4()}",
        headers={"Authorization": f"Bearer {live.platform}"},
        json={
            "performance_id": "P-CONCERT",
            "seat_ids": seats,
            "concession": "adult",
            "buyer_name": "网购 Buyer",
            "buyer_phone": "13800138000",
        },
        timeout=10,
    )
    return r.status_code


def test_offline_online_and_web_sales_never_sell_a_seat_twice(central: Live, tmp_path: Path) -> None:
    a, a_client = _terminal(central, tmp_path / "a", "BO-1")
    b, b_client = _terminal(central, tmp_path / "b", "BO-2")
    # Terminal A loses the network and keeps selling its allocation.
    dead = CentralClient("http://127.0.0.1:9", token=a_client.token, retries=0)
    assert not sync_once(a, dead).online
    a_orders = [_sell(a, ["A-1-1", "A-1-2"]), _sell(a, ["A-2-1"]), _sell(a, ["B-1-1"])]
    # Offline, A cannot sell what is not its own.
    with pytest.raises(NotSellable, match="not allocated"):
        _sell(a, ["B-2-5"])
    # The web cannot take A's allocated seats, even while A is offline.
    assert _web_sale(central, ["A-1-1"]) >= 400
    assert _web_sale(central, ["A-1-3"]) >= 400
    # Terminal B, online: its own allocation, and free seats through a hold.
    b_orders = [_sell(b, ["B-2-1"])]
    held = hold(b_client, performance_id="P-CONCERT", seat_ids=["B-2-3", "B-2-4"])
    # The web cannot take held seats; it can take a free one.
    assert _web_sale(central, ["B-2-4"]) >= 400
    assert _web_sale(central, ["B-2-5"]) < 300
    with pytest.raises(NotSellable, match="seat_taken"):
        hold(b_client, performance_id="P-CONCERT", seat_ids=["B-2-5"])
    b_orders.append(_sell(b, ["B-2-3", "B-2-4"], OnlineHoldPolicy(held)))
    assert drain(b, b_client).sent == 2
    # A comes back; its queue drains by itself on the next cycle.
    back = sync_once(a, a_client)
    assert back.online and back.drained is not None and back.drained.sent == 3
    assert pending_count(a) == 0 and needs_attention(a) == () and needs_attention(b) == ()
    with central.ctx.db.engine.connect() as conn:
        doubles = conn.execute(
            text(
                "SELECT seat_id, count(*) FROM tickets WHERE seat_id IS NOT NULL AND status = 'valid' "
                "GROUP BY performance_id, seat_id HAVING count(*) > 1"
            )
        ).all()
        accepted = {str(r[0]) for r in conn.execute(text("SELECT id FROM orders"))}
    assert doubles == []
    assert set(a_orders) | set(b_orders) <= accepted


def test_a_seat_sold_by_another_terminal_of_the_outlet_is_refused_offline(
    central: Live, tmp_path: Path
) -> None:
    # Each till leases its own share of the outlet's allocation (issue 17).
    admin.set_lease_terms(central.ctx, outlet_id="BO-1", seats_per_performance=6, standing_per_area=3,
                          idle_hours=48)
    first, first_client = _terminal(central, tmp_path / "t1", "BO-1")
    second, second_client = _terminal(central, tmp_path / "t2", "BO-1")
    with first.read() as s:
        assert "A-1-1" in lease.leased_seats(s, performance_id="P-CONCERT")
    with second.read() as s:
        own = sorted(lease.leased_seats(s, performance_id="P-CONCERT"))
    assert own and "A-1-1" not in own
    _sell(first, ["A-1-1"])
    assert drain(first, first_client).sent == 1
    report = sync_once(second, second_client)  # the seat feed tells the second till
    assert report.applied["seats"] > 0
    dead = CentralClient("http://127.0.0.1:9", token=second_client.token, retries=0)
    assert not sync_once(second, dead).online
    with pytest.raises(NotSellable, match="another terminal"):
        _sell(second, ["A-1-1"])
    with pytest.raises(NotSellable, match="not leased"):
        _sell(second, ["A-1-2"])  # the first till's lease
    _sell(second, own[:1])  # its own lease still sells

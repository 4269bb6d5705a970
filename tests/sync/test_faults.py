"""The network misbehaving between terminal and central: nothing lost, nothing doubled.

After each fault the queue drains completely and central holds every order exactly once
(invariant 3: the order's UUID is the idempotency key)."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import Store, open_store
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.pull import sync_once
from sync.relay import drain, pending_count
from sync.transport import CentralClient, Timeouts
from tests.central.live import Live, live_server
from tests.factories import open_shift_for
from tests.sync.conftest import catalog_now, enrol_code
from tests.sync.faultproxy import FaultProxy

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


def _terminal(live: Live, data_dir: Path) -> tuple[Store, str]:
    enrol(data_dir, central_url=live.base, code=enrol_code(live), terminal_name="till")
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK)
    client = connect(store)
    sync_once(store, client)
    return store, client.token or ""


def _queue(store: Store, seats: list[str]) -> list[str]:
    signer = load_signer(store)
    ids = []
    for seat in seats:
        r = sell(
            store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id=seat)],
            tenders=[Tender(kind="cash", amount=Money(50000))],
            actor=CLERK,
            signer=signer,
        )
        ids.append(r.order_id)
    return ids


def _orders_at_central(live: Live, ids: list[str]) -> dict[str, int]:
    with live.ctx.db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, (SELECT count(*) FROM tickets t WHERE t.order_id = o.id) FROM orders o")
        ).all()
    found = {str(r[0]): int(r[1]) for r in rows}
    return {i: found.get(i, 0) for i in ids}


def _client(url: str, token: str, **kw: object) -> CentralClient:
    return CentralClient(
        url, token=token, timeouts=Timeouts(connect=1.0, read=kw.pop("read", 2.0)), backoff=0.01, **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["reset", "drop_reply", "slow", "truncate"])
def test_a_broken_exchange_is_retried_without_doubling(central: Live, data_dir: Path, mode: str) -> None:
    store, token = _terminal(central, data_dir)
    ids = _queue(store, ["A-1-1", "A-1-2", "A-1-3"])
    upstream = int(central.base.rsplit(":", 1)[1])
    proxy = FaultProxy(upstream, mode=mode, faults=2, hold_seconds=1.5)
    try:
        # The client's own retries get through the two broken exchanges.
        client = _client(proxy.url, token, retries=3, read=0.5 if mode == "slow" else 2.0)
        report = drain(store, client)
    finally:
        proxy.close()
    assert proxy.faulted == 2
    assert report.sent == 3 and pending_count(store) == 0
    assert _orders_at_central(central, ids) == dict.fromkeys(ids, 1)


def test_refused_connection_queues_then_drains(central: Live, data_dir: Path) -> None:
    store, token = _terminal(central, data_dir)
    ids = _queue(store, ["A-2-1", "A-2-2"])
    with socket.socket() as s:  # a port with nobody listening
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    report = drain(store, _client(f"http://127.0.0.1:{dead_port}", token, retries=1))
    assert report.offline and report.sent == 0 and pending_count(store) == 2
    report = drain(store, _client(central.base, token))
    assert report.sent == 2 and pending_count(store) == 0
    assert _orders_at_central(central, ids) == dict.fromkeys(ids, 1)


def test_server_restart_mid_drain(central_db: str, data_dir: Path) -> None:
    with live_server(central_db, catalog_now()) as first:
        store, token = _terminal(first, data_dir)
        seats = [f"A-{r}-{n}" for r in (1, 2) for n in range(1, 5)] + [f"B-1-{n}" for n in range(1, 6)]
        ids = _queue(store, seats)
        # After 5 orders central "goes away" at once (every connection reset), and then the
        # real server is stopped too: the rest of the drain meets a dead central.
        proxy = FaultProxy(int(first.base.rsplit(":", 1)[1]), forward_target=5, down_at_target=True)
        client = _client(proxy.url, token, retries=1)
        result: dict[str, object] = {}
        worker = threading.Thread(target=lambda: result.setdefault("r", drain(store, client, batch=2)))
        worker.start()
        assert proxy.forwarded_event.wait(30)
    # The first server is gone (context closed) while the drain runs.
    worker.join(60)
    first_report = result["r"]
    assert 0 < first_report.sent < len(ids)  # type: ignore[attr-defined]
    assert pending_count(store) > 0
    with live_server(central_db, catalog_now()) as second:
        proxy.upstream_port = int(second.base.rsplit(":", 1)[1])
        proxy.down = False
        report = drain(store, client)
        assert pending_count(store) == 0 and report.attention == 0
        assert _orders_at_central(second, ids) == dict.fromkeys(ids, 1)
    proxy.close()

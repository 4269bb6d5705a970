"""The terminal's clock against central's, and selling while the network hangs."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn

from central.app import create_app
from central.services import admin
from central.services.catalog import import_catalog
from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import open_store
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.protocol import CatalogFeed
from sync.pull import sync_once
from sync.relay import drain, pending_count
from sync.transport import CentralClient, Timeouts
from tests.central.live import Live
from tests.factories import open_shift_for
from tests.sync.conftest import catalog_now, enrol_code
from tests.sync.faultproxy import FaultProxy

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


@contextmanager
def central_with_clock(db_url: str, offset: timedelta) -> Iterator[Live]:
    """A real central whose clock runs ``offset`` ahead of this machine's."""
    app = create_app(db_url=db_url, clock=lambda: datetime.now(UTC) + offset, sweep_interval=None)
    ctx = app.state.central
    import_catalog(ctx, CatalogFeed.model_validate(catalog_now()))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not server.started and thread.is_alive():
        started.wait(0.02)
    try:
        yield Live(f"http://127.0.0.1:{port}", ctx, admin.make_platform_token(ctx, "web"))
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _terminal(live: Live, data_dir: Path):  # type: ignore[no-untyped-def]
    enrol(data_dir, central_url=live.base, code=enrol_code(live), terminal_name="till")
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK)
    return store, connect(store)


def test_clock_skew_is_measured_and_warned_about(tmp_path: Path) -> None:
    with central_with_clock(f"sqlite:///{tmp_path / 'c.sqlite'}", timedelta(minutes=3)) as live:
        store, client = _terminal(live, tmp_path / "t")
        report = sync_once(store, client)
    assert report.skew_seconds is not None and 170 < report.skew_seconds < 190
    assert "behind" in report.skew_warning


def test_no_warning_when_the_clocks_agree(tmp_path: Path) -> None:
    with central_with_clock(f"sqlite:///{tmp_path / 'c.sqlite'}", timedelta(0)) as live:
        store, client = _terminal(live, tmp_path / "t")
        report = sync_once(store, client)
    assert report.skew_seconds is not None and abs(report.skew_seconds) < 5
    assert report.skew_warning == ""


def test_selling_goes_on_while_a_drain_hangs_on_the_network(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    sync_once(store, client)
    signer = load_signer(store)

    def one(seat: str) -> str:
        return sell(
            store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id=seat)],
            tenders=[Tender(kind="cash", amount=Money(50000))],
            actor=CLERK,
            signer=signer,
        ).order_id

    one("A-1-1")
    proxy = FaultProxy(
        int(central.base.rsplit(":", 1)[1]), mode="slow", faults=1, hold_seconds=8.0, forward_target=1
    )
    slow = CentralClient(proxy.url, token=client.token, timeouts=Timeouts(read=10.0), retries=0)
    worker = threading.Thread(target=drain, args=(store, slow))
    worker.start()
    try:
        assert proxy.forwarded_event.wait(20)  # the drain is now waiting on central's reply
        sold = [one("A-1-2"), one("A-1-3")]
        assert worker.is_alive()  # the sales committed while the drain was still hanging
    finally:
        worker.join(30)
        proxy.close()
    drain(store, client)
    assert pending_count(store) == 0 and len(sold) == 2

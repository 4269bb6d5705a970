"""The one selling path against a real central on loopback, for ``bench_sale_commit.py``:
an enrolled terminal (SQLite central in this process, as ``pos demo`` runs it) selling
4-seat carts offline, online as ``pos sell`` does (hold, then commit), online with the
order sent at once, and online as the app does (the cart held while the clerk picked)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import requests
from _numbers import pct

from pos.cash.tenders import Tender
from pos.catalog.cache import free_allocated_seats
from pos.money import Money
from pos.sales import CartItem
from pos.sales.holds import spec_for
from pos.sales.selling import sell_cart
from pos.staff.access import Role, StaffSession, add_staff, authenticate
from pos.store.db import Store, open_store
from pos.terminal import connectivity
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.online import CentralHoldGateway
from sync.pull import sync_once
from tests.central.live import live_server
from tests.factories import open_shift_for, small_catalog
from tests.sync.conftest import MemoryKeyring, enrol_code

Result = dict[str, tuple[list[float], float]]  # row -> (times in ms, HTTP requests per sale)


class _Counting(requests.Session):
    """An HTTP session that counts the requests made through it."""

    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def request(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.n += 1
        return super().request(*args, **kwargs)


def _terminal(live: Any, data: Path) -> Store:
    enrol(data, central_url=live.base, code=enrol_code(live, "BO-1"), terminal_name="bench")
    store = open_store(data)
    sup = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=sup)
    open_shift_for(store, authenticate(store, staff_id="C1", pin="1357"))
    client = connect(store)
    sync_once(store, client)
    client.close()
    return store


def measure(data: Path, n: int) -> Result:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    catalog = small_catalog(datetime.now(UTC), rows_per_section=50, seats_per_row=50)
    try:
        with live_server(f"sqlite:///{data.parent / 'central.sqlite'}", catalog) as live:
            return _measure(_terminal(live, data), n)
    finally:
        keyring.set_keyring(previous)


def _measure(store: Store, n: int) -> Result:
    clerk = authenticate(store, staff_id="C1", pin="1357")
    signer = load_signer(store)
    seats: Iterator[str] = iter(
        free_allocated_seats(store, performance_id="P-CONCERT", outlet_id="BO-1", limit=16 * n + 16)
    )
    counting = _Counting()
    client = connect(store, session=counting)
    out: Result = {}

    def run(name: str, gateway: CentralHoldGateway | None, *, online: bool, app: bool = False) -> None:
        if online:
            connectivity.record_online(store)
        else:
            connectivity.record_offline(store, reason="bench")
        times: list[float] = []
        made = 0
        for _ in range(n):
            items = [CartItem("adult", seat_id=next(seats)) for _ in range(4)]
            held = None
            if app and gateway is not None:  # the app holds while the clerk picks: not the sale's time
                held = gateway.hold(hold_id=str(uuid.uuid4()), spec=spec_for("P-CONCERT", items), ttl_seconds=300)
            before = counting.n
            t0 = time.perf_counter()
            sell_cart(store, gateway=gateway, performance_id="P-CONCERT", items=items,
                      tenders=[Tender(kind="cash", amount=Money(200_000))], actor=clerk, signer=signer,
                      held=held)
            times.append((time.perf_counter() - t0) * 1000)
            made += counting.n - before
        out[name] = (times, made / n)

    # Central's offline caps would stop a few hundred offline sales: not what is measured.
    connectivity.set_caps(store, connectivity.OfflineCaps(10**9, 10**12, 24))
    held_only = CentralHoldGateway(store, client, upload=False)
    sending = CentralHoldGateway(store, client, upload=True)
    run("offline (offline policy)", held_only, online=False)
    run("online: hold + commit", held_only, online=True)
    run("online: + order sent", sending, online=True)
    run("online, app (held at pick)", held_only, online=True, app=True)
    # Whatever the non-sending rows left queued goes up now (not timed), as a sync would.
    sending.order_committed("")
    client.close()
    store.close()
    return out


def report(result: Result) -> None:
    offline = result["offline (offline policy)"][0]
    print(f"\nthe one selling path, 4-seat carts, central on loopback ({len(offline)} sales each)")
    print(f"{'':28} {'p50 ms':>8} {'p95 ms':>8} {'HTTP/sale':>10}")
    for name, (times, per_sale) in result.items():
        print(f"{name:28} {pct(times, 50):8.2f} {pct(times, 95):8.2f} {per_sale:10.2f}")
    hold = result["online: hold + commit"]
    extra = pct(hold[0], 50) - pct(offline, 50)
    print(f"online hold adds {extra:.2f} ms at p50 and {hold[1]:.2f} request(s) per sale (target: at most 1)")


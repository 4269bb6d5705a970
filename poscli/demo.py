"""The quick-start demo: a terminal of the demo outlet, the demo catalog, one sale."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

from poscli.base import Ctx

if TYPE_CHECKING:
    from ui.context import DemoHint

DEMO_TERMINAL = "T01"
DEMO_OUTLET = "BO-MALL"
DEMO_SUPERVISOR = ("9001", "王主管 Wang (supervisor)", "258036")
DEMO_CLERK = ("1001", "李售票 Li (clerk)", "1357")


def _enrol_with_local_central(ctx: Ctx, central_url: str, central_db: str) -> None:
    """Enrol the demo terminal with the local central (whose database we can reach)."""
    from central.cli import _open
    from central.services import admin
    from sync.credentials import keyring_usable
    from sync.enrol import enrol

    code = admin.make_enrol_code(_open(central_db), DEMO_OUTLET, 10)
    if not keyring_usable():
        click.echo("note: no OS keyring here; the demo keeps central's token in an owner-only file", err=True)
    enrol(
        ctx.data_dir, central_url=central_url, code=code, terminal_name="demo counter", allow_token_file=True
    )


def _sync(ctx: Ctx, say: Callable[[str], None]) -> None:
    from pos.store.db import open_store
    from sync.enrol import central_link, connect
    from sync.pull import sync_once

    store = open_store(ctx.data_dir)
    if central_link(store) is None:
        return
    report = sync_once(store, connect(store, allow_token_file=True))
    sent = report.drained.sent if report.drained else 0
    say(
        f"synced with central: {'online' if report.online else 'OFFLINE'}, pulled "
        + ", ".join(f"{k} {v}" for k, v in report.applied.items())
        + f"; uploaded {sent} order(s)"
    )


def run_demo(ctx: Ctx, *, central_url: str | None = None, central_db: str | None = None) -> None:
    from pos.cash.tenders import Tender
    from pos.catalog.cache import free_allocated_seats, import_catalog, list_performances
    from pos.journal.chain import verify as verify_journal
    from pos.money import Money
    from pos.sales import CartItem
    from pos.sales.selling import sell_cart
    from pos.staff.access import Role, add_staff, authenticate
    from pos.store.db import STORE_FILENAME, open_store
    from pos.terminal.identity import init_terminal, known_keys, load_signer
    from pos.tickets import verify
    from resources.demo.generate import build_catalog
    from sync.protocol import CatalogFeed

    say: Callable[[str], None] = (lambda _s: None) if ctx.as_json else click.echo
    if not (ctx.data_dir / STORE_FILENAME).exists():
        if central_url and central_db:
            say(f"enrolling a demo terminal of outlet {DEMO_OUTLET} with central at {central_url}")
            _enrol_with_local_central(ctx, central_url, central_db)
            _sync(ctx, say)
            store = open_store(ctx.data_dir)
        else:
            say(f"setting up demo terminal {DEMO_TERMINAL} of outlet {DEMO_OUTLET} in {ctx.data_dir}")
            init_terminal(ctx.data_dir, terminal_id=DEMO_TERMINAL, outlet_id=DEMO_OUTLET, language="zh")
            store = open_store(ctx.data_dir)
            today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
            feed = CatalogFeed.model_validate(build_catalog(today))
            report = import_catalog(store, feed.model_dump(mode="python"))
            say(f"imported the demo catalog: {report.performances} performances, {report.seats} seats")
        sup = add_staff(
            store,
            staff_id=DEMO_SUPERVISOR[0],
            name=DEMO_SUPERVISOR[1],
            role=Role.SUPERVISOR,
            pin=DEMO_SUPERVISOR[2],
            by=None,
        )
        boss = authenticate(store, staff_id=sup.staff_id, pin=DEMO_SUPERVISOR[2])
        add_staff(
            store, staff_id=DEMO_CLERK[0], name=DEMO_CLERK[1], role=Role.CLERK, pin=DEMO_CLERK[2], by=boss
        )
        say(
            f"staff: supervisor {DEMO_SUPERVISOR[0]} PIN {DEMO_SUPERVISOR[2]}, clerk {DEMO_CLERK[0]} PIN {DEMO_CLERK[2]}"
        )
    store = open_store(ctx.data_dir)
    now = datetime.now(UTC)
    clerk = authenticate(store, staff_id=DEMO_CLERK[0], pin=DEMO_CLERK[2])
    for perf in list_performances(store, on_or_after=now.date()):
        if (
            perf.status != "on_sale"
            or perf.real_name_required
            or not (perf.sales_open_at <= now < perf.sales_close_at)
        ):
            continue
        seats = free_allocated_seats(
            store, performance_id=perf.performance_id, outlet_id=DEMO_OUTLET, limit=2
        )
        if len(seats) == 2:
            break
    else:
        raise click.ClickException("the demo outlet has no seats left to sell; use a fresh --data-dir")
    say(
        f"selling seats {', '.join(seats)} of {perf.performance_id} ({perf.event_name_zh} / {perf.event_name_en})"
    )
    from pos.sales import quote

    q = quote(store, performance_id=perf.performance_id, items=[CartItem("adult", seat_id=s) for s in seats])
    # The customer hands over the next round hundred yuan.
    cash = ((q.breakdown.total.amount // 10000) + 1) * 10000
    from pos.cash.shifts import current_shift, open_shift

    if current_shift(store) is None:
        # Selling needs an open shift: the demo clerk counts a 500-yuan float into the drawer.
        open_shift(store, actor=clerk, opening_float=50_000)
        say("shift opened with a float of 500.00")
    from sync.enrol import central_link
    from sync.online import CentralHoldGateway

    # The one selling path, as `pos sell` and the app: held at central first when online.
    gateway = CentralHoldGateway(store) if central_link(store) is not None else None
    try:
        result = sell_cart(
            store,
            gateway=gateway,
            performance_id=perf.performance_id,
            items=[CartItem("adult", seat_id=s) for s in seats],
            tenders=[Tender(kind="cash", amount=Money(cash, q.breakdown.total.currency))],
            actor=clerk,
            signer=load_signer(store),
        )
    finally:
        if gateway is not None:
            gateway.close()
    from poscli.cart import print_sale

    print_sale(ctx, result)
    from poscli.demo_wallet import wallet_sale  # issue 19: a seat paid by a scanned demo code

    wallet_sale(ctx, store, clerk, perf.performance_id, say)
    keys = known_keys(store)
    for t in result.tickets:
        verify(t.code, keys=keys)
    chain = verify_journal(store)
    say(f"all {len(result.tickets)} ticket codes verify; journal ok ({chain.entries} entries)")
    _sync(ctx, say)
    say(
        f"next: pos --data-dir {ctx.data_dir} catalog list   |   pos --data-dir {ctx.data_dir} journal verify"
    )


DEMO_PORT = 8765


@contextmanager
def embedded_central(ctx: Ctx, port: int, say: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """Central's reference server on SQLite beside the terminal's data folder, loaded with
    the demo catalog (dated from today) the first time, serving 127.0.0.1:``port`` on a
    thread of this process for as long as the demo runs. Yields (URL, database URL)."""
    import socket
    import threading
    import time

    import uvicorn

    from central.app import create_app
    from central.services.catalog import import_catalog
    from resources.demo.generate import build_catalog
    from sync.protocol import CatalogFeed

    folder = ctx.data_dir.with_name(ctx.data_dir.name + "-central")
    folder.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{folder / 'central.sqlite'}"
    fresh = not (folder / "central.sqlite").exists()
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise click.ClickException(
                f"port {port} is taken (another demo central?): stop it, or give --port"
            )
    app = create_app(db_url=db_url)
    if fresh:
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
        report = import_catalog(app.state.central, CatalogFeed.model_validate(build_catalog(today)))
        say(f"central: demo catalog published ({report})")
        _demo_members(app, say)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="demo-central", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise click.ClickException(f"central did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    say(f"central: serving {url} (data in {folder})")
    try:
        yield url, db_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _demo_members(app: Any, say: Callable[[str], None]) -> None:
    """One member per tier (issue 22), and the gold member's signed code to scan at F7."""
    from central.membercodes import encode
    from central.services.members import add_member
    from resources.demo.members import DEMO_MEMBERS

    for m in DEMO_MEMBERS:
        add_member(app.state.central, **m)  # type: ignore[arg-type]
    key = app.state.central_key
    code = encode(key.private, key.key_id, member_number="M30001", issued_at=int(datetime.now().timestamp()))
    say(f"central: demo members M10001 (normal), M20001 (silver), M30001 (gold); gold member code {code}")


def demo_hint() -> DemoHint:
    from paygate.democodes import ALIPAY, WECHAT, Scenario
    from ui.context import DemoHint

    return DemoHint(
        clerk=(DEMO_CLERK[0], DEMO_CLERK[2]), supervisor=(DEMO_SUPERVISOR[0], DEMO_SUPERVISOR[2]),
        wechat=WECHAT[Scenario.SUCCESS], alipay=ALIPAY[Scenario.SUCCESS],
        confirming=WECHAT[Scenario.CONFIRM_THEN_PAID], balance_low=WECHAT[Scenario.NOT_ENOUGH],
    )


def has_screen() -> bool:
    import os
    import sys

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in ("offscreen", "minimal", "vnc"):
        return False  # a test or a headless run: nothing to show the app on
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or platform) or sys.platform in (
        "darwin",
        "win32",
    )

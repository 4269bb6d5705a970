"""The training sandbox: central's own app on SQLite in the training folder, served on a free
loopback port on a thread of this process while the training store is open (issue 25).

The first time a training session opens it, the sandbox is made: central's database in
``<training>/sandbox-central`` (central's own migrations), the training store's copy of the
real cached catalog published there (:mod:`pos.training.catalog_export`), the seats the
real map showed taken marked sold, the training terminal enrolled with it (its link marked
``sandbox``, its token in the training folder), a few web orders for this outlet to practise
pickups on, then one sync: keys, catalog, seat map, the outlet's allocation, the terminal's
offline lease and the pickup feed. Holds, online sales, pickups and refunds then go to the
sandbox exactly as real ones go to central, and nothing can reach the real central:
:mod:`sync.sandbox` gives a training store no other address than this process's sandbox.

The sandbox signs and takes training codes only (``create_app(sandbox=True)``), so a web
order's ticket handed out in training is refused at every door like any practice ticket.
"""

from __future__ import annotations

import logging
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pos.errors import PosError
from pos.training.mode import SANDBOX_FOLDER
from sync.sandbox import SandboxAddress, register, unregister

log = logging.getLogger(__name__)

DB_FILE = "central.sqlite"
PRACTICE_BUYER = "培训 Trainee"
PRACTICE_PHONE = "13800000000"
PRACTICE_ORDERS = 3


class SandboxFailed(PosError):
    code = "sandbox_failed"


def sandbox_db_url(training_folder: Path) -> str:
    return f"sqlite:///{Path(training_folder) / SANDBOX_FOLDER / DB_FILE}"


@contextmanager
def run_sandbox(training_folder: Path) -> Iterator[SandboxAddress]:
    """Serve the training folder's sandbox (made first when new) until the block ends."""
    from central.app import create_app
    from central.holder_keys import load_or_create
    from pos.store import settings
    from pos.store.db import open_store
    from pos.store.private import make_private_dir
    from sync.enrol import CENTRAL_SETTING

    folder = Path(training_folder)
    store = open_store(folder)
    try:
        fresh = not settings.get(store, CENTRAL_SETTING)
    finally:
        store.close()
    home = folder / SANDBOX_FOLDER
    if fresh and home.exists():
        shutil.rmtree(home)  # half made (a crash before enrolment): start it again
    make_private_dir(home)
    started = time.perf_counter()
    quiet = logging.getLogger("central.holder_keys")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # "created central's holder keys": expected, every session
    try:
        # Its own ID-number keys, never $POS_CENTRAL_HOLDER_KEYS (a real central's).
        holder_keys = load_or_create(home / "holder.keys")
    finally:
        quiet.setLevel(level)
    app = create_app(db_url=sandbox_db_url(folder), sandbox=True, holder_keys=holder_keys)
    cursors: dict[str, int] = {}
    if fresh:
        cursors = _publish(app.state.central, folder)
    with _serve(app) as url:
        address = SandboxAddress(url, app.state.central_key.key_id)
        register(folder, address)
        try:
            if fresh:
                _enrol_and_seed(app, folder, address, cursors)
            with _training_wallets(folder):
                log.info("training sandbox serving %s (%.2f s)", url, time.perf_counter() - started)
                yield address
        finally:
            unregister(folder)
            _gone_offline(folder)


def prepare_sandbox(training_folder: Path) -> bool:
    """Make the sandbox of a training session that just started (then stop serving it: the
    app serves it when it opens). Should it fail (a full disk, a broken install), training
    goes on without one, from its lease, with practice online orders of its own for the
    pickup exercise; False then, and the log says why."""
    try:
        with run_sandbox(training_folder):
            return True
    except Exception:
        log.exception("the training sandbox central could not be made: training runs offline")
        from pos.store.db import open_store
        from pos.training.pickups import seed_practice_pickups

        store = open_store(training_folder)
        try:
            seed_practice_pickups(store, now=datetime.now(UTC))
        finally:
            store.close()
        return False


def _gone_offline(folder: Path) -> None:
    """The sandbox stopped: the training store has no central now, as a till whose network
    dropped, so a practice sale made without it sells from the training lease."""
    from pos.store.db import open_store
    from pos.terminal import connectivity

    store = open_store(folder)
    try:
        connectivity.record_offline(store, reason="the training sandbox is not running")
    finally:
        store.close()


@contextmanager
def _serve(app: Any) -> Iterator[str]:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # a free port, on loopback only
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="training-sandbox", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    try:
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise SandboxFailed("the training sandbox central did not start")
            time.sleep(0.01)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _publish(ctx: Any, folder: Path) -> dict[str, int]:
    """The training store's catalog at the sandbox, with the seats taken on the real map.
    Returns the feed cursors at which the training store already holds what was published
    (it is where the catalog came from): its first sync then moves only what differs (the
    standing areas' counts, the seeded web orders) instead of the whole catalog and every
    seat again, which took most of a minute for the demo's 60,700-seat stadium."""
    from sqlalchemy import func, select, update

    from central.models import CatalogItem, SeatInventory
    from central.services import admin
    from central.services.catalog import import_catalog
    from pos.store.db import open_store
    from pos.terminal.identity import terminal_info
    from pos.training.catalog_export import export_catalog
    from sync.protocol import CatalogFeed

    store = open_store(folder)
    try:
        exported = export_catalog(store)
        outlet = terminal_info(store).outlet_id
    finally:
        store.close()
    feed = CatalogFeed.model_validate(exported.feed)
    if outlet not in {o.id for o in feed.outlets}:
        admin.upsert_outlet(ctx, outlet_id=outlet, name_zh=outlet, name_en=outlet, kind="own")
    import_catalog(ctx, feed)

    def mark(s: Any) -> None:
        for perf, seats in exported.taken.items():
            for chunk in range(0, len(seats), 500):
                s.execute(
                    update(SeatInventory)
                    .where(
                        SeatInventory.performance_id == perf,
                        SeatInventory.seat_id.in_(seats[chunk : chunk + 500]),
                        SeatInventory.status == "free",
                    )
                    .values(status="sold")
                )

    ctx.db.run(mark)

    def cursors(s: Any) -> dict[str, int]:
        # Seats come before their performance's standing areas in the feed (one numbering,
        # seats first): a cursor at the last seat still brings the standing areas.
        out = {"catalog": int(s.scalar(select(func.max(CatalogItem.seq))) or 0)}
        for perf, last in s.execute(
            select(SeatInventory.performance_id, func.max(SeatInventory.seq)).group_by(SeatInventory.performance_id)
        ):
            out[f"seats:{perf}"] = int(last)
        return out

    return ctx.db.run(cursors)


def _enrol_and_seed(app: Any, folder: Path, address: SandboxAddress, cursors: dict[str, int]) -> None:
    from central.services import admin
    from pos.store.db import open_store
    from pos.terminal.identity import terminal_info
    from sync.enrol import connect, enrol
    from sync.feeds import save_cursor
    from sync.pull import sync_once

    ctx = app.state.central
    store = open_store(folder)
    try:
        outlet = terminal_info(store).outlet_id
    finally:
        store.close()
    enrol(folder, central_url=address.url, code=admin.make_enrol_code(ctx, outlet, 10),
          terminal_name="training", sandbox=address)
    seed_online_orders(app, outlet)  # after the cursors: its seats come through the feed
    store = open_store(folder)
    try:
        for feed, at in cursors.items():
            save_cursor(store, feed, at)
        client = connect(store)
        try:
            report = sync_once(store, client)
        finally:
            client.close()
    finally:
        store.close()
    if not report.online:
        raise SandboxFailed(f"the training store could not sync with its sandbox: {report.error}")


def seed_online_orders(app: Any, outlet: str, *, count: int = PRACTICE_ORDERS) -> list[str]:
    """Web orders to collect at ``outlet``, one ticket each, for the performances on sale now
    (standing places first, then a seat; real-name events left out): their pickup codes."""
    from sqlalchemy import select

    from central.errors import ApiError
    from central.models import Performance, SeatInventory, StandingArea
    from central.services.online import put_online_order
    from sync.protocol.online import OnlineOrderRequest

    ctx, key = app.state.central, app.state.central_key
    now = datetime.now(UTC)

    def candidates(s: Any) -> list[OnlineOrderRequest]:
        perfs = s.scalars(
            select(Performance)
            .where(Performance.status == "on_sale", Performance.sales_open_at <= now, Performance.sales_close_at > now)
            .order_by(Performance.starts_at, Performance.id)
        ).all()
        out = []
        for perf in perfs:
            base = {"performance_id": perf.id, "concession": "adult", "buyer_name": PRACTICE_BUYER,
                    "buyer_phone": PRACTICE_PHONE, "pickup_outlet_id": outlet}
            area = s.scalars(select(StandingArea.area_id).where(
                StandingArea.performance_id == perf.id, StandingArea.pool_used < StandingArea.pool_capacity)).first()
            if area is not None:
                out.append(OnlineOrderRequest(**base, area_id=area, quantity=1))
            seat = s.scalars(select(SeatInventory.seat_id).where(
                SeatInventory.performance_id == perf.id, SeatInventory.status == "free",
                SeatInventory.allocated_outlet.is_(None)).order_by(SeatInventory.seat_id.desc())).first()
            if seat is not None:
                out.append(OnlineOrderRequest(**base, seat_ids=[seat]))
        return out

    codes: list[str] = []
    for req in ctx.db.run(candidates):
        if len(codes) >= count:
            break
        try:
            _status, reply = put_online_order(ctx, key, uuid.uuid4(), req)
        except ApiError as exc:  # real-name, a concession not sold there…: the next one
            log.info("no practice web order for %s: %s", req.performance_id, exc.reason)
            continue
        codes.append(reply.pickup_code)
    return codes


@contextmanager
def _training_wallets(folder: Path) -> Iterator[None]:
    """The local wallet gateway (``paygate``) beside the sandbox, on a free loopback port, and
    the training store set up for its practice merchant, for as long as the sandbox runs: the
    mobile-pay exercise scans the demo codes as a real sale scans a customer's. Its secrets go
    to files in the training folder, never the OS keyring (where a real merchant's live), and
    the set-up is removed when the sandbox stops, so nothing run on the training store outside
    it can reach a gateway. Should the gateway not start, training goes on with cash and card."""
    from paygate.server import running_gateway
    from payments.config import CONFIG_FILE, SECRETS_DIR, setup_from_credentials

    def forget() -> None:
        (folder / CONFIG_FILE).unlink(missing_ok=True)
        shutil.rmtree(folder / SECRETS_DIR, ignore_errors=True)

    with ExitStack() as stack:
        try:
            gateway = stack.enter_context(running_gateway(folder / SANDBOX_FOLDER / "paygate", port=0))
            setup_from_credentials(data_dir=folder, credentials_file=gateway.demo.credentials_file,
                                   keyring_allowed=False)
            stack.callback(forget)
        except Exception:  # the exercise says so; selling goes on
            log.exception("the training wallet gateway did not start: mobile pay is off in training")
            forget()
        yield

"""Issue 25: training with its sandbox central, next to a real central over loopback.

A terminal enrolled with a real central (a request-counting one) starts training: the
sandbox is made in the training folder (catalog copied, terminal enrolled, web orders to
collect). A practice sale held at the sandbox, a pickup and a supervisor's refund all reach
the sandbox, and the real central receives not one request; the real shift and Z figures do
not move; stopping training leaves the real journal as it was plus the two switch entries,
and throws the sandbox away. Then the abuse: a training store pointed at the real central by
hand still reaches nothing, a sandbox takes no real code and signs only training codes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from click.testing import CliRunner

from paygate.democodes import WECHAT, Scenario
from payments.config import CONFIG_FILE
from pos.training import training_dir
from pos.training.mode import SANDBOX_FOLDER
from poscli.main import cli
from poscli.sandbox import _serve, run_sandbox
from tests.factories import CLERK, OUTLET, SUPERVISOR, small_catalog
from tests.sync.conftest import MemoryKeyring

SUP = ["--staff", SUPERVISOR[0], "--pin", SUPERVISOR[1]]
CLK = ["--staff", CLERK[0], "--pin", CLERK[1]]


@dataclass
class Counting:
    """An ASGI app in front of the real central that notes every request it receives."""

    app: Any
    calls: list[str] = field(default_factory=list)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.calls.append(f"{scope['method']} {scope['path']}")
        await self.app(scope, receive, send)


@dataclass
class Real:
    url: str
    counting: Counting
    db: Path
    data: Path


def pos(data: Path, *args: str, code: int = 0) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "--json", *args])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _rows(db: Path, query: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return list(con.execute(query))
    finally:
        con.close()


@pytest.fixture
def real(tmp_path: Path, data_dir: Path) -> Iterator[Real]:
    """A terminal enrolled with a real central on loopback, staffed, synced, one real sale."""
    from central.app import create_app
    from central.services import admin
    from central.services.catalog import import_catalog
    from pos.staff.access import Role, StaffSession, add_staff
    from pos.store.db import open_store
    from sync.enrol import enrol
    from sync.protocol import CatalogFeed
    from tests.factories import open_shift_for

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db = tmp_path / "real-central.sqlite"
    app = create_app(db_url=f"sqlite:///{db}", sweep_interval=None)
    import_catalog(app.state.central, CatalogFeed.model_validate(small_catalog(datetime.now(UTC))))
    counting = Counting(app)
    with _serve(counting) as url:
        enrol(data_dir, central_url=url, code=admin.make_enrol_code(app.state.central, OUTLET), terminal_name="till")
        store = open_store(data_dir)
        add_staff(store, staff_id=SUPERVISOR[0], name="Supervisor", role=Role.SUPERVISOR, pin=SUPERVISOR[1], by=None)
        boss = StaffSession(SUPERVISOR[0], "S", Role.SUPERVISOR, datetime.now(UTC))
        add_staff(store, staff_id=CLERK[0], name="Clerk", role=Role.CLERK, pin=CLERK[1], by=boss)
        now = datetime.now(UTC)
        open_shift_for(store, StaffSession(CLERK[0], "Clerk", Role.CLERK, now), now=now)
        store.close()
        pos(data_dir, "sync")
        pos(data_dir, "sell", "--performance", "P-CONCERT", "--standing", "FLOOR=1", "--tender", "cash:1000", *CLK)
        yield Real(url, counting, db, data_dir)
    keyring.set_keyring(previous)


def _journal(data: Path) -> list[tuple[int, str, str]]:
    return [
        (r[0], r[1], r[2])
        for r in _rows(data / "pos.sqlite", "SELECT seq, json_extract(record, '$.kind'), hash FROM journal ORDER BY seq")
    ]


def test_training_reaches_its_sandbox_and_never_the_real_central(real: Real) -> None:
    data = real.data
    journal_before = _journal(data)
    shift_before = pos(data, "shift", "status", *SUP)
    z_before = pos(data, "report", "z", "--preview", *SUP)
    real_orders = _rows(real.db, "SELECT id FROM orders ORDER BY id")
    assert len(real_orders) == 1  # the real sale went up

    started = pos(data, "training", "start", *SUP)
    folder = training_dir(data)
    sandbox_db = folder / SANDBOX_FOLDER / "central.sqlite"
    heard = len(real.counting.calls)
    # The training store is enrolled with its sandbox only: not one request went to the real
    # central while the sandbox was made and synced.
    assert heard == len(real.counting.calls)

    pos(folder, "shift", "open", "--float", "500", *CLK)
    with run_sandbox(folder) as sandbox:
        assert sandbox.url != real.url
        assert pos(folder, "sync")["online"] is True  # with the sandbox, the only central it has
        sold = pos(folder, "sell", "--performance", "P-CONCERT", "--standing", "FLOOR=2",
                   "--tender", "cash:1000", *CLK)
        seated = pos(folder, "sell", "--performance", "P-CONCERT", "--seat", "A-1-1",
                     "--tender", "cash:2000", *CLK)
        picked = pos(folder, "pickup", started["pickup_codes"][0], *CLK)
        # A mobile-pay sale scans a demo code at the sandbox's practice wallet gateway: its
        # set-up is in the training folder's files (never the OS keyring, never the real store's).
        per_ticket = sold["total"] // 2
        paid = pos(folder, "sell", "--performance", "P-CONCERT", "--standing", "FLOOR=1", "--tender",
                   f"mobile:{per_ticket // 100}.{per_ticket % 100:02d}:{WECHAT[Scenario.SUCCESS]}", *CLK)
        wallets = json.loads((folder / CONFIG_FILE).read_text())
        assert {wallets[w]["secret_store"] for w in ("wechat", "alipay")} == {"file"}
        assert all(wallets[w]["gateway"].startswith("http://127.0.0.1:") for w in ("wechat", "alipay"))
        assert not (data / CONFIG_FILE).exists()
        secrets = keyring.get_keyring().secrets  # type: ignore[attr-defined]
        assert not [k for k in secrets if "wechat" in k[1] or "alipay" in k[1]]
        refunded = pos(folder, "refund", seated["order_number"], *SUP)
        pos(folder, "sync")
    assert picked["collected"] is not None
    at_sandbox = {r[0] for r in _rows(sandbox_db, "SELECT id FROM orders")}
    assert {sold["order_id"], seated["order_id"], paid["order_id"]} <= at_sandbox
    assert not (folder / CONFIG_FILE).exists()  # the practice gateway's set-up went with the sandbox
    assert _rows(sandbox_db, "SELECT status FROM seats WHERE performance_id = 'P-CONCERT' AND seat_id = 'A-1-1'")
    assert _rows(sandbox_db, "SELECT count(*) FROM refunds")[0][0] == 1
    assert _rows(sandbox_db, "SELECT count(*) FROM orders WHERE collected_at IS NOT NULL")[0][0] == 1
    assert refunded["order_number"] == seated["order_number"]

    # The real central heard nothing, and holds nothing of it.
    assert real.counting.calls[heard:] == []
    assert _rows(real.db, "SELECT id FROM orders ORDER BY id") == real_orders
    # The handed-out web ticket is a training code: every door refuses it.
    code = picked["tickets"][0]["code"]
    assert "training_ticket" in json.dumps(pos(data, "ticket", "verify", code, code=1))

    stopped = pos(data, "training", "stop", *SUP)
    assert stopped["training"] is False
    assert not (folder / SANDBOX_FOLDER).exists() and not (folder / "sandbox-token").exists()
    after = _journal(data)
    assert after[: len(journal_before)] == journal_before  # the real journal as it was…
    assert [k for _, k, _ in after[len(journal_before) :]] == ["training_started", "training_stopped"]
    assert pos(data, "shift", "status", *SUP) == shift_before  # …and its shift and Z figures
    z_after = pos(data, "report", "z", "--preview", *SUP)
    moved = {k for k in z_before if z_after.get(k) != z_before[k]}
    # Only the journal's tip (the two switch entries) and the X-report's own time differ.
    assert moved <= {"period_end", "journal_head", "last_seq"}
    assert len(z_before) > len(moved) + 10  # the figures themselves are all equal
    assert real.counting.calls[heard:] == []


def test_a_training_store_pointed_at_the_real_central_reaches_nothing(real: Real) -> None:
    from pos.errors import InvalidInput
    from pos.store import settings
    from pos.store.db import open_store
    from sync.enrol import CENTRAL_SETTING, central_link, connect
    from sync.sandbox import SandboxAddress, register, unregister

    pos(real.data, "training", "start", *SUP)
    folder = training_dir(real.data)
    heard = len(real.counting.calls)
    practice = open_store(folder)
    try:
        assert central_link(practice) is None  # its sandbox does not run in this process
        link = settings.get(practice, CENTRAL_SETTING)
        real_link = settings.get(open_store(real.data), CENTRAL_SETTING)
        for forged in (
            {**link, "url": real.url},  # the sandbox's link, aimed at the real central
            {**real_link},  # the real terminal's link, copied in
            {**real_link, "sandbox": True},
        ):
            with practice.write() as session:
                settings.write(session, CENTRAL_SETTING, forged)
            assert central_link(practice) is None
            with run_sandbox(folder) as sandbox:
                found = central_link(practice)
                assert found is None or found.url == sandbox.url
        # A sandbox registered for the folder but answering with another key (the real
        # central's address, say) is not this store's sandbox either.
        with practice.write() as session:
            settings.write(session, CENTRAL_SETTING, link)
        register(folder, SandboxAddress(real.url, real_link["central_key_id"]))
        try:
            assert central_link(practice) is None
        finally:
            unregister(folder)
        with pytest.raises(InvalidInput, match="training store"):
            connect(practice)
        # What a till does when it has no central: a sale from its training lease, offline.
        pos(folder, "shift", "open", "--float", "500", *CLK)
        sold = pos(folder, "sell", "--performance", "P-CONCERT", "--standing", "FLOOR=1", "--tender", "cash:1000",
                   *CLK)
        assert sold["tickets"]
    finally:
        practice.close()
    assert real.counting.calls[heard:] == []


def test_enrolment_and_registry_refuse_what_is_not_a_sandbox(real: Real, tmp_path: Path) -> None:
    from pos.errors import InvalidInput
    from sync.enrol import enrol
    from sync.sandbox import SandboxAddress, register

    with pytest.raises(InvalidInput):
        register(tmp_path, SandboxAddress("https://central.example.com", "ABCD1234"))
    with pytest.raises(InvalidInput):
        register(tmp_path, SandboxAddress("http://10.0.0.5:8000", "ABCD1234"))
    pos(real.data, "training", "start", *SUP)
    folder = training_dir(real.data)
    fake = SandboxAddress(real.url, "00000000")
    with pytest.raises(InvalidInput):  # the real store is no training store
        enrol(real.data, central_url=real.url, code="ABCD-EFGH-JKLM", sandbox=fake)
    with pytest.raises(InvalidInput):  # a training store enrols with its own sandbox only
        enrol(folder, central_url=real.url, code="ABCD-EFGH-JKLM")


def test_a_sandbox_takes_training_codes_only_and_signs_only_training_codes(tmp_path: Path) -> None:
    from central.app import create_app
    from central.ticketcodes import TRAINING_CODE_VERSION, is_training
    from poscli.sandbox import seed_online_orders
    from sync.protocol import CatalogFeed

    app = create_app(db_url=f"sqlite:///{tmp_path / 'sandbox.sqlite'}", sweep_interval=None, sandbox=True)
    from central.services.catalog import import_catalog

    import_catalog(app.state.central, CatalogFeed.model_validate(small_catalog(datetime.now(UTC))))
    assert app.state.central_key.version == TRAINING_CODE_VERSION
    codes = seed_online_orders(app, OUTLET)
    assert codes
    tickets = _rows(tmp_path / "sandbox.sqlite", "SELECT code FROM tickets")
    assert tickets and all(is_training(code) for (code,) in tickets)
    # A real central refuses training codes; the sandbox a real one (tests/central cover the
    # upload routes; here the codec's version check they share).
    from central import ticketcodes

    real_code = ticketcodes.encode(app.state.central_key.private, app.state.central_key.key_id,
                                   ticket_id="A" * 16, performance_id="P", item_id="S", concession="adult")
    assert ticketcodes.header(real_code, version=TRAINING_CODE_VERSION) is None
    with pytest.raises(ValueError):
        ticketcodes.decode(real_code, _public(app), version=TRAINING_CODE_VERSION)


def _public(app: Any) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return app.state.central_key.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)  # type: ignore[no-any-return]


def test_training_goes_on_offline_when_its_sandbox_cannot_be_made(data_dir: Path) -> None:
    from pos.store.db import open_store
    from pos.training import start_training
    from pos.training.pickups import practice_codes
    from poscli.sandbox import prepare_sandbox
    from sync.enrol import central_link
    from tests.factories import make_counter

    counter = make_counter(data_dir, now=datetime.now(UTC))
    state = start_training(counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], offline_pickups=False)
    counter.store.close()
    (state.folder / SANDBOX_FOLDER).write_text("not a folder")  # a broken disk, say
    assert prepare_sandbox(state.folder) is False
    practice = open_store(state.folder)
    try:
        assert central_link(practice) is None
        assert [c[:4] for c in practice_codes(practice)] == ["8800"] * 3  # its own practice orders
    finally:
        practice.close()

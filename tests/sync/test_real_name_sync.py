"""Issue 18 end to end, terminals against a live central: the same resident ID cannot hold
tickets for one performance at two outlets, online (refused at hold time, nothing held or
charged) and offline (refused at upload, its code refused at the door); and after the sale
has synced no full ID number is left anywhere in the data folder (store, WAL, backups, logs,
print jobs): the bytes are grepped."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from central.services.doors import bind_door
from pos.cash.tenders import Tender
from pos.door import DoorValidator, Verdict
from pos.errors import NotSellable
from pos.field.backup import backup
from pos.money import Money
from pos.sales import CartItem
from pos.sales.selling import sell_cart
from pos.staff.access import Role, StaffSession, add_staff
from pos.store import sql
from pos.store.db import Store, open_store
from pos.terminal.identity import load_signer
from pos.tickets.realname import make_holder
from printing.jobs import print_order
from printing.profiles import PrinterProfile
from sync.door.central import sync_door
from sync.enrol import central_link, connect, enrol
from sync.online import CentralHoldGateway, hold
from sync.pull import sync_once
from tests.central.live import Live
from tests.factories import open_shift_for, table_counts
from tests.sync.conftest import enrol_code

PERF = "P-MATCH"
ID_1 = "11010519491231002X"
ID_2 = "110105198001011238"
SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


def _till(live: Live, data_dir: Path, outlet: str) -> Store:
    enrol(data_dir, central_url=live.base, code=enrol_code(live, outlet), terminal_name=outlet)
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK)
    _sync(store)
    return store


def _sync(store: Store):  # type: ignore[no-untyped-def]
    client = connect(store)
    try:
        return sync_once(store, client)
    finally:
        client.close()


def _sell(store: Store, seats_and_ids: list[tuple[str, str]], *, offline: bool = False, held=None):  # type: ignore[no-untyped-def]
    gateway = CentralHoldGateway(store, upload=False)
    try:
        return sell_cart(
            store,
            gateway=gateway,
            performance_id=PERF,
            items=[CartItem("adult", seat_id=s, holder=make_holder("张三", n)) for s, n in seats_and_ids],
            tenders=[Tender(kind="cash", amount=Money(500000))],
            actor=CLERK,
            signer=load_signer(store),
            force_offline=offline,
            held=held,
        )
    finally:
        gateway.close()


def _door(store: Store) -> DoorValidator:
    with store.read() as s:
        opens = sql.time_out(sql.row(s, "SELECT doors_open_at FROM performance WHERE id = ?", PERF).doors_open_at)
    assert opens is not None
    return DoorValidator(store, performance_id=PERF, gate="G1", clock=lambda: opens + timedelta(minutes=5))


def test_one_id_one_ticket_per_performance_across_outlets(central: Live, tmp_path: Path) -> None:
    a = _till(central, tmp_path / "a", "BO-1")
    b = _till(central, tmp_path / "b", "BO-2")
    sold = _sell(a, [("A-1-1", ID_1)])
    assert sold.mode == "online"
    assert _sync(a).drained is not None
    with central.ctx.db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM holder_claims")).scalar() == 1
    # Online at the other outlet: central refuses at hold time; nothing held, nothing sold.
    before = table_counts(b)
    with pytest.raises(NotSellable, match="holder_has_ticket") as refused:
        _sell(b, [("B-2-3", ID_1)])
    assert refused.value.details["reason"] == "holder_has_ticket"
    assert table_counts(b) == before
    with central.ctx.db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM holds WHERE outlet_id = 'BO-2'")).scalar() == 0
    # Offline the other outlet cannot ask: it sells from its allocation, and central refuses
    # the upload and revokes the code; the door refuses it after its next sync.
    offline = _sell(b, [("B-2-1", ID_1)], offline=True)
    assert offline.mode == "offline"
    report = _sync(b)
    assert report.drained is not None and report.drained.attention == 1
    with central.ctx.db.engine.connect() as c:
        reason = c.execute(text("SELECT reason FROM refused_orders WHERE id = :i"), {"i": offline.order_id}).scalar()
    assert reason == "holder_has_ticket"
    door = _door(a)
    link = central_link(a)  # the till stands in for a gate: central takes scans only from bound doors
    assert link is not None
    bind_door(central.ctx, terminal_id=link.terminal_id, venue_id="HALL")
    client = connect(a)
    try:
        sync_door(a, client, PERF)
    finally:
        client.close()
    scan = door.check(offline.tickets[0].code)
    assert scan.verdict is Verdict.REFUSED_BY_CENTRAL and not scan.admitted
    first = door.evaluate(sold.tickets[0].code)
    assert first.verdict is Verdict.VALID and first.holder_id == "110***********002X"
    door.close()
    # As the app sells: the seats held first (the seat map), the holders typed in later.
    client = connect(b)
    try:
        held = hold(client, performance_id=PERF, seat_ids=["B-2-4"], ttl_seconds=120)
    finally:
        client.close()
    before = table_counts(b)
    with pytest.raises(NotSellable, match="holder_has_ticket"):
        _sell(b, [("B-2-4", ID_1)], held=held)
    assert table_counts(b) == before
    assert _sell(b, [("B-2-4", ID_2)], held=held).mode == "online"


def test_no_full_id_number_is_left_in_the_data_folder_after_sync(
    central: Live, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    data = tmp_path / "a"
    a = _till(central, data, "BO-1")
    log_file = data / "test.log"  # the app's log, as the counter writes it
    handler = logging.FileHandler(log_file)
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        online = _sell(a, [("A-1-3", ID_1), ("A-1-4", ID_2)])
        offline = _sell(a, [("A-2-1", "110105199001011232")], offline=True)
        # Printed as a text-mode printer writes it (digits as ASCII): the job and its bytes.
        printer = PrinterProfile(name="P1", connection="file", device=str(data / "printer.bin"), mode="text")
        for sale in (online, offline):
            print_order(a, order=sale.order_id, printer=printer, staff_id=CLERK.staff_id)
        assert (data / "printer.bin").stat().st_size > 0
        (data / "backups").mkdir(exist_ok=True)
        backup(a, dest=data / "backups" / "before-sync.posbak")  # the unsent upload is in it
        with a.read() as s:
            queued = [r.payload for r in sql.rows(s, "SELECT payload FROM outbox WHERE kind = 'order'")]
        assert all("holder_sealed" in p for p in queued)  # only sealed until central has it
        report = _sync(a)
        assert report.drained is not None and report.drained.sent == 2, report
        backup(a, dest=data / "backups" / "after-sync.posbak")
        with a.read() as s:
            after = [json.loads(r.payload) for r in sql.rows(s, "SELECT payload FROM outbox WHERE kind = 'order'")]
        assert all("holder_sealed" not in t for p in after for t in p["tickets"])
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    a.close()
    numbers = [ID_1, ID_2, "110105199001011232"]
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") or p.suffix == ".posbak" for p in files)
    for path in files:
        raw = path.read_bytes()
        for n in numbers:
            for form in (n.encode(), n.encode("utf-16-le"), n.lower().encode()):
                assert form not in raw, (path, n)
    assert not any(n in caplog.text for n in numbers)
    # Central has them, encrypted, one claim per holder.
    with central.ctx.db.engine.connect() as c:
        stored = c.execute(text("SELECT id_number FROM holder_claims WHERE performance_id = :p"), {"p": PERF}).all()
    assert sorted(central.ctx.holders().decrypt(r[0]) for r in stored) == sorted(numbers)
    assert online.mode == "online" and offline.mode == "offline"

"""Issue 25, training mode: a practice sale on an enrolled terminal never reaches central, the
real store or its Z-report; its code is refused at a real door (``training_ticket``); leaving
training leaves the real store as it was (its journal head: only the two switch entries).
Against the real central over HTTP on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from central.models import Ticket as CentralTicket
from pos.cash.closeout import preview
from pos.cash.tenders import Tender
from pos.door.rules import Verdict
from pos.door.validator import DoorValidator
from pos.errors import PermissionDenied, TicketCodeError, TrainingRefused
from pos.journal.chain import entries
from pos.journal.chain import verify as verify_journal
from pos.money import Money
from pos.sales import CartItem
from pos.sales.selling import sell_cart
from pos.store import sql
from pos.store.db import Store, open_store
from pos.terminal.identity import known_keys, load_signer
from pos.tickets import verify
from pos.training import active_data_dir, start_training, stop_training, training_dir, training_state
from sync.enrol import central_link, connect
from sync.pull import sync_once
from tests.central.live import Live
from tests.factories import open_shift_for
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import CLERK, PERF, SUP, counter


def _head(store: Store) -> tuple[int, str]:
    with store.read() as s:
        r = sql.row(s, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
        return r.seq, r.hash


def _central_tickets(live: Live) -> int:
    return int(live.ctx.db.run(lambda s: s.scalar(select(func.count()).select_from(CentralTicket))))


@pytest.fixture
def real(central: Live, data_dir: Path, memory_keyring: MemoryKeyring) -> Store:
    store = counter(central, data_dir, memory_keyring)
    yield store
    store.close()


def test_a_training_sale_stays_in_training(central: Live, real: Store, data_dir: Path) -> None:
    before = _head(real)
    tickets_at_central = _central_tickets(central)
    z_before = preview(real, actor=SUP)

    state = start_training(real, supervisor_id="S1", pin="258036")
    started = _head(real)
    assert started[0] == before[0] + 1
    assert active_data_dir(data_dir) == training_dir(data_dir) == state.folder

    trainee = open_store(state.folder)
    try:
        assert central_link(trainee) is None  # never enrolled: nothing can be uploaded
        open_shift_for(trainee, CLERK)
        result = sell_cart(
            trainee,
            gateway=None,
            performance_id=PERF,
            items=[CartItem("adult", area_id="FLOOR"), CartItem("adult", seat_id="A-1-1")],
            tenders=[Tender(kind="cash", amount=Money(1_000_000, "CNY"))],
            actor=CLERK,
            signer=load_signer(trainee),
        )
        codes = [t.code for t in result.tickets]
        with trainee.read() as s:
            assert sql.row(s, "SELECT count(*) AS n FROM outbox").n == 1  # queued, for no one
    finally:
        trainee.close()

    # The real terminal syncs as usual: nothing of the practice sale goes up.
    client = connect(real)
    try:
        report = sync_once(real, client)
    finally:
        client.close()
    assert report.online
    assert _central_tickets(central) == tickets_at_central
    with real.read() as s:
        assert sql.row(s, "SELECT count(*) AS n FROM sale_order WHERE id = ?", result.order_id).n == 0
        assert sql.row(s, "SELECT count(*) AS n FROM ticket").n == 0
    z_after = preview(real, actor=SUP)
    assert (z_after.orders, z_after.tickets, z_after.gross) == (z_before.orders, z_before.tickets, z_before.gross)

    # Refused at a real door of the same performance, with its own verdict and wording.
    door = DoorValidator(real, performance_id=PERF, gate="G1")
    try:
        for code in codes:
            scan = door.check(code)
            assert scan.verdict is Verdict.TRAINING_TICKET
            assert "training" in scan.reason
    finally:
        door.close()
    with pytest.raises(TicketCodeError) as err:
        verify(codes[0], keys=known_keys(real))
    assert err.value.reason == "training_ticket"

    # Leaving training: the real store is as it was, plus the two switch entries.
    assert _head(real) == started
    stop_training(real, supervisor_id="S1", pin="258036")
    assert training_state(real) is None
    assert active_data_dir(data_dir) == data_dir
    after = entries(real, after=before[0])
    assert [e.kind for e in after] == ["training_started", "training_stopped"]
    assert verify_journal(real).entries == before[0] + 2


def test_only_a_supervisor_switches_training(real: Store) -> None:
    with pytest.raises(PermissionDenied):
        start_training(real, supervisor_id="C1", pin="1357")
    with pytest.raises(TrainingRefused):
        stop_training(real, supervisor_id="S1", pin="258036")
    start_training(real, supervisor_id="S1", pin="258036")
    with pytest.raises(TrainingRefused):
        start_training(real, supervisor_id="S1", pin="258036")
    trainee = open_store(training_dir(real.data_dir))
    try:
        with pytest.raises(TrainingRefused):
            start_training(trainee, supervisor_id="S1", pin="258036")  # training inside training
    finally:
        trainee.close()
    assert training_state(real) is not None


def test_a_training_store_never_links_to_central(central: Live, real: Store) -> None:
    """Belt and braces: even a central setting copied into the training store, or an enrolment
    attempted on it, never gives it a link to upload through."""
    from pos.errors import InvalidInput
    from pos.store import settings
    from sync.enrol import CENTRAL_SETTING, enrol
    from tests.sync.conftest import enrol_code

    start_training(real, supervisor_id="S1", pin="258036")
    folder = training_dir(real.data_dir)
    trainee = open_store(folder)
    try:
        settings.put(trainee, CENTRAL_SETTING, settings.get(real, CENTRAL_SETTING))
        assert central_link(trainee) is None
        with pytest.raises(InvalidInput, match=r"enrolled already|training store"):
            enrol(folder, central_url=central.base, code=enrol_code(central), terminal_name="x")
        settings.put(trainee, CENTRAL_SETTING, None)
        with pytest.raises(InvalidInput, match="training store"):
            enrol(folder, central_url=central.base, code=enrol_code(central), terminal_name="x")
    finally:
        trainee.close()

"""The relay sends runs of consecutive orders in one batch request and every other kind
alone, in its place: a refund always reaches central after its order; a refused order of a
batch goes to "needs attention" while the others are sent; a central without the batch
endpoint gets the same orders one by one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text

from pos.aftersales.reversal import refund
from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import Store, open_store
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.pull import sync_once
from sync.relay import drain, needs_attention, pending_count
from sync.transport import CentralClient, CentralRejected, M
from tests.central.live import Live
from tests.factories import open_shift_for, small_catalog
from tests.sync.conftest import enrol_code

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


class Recording(CentralClient):
    """The real client, noting each upload (method, path); ``batches=False`` plays a central
    that has no batch endpoint yet (404)."""

    def __init__(self, *args: Any, batches: bool = True, refuse: int = 0, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.batches = batches
        self.refuse = refuse  # this many batches are refused whole (413, too large)
        self.calls: list[tuple[str, str, int]] = []

    def post(self, path: str, body: BaseModel, model: type[M]) -> M:
        self.calls.append(("POST", path, len(getattr(body, "orders", []))))
        if path == "/order-batches" and not self.batches:
            raise CentralRejected(404, "not_found", "no such route")
        if path == "/order-batches" and self.refuse:
            self.refuse -= 1
            raise CentralRejected(413, "body_too_large", "request body exceeds 1048576 bytes")
        return super().post(path, body, model)

    def put(self, path: str, body: BaseModel, model: type[M]) -> M:
        if path != "/journal/anchor":  # the journal head that ends every drain is no message
            self.calls.append(("PUT", path.split("/")[1], 1))
        return super().put(path, body, model)


def _terminal(live: Live, data_dir: Path, **kw: Any) -> tuple[Store, Recording]:
    enrol(data_dir, central_url=live.base, code=enrol_code(live), terminal_name="till")
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK, now=datetime.now(UTC))
    plain = connect(store)
    sync_once(store, plain)
    return store, Recording(plain.base_url, token=plain.token, **kw)


def _sell(store: Store, seat: str) -> str:
    return sell(
        store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=seat)],
        tenders=[Tender(kind="cash", amount=Money(50000))],
        actor=CLERK,
        signer=load_signer(store),
    ).order_id


def _central(live: Live, sql: str) -> list[Any]:
    with live.ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql)))


def test_orders_go_in_batches_and_a_refund_after_its_order(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    first = [_sell(store, f"A-1-{n}") for n in (1, 2, 3)]
    refund(store, order=first[0], actor=SUP, reason="changed plans")
    later = [_sell(store, f"A-2-{n}") for n in (1, 2, 3, 4, 5)]
    report = drain(store, client, batch=4)
    assert report.sent == 9 and report.attention == 0 and pending_count(store) == 0
    # Read four at a time: three orders together, the refund alone, four orders together,
    # and the last order alone (a run of one is a plain PUT).
    assert client.calls == [
        ("POST", "/order-batches", 3), ("PUT", "refunds", 1), ("POST", "/order-batches", 4),
        ("PUT", "orders", 1),
    ]
    ids = {str(r[0]) for r in _central(central, "SELECT id FROM orders")}
    assert ids == set(first + later)
    assert _central(central, f"SELECT count(*) FROM refunds WHERE order_id = '{first[0]}'")[0][0] == 1
    # A second drain of the same (now sent) messages changes nothing: replays only.
    assert drain(store, client).sent == 0


def test_a_refused_order_of_a_batch_needs_attention_and_the_rest_go(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    from central.services.catalog import import_catalog as central_import
    from sync.protocol import CatalogFeed

    # Central withdraws A-1-3 from the outlet's allocation; the terminal, offline, sells it.
    changed = small_catalog(datetime.now(UTC))
    alloc = changed["events"][0]["performances"][0]["allocations"][0]
    alloc["seat_ids"] = [s for s in alloc["seat_ids"] if s != "A-1-3"]
    central_import(central.ctx, CatalogFeed.model_validate(changed))
    ids = [_sell(store, s) for s in ("A-1-1", "A-1-2", "A-1-3", "A-1-4", "A-2-1")]
    report = drain(store, client)
    assert report.sent == 4 and report.attention == 1 and pending_count(store) == 0
    assert client.calls == [("POST", "/order-batches", 5)]
    items = needs_attention(store)
    assert [i.message_id for i in items] == [ids[2]] and "A-1-3" in items[0].error
    assert {str(r[0]) for r in _central(central, "SELECT id FROM orders")} == set(ids) - {ids[2]}


def test_a_central_without_batches_gets_the_orders_one_by_one(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir, batches=False)
    ids = [_sell(store, f"B-1-{n}") for n in (1, 2, 3, 4)]
    report = drain(store, client, batch=2)
    assert report.sent == 4 and pending_count(store) == 0
    # Asked once; after the 404 the rest of this drain does not ask again.
    assert client.calls == [("POST", "/order-batches", 2)] + [("PUT", "orders", 1)] * 4
    assert {str(r[0]) for r in _central(central, "SELECT id FROM orders")} == set(ids)


def test_a_batch_refused_whole_goes_one_by_one_and_the_next_batches_go(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir, refuse=1)
    ids = [_sell(store, s) for s in ("A-1-1", "A-1-2", "A-1-3", "A-1-4")]
    report = drain(store, client, batch=4)
    assert report.sent == 4 and report.attention == 0 and pending_count(store) == 0
    assert client.calls == [("POST", "/order-batches", 4)] + [("PUT", "orders", 1)] * 4
    more = [_sell(store, s) for s in ("A-2-1", "A-2-2")]
    assert drain(store, client, batch=4).sent == 2
    assert client.calls[-1] == ("POST", "/order-batches", 2)  # batches again
    assert {str(r[0]) for r in _central(central, "SELECT id FROM orders")} == set(ids + more)

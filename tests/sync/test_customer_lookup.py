"""Customer look-up for service (issue 22) against the real central on loopback: by full
phone, the customer's orders from every channel (a web order and a counter sale with the
phone entered), masked; not found; by member number (a member's web orders and counter sales; an unknown number refused with
the reason); a note recorded at the counter, queued, uploaded, and shown to the next look-up;
every look-up logged at central, and a terminal guessing phones throttled."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from central.cli import central as central_cli
from central.services import customers as central_customers
from pos.customers.notes import record_note
from pos.errors import InvalidInput, NotFound
from pos.journal import outbox  # noqa: F401  (the kind is registered there)
from pos.staff.access import Role, StaffSession
from pos.tickets.retention import purge_holders
from sync.customers import CustomerLookupRefused, CustomerLookupUnavailable, find_customer
from sync.enrol import connect
from sync.protocol.online import OnlineOrderReply, OnlineOrderRequest
from sync.relay import drain
from sync.transport import CentralClient
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.member_helpers import GOLD, GOLD_PHONE, member_central
from tests.sync.selling_helpers import counter, pos_json, sell_args

CLERK = StaffSession("C1", "Clerk", Role.CLERK, __import__("datetime").datetime.now(__import__("datetime").UTC))
PHONE = "13800131234"
__all__ = ["member_central"]  # the fixture, used by name


def _web_order(live: Live, phone: str = "+86 138 0013 1234") -> OnlineOrderReply:
    web = CentralClient(live.base, token=live.platform)
    req = OnlineOrderRequest(performance_id="P-CONCERT", area_id="FLOOR", quantity=2, concession="adult",
                             buyer_name="王小明", buyer_phone=phone)
    return web.put(f"/online-orders/{uuid.uuid4()}", req, OnlineOrderReply)


def test_found_by_phone_across_channels_masked_with_what_the_counter_can_open(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(central, tmp_path / "a", memory_keyring)
    web = _web_order(central)
    code, sale = pos_json(tmp_path / "a", *sell_args(["A-2-5"], "--phone", "138-0013-1234"))
    assert code == 0, sale
    _other = _web_order(central, phone="13900000000")  # another customer: never in the answer
    # Another outlet's terminal may look the customer up too (customer service).
    elsewhere = counter(central, tmp_path / "b", memory_keyring, outlet="BO-2")
    client = connect(store)
    found = find_customer(store, client, phone=PHONE)
    r = found.reply
    assert r.phone_masked == "138****1234" and found.phone_last4 == "1234"
    assert [(str(o.order_id), o.channel) for o in r.orders] == [
        (sale["order_id"], "outlet"), (str(web.order_id), "online")]
    counter_order, online = r.orders
    assert counter_order.number == sale["order_number"] and found.openable(counter_order) == "local"
    assert online.number == web.order_number and online.buyer_name == "王**" and found.openable(online) == "pickup"
    body = r.model_dump_json()
    assert web.pickup_code not in body and PHONE not in body and "王小明" not in body
    assert all(t.code not in body for t in web.tickets)
    there = find_customer(elsewhere, connect(elsewhere), phone=PHONE)
    assert {str(o.order_id) for o in there.reply.orders} == {sale["order_id"], str(web.order_id)}
    assert not there.local_orders and there.openable(counter_order) == ""
    # The CLI says the same.
    code, out = pos_json(tmp_path / "a", "customer", "find", "--phone", PHONE)
    assert code == 0 and [o["open_here"] for o in out["orders"]] == ["local", "pickup"]
    # Not found, a bad phone, an unknown member number, offline.
    with pytest.raises(NotFound, match="no order or note"):
        find_customer(store, client, phone="13711112222")
    with pytest.raises(InvalidInput):
        find_customer(store, client, phone="12345")
    with pytest.raises(NotFound) as err:
        find_customer(store, client, member_number="M123")
    assert err.value.details["reason"] == "unknown_member"
    with pytest.raises(CustomerLookupUnavailable):
        find_customer(store, CentralClient("http://127.0.0.1:9", token="x", retries=0), phone=PHONE)
    # Every look-up is logged at central: who and when.
    with central.ctx.db.engine.connect() as c:
        rows = c.execute(text("SELECT terminal_id, by, found FROM customer_lookups ORDER BY id")).all()
    assert [(b, f) for _, b, f in rows] == [("phone", 2), ("phone", 2), ("phone", 2), ("phone", 0), ("member", 0)]
    assert len({t for t, _, _ in rows}) == 2
    # The sale's upload reached central: the purge masks the phone left in it.
    assert purge_holders(store).uploads == 1
    with store.read() as session:
        [payload] = [p for (p,) in session.execute(text("SELECT payload FROM outbox WHERE kind = 'order'"))]
    assert PHONE not in payload and '"customer_phone": "138****1234"' in payload


def test_a_note_is_queued_uploaded_and_shown_to_the_next_lookup(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(central, tmp_path / "a", memory_keyring)
    client = connect(store)
    q = record_note(store, phone="+86 139 1234 5678", kind="complaint", text="座位视野\n被柱子挡住", actor=CLERK)
    assert q.phone == "13912345678" and q.text == "座位视野 被柱子挡住"
    code, cli = pos_json(tmp_path / "a", "customer", "note", "--phone", "13912345678", "--kind", "request",
                         "--text", "希望下次提前通知", "--staff", "C1", "--pin", "1357")
    assert code == 0 and cli["queued"] and cli["phone"] == "139****5678"
    with pytest.raises(InvalidInput):
        record_note(store, phone="13912345678", kind="praise", text="x", actor=CLERK)
    with pytest.raises(NotFound):  # queued, not sent: central knows nothing yet
        find_customer(store, client, phone="13912345678")
    assert drain(store, client).sent == 2
    assert drain(store, client).sent == 0  # sent once
    found = find_customer(store, client, phone="13912345678")
    assert found.reply.orders == [] and [(n.kind, n.text) for n in found.reply.notes] == [
        ("request", "希望下次提前通知"), ("complaint", "座位视野 被柱子挡住")]
    with central.ctx.db.engine.connect() as c:
        stored = c.execute(text("SELECT phone_key, staff_id FROM customer_notes")).all()
    assert len(stored) == 2 and all("13912345678" not in k and s == "C1" for k, s in stored)
    # Sent: the privacy purge masks the numbers left in the uploads (once).
    assert purge_holders(store).uploads == 2 and purge_holders(store).uploads == 0
    with store.read() as session:
        payloads = [p for (p,) in session.execute(text("SELECT payload FROM outbox WHERE kind = 'customer_note'"))]
    assert len(payloads) == 2 and all("13912345678" not in p and "139****5678" in p for p in payloads)


def test_a_terminal_guessing_phones_is_throttled_and_logged(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(central, tmp_path / "a", memory_keyring)
    client = connect(store)
    for n in range(central_customers.MISS_LIMIT):
        with pytest.raises(NotFound):
            find_customer(store, client, phone=f"1370000{n:04d}")
    with pytest.raises(CustomerLookupRefused) as err:
        find_customer(store, client, phone="13700009999")
    assert err.value.details["reason"] == "customer_lookup_throttled"
    # Another terminal is not held back by this one.
    other = counter(central, tmp_path / "b", memory_keyring)
    with pytest.raises(NotFound):
        find_customer(other, connect(other), phone="13700009999")
    code, out = pos_json(tmp_path / "a", "customer", "find", "--phone", "13700009998")
    assert code == 2 and out["error"] == "customer_lookup_refused"
    with central.ctx.db.engine.connect() as c:
        refused = c.execute(text("SELECT count(*) FROM customer_lookups WHERE refused IS NOT NULL")).scalar()
    assert refused == 2
    # The administrator's view of the log: who asked and when, never the numbers.
    out = CliRunner().invoke(central_cli, ["customer-lookups", "--db", central.ctx.db.url, "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.output.splitlines()]
    assert len(lines) == central_customers.MISS_LIMIT + 3 and lines[0]["refused"] == "customer_lookup_throttled"
    assert "1370000" not in out.output


def test_found_by_member_number_with_the_members_counter_sales_and_phone(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """By member number: the member's phone finds their web orders, and their counter sales
    are found by the member number even when no phone was keyed at the sale."""
    store = counter(member_central, tmp_path / "a", memory_keyring)
    web = _web_order(member_central, phone=GOLD_PHONE)
    code, sale = pos_json(tmp_path / "a", *sell_args(["A-2-5"], "--member", GOLD))
    assert code == 0, sale
    _other = _web_order(member_central, phone="13900000000")  # someone else: never found
    found = find_customer(store, connect(store), member_number=GOLD)
    assert {str(o.order_id) for o in found.reply.orders} == {sale["order_id"], str(web.order_id)}
    with pytest.raises(NotFound) as err:
        find_customer(store, connect(store), member_number="M99999")
    assert err.value.details["reason"] == "unknown_member"

"""Pickup of online orders, the terminal's side: input checks, this outlet's copies, an
offline collection (journaled and queued once), a second pickup refused with when and
where, and the order printable like a counter sale."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from pos.errors import InvalidInput, NotFound, PermissionDenied
from pos.pickup.printout import pickup_print
from pos.pickup.service import (
    AlreadyCollected,
    PickupOrder,
    PickupTicket,
    PickupUnavailable,
    cache_orders,
    find_cached,
    parse_query,
    record_collection,
)
from pos.staff.access import Role, StaffSession
from tests.factories import NOW, OUTLET

CODE = "12345678"


def _order(outlet: str | None = OUTLET, code: str = CODE, number: str = "W000000001") -> PickupOrder:
    return PickupOrder(
        order_id=str(uuid.uuid4()),
        order_number=number,
        pickup_code=code,
        performance_id="P-CONCERT",
        buyer_name="王小明",
        buyer_phone_last4="1234",
        pickup_outlet_id=outlet,
        total=2 * 38000 + 1000,
        created_at=NOW - timedelta(days=1),
        tickets=(
            PickupTicket("WAAAAAAAAAAAAAAA", "P-CONCERT", "A-2-3", None, "adult", 38000, "NOTAREALCODE1"),
            PickupTicket("WBBBBBBBBBBBBBBB", "P-CONCERT", None, "FLOOR", "adult", 38000, "NOTAREALCODE2"),
        ),
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give the pickup code"),
        ({"code": "1234567"}, "8 digits"),
        ({"code": "1234567X"}, "8 digits"),
        ({"code": CODE, "phone_last4": "1234"}, "not both"),
        ({"order_number": "12345"}, "W followed by 9 digits"),
        ({"order_number": "W000000001"}, "last 4 digits"),
        ({"order_number": "W000000001", "phone_last4": "12a4"}, "last 4 digits"),
        ({"order_number": "W000000001", "phone_last4": "12345"}, "last 4 digits"),
    ],
)
def test_malformed_lookups_are_refused(kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match=message):
        parse_query(**kwargs)


def test_lookup_in_this_outlets_copy(counter) -> None:  # type: ignore[no-untyped-def]
    o = _order()
    assert cache_orders(counter.store, [o]) == 1
    assert find_cached(counter.store, parse_query(code=" 1234 5678 ")).order_id == o.order_id
    assert (
        find_cached(counter.store, parse_query(order_number="w000000001", phone_last4="1234")).tickets
        == o.tickets
    )
    with pytest.raises(NotFound):  # wrong phone digits: answered like an unknown order
        find_cached(counter.store, parse_query(order_number="W000000001", phone_last4="9999"))
    with pytest.raises(NotFound):
        find_cached(counter.store, parse_query(code="87654321"))


def test_offline_collection_is_journaled_queued_and_refused_the_second_time(counter) -> None:  # type: ignore[no-untyped-def]
    o = _order()
    cache_orders(counter.store, [o])
    pid = str(uuid.uuid4())
    done = record_collection(
        counter.store, order=o, actor=counter.clerk, pickup_id=pid, collected_at=NOW, offline=True
    )
    assert (
        done.collected is not None
        and done.collected.outlet_id == OUTLET
        and done.collected.terminal_id == "T01"
    )
    con = sqlite3.connect(counter.store.path)
    kind, payload = con.execute("SELECT kind, payload FROM outbox WHERE id = ?", (pid,)).fetchone()
    assert kind == "pickup" and json.loads(payload)["pickup_code"] == CODE
    rec = json.loads(con.execute("SELECT record FROM journal ORDER BY seq DESC LIMIT 1").fetchone()[0])
    assert (rec["kind"], rec["staff"], rec["data"]["offline"]) == ("pickup", "C1", True)
    again = find_cached(counter.store, parse_query(code=CODE))
    with pytest.raises(
        AlreadyCollected, match=r"already collected on 2026-12-01 10:00 UTC at outlet BO-1 \(terminal T01\)"
    ):
        record_collection(
            counter.store,
            order=again,
            actor=counter.clerk,
            pickup_id=str(uuid.uuid4()),
            collected_at=NOW,
            offline=True,
        )
    assert con.execute("SELECT count(*) FROM outbox WHERE kind = 'pickup'").fetchone() == (1,)


def test_offline_pickup_of_an_order_not_assigned_here_is_refused(counter) -> None:  # type: ignore[no-untyped-def]
    for outlet in (None, "BO-2"):
        o = _order(outlet=outlet, code="2222222" + ("1" if outlet else "0"))
        cache_orders(counter.store, [o])
        with pytest.raises(PickupUnavailable, match="not assigned to this outlet"):
            record_collection(
                counter.store,
                order=o,
                actor=counter.clerk,
                pickup_id=str(uuid.uuid4()),
                collected_at=NOW,
                offline=True,
            )


def test_pickup_needs_a_counter_clerk_and_a_uuid(counter) -> None:  # type: ignore[no-untyped-def]
    o = _order()
    door = StaffSession("D1", "Door", Role.DOOR, NOW)
    with pytest.raises(PermissionDenied):
        record_collection(
            counter.store, order=o, actor=door, pickup_id=str(uuid.uuid4()), collected_at=NOW, offline=True
        )
    with pytest.raises(InvalidInput, match="UUID"):
        record_collection(
            counter.store, order=o, actor=counter.clerk, pickup_id="x", collected_at=NOW, offline=True
        )


def test_a_pickup_order_prints_like_a_counter_sale(counter) -> None:  # type: ignore[no-untyped-def]
    from printing.jobs import order_documents
    from printing.render import render_text

    data = pickup_print(counter.store, _order(), language="zh")
    assert data.number == "W000000001" and len(data.valid_tickets) == 2
    seated, standing = data.tickets
    assert (seated.section, seated.row_label, seated.seat_number, seated.gate) == ("A区", "2", "3", "1号门")
    assert standing.section == "内场" and data.fee_total.amount == 1000 and data.event == "测试音乐会"
    docs = order_documents(data, tickets=True, receipt=True, receipt_copy=False)
    assert len(docs) == 3
    raw = render_text(docs, paper=80)
    assert "测试音乐会".encode("gb18030") in raw and b"NOTAREALCODE1" in raw
    with pytest.raises(NotFound, match="sync first"):
        pickup_print(counter.store, replace(_order(), performance_id="P-UNKNOWN"))

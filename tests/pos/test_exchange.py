"""Exchange: other seats or another performance, the difference settled either way, checked
like a sale, one transaction, idempotent by its id."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import timedelta

import pytest

from pos.aftersales.exchange import exchange
from pos.aftersales.reversal import RefundWindowClosed, ReversalRefused, TicketScanned, refund
from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NotFound, NotSellable, PaymentError, PermissionDenied
from pos.journal import chain as journal
from pos.money import Money
from pos.sales import CartItem
from pos.staff.access import Permission
from pos.tickets.realname import make_holder
from tests.factories import CLERK, NOW, SUPERVISOR, table_counts
from tests.pos.aftersales_helpers import approval, sale, scan_at_door

# Block A is zone 1 (380 yuan adult), block B zone 2 (180 yuan); 5 yuan fee per ticket.


def _ex(counter, order, seats, *, actor=None, tenders=(), **kw):  # type: ignore[no-untyped-def]
    return exchange(
        counter.store,
        order=order,
        performance_id=kw.pop("performance_id", "P-CONCERT"),
        items=[CartItem(kw.pop("concession", "adult"), seat_id=s) for s in seats],
        actor=actor or counter.supervisor,
        signer=counter.signer,
        tenders=tenders,
        now=kw.pop("now", NOW),
        **kw,
    )


def _payments(counter, order_id):  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    return con.execute(
        "SELECT kind, amount, reference FROM payment WHERE order_id = ? ORDER BY id", (order_id,)
    ).fetchall()


def test_exchange_to_cheaper_seats_refunds_the_difference_to_the_card(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1",), tenders=[Tender("card", Money(38500), "AP1234")])
    x = _ex(counter, s.order_id, ["B-1-1"])
    # Credit 380 (the fee stays); new order 180 + 5 fee = 185; 195 back to the card.
    assert (x.credit.amount, x.new_total.amount, x.difference.amount) == (38000, 18500, -19500)
    assert [(k, a.amount, r) for k, a, r in x.refunds] == [("card", 19500, "AP1234")]
    assert _payments(counter, s.order_id) == [
        ("card", 38500, "AP1234"),
        ("exchange", -18500, x.new_order_number),
        ("card", -19500, "AP1234"),
    ]
    assert _payments(counter, x.new_order_id) == [("exchange", 18500, s.order_number)]
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT status FROM sale_order WHERE id = ?", (s.order_id,)).fetchone() == (
        "exchanged",
    )
    old_id = s.tickets[0].ticket_id
    assert con.execute(
        "SELECT reason, replaced_by FROM revocation WHERE ticket_id = ?", (old_id,)
    ).fetchone() == (
        "exchange",
        x.new_ticket_ids[0],
    )
    # One outbox message: the exchange, with the new order inside (no separate order upload).
    kinds = con.execute("SELECT id, kind FROM outbox WHERE id = ?", (x.exchange_id,)).fetchall()
    assert kinds == [(x.exchange_id, "exchange")]
    payload = json.loads(
        con.execute("SELECT payload FROM outbox WHERE id = ?", (x.exchange_id,)).fetchone()[0]
    )
    assert payload["refund_amount"] == 38000 and payload["new_order"]["total"] == 18500
    assert journal.verify(counter.store).entries > 0  # the new sale and the exchange, chained


def test_exchange_to_dearer_seats_collects_more_with_a_tender(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("B-1-1",), tenders=[Tender("cash", Money(20000))])
    with pytest.raises(PaymentError, match="underpaid"):
        _ex(counter, s.order_id, ["A-1-1"])
    x = _ex(counter, s.order_id, ["A-1-1"], tenders=[Tender("cash", Money(25000))])
    # Credit 180; new 385; 205 to collect; 250 handed over, 45 change.
    assert (x.difference.amount, x.change.amount) == (20500, 4500)
    assert [(k, a.amount) for k, a, _ in x.collected] == [("cash", 20500)]
    assert _payments(counter, x.new_order_id) == [("exchange", 18000, s.order_number), ("cash", 20500, "")]


def test_exchange_to_another_performance(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1", "A-1-2"))
    # P-MATCH is a real-name event: the new cart is checked exactly like a sale.
    with pytest.raises(InvalidInput, match="real-name"):
        _ex(counter, s.order_id, ["A-1-1"], ticket_ids=[s.tickets[1].ticket_id], performance_id="P-MATCH")
    x = exchange(
        counter.store,
        order=s.order_id,
        ticket_ids=[s.tickets[1].ticket_id],
        performance_id="P-MATCH",
        items=[CartItem("adult", seat_id="A-1-1", holder=make_holder("张三", "11010519491231002X"))],
        actor=counter.supervisor,
        signer=counter.signer,
        now=NOW,
    )
    assert x.difference.amount == 0  # same price, and the match charges no booking fee and x.old_ticket_ids == (s.tickets[1].ticket_id,)
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT status FROM sale_order WHERE id = ?", (s.order_id,)).fetchone() == (
        "part_exchanged",
    )
    assert con.execute(
        "SELECT performance_id FROM sale_order WHERE id = ?", (x.new_order_id,)
    ).fetchone() == ("P-MATCH",)
    # The seat given back can be sold again.
    assert sale(counter, seats=("A-1-2",)).tickets[0].seat_id == "A-1-2"
    # The remaining ticket can still be refunded; the exchanged one not.
    with pytest.raises(ReversalRefused):
        refund(
            counter.store,
            order=s.order_id,
            actor=counter.supervisor,
            ticket_ids=[s.tickets[1].ticket_id],
            now=NOW,
        )


def test_exchange_to_a_sold_or_unsellable_seat_is_refused_and_changes_nothing(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1",))
    sale(counter, seats=("A-2-1",))
    before = table_counts(counter.store)
    cases = [
        (["A-2-1"], "sold", "P-CONCERT"),
        (["A-1-5"], "blocked", "P-CONCERT"),  # house seat
        (["B-2-1"], "not_allocated", "P-CONCERT"),  # another outlet's allocation
        (["Z-9-9"], "unknown_seat", "P-CONCERT"),
    ]
    for seats, reason, perf in cases:
        with pytest.raises(NotSellable) as err:
            _ex(counter, s.order_id, seats, performance_id=perf)
        assert err.value.details["reason"] == reason
    with pytest.raises(NotSellable):
        _ex(counter, s.order_id, ["A-1-2"], performance_id="P-CANCELLED")
    with pytest.raises(NotFound):
        _ex(counter, s.order_id, ["A-1-2"], performance_id="P-NOPE")
    assert table_counts(counter.store) == before


def test_exchange_is_protected_and_follows_the_refund_window(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1",))
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied, match="supervisor must approve"):
        _ex(counter, s.order_id, ["A-1-2"], actor=counter.clerk)
    late = NOW + timedelta(days=1, hours=1)
    with pytest.raises(RefundWindowClosed):
        _ex(
            counter,
            s.order_id,
            ["A-1-2"],
            actor=counter.clerk,
            override=approval(counter, Permission.EXCHANGE, late),
            now=late,
        )
    scan_at_door(counter, s.tickets[0].ticket_id, NOW)
    with pytest.raises(TicketScanned):
        _ex(counter, s.order_id, ["A-1-2"])
    assert table_counts(counter.store)["outbox"] == before["outbox"]


def test_exchange_with_approval_names_clerk_and_supervisor(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1",))
    late = NOW + timedelta(days=1, hours=1)
    x = _ex(
        counter,
        s.order_id,
        ["A-1-2"],
        actor=counter.clerk,
        tenders=[Tender("cash", Money(500))],
        override=approval(counter, Permission.REFUND_LATE, late),
        now=late,
    )
    assert x.late and x.approver_id == SUPERVISOR[0]
    con = sqlite3.connect(counter.store.path)
    rec = json.loads(con.execute("SELECT record FROM journal ORDER BY seq DESC LIMIT 1").fetchone()[0])
    assert (rec["kind"], rec["staff"], rec["approver"]) == ("exchange", CLERK[0], SUPERVISOR[0])


def test_the_same_exchange_id_answers_the_same_result_once(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1",), tenders=[Tender("card", Money(38500), "AP1234")])
    xid = str(uuid.uuid4())
    first = _ex(counter, s.order_id, ["B-1-1"], exchange_id=xid)
    after = table_counts(counter.store)
    assert _ex(counter, s.order_id, ["B-1-2"], exchange_id=xid) == first
    assert table_counts(counter.store) == after
    with pytest.raises(InvalidInput, match="UUID"):
        _ex(counter, s.order_id, ["B-1-2"], exchange_id="12")


def test_exchange_bad_inputs(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1",))
    before = table_counts(counter.store)
    with pytest.raises(NotFound):
        _ex(counter, "T01-999999", ["A-1-2"])
    with pytest.raises(InvalidInput, match="not in order"):
        _ex(counter, s.order_id, ["A-1-2"], ticket_ids=["NOTINTHEORDER"])
    with pytest.raises(InvalidInput, match="exchanged for"):
        _ex(counter, s.order_id, [])
    with pytest.raises(PaymentError, match="take no payment"):
        _ex(counter, s.order_id, ["B-1-1"], tenders=[Tender("cash", Money(100))])
    assert table_counts(counter.store) == before
    _ex(counter, s.order_id, ["B-1-1"])
    with pytest.raises(ReversalRefused, match="already exchanged"):
        _ex(counter, s.order_id, ["B-1-2"])

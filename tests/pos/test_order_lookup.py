"""pos.aftersales.lookup: an order found by number, id, ticket code or ticket id, with its lines'
after-sales status and where a refund would go back; bad input changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pos.aftersales.lookup import classify, find_order_view, recent_orders, refund_preview
from pos.aftersales.reversal import refund
from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NotFound
from pos.money import Money
from pos.store import sql
from pos.tickets.printjobs import reprint_ticket
from tests.factories import NOW, table_counts
from tests.pos.aftersales_helpers import sale, scan_at_door


def test_found_by_number_id_code_and_ticket_id(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter)
    by_number = find_order_view(counter.store, query=f"  {s.order_number.lower()} ", language="en")
    assert by_number.order.number == s.order_number and by_number.found_ticket is None
    assert by_number.order.event == "Test Concert"
    assert [line.status for line in by_number.lines] == ["valid", "valid"]
    assert [line.refundable.amount for line in by_number.lines] == [38000, 38000]  # fee not refunded
    assert find_order_view(counter.store, query=s.order_id).order.number == s.order_number
    by_code = find_order_view(counter.store, query=s.tickets[1].code)
    assert by_code.found_ticket == s.tickets[1].ticket_id
    assert (
        find_order_view(counter.store, query=s.tickets[0].ticket_id.lower()).found_ticket
        == s.tickets[0].ticket_id
    )


def test_statuses_after_scan_refund_and_reprint(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(counter, seats=("A-1-1", "A-1-2", "A-1-3"), tenders=[Tender("cash", Money(200000))])
    scan_at_door(counter, s.tickets[0].ticket_id, NOW + timedelta(minutes=1))
    refund(
        counter.store,
        order=s.order_number,
        actor=counter.supervisor,
        ticket_ids=[s.tickets[1].ticket_id],
        now=NOW,
    )
    new = reprint_ticket(
        counter.store,
        ticket_id=s.tickets[2].ticket_id,
        actor=counter.supervisor,
        signer=counter.signer,
        now=NOW,
    )
    view = find_order_view(counter.store, query=s.order_number)
    assert [line.status for line in view.lines] == ["scanned", "refunded", "valid"]
    assert view.lines[2].ticket.ticket_id == new.new_ticket_id and not view.lines[0].can_give_back
    # The old, reprinted code still finds its order; the line shows the new ticket.
    assert find_order_view(counter.store, query=s.tickets[2].code).found_ticket is None


def test_refund_preview_card_by_reference_first_then_cash(counter) -> None:  # type: ignore[no-untyped-def]
    s = sale(
        counter,
        tenders=[Tender("card", Money(50000), "APP123"), Tender("cash", Money(27000))],
    )
    out = refund_preview(counter.store, order_id=s.order_id, amount=76000)
    assert [(k, m.amount, r) for k, m, r in out] == [("card", 50000, "APP123"), ("cash", 26000, "")]
    assert refund_preview(counter.store, order_id=s.order_id, amount=0) == ()


@pytest.mark.parametrize("bad", ["", "   ", "HELLO", "T01-", "A" * 300, "订单123"])
def test_malformed_queries_are_refused(counter, bad: str) -> None:  # type: ignore[no-untyped-def]
    before = table_counts(counter.store)
    with pytest.raises(InvalidInput):
        find_order_view(counter.store, query=bad)
    assert table_counts(counter.store) == before


def test_unknown_orders_and_tickets_are_not_found(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        find_order_view(counter.store, query="T01-999999")
    with pytest.raises(NotFound):
        find_order_view(counter.store, query="ABCDEFGHIJKLMNOP")
    with pytest.raises(NotFound):
        refund_preview(counter.store, order_id="nope", amount=100)
    assert classify("t01-000001") == ("order", "T01-000001")


def test_enrolled_terminal_numbers_and_the_sequence_alone_find_the_order(counter) -> None:  # type: ignore[no-untyped-def]
    # An enrolled terminal's id has 13 characters (TA85C1406AACB): its numbers were refused.
    with counter.store.write() as session:
        sql.run(session, "UPDATE terminal SET terminal_id = ?", ("TA85C1406AACB",))
    s = sale(counter)
    assert s.order_number.startswith("TA85C1406AACB-")
    assert find_order_view(counter.store, query=s.order_number).order.order_id == s.order_id
    seq = s.order_number.rsplit("-", 1)[1]
    assert find_order_view(counter.store, query=seq).order.order_id == s.order_id
    assert find_order_view(counter.store, query=str(int(seq))).order.order_id == s.order_id
    with pytest.raises(NotFound):
        find_order_view(counter.store, query="999999")
    with pytest.raises(InvalidInput):
        find_order_view(counter.store, query="1234567890")  # a sequence has at most 9 digits
    with pytest.raises(InvalidInput):
        find_order_view(counter.store, query="TA85C1406AACBXYZW-000001")  # 17 characters: no terminal


def test_recent_orders_newest_first_with_status(counter) -> None:  # type: ignore[no-untyped-def]
    assert recent_orders(counter.store) == ()
    first = sale(counter)
    second = sale(counter, seats=("A-1-3",), when=NOW + timedelta(minutes=1))
    refund(counter.store, order=first.order_id, actor=counter.supervisor, now=NOW + timedelta(minutes=2))
    listed = recent_orders(counter.store, language="en")
    assert [o.number for o in listed] == [second.order_number, first.order_number]
    assert [o.status for o in listed] == ["paid", "refunded"]
    assert listed[0].event == "Test Concert" and listed[0].tickets == 1
    assert listed[0].total.amount == second.total.amount
    assert [o.number for o in recent_orders(counter.store, limit=1)] == [second.order_number]
    for bad in (0, -1, 501):
        with pytest.raises(InvalidInput):
            recent_orders(counter.store, limit=bad)

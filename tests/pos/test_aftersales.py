"""Refunds, voids and the drawer: protected actions, checked in the core."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pos.aftersales.reversal import ReversalRefused, refund, void_last_sale
from pos.cash.movements import record_drawer_open as open_drawer
from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NotFound, PermissionDenied
from pos.money import Money
from pos.staff.access import Permission, override
from tests.factories import CLERK, NOW, SUPERVISOR, table_counts
from tests.pos.aftersales_helpers import sale as _sale


def _ov(counter, permission):  # type: ignore[no-untyped-def]
    return override(
        counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=permission, now=NOW
    )


def test_clerk_refund_without_override_is_refused_and_changes_nothing(counter) -> None:  # type: ignore[no-untyped-def]
    sale = _sale(counter)
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied, match="supervisor must approve"):
        refund(counter.store, order=sale.order_number, actor=counter.clerk, now=NOW)
    assert table_counts(counter.store) == before


def test_refund_with_override_revokes_tickets_and_frees_seats(counter) -> None:  # type: ignore[no-untyped-def]
    sale = _sale(counter)
    r = refund(
        counter.store,
        order=sale.order_number,
        actor=counter.clerk,
        override=_ov(counter, Permission.REFUND),
        now=NOW,
    )
    # Ticket prices back; the 5 yuan booking fee per ticket stays.
    assert r.amount == Money(sale.total.amount - 2 * 500) and [k for k, _, _ in r.refunds] == ["cash"]
    counts = table_counts(counter.store)
    assert counts["valid_tickets"] == 0 and counts["revocation"] == 2 and counts["outbox"] == 2
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT sum(amount) FROM payment").fetchone() == (2 * 500,)
    staff, approver = con.execute(
        "SELECT json_extract(record,'$.staff'), json_extract(record,'$.approver') FROM journal ORDER BY seq DESC"
    ).fetchone()
    assert (staff, approver) == (CLERK[0], SUPERVISOR[0])
    # The seats can be sold again.
    assert _sale(counter).order_number == "T01-000002"
    with pytest.raises(ReversalRefused, match="already refunded"):
        refund(counter.store, order=sale.order_id, actor=counter.supervisor, now=NOW)


def test_partial_refund_goes_to_card_first_then_cash(counter) -> None:  # type: ignore[no-untyped-def]
    sale = _sale(
        counter,
        tenders=[
            Tender(kind="card", amount=Money(40000), reference="AP5555"),
            Tender(kind="cash", amount=Money(50000)),
        ],
    )
    one = sale.tickets[0].ticket_id
    r = refund(counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=[one], now=NOW)
    assert r.amount == Money(38000)
    assert [(k, a.amount, ref) for k, a, ref in r.refunds] == [("card", 38000, "AP5555")]
    rest = refund(counter.store, order=sale.order_id, actor=counter.supervisor, now=NOW)
    # The card had 2,000 fen left; the rest of the second ticket's price goes back in cash.
    assert rest.amount == Money(38000)
    assert [(k, a.amount) for k, a, _ in rest.refunds] == [("card", 2000), ("cash", 36000)]
    with pytest.raises(ReversalRefused):
        refund(counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=[one], now=NOW)


def test_refund_bad_input(counter) -> None:  # type: ignore[no-untyped-def]
    sale = _sale(counter)
    before = table_counts(counter.store)
    with pytest.raises(NotFound):
        refund(counter.store, order="T01-999999", actor=counter.supervisor, now=NOW)
    with pytest.raises(InvalidInput, match="not in order"):
        refund(
            counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=["NOTATICKET"], now=NOW
        )
    assert table_counts(counter.store) == before


def test_void_last_sale_needs_a_supervisor_and_a_recent_sale(counter) -> None:  # type: ignore[no-untyped-def]
    _sale(counter)
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied):
        void_last_sale(counter.store, actor=counter.clerk, now=NOW)
    assert table_counts(counter.store) == before
    with pytest.raises(ReversalRefused, match="older than"):
        void_last_sale(counter.store, actor=counter.supervisor, now=NOW + timedelta(minutes=11))
    v = void_last_sale(counter.store, actor=counter.clerk, override=_ov(counter, Permission.VOID), now=NOW)
    assert v.kind == "void" and table_counts(counter.store)["valid_tickets"] == 0
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT sum(amount) FROM payment").fetchone() == (0,)  # fees back too


def test_drawer_open_without_sale_needs_an_override(counter) -> None:  # type: ignore[no-untyped-def]
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied):
        open_drawer(counter.store, actor=counter.clerk, reason="change for the float", now=NOW)
    with pytest.raises(InvalidInput):
        open_drawer(counter.store, actor=counter.supervisor, reason="  ", now=NOW)
    assert table_counts(counter.store) == before
    seq = open_drawer(
        counter.store,
        actor=counter.clerk,
        override=_ov(counter, Permission.OPEN_DRAWER),
        reason="change",
        now=NOW,
    )
    assert seq == before["journal"] + 2  # the approval, then the drawer


def test_an_approval_is_spent_by_one_action_and_cannot_be_made_up(counter) -> None:  # type: ignore[no-untyped-def]
    from pos.staff.access import Override

    first, second = _sale(counter, seats=("A-1-1",)), _sale(counter, seats=("A-1-2",))
    ov = _ov(counter, Permission.REFUND)
    refund(counter.store, order=first.order_id, actor=counter.clerk, override=ov, now=NOW)
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied, match="used already"):
        refund(counter.store, order=second.order_id, actor=counter.clerk, override=ov, now=NOW)
    forged = Override(SUPERVISOR[0], "Supervisor", Permission.REFUND, NOW)
    with pytest.raises(PermissionDenied):
        refund(counter.store, order=second.order_id, actor=counter.clerk, override=forged, now=NOW)
    guessed = Override(
        SUPERVISOR[0], "Supervisor", Permission.REFUND, NOW, grant_id="00000000-0000-0000-0000-000000000000"
    )
    with pytest.raises(PermissionDenied):
        refund(counter.store, order=second.order_id, actor=counter.clerk, override=guessed, now=NOW)
    assert table_counts(counter.store) == before


def test_a_refused_action_leaves_its_approval_unspent(counter) -> None:  # type: ignore[no-untyped-def]
    sale = _sale(counter, seats=("A-1-1",))
    ov = _ov(counter, Permission.REFUND)
    with pytest.raises(NotFound):
        refund(counter.store, order="T01-999999", actor=counter.clerk, override=ov, now=NOW)
    refund(counter.store, order=sale.order_id, actor=counter.clerk, override=ov, now=NOW)

"""Cash given back or taken by after-sales goes through a drawer: a cash refund, a cash void
or an exchange with a cash difference needs an open shift (refused otherwise, nothing
changed), and names the shift so that its expected cash includes it. Card needs no shift."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from pos.aftersales.exchange import exchange
from pos.aftersales.reversal import refund, void_last_sale
from pos.cash import closeout, shifts
from pos.cash.shifts import NoOpenShift, NoShiftForCash
from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem
from pos.tickets.realname import make_holder
from tests.factories import FLOAT, NOW, table_counts
from tests.pos.aftersales_helpers import sale

# Block A: 380 yuan + 5 fee; block B: 180 yuan + 5 fee.


def _close(c: Any, now: Any = NOW) -> Any:
    st = shifts.status(c.store, actor=c.supervisor)
    assert st.cash is not None
    return shifts.close_shift(c.store, actor=c.clerk, counted=st.cash.expected.amount, now=now)


def _ex(c: Any, order: str, seats: list[str], tenders: Any = (), **kw: Any) -> Any:
    return exchange(
        c.store,
        order=order,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=s) for s in seats],
        actor=c.supervisor,
        signer=c.signer,
        tenders=tenders,
        now=kw.pop("now", NOW),
        **kw,
    )


def _last_entry(c: Any) -> dict[str, Any]:
    con = sqlite3.connect(c.store.path)
    try:
        rec = con.execute("SELECT record FROM journal ORDER BY seq DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()
    return dict(json.loads(rec))


def _card(ref: str, fen: int) -> list[Tender]:
    return [Tender("card", Money(fen), ref)]


def test_cash_refund_void_and_exchange_without_a_shift_are_refused_and_change_nothing(counter: Any) -> None:
    cash_sale = sale(counter, seats=("A-1-1",))  # cash
    dear = sale(counter, seats=("B-1-1",), tenders=_card("AP0001", 18500))
    cheap = sale(counter, seats=("A-1-2",))  # cash
    last = sale(counter, seats=("A-1-3",))  # cash, the most recent: a void would give cash
    _close(counter)
    before = table_counts(counter.store)
    with pytest.raises(NoOpenShift, match="in cash, but no shift is open on drawer main") as e:
        refund(counter.store, order=cash_sale.order_id, actor=counter.supervisor, now=NOW)
    assert (
        isinstance(e.value, NoShiftForCash)
        and e.value.code == "no_shift_for_cash"
        and e.value.details["cash"] == 38000
    )
    with pytest.raises(NoOpenShift, match="void"):
        void_last_sale(counter.store, actor=counter.supervisor, now=NOW)
    # Dearer seats paid in cash: the cash would be taken into no drawer.
    with pytest.raises(NoOpenShift, match="exchange"):
        _ex(counter, dear.order_id, ["A-2-1"], [Tender("cash", Money(20500))])
    # Cheaper seats, the old order paid in cash: the difference would go back in cash.
    with pytest.raises(NoOpenShift, match="exchange"):
        _ex(counter, cheap.order_id, ["B-1-2"])
    assert table_counts(counter.store) == before
    # A shift open on another drawer does not take the main drawer's cash.
    shifts.open_shift(counter.store, actor=counter.clerk, opening_float=50_000, drawer="second", now=NOW)
    before = table_counts(counter.store)
    with pytest.raises(NoOpenShift, match="drawer main"):
        refund(counter.store, order=last.order_id, actor=counter.supervisor, now=NOW)
    assert table_counts(counter.store) == before
    # ...but names its own drawer.
    r = refund(counter.store, order=last.order_id, actor=counter.supervisor, drawer="second", now=NOW)
    second = shifts.current_shift(counter.store, drawer="second")
    assert second is not None and _last_entry(counter)["data"]["shift"] == second.shift_id
    st = shifts.status(counter.store, actor=counter.supervisor, drawer="second")
    assert (
        st.cash is not None
        and st.cash.cash_refunds == r.amount
        and st.cash.expected == Money(50_000) - r.amount
    )


def test_card_refund_and_card_or_even_exchange_need_no_shift(counter: Any) -> None:
    """No drawer is involved: the card is refunded by reference through the acquirer (a
    phoned-in refund while the counter is closed, say). Nothing to count, so allowed."""
    a = sale(counter, seats=("A-1-1",), tenders=_card("AP0001", 38500))
    b = sale(counter, seats=("B-1-1",), tenders=_card("AP0002", 18500))
    c = sale(counter, seats=("A-1-2",), tenders=_card("AP0003", 38500))
    d = sale(counter, seats=("A-1-3",), tenders=_card("AP0004", 38500))
    _close(counter)
    r = refund(counter.store, order=a.order_id, actor=counter.supervisor, now=NOW)
    assert [k for k, _, _ in r.refunds] == ["card"] and _last_entry(counter)["data"]["shift"] is None
    x = _ex(counter, b.order_id, ["A-2-1"], _card("AP0009", 20500))  # dearer, by card
    assert x.difference.amount == 20500 and _last_entry(counter)["data"]["shift"] is None
    y = _ex(counter, c.order_id, ["B-1-2"])  # cheaper, back to the card
    assert [k for k, _, _ in y.refunds] == ["card"]
    z = exchange(  # even: the match charges no booking fee
        counter.store,
        order=d.order_id,
        performance_id="P-MATCH",
        items=[CartItem("adult", seat_id="A-2-2", holder=make_holder("张三", "E12345678", "passport"))],
        actor=counter.supervisor,
        signer=counter.signer,
        now=NOW,
    )
    assert z.difference.amount == 0 and not z.collected and not z.refunds
    # The Z-report counts them all, and no drawer is short.
    rep = closeout.close_day(counter.store, actor=counter.supervisor, now=NOW + timedelta(minutes=1))
    card = next(t for t in rep.tenders if t.kind == "card")
    assert (card.refunds, card.exchange_in, card.exchange_out) == (38000, 20500, 19500)
    assert rep.cash_variance == 0


def test_cash_after_sales_name_the_shift_and_count_in_its_drawer(counter: Any) -> None:
    s1 = sale(counter, seats=("A-1-1",))  # cash 385
    s2 = sale(counter, seats=("B-1-1",))  # cash 185
    s3 = sale(counter, seats=("A-1-2",))  # cash 385
    shift = shifts.current_shift(counter.store)
    assert shift is not None
    refund(counter.store, order=s1.order_id, actor=counter.supervisor, now=NOW)
    assert _last_entry(counter)["data"]["shift"] == shift.shift_id
    x = _ex(counter, s2.order_id, ["A-2-1"], [Tender("cash", Money(25000))])  # 205 more, change 45
    assert _last_entry(counter)["data"]["shift"] == shift.shift_id
    assert [(k, a.amount) for k, a, _ in x.collected] == [("cash", 20500)] and x.change.amount == 4500
    y = _ex(counter, s3.order_id, ["B-1-2"])  # 195 back in cash
    assert [(k, a.amount) for k, a, _ in y.refunds] == [("cash", 19500)]
    st = shifts.status(counter.store, actor=counter.supervisor)
    assert st.cash is not None
    assert (st.cash.cash_sales.amount, st.cash.cash_refunds.amount) == (38500 + 18500 + 38500, 38000)
    assert (st.cash.exchange_in.amount, st.cash.exchange_out.amount) == (20500, 19500)
    assert st.cash.expected.amount == FLOAT + 95500 - 38000 + 20500 - 19500
    # The exchanges' new orders are not sales of the shift.
    assert st.sales == 3
    closed = _close(counter)
    assert closed.expected == st.cash.expected and closed.variance == Money(0)
    entry = _last_entry(counter)
    assert entry["kind"] == "shift_close"
    assert (entry["data"]["exchange_in"], entry["data"]["exchange_out"]) == (20500, 19500)
    # The Z-report: the carried credit is no tender; the differences are under their tender.
    rep = closeout.close_day(counter.store, actor=counter.supervisor, now=NOW + timedelta(minutes=1))
    assert [t.kind for t in rep.tenders] == ["cash", "card", "mobile"]
    cash = rep.tenders[0]
    assert (cash.sales, cash.refunds, cash.exchange_in, cash.exchange_out) == (95500, 38000, 20500, 19500)
    assert rep.exchange_count == 2 and rep.exchanged == 18000 + 38000
    assert rep.exchange_new == 38500 + 18500 and rep.exchange_carried == 18000 + 18500
    assert (rep.exchange_collected, rep.exchange_refunded) == (20500, 19500)
    assert rep.net == rep.gross - rep.refunded - rep.voided - rep.exchanged == sum(t.net for t in rep.tenders)
    # The drawer: float + the cash that moved, to the fen.
    assert cash.net + FLOAT == closed.expected.amount


def test_a_refused_cash_exchange_leaves_seats_and_tickets_as_they_were(counter: Any) -> None:
    s = sale(counter, seats=("A-1-1",))
    _close(counter)
    before = table_counts(counter.store)
    with pytest.raises(NoOpenShift):
        _ex(counter, s.order_id, ["B-1-1"])
    assert table_counts(counter.store) == before
    # With a shift open again, the same exchange goes through, into that shift's drawer.
    shifts.open_shift(counter.store, actor=counter.clerk, opening_float=30_000, now=NOW)
    x = _ex(counter, s.order_id, ["B-1-1"])
    assert [(k, a.amount) for k, a, _ in x.refunds] == [("cash", 19500)]
    st = shifts.status(counter.store, actor=counter.supervisor)
    assert st.cash is not None and st.cash.expected.amount == 30_000 - 19500

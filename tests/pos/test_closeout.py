"""The Z-report and the daily close-out (the reconciliation over a random day: test_closeout_reconcile)."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from pos.aftersales.reversal import refund, void_last_sale
from pos.cash import closeout, shifts
from pos.cash.closeout import CloseoutRefused
from pos.cash.tenders import Tender
from pos.errors import PermissionDenied
from pos.journal import chain as journal
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Permission, override
from tests.factories import FLOAT, NOW, OUTLET, SUPERVISOR, make_counter, small_catalog, table_counts


def _sell(c: Any, seats: list[str], tenders: list[Tender], now: Any = NOW, **kw: Any) -> Any:
    return sell(
        c.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=s) for s in seats],
        tenders=tenders,
        actor=c.clerk,
        signer=c.signer,
        now=now,
        **kw,
    )


def _close_shift(c: Any, now: Any = NOW) -> Any:
    st = shifts.status(c.store, actor=c.supervisor)
    assert st.cash is not None
    return shifts.close_shift(c.store, actor=c.clerk, counted=st.cash.expected.amount, now=now)


def test_close_day_numbers_journals_and_queues_the_report(counter: Any) -> None:
    c = counter
    s1 = _sell(c, ["A-1-1", "A-1-2"], [Tender("cash", Money(100_000))])  # 770.00
    _sell(c, ["A-1-3"], [Tender("card", Money(35_500), "AB1234")], coupon_code="WELCOME30")  # 355.00
    _sell(c, ["B-1-1"], [Tender("mobile", Money(18_500), "WX1234567890")])  # 185.00
    refund(c.store, order=s1.order_id, actor=c.supervisor, ticket_ids=[s1.tickets[0].ticket_id], now=NOW)
    void_last_sale(c.store, actor=c.supervisor, now=NOW)
    shifts.cash_out(c.store, actor=c.supervisor, amount=10_000, reason="safe", now=NOW)
    closed = shifts.close_shift(
        c.store, actor=c.clerk, counted=FLOAT + 77_000 - 38_000 - 10_000 + 200, now=NOW
    )
    assert closed.variance == Money(200)

    z = closeout.close_day(c.store, actor=c.supervisor, now=NOW + timedelta(minutes=5))
    assert z.z_number == 1 and z.first_seq == 1
    assert (z.orders, z.tickets, z.gross) == (3, 4, 77_000 + 35_500 + 18_500)
    assert (z.refund_count, z.refunded, z.void_count, z.voided) == (1, 38_000, 1, 18_500)
    assert z.net == z.gross - 38_000 - 18_500 and z.discounts == 3000 and z.fees == 2000
    tenders = {t.kind: t for t in z.tenders}
    assert (tenders["cash"].sales, tenders["cash"].refunds) == (77_000, 38_000)
    assert (tenders["card"].sales, tenders["card"].refunds) == (35_500, 0)
    assert (tenders["mobile"].sales, tenders["mobile"].refunds) == (18_500, 18_500)
    assert sum(t.net for t in z.tenders) == z.net
    assert [(x.key, x.count, x.amount) for x in z.coupons] == [("WELCOME30", 1, 3000)]
    assert {x.key: x.tickets for x in z.by_concession} == {"adult": 4}
    assert sum(x.amount for x in z.by_event) == z.gross == sum(x.amount for x in z.by_performance)
    assert sum(x.refunds for x in z.by_event) == z.refunded + z.voided
    assert {x.key: x.refunds for x in z.by_clerk} == {"C1": 0, "S1": 56_500}
    assert z.cash_variance == 200 and len(z.shifts) == 1
    assert z.settlement is None  # an own box office
    assert z.by_hour == ((18, z.gross),)  # 10:00 UTC is 18:00 in Shanghai
    # Not synced yet: three orders, a refund and a void, listed by order number.
    assert [u.label for u in z.unsynced if u.kind == "order"] == ["T01-000001", "T01-000002", "T01-000003"]

    entries = list(journal.entries(c.store, limit=1000))
    last = entries[-1]
    assert last.kind == "close_out" and last.ref == z.closeout_id and last.data["z_number"] == 1
    assert z.last_seq == last.seq - 1 and z.journal_head == entries[-2].hash
    con = sqlite3.connect(c.store.path)
    kind, payload = con.execute("SELECT kind, payload FROM outbox WHERE id = ?", (z.closeout_id,)).fetchone()
    con.close()
    assert kind == "closeout"
    assert json.loads(payload)["totals"] == {
        "orders": 3,
        "tickets": 4,
        "gross": z.gross,
        "refunds": 38_000 + 18_000,
    }
    assert closeout.stored(c.store) == z == closeout.stored(c.store, z_number=1)
    journal.verify(c.store)


def test_z_numbers_are_consecutive_and_ranges_have_no_gap(counter: Any) -> None:
    c = counter
    _close_shift(c)
    z1 = closeout.close_day(c.store, actor=c.supervisor, now=NOW + timedelta(hours=1))
    shifts.open_shift(c.store, actor=c.clerk, opening_float=0, now=NOW + timedelta(hours=2))
    _sell(c, ["A-2-1"], [Tender("cash", Money(38_500))], now=NOW + timedelta(hours=2))
    _close_shift(c, NOW + timedelta(hours=3))
    z2 = closeout.close_day(c.store, actor=c.supervisor, now=NOW + timedelta(hours=4))
    z3 = closeout.close_day(c.store, actor=c.supervisor, now=NOW + timedelta(hours=5))
    assert [z.z_number for z in (z1, z2, z3)] == [1, 2, 3]
    # Each range starts right after the previous close-out's own entry.
    assert z2.first_seq == z1.last_seq + 2 and z3.first_seq == z2.last_seq + 2
    assert (z1.orders, z2.orders, z3.orders) == (0, 1, 0)
    assert z2.period_start == z1.period_end and z3.period_start == z2.period_end
    assert closeout.stored(c.store, z_number=2).gross == 38_500
    con = sqlite3.connect(c.store.path)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO closeout VALUES ('x', 2, 'T01', 1, 1, 'a', 'b', 'S1', 1, '{}')")
    con.close()


def test_close_out_is_refused_while_a_shift_is_open(counter: Any) -> None:
    before = table_counts(counter.store)
    with pytest.raises(CloseoutRefused, match="open shift"):
        closeout.close_day(counter.store, actor=counter.supervisor, now=NOW)
    assert table_counts(counter.store) == before


def test_a_clerk_cannot_close_the_day_without_a_supervisor(counter: Any) -> None:
    c = counter
    _close_shift(c)
    before = table_counts(c.store)
    with pytest.raises(PermissionDenied):
        closeout.close_day(c.store, actor=c.clerk, now=NOW)
    with pytest.raises(PermissionDenied):
        closeout.preview(c.store, actor=c.clerk, now=NOW)
    assert table_counts(c.store) == before
    ov = override(
        c.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=Permission.CLOSE_OUT, now=NOW
    )
    z = closeout.close_day(c.store, actor=c.clerk, override=ov, now=NOW)
    last = list(journal.entries(c.store, limit=1000))[-1]
    assert (last.staff, last.approver, z.z_number) == ("C1", "S1", 1)


def test_preview_closes_nothing(counter: Any) -> None:
    c = counter
    _sell(c, ["A-1-1"], [Tender("cash", Money(38_500))])
    before = table_counts(c.store)
    x = closeout.preview(c.store, actor=c.supervisor, now=NOW + timedelta(minutes=1))
    assert x.z_number == 0 and x.gross == 38_500
    assert table_counts(c.store) == before
    with pytest.raises(Exception, match="no close-out"):
        closeout.stored(c.store)


def test_bad_close_out_input(counter: Any) -> None:
    _close_shift(counter)
    with pytest.raises(ValueError):
        closeout.close_day(counter.store, actor=counter.supervisor, closeout_id="not-a-uuid", now=NOW)
    closeout.close_day(counter.store, actor=counter.supervisor, now=NOW + timedelta(hours=1))
    with pytest.raises(CloseoutRefused, match="clock"):
        closeout.close_day(counter.store, actor=counter.supervisor, now=NOW)
    with pytest.raises(Exception, match="no Z-report number 9"):
        closeout.stored(counter.store, z_number=9)


def test_partner_outlet_settlement(tmp_path: Path) -> None:
    catalog = small_catalog()
    catalog["outlets"][0].update(kind="partner", commission_bps=850, credit_limit=1_000_000)
    for ev in catalog["events"]:
        for p in ev["performances"]:
            p["channel_rules"] = [{"outlet_kind": "partner", "allowed": True}]
    c = make_counter(tmp_path / "t", catalog=catalog, outlet=OUTLET)
    s = _sell(c, ["A-1-1", "A-1-2"], [Tender("cash", Money(77_000))])
    refund(c.store, order=s.order_id, actor=c.supervisor, ticket_ids=[s.tickets[0].ticket_id], now=NOW)
    _close_shift(c)
    z = closeout.close_day(c.store, actor=c.supervisor, now=NOW + timedelta(minutes=1))
    st = z.settlement
    assert st is not None and z.outlet_kind == "partner"
    assert (st.gross, st.refunds, st.net_sales) == (77_000, 38_000, 39_000)
    assert st.commission == (39_000 * 850 + 5000) // 10_000 == 3315
    assert st.net_owed == 39_000 - 3315 and st.credit_used == st.net_owed
    assert st.credit_available == 1_000_000 - st.net_owed
    c.store.close()

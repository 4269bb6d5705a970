"""Shifts and the cash drawer: float, cash in/out, blind close with variance, one open
shift per drawer, no sale without a shift, and the bad cases."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from pos.aftersales.reversal import refund
from pos.cash import shifts
from pos.cash.shifts import NoOpenShift, ShiftRefused
from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NotFound, PermissionDenied
from pos.journal import chain as journal
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Permission, override
from tests.factories import FLOAT, NOW, SUPERVISOR, table_counts


def _sell(c: Any, seat: str, tenders: list[Tender] | None = None, now: Any = NOW) -> Any:
    return sell(
        c.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=seat)],
        tenders=tenders or [Tender("cash", Money(50_000))],
        actor=c.clerk,
        signer=c.signer,
        now=now,
    )


def _approve(c: Any, permission: Permission = Permission.OPEN_DRAWER) -> Any:
    return override(c.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=permission, now=NOW)


def _journal(c: Any) -> list[Any]:
    return list(journal.entries(c.store, limit=10_000))


def test_the_template_terminal_has_an_open_shift_with_its_float(counter: Any) -> None:
    s = shifts.current_shift(counter.store)
    assert s is not None and s.status == "open" and s.opening_float == Money(FLOAT)
    assert s.opened_by == counter.clerk.staff_id
    assert [e.kind for e in _journal(counter) if e.ref == s.shift_id] == ["shift_open"]


def test_sales_record_their_shift(counter: Any) -> None:
    sale = _sell(counter, "A-1-1")
    con = sqlite3.connect(counter.store.path)
    (shift_id,) = con.execute("SELECT shift_id FROM sale_order WHERE id = ?", (sale.order_id,)).fetchone()
    con.close()
    assert shift_id == shifts.current_shift(counter.store).shift_id  # type: ignore[union-attr]


def test_full_shift_expected_cash_and_blind_close(counter: Any) -> None:
    c = counter
    cash_sale = _sell(c, "A-1-1")  # 385.00 in cash (380 + 5 fee)
    _sell(c, "A-1-2", [Tender("card", Money(38_500), "AB1234")])
    _sell(c, "A-1-3", [Tender("card", Money(20_000), "CD5678"), Tender("cash", Money(20_000))])  # 185 cash
    refund(c.store, order=cash_sale.order_id, actor=c.supervisor, now=NOW)  # 380 back in cash
    shifts.cash_in(c.store, actor=c.supervisor, amount=10_000, reason="change from the safe", now=NOW)
    shifts.cash_out(c.store, actor=c.supervisor, amount=5_000, reason="to the safe", now=NOW)
    status = shifts.status(c.store, actor=c.supervisor)
    cash = status.cash
    assert cash is not None and status.sales == 3 and status.tickets == 3
    assert (cash.cash_sales.amount, cash.cash_refunds.amount) == (38_500 + 18_500, 38_000)
    expected = FLOAT + 38_500 + 18_500 - 38_000 + 10_000 - 5_000
    assert cash.expected.amount == expected
    # The clerk's view is blind: no expected figure before the count.
    assert shifts.status(c.store, actor=c.clerk).cash is None

    closed = shifts.close_shift(c.store, actor=c.clerk, counted=expected - 150, now=NOW)
    assert closed.status == "closed" and closed.expected == Money(expected)
    assert closed.counted == Money(expected - 150) and closed.variance == Money(-150)
    entry = _journal(c)[-1]
    assert entry.kind == "shift_close" and entry.ref == closed.shift_id and entry.staff == "C1"
    assert entry.data["variance"] == -150 and entry.data["expected"] == expected
    assert shifts.current_shift(c.store) is None
    journal.verify(c.store)


def test_selling_without_an_open_shift_is_refused_and_changes_nothing(counter: Any) -> None:
    shifts.close_shift(counter.store, actor=counter.clerk, counted=FLOAT, now=NOW)
    before = table_counts(counter.store)
    with pytest.raises(NoOpenShift, match="open a shift"):
        _sell(counter, "A-1-1")
    assert table_counts(counter.store) == before
    shifts.open_shift(counter.store, actor=counter.clerk, opening_float=0, now=NOW)
    assert _sell(counter, "A-1-1").order_number


def test_closing_a_shift_twice_is_refused(counter: Any) -> None:
    s = shifts.close_shift(counter.store, actor=counter.clerk, counted=FLOAT, now=NOW)
    before = table_counts(counter.store)
    with pytest.raises(NoOpenShift, match="was closed at"):
        shifts.close_shift(counter.store, actor=counter.clerk, counted=FLOAT, now=NOW)
    with pytest.raises(ShiftRefused, match="closed already"):
        shifts.close_shift(counter.store, actor=counter.clerk, counted=FLOAT, shift_id=s.shift_id, now=NOW)
    assert table_counts(counter.store) == before
    with pytest.raises(NotFound):
        shifts.close_shift(counter.store, actor=counter.clerk, counted=0, shift_id="nope", now=NOW)


def test_one_open_shift_per_drawer(counter: Any) -> None:
    with pytest.raises(ShiftRefused, match="already has an open shift"):
        shifts.open_shift(counter.store, actor=counter.supervisor, opening_float=100, now=NOW)
    # Another drawer may have its own.
    other = shifts.open_shift(
        counter.store, actor=counter.supervisor, opening_float=100, drawer="two", now=NOW
    )
    assert other.drawer == "two"


def test_the_schema_itself_refuses_a_second_open_shift(counter: Any) -> None:
    con = sqlite3.connect(counter.store.path)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO shift (id, drawer, terminal_id, status, opened_by, opened_at, opening_float, open_seq) "
            "VALUES ('x', 'main', 'T01', 'open', 'C1', '2026-12-01T10:00:00.000000Z', 0, 1)"
        )
    con.close()


def test_a_clerk_cannot_move_cash_or_open_the_drawer_without_a_supervisor(counter: Any) -> None:
    c = counter
    before = table_counts(c.store)
    with pytest.raises(PermissionDenied, match="supervisor must approve"):
        shifts.cash_in(c.store, actor=c.clerk, amount=1000, reason="change", now=NOW)
    with pytest.raises(PermissionDenied):
        shifts.cash_out(c.store, actor=c.clerk, amount=1000, reason="safe", now=NOW)
    with pytest.raises(PermissionDenied):
        shifts.open_drawer(c.store, actor=c.clerk, reason="no sale", now=NOW)
    assert table_counts(c.store) == before

    mv = shifts.cash_out(c.store, actor=c.clerk, amount=1000, reason="safe", override=_approve(c), now=NOW)
    assert (mv.staff_id, mv.approver_id) == ("C1", "S1")
    entry = _journal(c)[-1]
    assert (entry.kind, entry.staff, entry.approver, entry.data["amount"]) == ("cash_out", "C1", "S1", 1000)
    seq = shifts.open_drawer(c.store, actor=c.clerk, reason="customer change", override=_approve(c), now=NOW)
    assert _journal(c)[-1].seq == seq and _journal(c)[-1].kind == "drawer_open"


def test_an_approval_is_spent_by_one_cash_movement(counter: Any) -> None:
    c = counter
    ov = _approve(c)
    shifts.cash_in(c.store, actor=c.clerk, amount=1000, reason="change", override=ov, now=NOW)
    with pytest.raises(PermissionDenied, match="used already"):
        shifts.cash_in(c.store, actor=c.clerk, amount=1000, reason="change", override=ov, now=NOW)
    with pytest.raises(PermissionDenied, match="was for"):
        shifts.cash_in(
            c.store, actor=c.clerk, amount=1, reason="x", override=_approve(c, Permission.REFUND), now=NOW
        )


def test_a_refused_cash_out_leaves_the_approval_unspent(counter: Any) -> None:
    c = counter
    ov = _approve(c)
    with pytest.raises(InvalidInput, match="should hold only"):
        shifts.cash_out(c.store, actor=c.clerk, amount=FLOAT + 1, reason="too much", override=ov, now=NOW)
    shifts.cash_out(c.store, actor=c.clerk, amount=FLOAT, reason="all of it", override=ov, now=NOW)


@pytest.mark.parametrize("amount", [-1, 0, 1.5, "100", True, None, 10**12])
def test_bad_cash_amounts_are_refused(counter: Any, amount: Any) -> None:
    before = table_counts(counter.store)
    with pytest.raises(InvalidInput):
        shifts.cash_in(counter.store, actor=counter.supervisor, amount=amount, reason="x", now=NOW)
    assert table_counts(counter.store) == before


@pytest.mark.parametrize("amount", [-1, 2.5, "0", 10**12])
def test_bad_float_and_count_are_refused(counter: Any, amount: Any) -> None:
    with pytest.raises(InvalidInput):
        shifts.close_shift(counter.store, actor=counter.clerk, counted=amount, now=NOW)
    shifts.close_shift(counter.store, actor=counter.clerk, counted=FLOAT, now=NOW)
    with pytest.raises(InvalidInput):
        shifts.open_shift(counter.store, actor=counter.clerk, opening_float=amount, now=NOW)
    assert shifts.current_shift(counter.store) is None


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201])
def test_a_cash_movement_needs_a_reason(counter: Any, reason: str) -> None:
    with pytest.raises(InvalidInput):
        shifts.cash_in(counter.store, actor=counter.supervisor, amount=100, reason=reason, now=NOW)


@pytest.mark.parametrize("drawer", ["", "a b", "x" * 17, "抽屉"])
def test_bad_drawer_names_are_refused(counter: Any, drawer: str) -> None:
    with pytest.raises(InvalidInput):
        shifts.open_shift(counter.store, actor=counter.supervisor, opening_float=0, drawer=drawer, now=NOW)


def test_cash_movement_without_an_open_shift_is_refused(counter: Any) -> None:
    shifts.close_shift(counter.store, actor=counter.clerk, counted=FLOAT, now=NOW)
    with pytest.raises(NoOpenShift):
        shifts.cash_in(counter.store, actor=counter.supervisor, amount=100, reason="x", now=NOW)
    with pytest.raises(NoOpenShift):
        shifts.open_drawer(counter.store, actor=counter.supervisor, reason="x", now=NOW)
    with pytest.raises(NoOpenShift):
        shifts.status(counter.store, actor=counter.supervisor)


def test_only_the_owner_or_a_supervisor_closes_a_shift(counter: Any) -> None:
    from pos.staff.access import Role, StaffSession

    other_clerk = StaffSession("C2", "Other", Role.CLERK, NOW)
    with pytest.raises(PermissionDenied):
        shifts.close_shift(counter.store, actor=other_clerk, counted=FLOAT, now=NOW)
    s = shifts.close_shift(counter.store, actor=counter.supervisor, counted=FLOAT, now=NOW)
    assert s.closed_by == "S1" and s.variance == Money(0)


def test_a_clerk_closes_another_clerks_shift_with_a_supervisors_single_use_grant(counter: Any) -> None:
    from pos.staff.access import Role, StaffSession

    other_clerk = StaffSession("C2", "Other", Role.CLERK, NOW)
    wrong = override(counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1],
                     permission=Permission.OPEN_DRAWER, now=NOW)
    with pytest.raises(PermissionDenied):  # a grant for another permission
        shifts.close_shift(counter.store, actor=other_clerk, counted=FLOAT, override=wrong, now=NOW)
    assert shifts.current_shift(counter.store) is not None
    grant = override(counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1],
                     permission=Permission.CLOSE_OUT, now=NOW)
    closed = shifts.close_shift(counter.store, actor=other_clerk, counted=FLOAT, override=grant, now=NOW)
    assert closed.variance == Money(0) and shifts.current_shift(counter.store) is None
    shifts.open_shift(counter.store, actor=counter.clerk, opening_float=FLOAT, now=NOW)
    with pytest.raises(PermissionDenied):  # single use: spent by the first close
        shifts.close_shift(counter.store, actor=other_clerk, counted=FLOAT, override=grant, now=NOW)


def test_refunds_count_against_the_drawer_open_when_they_happen(counter: Any) -> None:
    """A ticket sold in one shift and refunded in the next: the cash leaves the second drawer."""
    c = counter
    sale = _sell(c, "A-1-1")
    first = shifts.close_shift(c.store, actor=c.clerk, counted=FLOAT + 38_500, now=NOW)
    assert first.variance == Money(0)
    shifts.open_shift(c.store, actor=c.clerk, opening_float=40_000, now=NOW + timedelta(minutes=1))
    refund(c.store, order=sale.order_id, actor=c.supervisor, now=NOW + timedelta(minutes=2))
    second = shifts.close_shift(c.store, actor=c.clerk, counted=2_000, now=NOW + timedelta(minutes=3))
    assert second.expected == Money(40_000 - 38_000) and second.variance == Money(0)
    # The closed shift's figures are kept as they were.
    assert shifts.get_shift(c.store, shift_id=first.shift_id).expected == Money(FLOAT + 38_500)


def test_shift_events_are_in_the_hash_chained_journal(counter: Any) -> None:
    c = counter
    shifts.cash_in(c.store, actor=c.supervisor, amount=123, reason="coins", now=NOW)
    shifts.close_shift(c.store, actor=c.clerk, counted=FLOAT + 123, now=NOW)
    kinds = [e.kind for e in _journal(c)]
    assert kinds[-2:] == ["cash_in", "shift_close"]
    assert json.loads(json.dumps(_journal(c)[-1].data))["counted"] == FLOAT + 123
    journal.verify(c.store)

"""The Orders / after-sales screen against a real store: find by order number and by a
scanned ticket code, refund with a supervisor's approval, refusals (door scan, closed
window, unknown or malformed input), void, exchange paid in cash, reprint approval."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos.staff.access import Permission
from tests.factories import NOW, SUPERVISOR, table_counts
from tests.pos.aftersales_helpers import sale, scan_at_door


@pytest.fixture
def screen(qtbot: Any, ctx: Any, counter: Any) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.screens.orders import OrdersScreen

    install_language(ensure_app(), "en")
    bridge = Bridge(ctx)
    s = OrdersScreen(bridge)
    s.set_session(counter.clerk)
    qtbot.addWidget(s)
    s.show()
    qtbot.waitUntil(lambda: not bridge.runner.busy, timeout=5000)  # the latest orders, loaded on show
    yield s
    bridge.runner.wait()


def _find(qtbot: Any, screen: Any, text: str) -> None:
    screen.search.clear()
    qtbot.keyClicks(screen.search, text)
    with qtbot.waitSignal(screen.found, timeout=5000):
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)  # a keyboard wedge ends with Enter


def _statuses(screen: Any) -> list[str]:
    return [screen.tickets.item(r, 5).text() for r in range(screen.tickets.rowCount())]


def _priced_exchange(qtbot: Any, screen: Any, kind: str, ident: str) -> Any:
    """Start an exchange of the order found into ``kind`` ``ident``, and price it."""
    screen.exchange_button.click()
    panel = screen.exchange
    qtbot.waitUntil(lambda: panel.what.count() > 0, timeout=5000)
    panel.choose(kind, ident)
    panel.price_button.click()
    qtbot.waitUntil(panel.go_button.isEnabled, timeout=5000)
    return panel


def _ticket_status(counter: Any, ticket_id: str) -> str:
    con = sqlite3.connect(counter.store.path)
    try:
        return str(con.execute("SELECT status FROM ticket WHERE id = ?", (ticket_id,)).fetchone()[0])
    finally:
        con.close()


def _approve(qtbot: Any, screen: Any, pin: str) -> None:
    qtbot.waitUntil(lambda: screen.approval is not None and screen.approval.isVisible(), timeout=5000)
    screen.approval.supervisor.setText(SUPERVISOR[0])
    screen.approval.pin.setText(pin)
    screen.approval.submit()


def test_find_by_order_number_and_by_scanned_ticket_code(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter)
    _find(qtbot, screen, s.order_number.lower())
    assert s.order_number in screen.summary.text() and "Test Concert" in screen.summary.text()
    assert "C1" in screen.summary.text() and "2026-12" in screen.summary.text()
    assert screen.tickets.rowCount() == 2 and _statuses(screen) == ["valid", "valid"]
    assert screen.tickets.item(0, 3).text() == "385.00" and screen.tickets.item(0, 4).text() == "380.00"
    assert "cash" in screen.payments.text()
    _find(qtbot, screen, s.tickets[1].code)
    rows = [i.row() for i in screen.tickets.selectionModel().selectedRows()]
    assert rows == [1] and screen.refund_selected_button.isEnabled()
    _find(qtbot, screen, s.tickets[0].ticket_id)  # the id, typed
    assert [i.row() for i in screen.tickets.selectionModel().selectedRows()] == [0]


def test_clerk_refunds_a_selected_ticket_with_approval_wrong_pin_first(
    qtbot: Any, screen: Any, counter: Any
) -> None:
    s = sale(counter)
    _find(qtbot, screen, s.order_number)
    screen.tickets.selectRow(1)
    qtbot.keyClick(screen, Qt.Key.Key_F5)
    qtbot.waitUntil(screen.confirm_box.isVisible, timeout=5000)
    text = screen.confirm_text.text()
    assert "380.00" in text and "in cash from the drawer" in text and "1 ticket" in text
    qtbot.keyClick(screen, Qt.Key.Key_F10)
    _approve(qtbot, screen, "0000")
    qtbot.waitUntil(lambda: bool(screen.approval.problem.text()), timeout=5000)
    assert screen.approval.isVisible() and _ticket_status(counter, s.tickets[1].ticket_id) == "valid"
    with qtbot.waitSignal(screen.refunded, timeout=5000) as got:
        _approve(qtbot, screen, SUPERVISOR[1])
    r = got.args[0]
    assert r.ticket_ids == (s.tickets[1].ticket_id,) and r.amount.amount == 38000
    assert r.approver_id == SUPERVISOR[0]
    qtbot.waitUntil(lambda: _statuses(screen) == ["valid", "refunded"], timeout=5000)
    assert "Refunded 380.00" in screen.message.text()
    assert _ticket_status(counter, s.tickets[1].ticket_id) == "revoked"


def test_refund_after_the_door_scan_is_refused_with_the_reason(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter)
    scan_at_door(counter, s.tickets[0].ticket_id, NOW + timedelta(minutes=5))
    screen.set_session(counter.supervisor)
    _find(qtbot, screen, s.order_number)
    assert _statuses(screen) == ["scanned at the door", "valid"]
    screen.tickets.selectRow(0)
    screen.refund_selected_button.click()  # the screen knows: nothing is asked of the core
    assert screen.message.property("errorCode") == "reversal_refused"
    assert "cannot be refunded" in screen.message.text()
    before = table_counts(counter.store)
    screen.refund_order_button.click()  # the whole order: the core refuses
    qtbot.waitUntil(screen.confirm_box.isVisible, timeout=5000)
    with qtbot.waitSignal(screen.refused, timeout=5000):
        screen.confirm_button.click()
    assert screen.message.property("errorCode") == "ticket_scanned"
    assert "Ticket already used" in screen.message.text() and "Call a supervisor" in screen.message.text()
    assert table_counts(counter.store) == before


def test_late_refund_asks_for_the_late_approval(qtbot: Any, screen: Any, counter: Any, ctx: Any) -> None:
    s = sale(counter)
    late = NOW + timedelta(days=1, hours=1)  # the 24-hour window before the show has closed
    object.__setattr__(ctx, "clock", lambda: late)
    _find(qtbot, screen, s.order_number)
    screen.refund_order_button.click()
    qtbot.waitUntil(screen.confirm_box.isVisible, timeout=5000)
    screen.confirm_button.click()
    _approve(qtbot, screen, SUPERVISOR[1])  # the plain refund approval: not enough
    qtbot.waitUntil(
        lambda: screen.approval is not None and screen.approval.permission is Permission.REFUND_LATE,
        timeout=5000,
    )
    with qtbot.waitSignal(screen.refunded, timeout=5000) as got:
        _approve(qtbot, screen, SUPERVISOR[1])
    assert got.args[0].late and got.args[0].amount.amount == 76000


def test_void_the_last_sale_and_refused_outside_the_window(qtbot: Any, screen: Any, counter: Any) -> None:
    old = sale(counter, seats=("A-2-1",), when=NOW - timedelta(minutes=30))
    screen.set_session(counter.supervisor)
    screen.void_button.click()
    with qtbot.waitSignal(screen.refused, timeout=5000):
        screen.confirm_button.click()
    assert screen.message.property("errorCode") == "reversal_refused"
    assert (
        "older than the void window" in screen.message.text() and "Refund it instead" in screen.message.text()
    )
    assert _ticket_status(counter, old.tickets[0].ticket_id) == "valid"
    s = sale(counter)
    qtbot.keyClick(screen, Qt.Key.Key_F7)
    assert screen.confirm_box.isVisible()
    with qtbot.waitSignal(screen.voided, timeout=5000) as got:
        qtbot.keyClick(screen, Qt.Key.Key_F10)
    assert got.args[0].order_number == s.order_number and got.args[0].amount.amount == 77000
    qtbot.waitUntil(lambda: _statuses(screen) == ["voided", "voided"], timeout=5000)
    assert "voided" in screen.summary.text()


def test_clerk_void_needs_approval(qtbot: Any, screen: Any, counter: Any) -> None:
    sale(counter)
    screen.void_button.click()
    screen.confirm_button.click()
    with qtbot.waitSignal(screen.voided, timeout=5000) as got:
        _approve(qtbot, screen, SUPERVISOR[1])
    assert got.args[0].approver_id == SUPERVISOR[0]


def test_exchange_to_a_dearer_seat_paid_in_cash(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter, seats=("B-1-1",))  # zone 2: 180 + 5 fee
    screen.set_session(counter.supervisor)
    _find(qtbot, screen, s.order_number)
    qtbot.keyClick(screen, Qt.Key.Key_F8)
    panel = screen.exchange
    qtbot.waitUntil(lambda: panel.what.count() > 0, timeout=5000)
    assert panel.performance.currentData() == "P-CONCERT" and panel.quantity.value() == 1
    panel.choose("seat", "Z1")
    panel.price_button.click()
    qtbot.waitUntil(panel.go_button.isEnabled, timeout=5000)
    assert panel.difference.amount == 38500 - 18000
    assert "pays 205.00 more" in panel.result.text()
    panel.go_button.click()
    qtbot.waitUntil(lambda: panel.payment is not None and panel.payment.isVisible(), timeout=5000)
    panel.payment.cash.setText("300")
    with qtbot.waitSignal(screen.exchanged, timeout=5000) as got:
        panel.payment.submit()
    r = got.args[0]
    assert r.difference.amount == 20500 and r.change.amount == 9500 and r.collected[0][0] == "cash"
    assert _ticket_status(counter, s.tickets[0].ticket_id) == "revoked"
    qtbot.waitUntil(lambda: _statuses(screen) == ["exchanged"], timeout=5000)
    assert r.new_order_number in screen.message.text()


def test_exchange_to_a_sold_seat_is_refused(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter, seats=("B-1-1",))
    screen.set_session(counter.supervisor)
    _find(qtbot, screen, s.order_number)
    panel = _priced_exchange(qtbot, screen, "seat", "Z1")
    sale(counter, seats=panel.items[0].seat_id and (panel.items[0].seat_id,))  # sold meanwhile
    panel.go_button.click()
    qtbot.waitUntil(lambda: panel.payment is not None, timeout=5000)
    with qtbot.waitSignal(screen.refused, timeout=5000):
        panel.payment.submit()
    assert screen.message.property("errorCode") == "not_sellable"
    assert _ticket_status(counter, s.tickets[0].ticket_id) == "valid"


def test_clerk_reprint_without_approval_changes_nothing(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter)
    _find(qtbot, screen, s.tickets[0].code)
    before = table_counts(counter.store)
    qtbot.keyClick(screen, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: screen.approval is not None and screen.approval.isVisible(), timeout=5000)
    screen.approval.reject()
    assert screen.message.property("errorCode") == "permission_denied"
    assert "supervisor must approve" in screen.message.text()
    assert table_counts(counter.store) == before
    # With the approval, the old code is revoked and a new ticket replaces it.
    qtbot.keyClick(screen, Qt.Key.Key_F9)
    with qtbot.waitSignal(screen.reprinted, timeout=5000) as got:
        _approve(qtbot, screen, SUPERVISOR[1])
    assert got.args[0].old_ticket_id == s.tickets[0].ticket_id
    assert _ticket_status(counter, s.tickets[0].ticket_id) == "revoked"
    qtbot.waitUntil(
        lambda: (
            screen.tickets.item(0, 0) is not None
            and screen.tickets.item(0, 0).text() == got.args[0].new_ticket_id
        ),
        timeout=5000,
    )


def test_bad_inputs_are_explained(qtbot: Any, screen: Any, counter: Any) -> None:
    screen.search.setText("")
    screen.find_button.click()
    assert screen.message.property("errorCode") == "invalid_input" and not screen.bridge.runner.busy
    screen.search.setText("HELLO-WORLD!")
    screen.find_button.click()  # checked at once, nothing runs
    assert screen.message.property("errorCode") == "invalid_input" and not screen.bridge.runner.busy
    assert "neither an order number nor a readable ticket code" in screen.message.text()
    screen.search.setText("T01-999999")
    with qtbot.waitSignal(screen.refused, timeout=5000):
        screen.find_button.click()
    assert screen.message.property("errorCode") == "not_found" and screen.tickets.rowCount() == 0
    screen.search.setText("ABCDEFGHIJKLMNOP")  # a ticket id shape, sold nowhere here
    with qtbot.waitSignal(screen.refused, timeout=5000):
        screen.find_button.click()
    assert screen.message.property("errorCode") == "not_found"
    # Nothing selected: the actions say what to do first.
    s = sale(counter)
    _find(qtbot, screen, s.order_number)
    screen.refund_selected()
    assert "Select the tickets" in screen.message.text()
    screen.reprint()
    assert "Select one ticket" in screen.message.text()


def test_touch_targets_and_keys_are_listed(screen: Any) -> None:
    for b in (screen.find_button, screen.refund_selected_button, screen.void_button, screen.reprint_button):
        assert b.minimumHeight() >= 44
    assert "F5" in screen.keys.text() and "F9" in screen.keys.text()


def test_a_second_refund_of_the_order_is_refused(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter)
    screen.set_session(counter.supervisor)
    _find(qtbot, screen, s.order_number)
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    qtbot.waitUntil(screen.confirm_box.isVisible, timeout=5000)
    assert "760.00" in screen.confirm_text.text() and "2 ticket" in screen.confirm_text.text()
    with qtbot.waitSignal(screen.refunded, timeout=5000):
        qtbot.keyClick(screen, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: _statuses(screen) == ["refunded", "refunded"], timeout=5000)
    before = table_counts(counter.store)
    with qtbot.waitSignal(screen.refused, timeout=5000):
        qtbot.keyClick(screen, Qt.Key.Key_F6)
    assert screen.message.property("errorCode") == "reversal_refused"
    assert "already refunded, voided or exchanged" in screen.message.text()
    assert table_counts(counter.store) == before


def test_exchange_to_cheaper_standing_refunds_the_difference(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter, seats=("A-1-1",), tenders=None)  # zone 1: 380 + 5 fee, paid in cash
    screen.set_session(counter.supervisor)
    _find(qtbot, screen, s.order_number)
    panel = _priced_exchange(qtbot, screen, "area", "FLOOR")
    assert panel.difference.amount == 28500 - 38000 and "95.00 goes back" in panel.result.text()
    with qtbot.waitSignal(screen.exchanged, timeout=5000) as got:
        panel.go_button.click()  # nothing to collect: no payment dialog
    assert got.args[0].refunds[0][0] == "cash" and got.args[0].refunds[0][1].amount == 9500
    qtbot.waitUntil(lambda: "in cash from the drawer" in screen.message.text(), timeout=5000)


def test_the_screen_speaks_chinese(qtbot: Any, ctx: Any) -> None:
    from ui.app import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.screens.orders import OrdersScreen

    app = ensure_app()
    assert install_language(app, "zh")
    bridge = Bridge(ctx)
    try:
        s = OrdersScreen(bridge)
        qtbot.addWidget(s)
        assert (
            s.refund_selected_button.text() == "退选中票 (F5)" and s.void_button.text() == "撤销上一笔 (F7)"
        )
        assert s.exchange.title() == "换票"
    finally:
        install_language(app, "en")
        bridge.runner.wait()


def test_clerk_exchange_needs_approval_then_payment(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter, seats=("B-1-2",))
    _find(qtbot, screen, s.order_number)
    panel = _priced_exchange(qtbot, screen, "seat", "Z1")
    panel.go_button.click()
    assert screen.approval is not None and screen.approval.permission is Permission.EXCHANGE
    _approve(qtbot, screen, SUPERVISOR[1])
    qtbot.waitUntil(lambda: panel.payment is not None and panel.payment.isVisible(), timeout=5000)
    panel.payment.quick(0)  # exact
    with qtbot.waitSignal(screen.exchanged, timeout=5000) as got:
        panel.payment.submit()
    assert got.args[0].approver_id == SUPERVISOR[0] and got.args[0].change.amount == 0


def test_supervisor_reprint_prints_the_new_ticket(
    qtbot: Any, screen: Any, counter: Any, tmp_path: Any
) -> None:
    from pos.tickets.printjobs import save_printer_profile
    from printing.profiles import PrinterProfile

    out = tmp_path / "printer.bin"
    profile = PrinterProfile(name="P1", connection="file", device=str(out), mode="text")
    save_printer_profile(counter.store, name="P1", settings=profile.to_settings())
    s = sale(counter)
    screen.set_session(counter.supervisor)
    _find(qtbot, screen, s.tickets[1].code)
    with qtbot.waitSignal(screen.reprinted, timeout=10_000) as got:
        qtbot.keyClick(screen, Qt.Key.Key_F9)  # a supervisor needs no approval
    assert got.args[0].old_ticket_id == s.tickets[1].ticket_id
    # A file printer cannot confirm: the screen says so instead of "printed".
    qtbot.waitUntil(lambda: "cannot confirm it printed" in screen.message.text(), timeout=5000)
    assert out.stat().st_size > 0 and _ticket_status(counter, s.tickets[1].ticket_id) == "revoked"

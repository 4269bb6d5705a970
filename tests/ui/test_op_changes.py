"""Issue 20, item 8 (the app's part): every write says what it changed, and each screen that
shows it refreshes (Anki's OpChanges): at once when visible, or when next shown. A refund
made on the Orders screen left the shift screen's expected cash stale."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pos.cash import shifts
from tests.pos.aftersales_helpers import sale


def _expected(counter: Any) -> str:
    """The drawer's expected cash as the core has it now, as the screen writes it."""
    status = shifts.status(counter.store, actor=counter.supervisor)
    assert status is not None and status.cash is not None
    return f"¥{status.cash.expected.format()}"


@pytest.fixture
def screens(qtbot: Any, ctx: Any, counter: Any) -> Iterator[tuple[Any, Any, Any]]:
    from ui.application import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.screens.orders import OrdersScreen
    from ui.screens.shift import ShiftScreen

    install_language(ensure_app(), "en")
    bridge = Bridge(ctx)
    orders, shift = OrdersScreen(bridge), ShiftScreen(bridge)
    for w in (orders, shift):
        w.set_session(counter.supervisor)
        qtbot.addWidget(w)
        w.show()
    qtbot.waitUntil(lambda: not bridge.runner.busy, timeout=5000)
    yield bridge, orders, shift
    bridge.runner.wait()


def _refund_whole_order(qtbot: Any, orders: Any, number: str) -> None:
    orders.search.setText(number)
    with qtbot.waitSignal(orders.found, timeout=5000):
        orders.lookup()
    orders.refund_order()  # F6 (two windows here: the keys go to the active one)
    qtbot.waitUntil(orders.confirm_box.isVisible, timeout=5000)
    with qtbot.waitSignal(orders.refunded, timeout=5000):
        orders.confirm_box.confirm_button.click()


def test_a_refund_elsewhere_updates_the_visible_shift_screen(qtbot: Any, screens: Any, counter: Any) -> None:
    _bridge, orders, shift = screens
    s = sale(counter)  # two tickets, 2 x 385.00 in cash
    shift.refresh()
    after_sale = _expected(counter)
    qtbot.waitUntil(lambda: f"cash expected {after_sale}" in shift.status_label.text(), timeout=5000)
    _refund_whole_order(qtbot, orders, s.order_number)
    after_refund = _expected(counter)
    assert after_refund != after_sale
    qtbot.waitUntil(lambda: f"cash expected {after_refund}" in shift.status_label.text(), timeout=5000)


def test_a_hidden_screen_refreshes_when_shown_again(qtbot: Any, screens: Any, counter: Any) -> None:
    _bridge, orders, shift = screens
    s = sale(counter)
    shift.hide()
    _refund_whole_order(qtbot, orders, s.order_number)
    assert shift.watcher.dirty  # marked, not refreshed while hidden
    after_refund = _expected(counter)
    shift.show()
    qtbot.waitUntil(lambda: f"cash expected {after_refund}" in shift.status_label.text(), timeout=5000)
    assert not shift.watcher.dirty


def test_the_orders_list_shows_a_change_made_elsewhere(qtbot: Any, screens: Any, counter: Any) -> None:
    from ui.ops.changes import Change

    bridge, orders, _shift = screens
    assert orders.recent.model.rowCount() == 0
    s = sale(counter)  # made outside the app's ops: nothing announced, nothing reloaded
    assert orders.recent.model.rowCount() == 0
    bridge.runner.op_executed.emit(Change.ORDERS, None)  # what a sale's operation announces
    qtbot.waitUntil(lambda: orders.recent.model.rowCount() == 1, timeout=5000)
    assert orders.recent.model.index(0, 0).data() == s.order_number
    bridge.runner.op_executed.emit(Change.SETTINGS, None)  # not its business: nothing runs
    assert not bridge.runner.busy



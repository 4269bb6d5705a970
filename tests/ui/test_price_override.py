"""F11 price override: a clerk needs a supervisor's PIN (refused inline when wrong), the sale
spends that single approval, and a supervisor selling overrides without asking anyone."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import Qt

from tests.factories import SUPERVISOR
from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert, _press


def _one_standing(qtbot: Any, window: Any) -> Any:
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_1, "1")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    return sell


def _enter_price(qtbot: Any, sell: Any, text: str) -> None:
    sell.override_price()
    qtbot.waitUntil(lambda: sell.price_dialog is not None and sell.price_dialog.isVisible(), timeout=3000)
    sell.price_dialog.setTextValue(text)
    sell.price_dialog.accept()


def _query(window: Any, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(window.ctx.store.path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_clerk_needs_a_supervisor_pin_and_the_sale_spends_it(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = _one_standing(qtbot, window)
    _enter_price(qtbot, sell, "100")
    qtbot.waitUntil(lambda: sell.approval is not None and sell.approval.isVisible(), timeout=3000)
    dialog = sell.approval
    # The clerk's own PIN approves nothing.
    dialog.supervisor.setText("C1")
    dialog.pin.setText("1357")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.problem.text() != "", timeout=5000)
    assert dialog.isVisible() and dialog.pin.text() == ""
    assert sell.cart.model.items[0].override_price is None
    dialog.supervisor.setText(SUPERVISOR[0])
    dialog.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(dialog.approved, timeout=5000):
        dialog.submit()
    qtbot.waitUntil(
        lambda: sell.quote is not None and sell.quote.breakdown.tickets[0].list_price.amount == 10000,
        timeout=5000,
    )
    sell.pay()
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    with qtbot.waitSignal(sell.ready, timeout=5000):
        qtbot.keyClick(sell.payment.cash, Qt.Key.Key_Return)
    assert _query(window, "SELECT list_price FROM ticket") == [(10000,)]
    grants = _query(window, "SELECT approver_id, used_at IS NOT NULL, used_by FROM override_grant")
    assert grants == [(SUPERVISOR[0], 1, "C1")]
    assert sell.price_approval is None


def test_a_bad_price_is_refused_and_changes_nothing(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = _one_standing(qtbot, window)
    before = sell.quote.breakdown.total
    for bad in ("abc", "-5", "1.234"):
        _enter_price(qtbot, sell, bad)
        qtbot.waitUntil(lambda: sell.price_dialog is None, timeout=3000)
        assert sell.approval is None
        assert sell.cart.model.items[0].override_price is None
    assert sell.quote.breakdown.total == before
    assert _query(window, "SELECT count(*) FROM override_grant") == [(0,)]


def test_a_supervisor_selling_overrides_without_a_second_pin(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window, SUPERVISOR)
    _choose_concert(qtbot, window)
    sell = _one_standing(qtbot, window)
    _enter_price(qtbot, sell, "88.50")
    qtbot.waitUntil(
        lambda: sell.quote is not None and sell.quote.breakdown.tickets[0].list_price.amount == 8850,
        timeout=5000,
    )
    assert sell.approval is None

"""Issue 20, item 10: with no open shift the sell screen says so from sign-in, and Pay does
not take cash; opening a shift on the Shift tab clears it (the change is announced)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pos.cash import shifts
from tests.factories import FLOAT, NOW
from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert, _press


def test_no_shift_is_said_at_once_and_pay_waits_for_one(qtbot: Any, window: Any, counter: Any) -> None:
    shifts.close_shift(counter.store, actor=counter.supervisor, counted=FLOAT, now=NOW)
    sign_in(qtbot, window)
    sell = window.sell
    warning = sell.shift_guard.warning
    qtbot.waitUntil(warning.isVisible, timeout=5000)
    assert "No shift is open" in warning.text()
    _choose_concert(qtbot, window)
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    _press(qtbot, Qt.Key.Key_F12)
    assert sell.payment is None and warning.isVisible()  # no payment opened, no cash taken
    # The clerk opens a shift on the Shift tab; back on the sell screen the warning is gone.
    window.modes.setCurrentWidget(window.shift)
    window.shift.float_edit.setText("500")
    with qtbot.waitSignal(window.shift.changed, timeout=5000):
        window.shift.open_button.click()
    window.modes.setCurrentWidget(window.sell)
    qtbot.waitUntil(lambda: not warning.isVisible(), timeout=5000)
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)


def test_with_a_shift_open_there_is_no_warning(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.sell.shift_guard.open is True, timeout=5000)
    assert not window.sell.shift_guard.warning.isVisible()

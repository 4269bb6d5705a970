"""Counter touchscreens: every control on the sell and payment screens is at least 44 px tall."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox, QWidget

from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QSpinBox)


def _small(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible():
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), QSpinBox | QComboBox):
            continue  # the editor inside a spin box or combo box: its parent is measured
        if isinstance(w.parent(), QLineEdit):
            continue  # a line edit's clear icon: F2 and Esc clear the search from the keyboard
        if w.height() < 44:
            out.append(f"{type(w).__name__} {w.objectName()} in {type(w.parent()).__name__} {w.parent().objectName()}: {w.height()} px")
    return out


def test_sell_and_payment_controls_are_touch_sized(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    sell.add_seat_tickets(sell.map_view.pick_best(2))
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    assert _small(sell) == []
    sell.pay()
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    assert _small(sell.payment) == []

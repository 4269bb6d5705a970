"""Counter touchscreens: every control on the sell and payment screens is at least 44 px tall."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget

from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)


def _small(root: QWidget) -> list[str]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or not w.isVisible():
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue  # the editor inside a spin box or combo box: its parent is measured
        if isinstance(w.parent(), QLineEdit):
            continue  # a line edit's clear icon: F2 and Esc clear the search from the keyboard
        if w.objectName() == "qt_tableview_cornerbutton":
            continue  # a table's select-all corner: not something a clerk presses
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


def _small_tabs(window: Any) -> list[str]:
    bar = window.modes.tabBar()
    return [f"tab {bar.tabText(i)}: {bar.tabRect(i).height()} px" for i in range(bar.count())
            if bar.isTabVisible(i) and bar.tabRect(i).height() < 44]


def test_every_mode_and_dialog_is_touch_sized(qtbot: Any, window: Any) -> None:
    """The design system's touch target (ui/theme TOUCH) on every screen of the main window's
    registry (the supervisor sees them all), its mode tabs, and the dialogs a clerk meets."""
    from pos.errors import NotSellable
    from pos.staff.access import Permission
    from tests.factories import SUPERVISOR
    from ui.errors import show_error
    from ui.widgets.approval import ApprovalDialog
    from ui.widgets.help import HelpDialog

    sign_in(qtbot, window, SUPERVISOR)
    assert _small_tabs(window) == []
    for i in range(window.modes.count()):
        window.modes.setCurrentIndex(i)
        qtbot.waitUntil(lambda: not window.bridge.runner.busy, timeout=5000)
        assert _small(window.modes.currentWidget()) == [], window.modes.tabText(i)
    window.shift.count_edit.setText("100")
    window.modes.setCurrentWidget(window.shift)
    window.shift.close_shift()  # the confirm bar
    assert window.shift.confirm_box.isVisible() and _small(window.shift.confirm_box) == []
    for dialog in (
        ApprovalDialog(window.bridge, Permission.REFUND, "", window),
        HelpDialog(window),
        show_error(window, NotSellable("seat sold", reason="sold")),
    ):
        dialog.show()
        assert _small(dialog) == [], type(dialog).__name__
        dialog.close()


def test_touch_targets_grow_with_the_type_scale(qtbot: Any, ctx: Any) -> None:
    """At 1920×1080 (×1.25) every control is at least 55 px: the targets scale with the text."""
    from ui.application import ensure_app
    from ui.main_window import MainWindow
    from ui.theme import apply_theme, scale_for

    app = ensure_app()
    apply_theme(app, scale_for(1080))
    try:
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        w.resize(1920, 1040)
        for field in (w.signin.staff_id, w.signin.pin, w.signin.button):
            assert field.height() >= 55, field.objectName()
        w.shutdown()
    finally:
        apply_theme(app, 1.0)

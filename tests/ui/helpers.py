"""Driving the main window from tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.factories import CLERK


def sign_in(qtbot: Any, window: Any, staff: tuple[str, str] = CLERK) -> None:
    qtbot.keyClicks(window.signin.staff_id, staff[0])
    qtbot.keyClick(window.signin.staff_id, Qt.Key.Key_Return)
    qtbot.keyClicks(window.signin.pin, staff[1])
    with qtbot.waitSignal(window.signin.signed_in, timeout=5000):
        qtbot.keyClick(window.signin.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.sell.browser.model.rowCount() > 0, timeout=5000)


def key(qtbot: Any, window: Any, k: Qt.Key, text: str = "") -> None:
    """A key press to whatever has the focus, as a clerk's keyboard would send it."""
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, k)


def performance_shown(sell: Any) -> bool:
    """Both halves of a chosen performance are in (the seat map and the detail: areas and
    concessions), so the sell screen has shown its parts and given the map the focus. Wait on
    this, not on the map alone: the two load on separate workers and either may come last."""
    return sell.seat_map is not None and sell.detail is not None and sell.map_view.item is not None


def scan_into(qtbot: Any, target: Any, code: str) -> None:
    """A keyboard-wedge scanner: the code's digits, then Enter, into the field with the focus."""
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)

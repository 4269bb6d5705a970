"""Issue 20, item 4: messages on the sell screen never move the seat map (a click would land
on another seat) nor widen the middle pane (squashing the performances and the cart)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert


def test_a_long_refusal_moves_nothing(qtbot: Any, window: Any) -> None:
    window.resize(1366, 768)
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    qtbot.waitUntil(lambda: sell.map_view.isVisible() and sell.map_view.width() > 100, timeout=5000)

    def layout() -> tuple[object, ...]:
        return (sell.map_view.geometry().getRect(), sell.browser.width(), sell.side.width())

    before = layout()
    long = "This seat cannot be sold here: " + "it is held by another channel for a reason too long to show. " * 6
    sell.map_view.refused.emit(long)
    qtbot.waitUntil(lambda: sell.map_hint.text() == long, timeout=2000)
    for _ in range(3):
        QApplication.processEvents()  # the layout's deferred requests, as the event loop runs them
    assert layout() == before
    assert sell.map_hint.toolTip() == long  # all of it, on hover
    sell.map_view.refused.emit("")
    for _ in range(3):
        QApplication.processEvents()
    assert layout() == before

"""Issue 20, items 18 and 11: the end of a sale shows the change due large, until the next
cart starts; the hold's countdown is large and turns red in its last minute."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert, _press


def _two_standing(qtbot: Any, sell: Any) -> None:
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)


def test_the_change_due_is_shown_large_until_the_next_cart(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _two_standing(qtbot, sell)
    assert not sell.side.done.isVisible()
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    sell.payment.cash.setText("600")  # 2 x 285.00 due
    with qtbot.waitSignal(sell.ready, timeout=5000):
        qtbot.keyClick(sell.payment.cash, Qt.Key.Key_Return)
    done = sell.side.done
    assert done.isVisible() and "Change due ¥30.00" in done.text() and "2 ticket(s)" in done.text()
    assert "font-size: 30pt" in done.text()  # large, not the banner's small line
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.browser.search, timeout=3000)
    _choose_concert(qtbot, window)
    _two_standing(qtbot, sell)  # the next customer's cart: the last change is gone
    assert not done.isVisible()


def test_the_hold_countdown_turns_red_in_its_last_minute(qtbot: Any, window: Any) -> None:
    side = window.sell.side
    side.show_countdown(125)
    assert side.hold_label.text().endswith("2:05") and side.hold_label.property("urgent") is False
    side.show_countdown(59)
    assert side.hold_label.property("urgent") is True
    assert side.hold_label.font().pointSize() >= 16  # the type scale's heading, at least
    side.show_countdown(-1)
    assert not side.hold_label.isVisibleTo(side)


def test_the_headings_remaining_count_follows_a_sale(qtbot: Any, window: Any) -> None:
    """Issue 20, item 8: the header's "58 left" never updated after a sale."""
    import re

    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell

    def left() -> int:
        found = re.search(r"(\d+) left", sell.heading.text())
        assert found is not None, sell.heading.text()
        return int(found.group(1))

    before = left()
    _two_standing(qtbot, sell)
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    with qtbot.waitSignal(sell.ready, timeout=5000):
        qtbot.keyClick(sell.payment.cash, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: left() == before - 2, timeout=5000)


def test_an_extension_is_said_and_a_lock_shows_the_hold(qtbot: Any, window: Any) -> None:
    """Issue 20, item 11: the hold extended itself silently, and the auto-lock hid it."""
    sign_in(qtbot, window)
    side = window.sell.side
    for left in (70, 21, 20):
        side.show_countdown(left)
    assert "extended" not in side.hold_label.text()
    side.show_countdown(300)  # central granted more time
    assert side.hold_label.text().endswith("(extended 1 time(s))")
    side.show_countdown(-1)
    assert side.extensions == 0
    window.lock()
    window.sell.holds.ticked.emit(125)
    assert window.signin.hold.isVisibleTo(window.signin) and "2:05" in window.signin.hold.text()
    window.sell.holds.ticked.emit(-1)
    assert not window.signin.hold.isVisibleTo(window.signin)


def test_a_supervisor_unlocking_keeps_the_clerks_cart(qtbot: Any, window: Any) -> None:
    from tests.factories import SUPERVISOR

    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _two_standing(qtbot, sell)
    window.lock()
    window.signin.staff_id.setText(SUPERVISOR[0])
    window.signin.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(window.signin.signed_in, timeout=5000):
        window.signin.submit()
    assert not window.locked and len(sell.cart.model.items) == 2  # the sale goes on

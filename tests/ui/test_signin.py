from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.factories import CLERK, SUPERVISOR
from tests.ui.helpers import sign_in


def _try(qtbot: Any, window: Any, staff_id: str, pin: str) -> None:
    window.signin.staff_id.setText(staff_id)
    window.signin.pin.setText(pin)
    with qtbot.waitSignal(
        window.bridge.runner.failed, timeout=5000, check_params_cb=lambda what, _e: what == "sign_in"
    ):
        qtbot.keyClick(window.signin.pin, Qt.Key.Key_Return)


def test_sign_in_with_the_right_pin_opens_the_sell_mode(qtbot: Any, window: Any) -> None:
    assert window.locked
    sign_in(qtbot, window)
    assert not window.locked
    assert window.modes.currentWidget() is window.sell
    assert CLERK[0] in window.clerk_label.text()
    qtbot.waitUntil(lambda: "never synced" in window.net_label.text())
    assert window.queue_label.text().startswith("0")


def test_a_wrong_pin_says_so_and_how_many_tries_are_left(qtbot: Any, window: Any) -> None:
    _try(qtbot, window, CLERK[0], "9999")
    assert window.locked
    text = window.signin.message.text()
    assert "wrong" in text and "4 tries left" in text
    assert window.signin.pin.text() == ""


def test_five_wrong_pins_lock_the_account_even_with_the_right_pin(qtbot: Any, window: Any) -> None:
    for _ in range(5):
        _try(qtbot, window, CLERK[0], "9999")
    assert window.signin.message.property("errorCode") == "locked_out"
    _try(qtbot, window, CLERK[0], CLERK[1])
    assert window.signin.message.property("errorCode") == "locked_out"
    assert "locked" in window.signin.message.text()
    assert window.locked


def test_idle_terminal_locks_and_unlocks_with_the_pin(qtbot: Any, window: Any) -> None:
    window.set_idle_lock(1)
    window.idle_timer.setInterval(100)  # 0.1 s for the test
    window._idle_ms = 100
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert window.signin.staff_id.text() == CLERK[0]
    assert "Locked" in window.signin.title.text()
    qtbot.keyClicks(window.signin.pin, CLERK[1])
    with qtbot.waitSignal(window.signin.signed_in, timeout=5000):
        qtbot.keyClick(window.signin.pin, Qt.Key.Key_Return)
    assert not window.locked


def test_ctrl_l_locks_and_a_supervisor_may_take_over(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    qtbot.keyClick(window.sell.browser.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    window.signin.staff_id.setText(SUPERVISOR[0])
    window.signin.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(window.signin.signed_in, timeout=5000):
        qtbot.keyClick(window.signin.pin, Qt.Key.Key_Return)
    assert SUPERVISOR[0] in window.clerk_label.text()


def test_the_demo_opens_signed_out_with_its_pins_on_the_sign_in_screen(qtbot: Any, ctx: Any) -> None:
    from dataclasses import replace

    from poscli.demo import demo_hint
    from ui.main_window import MainWindow

    w = MainWindow(replace(ctx, demo_hint=demo_hint()))
    qtbot.addWidget(w)
    w.show()
    try:
        assert w.locked and w.session is None
        assert w.signin.hint.isVisible()
        assert "1001 PIN 1357" in w.signin.hint.text() and "9001 PIN 258036" in w.signin.hint.text()
        assert "130000000000000001" in w.signin.hint.text()  # the WeChat code paid at once
    finally:
        w.shutdown()


def test_the_lock_out_says_how_long_in_red_and_the_fields_keep_their_size(qtbot: Any, window: Any) -> None:
    """Issue 20, item 12: after 5 wrong PINs the screen said "a few minutes" in black while
    the fields shrank to about 18 px."""
    for _ in range(5):
        _try(qtbot, window, CLERK[0], "9999")
    message = window.signin.message
    assert message.property("errorCode") == "locked_out"
    assert "locked for 5 minute" in message.text() and "few minutes" not in message.text()
    assert message.property("tone") == "error"  # red: the style sheet's QLabel[tone="error"]
    for field in (window.signin.staff_id, window.signin.pin, window.signin.button):
        assert field.height() >= 44, field.objectName()
    window.signin.reset()
    assert window.signin.message.text() == "" and window.signin.message.property("tone") == ""

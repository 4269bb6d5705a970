"""Settings: the language switch (saved, window rebuilt in the new language, the clerk still
signed in), the customer display following the cart, and bad settings refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pos.errors import InvalidInput
from pos.store import settings
from tests.ui.helpers import sign_in


@pytest.fixture
def shell(qtbot: Any, ctx: Any) -> Iterator[Any]:
    from ui.app import Shell, ensure_app, install_language

    app = ensure_app()
    install_language(app, "en")
    s = Shell(ctx, app)
    s.window.show()
    yield s
    s.shutdown()
    s.window.close()
    s.window.deleteLater()  # replaced windows were deleted by the shell itself
    install_language(app, "en")


def test_switching_to_chinese_rebuilds_the_window_and_keeps_the_clerk(qtbot: Any, shell: Any) -> None:
    from ui.app import build_context

    w = shell.window
    sign_in(qtbot, w)
    assert w.modes.tabText(0) == "Sell"
    qtbot.keyClick(w, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert w.modes.currentWidget() is w.settings
    w.settings.language.setCurrentIndex(w.settings.language.findData("zh"))
    with qtbot.waitSignal(shell.window_replaced, timeout=5000) as replaced:
        qtbot.mouseClick(w.settings.apply_language, Qt.MouseButton.LeftButton)
    new = replaced.args[0]
    assert new is shell.window and new is not w
    assert new.modes.tabText(0) == "售票"
    assert new.settings.apply_language.text() == "切换语言"
    assert not new.locked and new.session is not None and new.session.staff_id == "C1"
    assert new.modes.currentWidget() is new.settings
    assert settings.display_language(new.ctx.store) == "zh"
    # The next start opens in the chosen language; the tickets keep the outlet's language.
    again = build_context(new.ctx.store.data_dir)
    try:
        assert again.language == "zh" and again.info.language == new.ctx.info.language
    finally:
        again.store.close()


def test_choosing_the_same_language_changes_nothing(qtbot: Any, shell: Any) -> None:
    w = shell.window
    sign_in(qtbot, w)
    w.settings.language.setCurrentIndex(w.settings.language.findData("en"))
    with qtbot.waitSignal(w.settings.language_chosen, timeout=5000):
        w.settings.apply_language.click()
    assert shell.window is w and w.modes.tabText(0) == "Sell"


def test_bad_settings_are_refused_and_change_nothing(ctx: Any) -> None:
    store = ctx.store
    settings.set_display_language(store, language="en")
    for bad in ("fr", "", "ZH", "zh_CN"):
        with pytest.raises(InvalidInput, match="language must be one of zh, en"):
            settings.set_display_language(store, language=bad)
    assert settings.display_language(store) == "en"
    with pytest.raises(InvalidInput):
        settings.set_customer_display(store, enabled="yes")  # type: ignore[arg-type]
    assert settings.customer_display_enabled(store) is True
    # A value that is not a language (written by something else) is ignored, not obeyed.
    settings.put(store, settings.DISPLAY_LANGUAGE, "klingon")
    assert settings.display_language(store) is None


def test_the_customer_display_follows_the_cart_total_and_change(qtbot: Any, window: Any) -> None:
    from tests.ui.test_sell import _choose_concert, _press

    display = window.customer_display
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    total = sell.quote.breakdown.total
    assert display.table.model() is sell.cart.model and display.table.model().rowCount() == 2
    assert display.total.text() == f"Total {total.currency} {total.format()}"
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    dialog = sell.payment
    dialog.cash.setText(str(total.amount // 100 + 100))  # 100 yuan more than the total
    with qtbot.waitSignal(sell.ready, timeout=5000):
        qtbot.keyClick(dialog.cash, Qt.Key.Key_Return)
    assert display.total.text().endswith("Change 100.00")
    assert display.welcome.text() == "Thank you! Enjoy the show."
    # One screen here: the display stays hidden, whatever the setting says.
    assert display.place(enabled=True) is None and not display.isVisible()
    assert len(QApplication.screens()) == 1


def test_door_sharing_is_saved_and_bad_addresses_change_nothing(qtbot: Any, shell: Any) -> None:
    from pos.door.sharing import door_sharing

    w = shell.window
    sign_in(qtbot, w)
    screen = w.settings
    qtbot.waitUntil(lambda: screen.doors_note.text() != "", timeout=5000)
    assert screen.door_listen.text() == "" and "works alone" in screen.doors_note.text()
    screen.door_listen.setText("0.0.0.0:7300")
    screen.door_peers.setText("192.168.1.21:7300; 192.168.1.22:7300 192.168.1.21:7300")
    with qtbot.waitSignal(screen.door_sharing_saved, timeout=5000) as saved:
        qtbot.mouseClick(screen.save_doors, Qt.MouseButton.LeftButton)
    assert saved.args[0].peers == ("192.168.1.21:7300", "192.168.1.22:7300")  # repeats once
    assert screen.door_peers.text() == "192.168.1.21:7300, 192.168.1.22:7300"
    assert "2 other doors" in screen.doors_note.text()
    # A bad peer: an error, and what was saved stays.
    screen.door_peers.setText("192.168.1.21")
    qtbot.mouseClick(screen.save_doors, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.findChild(QMessageBox, "errorDialog") is not None, timeout=5000)
    box = screen.findChild(QMessageBox, "errorDialog")
    assert box.property("errorCode") == "invalid_input" and "HOST:PORT" in box.detailedText()
    box.close()
    assert door_sharing(w.ctx.store).peers == ("192.168.1.21:7300", "192.168.1.22:7300")


def test_door_sharing_refuses_what_cannot_work(ctx: Any) -> None:
    from pos.door.sharing import MAX_PEERS, DoorSharing, door_sharing, set_door_sharing

    store = ctx.store
    assert door_sharing(store) == DoorSharing() and not door_sharing(store).enabled
    good = set_door_sharing(store, listen="[::]:7300", peers=["10.0.0.2:7300", " ", "[fe80::1]:7301"])
    assert good == DoorSharing("[::]:7300", ("10.0.0.2:7300", "[fe80::1]:7301")) and good.enabled
    for listen, peers, words in [
        ("0.0.0.0", [], "HOST:PORT"),
        ("0.0.0.0:0", [], "HOST:PORT"),
        ("0.0.0.0:65536", [], "HOST:PORT"),
        (":7300", [], "HOST:PORT"),
        ("0.0.0.0:7300", ["10.0.0.2:http"], "HOST:PORT"),
        ("", ["10.0.0.2:7300"], "must answer them too"),
        ("10.0.0.2:7300", ["10.0.0.2:7300"], "own address"),
        ("0.0.0.0:7300", [f"10.0.0.{i}:7300" for i in range(MAX_PEERS + 1)], f"at most {MAX_PEERS}"),
    ]:
        with pytest.raises(InvalidInput, match=words):
            set_door_sharing(store, listen=listen, peers=peers)
        assert door_sharing(store) == good
    assert set_door_sharing(store, listen="", peers=[]) == DoorSharing()  # sharing off
    # Written by something else: ignored with a warning, never obeyed, never a crash.
    for junk in (
        "x",
        ["a"],
        {"listen": "0.0.0.0:7300", "peers": None},
        {"listen": 7, "peers": [1, 2]},
        {"listen": "", "peers": "10.0.0.2:7300"},
    ):
        settings.put(store, "door.sharing", junk)
        assert door_sharing(store) == DoorSharing()

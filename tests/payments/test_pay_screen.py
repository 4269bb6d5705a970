"""The counter app's payment screen with wallet payments: tiles, the scanner typing a payment
code wherever the focus is, waiting for the customer with Cancel, the refusal's reason."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from paygate.democodes import ALIPAY as ALIPAY_CODES
from paygate.democodes import WECHAT as WECHAT_CODES
from paygate.democodes import Scenario
from pos.payments.wallet import ChargeState
from tests.payments.flow_helpers import Around
from tests.ui.helpers import sign_in

WECHAT = WECHAT_CODES[Scenario.SUCCESS]


@pytest.fixture
def wallets(wechat_provider: Any, alipay_provider: Any) -> dict[str, Any]:
    """The real providers on the local gateway, with a gate a test can hold the first query at
    (the customer still confirming) and the calls made."""
    return {"wechat": Around(wechat_provider), "alipay": Around(alipay_provider)}


@pytest.fixture
def poll() -> float:
    return 0.01


@pytest.fixture
def window(qtbot: Any, counter: Any, wallets: dict[str, Any], poll: float) -> Iterator[Any]:
    from tests.factories import NOW
    from ui.app import ensure_app, install_language
    from ui.context import AppContext
    from ui.main_window import MainWindow

    ctx = AppContext(
        store=counter.store, info=counter.info, signer=counter.signer, clock=lambda: NOW, language="en",
        idle_lock_seconds=0, wallets=wallets, wallet_poll_seconds=poll,
    )
    install_language(ensure_app(), "en")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()


def _payments(window: Any) -> list[tuple[str, str, int, str]]:
    con = sqlite3.connect(window.ctx.store.path)
    try:
        return con.execute("SELECT kind, provider, amount, reference FROM payment ORDER BY id").fetchall()
    finally:
        con.close()


def _focused() -> Any:
    target = QApplication.focusWidget()
    assert target is not None
    return target


def _press(qtbot: Any, k: Qt.Key, text: str = "") -> None:
    if text:
        qtbot.keyClicks(_focused(), text)
    else:
        qtbot.keyClick(_focused(), k)


def _scan(qtbot: Any, code: str) -> None:
    """A keyboard-wedge scanner: the code's digits, then Enter, into whatever has the focus."""
    qtbot.keyClicks(_focused(), code)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)


def _two_standing_and_pay(qtbot: Any, window: Any) -> int:
    """From the chosen concert: F4 2 Enter F12. Returns the keys pressed."""
    from tests.ui.test_sell import _choose_concert

    _choose_concert(qtbot, window)
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    return 4


def test_mobile_sale_of_two_standing_tickets_in_four_keys_plus_the_scan(
    qtbot: Any, window: Any, wallets: dict[str, Any]
) -> None:
    """README's count: from the sell screen with the performance chosen."""
    sign_in(qtbot, window)
    keys = _two_standing_and_pay(qtbot, window)
    sell = window.sell
    dialog = sell.payment
    assert set(dialog.tiles) == {"tileCash", "tileWechat", "tileAlipay", "tileCard"}
    with qtbot.waitSignal(sell.ready, timeout=10000):
        _scan(qtbot, WECHAT)  # into the cash field, which has the focus
    assert keys <= 6
    ((kind, provider, amount, reference),) = _payments(window)
    assert (kind, provider, amount) == ("mobile", "wechat", 2 * 28500) and reference
    assert not dialog.isVisible()


def test_userpaying_shows_the_wait_then_sells_when_confirmed(
    qtbot: Any, window: Any, wallets: dict[str, Any]
) -> None:
    sign_in(qtbot, window)
    _two_standing_and_pay(qtbot, window)
    sell = window.sell
    confirming = threading.Event()
    wallets["alipay"].before_query = lambda: confirming.wait(10)  # the customer is typing the password
    dialog = sell.payment
    qtbot.mouseClick(dialog.tiles["tileAlipay"], Qt.MouseButton.LeftButton)
    assert "Alipay" in dialog.problem.text()
    with qtbot.waitSignal(sell.ready, timeout=15000):
        _scan(qtbot, ALIPAY_CODES[Scenario.CONFIRM_THEN_PAID])
        assert dialog.wait.isVisible() and not dialog.form_page.isVisible()
        qtbot.waitUntil(lambda: "confirm" in dialog.wait.title.text(), timeout=5000)
        assert dialog.wait.countdown.text() == "60 s"
        confirming.set()
    assert [p[:2] for p in _payments(window)] == [("mobile", "alipay")]


@pytest.mark.parametrize("poll", [5.0])  # the next query is seconds away when the clerk cancels
def test_cancel_while_waiting_reverses_and_goes_back_to_the_tiles(
    qtbot: Any, window: Any, wallets: dict[str, Any]
) -> None:
    sign_in(qtbot, window)
    _two_standing_and_pay(qtbot, window)
    sell = window.sell
    dialog = sell.payment
    _scan(qtbot, WECHAT_CODES[Scenario.CONFIRM_THEN_PAID])
    qtbot.waitUntil(lambda: "confirm" in dialog.wait.title.text(), timeout=5000)
    with qtbot.waitSignal(window.bridge.runner.failed, timeout=10000):
        qtbot.keyClick(_focused(), Qt.Key.Key_Escape)  # Esc cancels the charge, not the dialog
    assert dialog.isVisible() and dialog.form_page.isVisible()
    assert "cancelled" in dialog.problem.text()
    assert wallets["wechat"].calls == ["pay", "reverse"]
    (trade_no,) = sqlite3.connect(window.ctx.store.path).execute("SELECT out_trade_no FROM payment_intent").fetchone()
    assert wallets["wechat"].real.query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert _payments(window) == []


def test_refusal_says_why_in_the_clerks_words(qtbot: Any, window: Any, wallets: dict[str, Any]) -> None:
    sign_in(qtbot, window)
    _two_standing_and_pay(qtbot, window)
    sell = window.sell
    dialog = sell.payment
    with qtbot.waitSignal(window.bridge.runner.failed, timeout=10000):
        _scan(qtbot, WECHAT_CODES[Scenario.NOT_ENOUGH])
    assert "balance is not enough" in dialog.problem.text()
    assert dialog.cash.text() == dialog.total.format()  # the field got back its amount
    assert _payments(window) == []


def test_split_cash_part_then_the_wallet(qtbot: Any, window: Any, wallets: dict[str, Any]) -> None:
    sign_in(qtbot, window)
    _two_standing_and_pay(qtbot, window)
    sell = window.sell
    dialog = sell.payment
    dialog.cash.setText("100")  # the customer hands over 100 in cash, the rest by WeChat
    dialog.cash.setFocus()
    dialog.cash.end(False)
    with qtbot.waitSignal(sell.ready, timeout=10000):
        _scan(qtbot, WECHAT)
    assert [(k, a) for k, _p, a, _r in _payments(window)] == [("mobile", 57000 - 10000), ("cash", 10000)]


def test_expired_code_scanned_with_the_focus_on_a_tile(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _two_standing_and_pay(qtbot, window)
    sell = window.sell
    dialog = sell.payment
    dialog.tiles["tileWechat"].setFocus()  # anywhere on the payment screen
    with qtbot.waitSignal(window.bridge.runner.failed, timeout=10000):
        _scan(qtbot, WECHAT_CODES[Scenario.CODE_EXPIRED])
    assert "expired" in dialog.problem.text() and "refresh" in dialog.problem.text()
    assert _payments(window) == []
    with qtbot.waitSignal(sell.ready, timeout=10000):  # a fresh code: sold
        _scan(qtbot, WECHAT)
    assert [p[:2] for p in _payments(window)] == [("mobile", "wechat")]


@pytest.mark.parametrize("poll", [0.01])
def test_refund_of_a_mobile_sale_goes_back_to_the_wallet_and_the_clerk_is_told_when_queued(
    qtbot: Any, window: Any, wallets: dict[str, Any], wallet_gateway: Any
) -> None:
    from tests.factories import NOW
    from tests.payments.flow_helpers import unreachable
    from ui.ops import aftersales

    sign_in(qtbot, window)
    _two_standing_and_pay(qtbot, window)
    sell = window.sell
    with qtbot.waitSignal(sell.ready, timeout=10000):
        _scan(qtbot, WECHAT)
    (order_id,) = sqlite3.connect(window.ctx.store.path).execute("SELECT id FROM sale_order").fetchone()
    wechat = wallets["wechat"]
    wechat.down, wechat.link_up = unreachable("wechat", wallet_gateway), False  # the gateway cannot be reached
    from pos.staff.access import Role, StaffSession

    boss = StaffSession("S1", "Supervisor", Role.SUPERVISOR, NOW)
    aftersales.refund(window.ctx, order_id, boss, None, None).run(window.bridge.runner, window)
    upkeep = window.wallet_upkeep
    qtbot.waitUntil(lambda: upkeep.told is not None and upkeep.told.isVisible(), timeout=10000)
    assert "queued" in upkeep.told.text() and "WeChat Pay" in upkeep.told.text() and "560.00" in upkeep.told.text()
    wechat.link_up = True  # back: the drain sends it with the same number
    upkeep.send(tell=False)
    qtbot.waitUntil(lambda: wechat.calls.count("refund") == 2 and not upkeep._sending, timeout=10000)
    con = sqlite3.connect(window.ctx.store.path)
    assert con.execute("SELECT state, amount FROM wallet_refund").fetchall() == [("success", 56000)]

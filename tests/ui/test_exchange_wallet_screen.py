"""An exchange's difference paid by a scanned payment code on the Orders screen (issue 19),
against the real local wallet gateway: the tiles' payment screen, a refused code said there
and nothing exchanged, then a code that pays and the exchange done with the wallet's id."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from paygate.democodes import WECHAT, Scenario
from tests.factories import NOW
from tests.payments.conftest import live_gateway, wechat_for
from tests.pos.aftersales_helpers import sale
from tests.ui.helpers import scan_into


@pytest.fixture
def screen(qtbot: Any, counter: Any, tmp_path: Path) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.context import AppContext
    from ui.screens.orders import OrdersScreen

    install_language(ensure_app(), "en")
    with live_gateway(tmp_path / "paygate") as gateway:
        ctx = AppContext(
            store=counter.store, info=counter.info, signer=counter.signer, clock=lambda: NOW, language="en",
            idle_lock_seconds=0, wallets={"wechat": wechat_for(gateway.demo)}, wallet_poll_seconds=0.01,
        )
        bridge = Bridge(ctx)
        s = OrdersScreen(bridge)
        s.set_session(counter.supervisor)
        qtbot.addWidget(s)
        s.show()
        qtbot.waitUntil(lambda: not bridge.runner.busy, timeout=10_000)
        yield s
        bridge.runner.wait()



def test_exchange_difference_paid_by_a_scanned_code(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter, seats=("B-1-1",))  # zone 2: 180 + 5 fee
    screen.search.clear()
    qtbot.keyClicks(screen.search, s.order_number)
    with qtbot.waitSignal(screen.found, timeout=10_000):
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.keyClick(screen, Qt.Key.Key_F8)
    panel = screen.exchange
    qtbot.waitUntil(lambda: panel.what.count() > 0, timeout=10_000)
    panel.choose("seat", "Z1")
    panel.price_button.click()
    qtbot.waitUntil(panel.go_button.isEnabled, timeout=10_000)
    panel.go_button.click()
    qtbot.waitUntil(lambda: panel.payment is not None and panel.payment.isVisible(), timeout=10_000)
    payment = panel.payment
    assert set(payment.tiles) == {"tileCash", "tileWechat", "tileAlipay", "tileCard"}

    scan_into(qtbot, payment.cash, WECHAT[Scenario.NOT_ENOUGH])
    qtbot.waitUntil(lambda: not payment.waiting and bool(payment.problem.text()), timeout=15_000)
    assert payment.isVisible()
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT status FROM ticket WHERE order_id = ?", (s.order_id,)).fetchall() == [("valid",)]
    con.close()

    with qtbot.waitSignal(screen.exchanged, timeout=15_000) as got:
        scan_into(qtbot, payment.cash, WECHAT[Scenario.SUCCESS])
    r = got.args[0]
    assert r.difference.amount == 20500 and [(k, a.amount) for k, a, _ref in r.collected] == [("mobile", 20500)]
    qtbot.waitUntil(lambda: panel.payment is None or not payment.isVisible(), timeout=10_000)
    con = sqlite3.connect(counter.store.path)
    rows = con.execute("SELECT provider, reference FROM payment WHERE order_id = ? AND kind = 'mobile'",
                       (r.new_order_id,)).fetchall()
    con.close()
    assert rows == [("wechat", r.collected[0][2])]

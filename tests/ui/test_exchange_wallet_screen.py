"""An exchange's difference paid by a scanned payment code on the Orders screen (issue 19),
against the real local wallet gateway: the tiles' payment screen, a refused code said there
and nothing exchanged, then a code that pays and the exchange done with the wallet's id."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from paygate.democodes import WECHAT, Scenario
from pos.staff.access import Permission
from tests.factories import NOW, SUPERVISOR
from tests.payments.conftest import live_gateway, wechat_for
from tests.payments.flow_helpers import Around
from tests.pos.aftersales_helpers import sale
from tests.ui.helpers import scan_into


@pytest.fixture
def now() -> list[datetime]:
    return [NOW]  # the screen's clock, moved on by a test


@pytest.fixture
def calls() -> list[str]:
    return []


@pytest.fixture
def screen(qtbot: Any, counter: Any, tmp_path: Path, now: list[datetime], calls: list[str]) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.context import AppContext
    from ui.screens.orders import OrdersScreen

    install_language(ensure_app(), "en")
    with live_gateway(tmp_path / "paygate") as gateway:
        ctx = AppContext(
            store=counter.store, info=counter.info, signer=counter.signer, clock=lambda: now[0], language="en",
            idle_lock_seconds=0, wallets={"wechat": Around(wechat_for(gateway.demo), calls=calls)},
            wallet_poll_seconds=0.01,
        )
        bridge = Bridge(ctx)
        s = OrdersScreen(bridge)
        s.set_session(counter.supervisor)
        qtbot.addWidget(s)
        s.show()
        qtbot.waitUntil(lambda: not bridge.runner.busy, timeout=10_000)
        yield s
        bridge.runner.wait()



def _priced(qtbot: Any, screen: Any, order_number: str) -> Any:
    screen.search.clear()
    qtbot.keyClicks(screen.search, order_number)
    with qtbot.waitSignal(screen.found, timeout=10_000):
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.keyClick(screen, Qt.Key.Key_F8)
    panel = screen.exchange
    qtbot.waitUntil(lambda: panel.what.count() > 0, timeout=10_000)
    panel.choose("seat", "Z1")
    panel.price_button.click()
    qtbot.waitUntil(panel.go_button.isEnabled, timeout=10_000)
    return panel


def _approve(qtbot: Any, screen: Any, permission: Permission) -> None:
    qtbot.waitUntil(lambda: screen.approval is not None and screen.approval.isVisible(), timeout=10_000)
    assert screen.approval.permission is permission
    screen.approval.supervisor.setText(SUPERVISOR[0])
    screen.approval.pin.setText(SUPERVISOR[1])
    screen.approval.submit()


def _paying(qtbot: Any, panel: Any) -> Any:
    qtbot.waitUntil(lambda: panel.payment is not None and panel.payment.isVisible(), timeout=10_000)
    return panel.payment


def test_exchange_difference_paid_by_a_scanned_code(qtbot: Any, screen: Any, counter: Any) -> None:
    s = sale(counter, seats=("B-1-1",))  # zone 2: 180 + 5 fee
    panel = _priced(qtbot, screen, s.order_number)
    panel.go_button.click()
    payment = _paying(qtbot, panel)
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


def test_a_late_exchange_is_approved_before_anyone_is_charged(
    qtbot: Any, screen: Any, counter: Any, now: list[datetime], calls: list[str]
) -> None:
    s = sale(counter, seats=("B-1-1",))
    now[0] = NOW + timedelta(days=1, hours=1)  # the refund window has closed
    screen.set_session(counter.clerk)
    panel = _priced(qtbot, screen, s.order_number)
    panel.go_button.click()
    _approve(qtbot, screen, Permission.EXCHANGE)
    scan_into(qtbot, _paying(qtbot, panel).cash, WECHAT[Scenario.SUCCESS])
    # Refused before the charge: the payment screen goes, the late approval is asked for.
    _approve(qtbot, screen, Permission.REFUND_LATE)
    assert calls == []
    with qtbot.waitSignal(screen.exchanged, timeout=15_000) as got:
        scan_into(qtbot, _paying(qtbot, panel).cash, WECHAT[Scenario.SUCCESS])
    assert got.args[0].late and got.args[0].approver_id == SUPERVISOR[0] and calls == ["pay"]

"""The Customer screen (issue 22) against the real central on loopback: find a customer by
phone (a web order and this counter's sale), open each order where it is served, record a
note (queued, then uploaded and shown), refusals shown with their reason; and the main
window opens the orders on the Orders and Pickup screens."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pos.terminal.identity import load_signer, terminal_info
from sync.enrol import connect
from sync.protocol.online import OnlineOrderReply, OnlineOrderRequest
from sync.relay import drain
from sync.transport import CentralClient
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import CLERK, counter, pos_json

PHONE = "13800131234"


@pytest.fixture
def served(qtbot: Any, live: Live, tmp_path: Path, memory_ring: MemoryKeyring) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.context import AppContext
    from ui.ops.runner import OperationRunner
    from ui.screens.customer import CustomerScreen

    store = counter(live, tmp_path / "till", memory_ring)
    ctx = AppContext(store=store, info=terminal_info(store), signer=load_signer(store), language="en",
                     idle_lock_seconds=0)
    install_language(ensure_app(), "en")
    runner = OperationRunner()
    screen = CustomerScreen(ctx, runner, client=lambda: connect(store), actor=lambda: CLERK)
    qtbot.addWidget(screen)
    screen.show()
    yield screen
    runner.wait()
    store.close()


def _web_order(live: Live) -> OnlineOrderReply:
    web = CentralClient(live.base, token=live.platform)
    req = OnlineOrderRequest(performance_id="P-CONCERT", area_id="FLOOR", quantity=1, concession="adult",
                             buyer_name="王小明", buyer_phone=PHONE)
    return web.put(f"/online-orders/{uuid.uuid4()}", req, OnlineOrderReply)


def _find(qtbot: Any, screen: Any, phone: str) -> None:
    screen.phone.setText(phone)
    screen.message.setProperty("errorCode", "pending")
    screen.find_button.click()
    qtbot.waitUntil(lambda: screen.message.property("errorCode") != "pending" and not screen.runner.busy,
                    timeout=10000)


def test_find_open_and_note(qtbot: Any, served: Any, live: Live, tmp_path: Path) -> None:
    screen = served
    web = _web_order(live)
    code, sale = pos_json(tmp_path / "till", "sell", "--performance", "P-CONCERT", "--seat", "A-1-2", "--tender",
                          "cash:500000", "--staff", "C1", "--pin", "1357", "--phone", PHONE)
    assert code == 0, sale
    _find(qtbot, screen, PHONE)
    assert screen.orders.rowCount() == 2 and "138****1234" in screen.message.text()
    numbers = [screen.orders.item(r, 2).text() for r in range(2)]
    assert numbers == [sale["order_number"], web.order_number]
    assert screen.orders.item(0, 7).text() == "here (refund, exchange)"
    assert screen.orders.item(1, 7).text() == "here (pickup)"
    screen.orders.selectRow(0)
    assert screen.open_button.isEnabled()
    with qtbot.waitSignal(screen.open_order, timeout=2000) as opened:
        screen.open_button.click()
    assert opened.args == [sale["order_number"]]
    screen.orders.selectRow(1)
    with qtbot.waitSignal(screen.open_pickup, timeout=2000) as picked:
        screen.open_button.click()
    assert picked.args == [web.order_number, "1234"]
    # A note: queued at once, shown after it reached central.
    screen.note_kind.setCurrentIndex(1)
    screen.note_text.setText("希望改到周六的场次")
    screen.note_button.click()
    qtbot.waitUntil(lambda: "Note recorded" in screen.message.text(), timeout=5000)
    assert screen.note_text.text() == ""
    assert drain(screen.ctx.store, connect(screen.ctx.store)).sent == 1
    _find(qtbot, screen, PHONE)
    assert screen.notes.rowCount() == 1 and screen.notes.item(0, 1).text() == "Request"
    assert screen.notes.item(0, 2).text() == "希望改到周六的场次"


def test_refusals_are_explained(qtbot: Any, served: Any) -> None:
    screen = served
    screen.find_button.click()  # nothing typed: explained at once, nothing asked
    assert screen.message.property("errorCode") == "input" and not screen.runner.busy
    _find(qtbot, screen, "13711112222")
    assert screen.message.property("errorCode") == "customer_not_found" and screen.orders.rowCount() == 0
    _find(qtbot, screen, "12345")
    assert screen.message.property("errorCode") == "bad_phone"
    screen.phone.clear()
    screen.member.setText("M123")
    screen.message.setProperty("errorCode", "pending")
    screen.find_button.click()
    qtbot.waitUntil(lambda: screen.message.property("errorCode") == "unknown_member", timeout=10000)


def test_the_main_window_opens_the_orders_where_they_are_served(qtbot: Any, enrolled_window: Any) -> None:
    w = enrolled_window
    assert w.modes.indexOf(w.customer) >= 0
    w.customer.open_pickup.emit("W000000001", "1234")
    assert w.modes.currentWidget() is w.pickup and w.pickup.number.text() == "W000000001"
    assert w.pickup.phone.text() == "1234"
    w.customer.open_order.emit("T9-000001")
    assert w.modes.currentWidget() is w.orders and w.orders.search.text() in ("", "T9-000001")
    qtbot.waitUntil(lambda: not w.bridge.runner.busy, timeout=10000)


def test_the_sale_carries_the_customer_phone_typed_in_the_cart(qtbot: Any, window: Any) -> None:
    """The cart's optional phone field goes with the order to central (its outbox payload),
    and is cleared for the next customer; a phone that is not a mobile number is refused."""
    import json
    import sqlite3

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from tests.ui.helpers import sign_in
    from tests.ui.test_sell import _choose_concert, _press

    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_1, "1")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    sell.cart.phone.setText("+86 139-1234-5678")
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    with qtbot.waitSignal(sell.ready, timeout=5000):
        _press(qtbot, Qt.Key.Key_Return)
    con = sqlite3.connect(window.ctx.store.path)
    try:
        [(payload,)] = con.execute("SELECT payload FROM outbox WHERE kind = 'order'").fetchall()
        columns = [r[1] for r in con.execute("PRAGMA table_info(sale_order)")]
    finally:
        con.close()
    assert json.loads(payload)["customer_phone"] == "13912345678"
    assert not any("phone" in c for c in columns)  # the terminal keeps no customer phone of its own
    assert sell.cart.phone.text() == ""

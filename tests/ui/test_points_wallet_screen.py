"""Points and a scanned payment code in one sale, in the app (issue 19 with issue 22), against
a real central and the real local wallet gateway on loopback: the clerk types the member's
points on the payment screen, then scans the customer's code; the wallet is charged only what
the points leave. A refused code gives the points back at central and the clerk scans again."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from central.services.members import add_member
from paygate.democodes import WECHAT, Scenario
from tests.central.live import Live
from tests.payments.conftest import live_gateway, wechat_for
from tests.sync.member_helpers import authorisations, member_row
from tests.ui.helpers import scan_into
from tests.ui.test_online_sell import _free_seats, _ready


@pytest.fixture
def wallets(tmp_path: Path) -> Iterator[dict[str, Any]]:
    with live_gateway(tmp_path / "paygate") as gateway:
        yield {"wechat": wechat_for(gateway.demo)}



def test_points_typed_then_a_code_scanned_pay_one_sale(
    qtbot: Any, enrolled_window: Any, live: Live, wallets: dict[str, Any]
) -> None:
    add_member(live.ctx, number="G0001", phone="13800001111", name="金卡王", tier="gold", points=5_000)
    w = enrolled_window
    object.__setattr__(w.ctx, "wallets", wallets)  # the terminal's wallet accounts (config, in the app)
    object.__setattr__(w.ctx, "wallet_poll_seconds", 0.01)
    sell = _ready(qtbot, w)
    view = sell.map_view
    view.set_selected_ids(_free_seats(sell, 1))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sell.holds.current is not None and sell.cart.pay.isEnabled(), timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget() or sell, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: getattr(sell, "member_lookup", None) is not None and sell.member_lookup.isVisible(),
                    timeout=3000)
    lookup = sell.member_lookup
    lookup.query.setText("g0001")
    lookup.query.returnPressed.emit()
    qtbot.waitUntil(lambda: lookup.found is not None or bool(lookup.problem.text()), timeout=10_000)
    assert lookup.found is not None, lookup.problem.text()
    with qtbot.waitSignal(sell.quote_changed, timeout=5000, check_params_cb=lambda q: q is not None):
        lookup.use.click()
    total = sell.quote.breakdown.total.amount
    sell.pay()  # F12
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    payment = sell.payment
    payment.points.setFocus()
    qtbot.keyClicks(payment.points, "2000")
    assert payment.cash.text() == f"{(total - 2000) / 100:.2f}"  # the rest, shown where the code goes

    # A code the wallet refuses: the reason on the screen, the points back at central, no sale.
    scan_into(qtbot, payment.points, WECHAT[Scenario.NOT_ENOUGH])  # the focus still in the points
    qtbot.waitUntil(lambda: not payment.waiting and bool(payment.problem.text()), timeout=15_000)
    qtbot.waitUntil(lambda: authorisations(live) == [("G0001", 2_000, "released")], timeout=10_000)
    assert member_row(live, "G0001")[:2] == (5_000, 0)

    # The next code pays the rest; the upload spends the points.
    assert payment.points.text() == "2000"
    with qtbot.waitSignal(w.bridge.synced, timeout=20_000), qtbot.waitSignal(sell.ready, timeout=15_000):
        scan_into(qtbot, payment.cash, WECHAT[Scenario.SUCCESS])  # where the refusal put the focus
    con = sqlite3.connect(w.ctx.store.path)
    paid = dict(con.execute("SELECT kind, amount FROM payment").fetchall())
    provider = con.execute("SELECT provider FROM payment WHERE kind = 'mobile'").fetchone()
    con.close()
    assert paid == {"points": 2_000, "mobile": total - 2_000} and provider == ("wechat",)
    qtbot.waitUntil(lambda: ("G0001", 2_000, "consumed") in authorisations(live), timeout=10_000)
    assert member_row(live, "G0001")[:2] == (3_000, 0)

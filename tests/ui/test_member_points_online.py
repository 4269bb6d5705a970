"""Issue 22 in the app, against a real central on loopback: F7 finds the member by number
(central's answer), the payment dialog takes part of the total in the member's points, central
authorises them before the sale and the upload spends them."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from central.services.members import add_member
from tests.central.live import Live
from tests.sync.member_helpers import authorisations, member_row
from tests.ui.test_online_sell import _free_seats, _ready


def test_points_found_with_f7_pay_part_of_an_online_sale(qtbot: Any, enrolled_window: Any, live: Live) -> None:
    add_member(live.ctx, number="G0001", phone="13800001111", name="金卡王", tier="gold", points=5_000)
    w = enrolled_window
    sell = _ready(qtbot, w)
    view = sell.map_view
    view.set_selected_ids(_free_seats(sell, 1))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sell.holds.current is not None and sell.cart.pay.isEnabled(), timeout=10_000)
    qtbot.keyClick(QApplication.focusWidget() or sell, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: getattr(sell, "member_lookup", None) is not None and sell.member_lookup.isVisible(),
                    timeout=3000)
    dialog = sell.member_lookup
    dialog.query.setText("g0001")
    dialog.query.returnPressed.emit()
    qtbot.waitUntil(lambda: dialog.found is not None or bool(dialog.problem.text()), timeout=10_000)
    assert dialog.found is not None and dialog.found.source == "online", dialog.problem.text()
    with qtbot.waitSignal(sell.quote_changed, timeout=5000, check_params_cb=lambda q: q is not None):
        dialog.use.click()
    total = sell.quote.breakdown.total.amount
    sell.pay()  # F12
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    payment = sell.payment
    payment.points.setText("2000")
    payment.points.textEdited.emit("2000")
    with qtbot.waitSignal(w.bridge.synced, timeout=20_000), qtbot.waitSignal(sell.ready, timeout=10_000):
        qtbot.keyClick(payment.cash, Qt.Key.Key_Return)
    con = sqlite3.connect(w.ctx.store.path)
    paid = dict(con.execute("SELECT kind, amount FROM payment").fetchall())
    member = con.execute("SELECT member_number, member_tier FROM sale_order").fetchone()
    con.close()
    assert paid == {"points": 2_000, "cash": total - 2_000} and member == ("G0001", "gold")
    assert authorisations(live) == [("G0001", 2_000, "consumed")]
    points, held, _tier = member_row(live, "G0001")
    assert held == 0 and points == 5_000 - 2_000  # the catalog has no points rule: nothing earned

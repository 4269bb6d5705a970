from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.helpers import sign_in


def _press(qtbot: Any, k: Qt.Key, text: str = "") -> None:
    target = QApplication.focusWidget()
    assert target is not None
    if text:
        qtbot.keyClicks(target, text)
    else:
        qtbot.keyClick(target, k)


def _orders(window: Any) -> list[tuple[str, int]]:
    con = sqlite3.connect(window.ctx.store.path)
    try:
        return con.execute("SELECT id, total FROM sale_order").fetchall()
    finally:
        con.close()


def _choose_concert(qtbot: Any, window: Any) -> None:
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.browser.search, timeout=3000)
    with qtbot.waitSignal(sell.browser.loaded, timeout=5000):
        _press(qtbot, Qt.Key.Key_unknown, "Concert")
    rows = [sell.browser.model.performance(r).performance_id for r in range(sell.browser.model.rowCount())]
    _press(qtbot, Qt.Key.Key_Down)  # into the list
    for _ in range(rows.index("P-CONCERT")):
        _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sell.seat_map is not None and sell.detail is not None, timeout=5000)
    assert sell.performance.performance_id == "P-CONCERT"


def test_keyboard_only_standing_sale_paid_in_exact_cash(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    keys = 0
    _press(qtbot, Qt.Key.Key_F4)  # standing quantity
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)  # add
    keys += 3
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    assert len(sell.cart.model.items) == 2
    assert "571.00" not in sell.cart.totals.text() and "Total" in sell.cart.totals.text()
    _press(qtbot, Qt.Key.Key_F12)
    keys += 1
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    with qtbot.waitSignal(sell.ready, timeout=5000):
        _press(qtbot, Qt.Key.Key_Return)  # exact cash, prefilled
    keys += 1
    assert keys < 10
    assert "Ready for the next customer" in sell.banner.text()
    orders = _orders(window)
    assert len(orders) == 1 and orders[0][0] == sell.banner.property("orderId")
    assert orders[0][1] == 2 * (28000 + 500)  # two floor adults with the per-ticket fee
    assert sell.cart.model.rowCount() == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.browser.search, timeout=3000)


def test_the_cart_seats_changing_state_while_paying_keep_the_total(qtbot: Any, window: Any) -> None:
    """The seat feed reports the cart's seats (held by this very cart, say) while the payment
    screen is open: the total stays and the tender sells (the sale checks the seats itself).
    Found by the training walk: a seat-state refresh emptied the quote under the card tender."""
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_B)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    seats = {i.seat_id for i in sell.cart.model.items}
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    sell.chosen.states_changed.emit(seats)
    assert sell.quote is not None
    with qtbot.waitSignal(sell.ready, timeout=10000):
        _press(qtbot, Qt.Key.Key_Return)
    assert len(_orders(window)) == 1
    sell.map_view.setFocus()  # the next cart; no payment screen open: a change to its seats re-prices
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_B)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    sell.chosen.states_changed.emit({i.seat_id for i in sell.cart.model.items})
    assert sell.quote is None
    qtbot.waitUntil(lambda: sell.quote is not None, timeout=5000)


def test_a_cart_repriced_while_paying_charges_nothing_and_asks_again(qtbot: Any, window: Any) -> None:
    """A seat or hold change re-prices the cart while the payment screen is open: the tender
    given on the old total sells nothing, the screen closes, the clerk pays again."""
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    sell.requote()  # being priced again: no quote until the new one comes
    _press(qtbot, Qt.Key.Key_Return)  # exact cash on the old total
    qtbot.waitUntil(lambda: sell.payment is None, timeout=3000)
    assert "nothing was charged" in sell.banner.text()
    assert _orders(window) == []
    qtbot.waitUntil(lambda: sell.quote is not None and sell.cart.pay.isEnabled(), timeout=5000)
    _press(qtbot, Qt.Key.Key_F12)  # the new total: paid
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    with qtbot.waitSignal(sell.ready, timeout=10000):
        _press(qtbot, Qt.Key.Key_Return)
    assert len(_orders(window)) == 1


def test_best_available_seats_paid_by_card_and_cash(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    assert QApplication.focusWidget() is sell.map_view
    _press(qtbot, Qt.Key.Key_3, "3")
    _press(qtbot, Qt.Key.Key_B)
    assert len(sell.map_view.selected_ids()) == 3
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    total = sell.quote.breakdown.total.amount
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None, timeout=3000)
    dialog = sell.payment
    qtbot.keyClicks(dialog.card, "100")
    dialog._card_changed()
    qtbot.keyClicks(dialog.card_ref, "AP1234")
    assert dialog.cash.text() == f"{(total - 10000) // 100}.{(total - 10000) % 100:02d}"
    with qtbot.waitSignal(sell.ready, timeout=5000):
        qtbot.keyClick(dialog.card_ref, Qt.Key.Key_Return)
    con = sqlite3.connect(window.ctx.store.path)
    kinds = sorted(r[0] for r in con.execute("SELECT kind FROM payment").fetchall())
    con.close()
    assert kinds == ["card", "cash"]
    assert sell.map_view.item.states[sell.map_view.item.index_of[sell.map_view.item.map.seats[0].seat_id]]


def test_four_seats_best_available_by_card_in_six_keys_plus_the_approval_code(
    qtbot: Any, window: Any
) -> None:
    """README's count: from the sell screen with the performance chosen (the map has the focus)."""
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    assert QApplication.focusWidget() is sell.map_view
    keys = 0
    for k, text in ((Qt.Key.Key_4, "4"), (Qt.Key.Key_B, ""), (Qt.Key.Key_Return, "")):
        _press(qtbot, k, text)
        keys += 1
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    assert len(sell.cart.model.items) == 4
    _press(qtbot, Qt.Key.Key_F12)
    keys += 1
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    _press(qtbot, Qt.Key.Key_F9)  # the whole total by card; the focus goes to the approval code
    keys += 1
    assert QApplication.focusWidget() is sell.payment.card_ref
    _press(qtbot, Qt.Key.Key_unknown, "A1B2C3")  # read off the card terminal's slip: data, not keys
    with qtbot.waitSignal(sell.ready, timeout=5000):
        _press(qtbot, Qt.Key.Key_Return)
    keys += 1
    assert keys == 6
    con = sqlite3.connect(window.ctx.store.path)
    payments = con.execute("SELECT kind, reference FROM payment").fetchall()
    con.close()
    assert payments == [("card", "A1B2C3")]


def test_a_seat_sold_meanwhile_is_refused_with_a_dialog(qtbot: Any, window: Any, counter: Any) -> None:
    from pos.cash.tenders import Tender
    from pos.money import Money
    from pos.sales import CartItem, sell
    from tests.factories import NOW

    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    screen = window.sell
    picked = screen.map_view.pick_best(2)
    screen.add_seat_tickets(picked)
    qtbot.waitUntil(screen.cart.pay.isEnabled, timeout=5000)
    # another clerk sells one of the seats first
    sell(
        counter.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=picked[0])],
        tenders=[Tender("cash", Money(100000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
    )
    screen.pay()
    qtbot.waitUntil(lambda: screen.payment is not None, timeout=3000)
    with qtbot.waitSignal(
        window.bridge.runner.failed, timeout=5000, check_params_cb=lambda what, _e: what == "sell"
    ):
        qtbot.keyClick(screen.payment.cash, Qt.Key.Key_Return)
    boxes = [b for b in screen.findChildren(QMessageBox) if b.objectName() == "errorDialog"]
    assert boxes and boxes[-1].property("errorCode") == "not_sellable"
    assert boxes[-1].text() == "A seat in the cart has just been sold."
    assert "Traceback" not in boxes[-1].detailedText()
    assert len(_orders(window)) == 1  # only the other clerk's


def test_f1_shows_the_keys(qtbot: Any, window: Any) -> None:
    from ui.widgets.help import HelpDialog

    sign_in(qtbot, window)
    _press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(HelpDialog)), timeout=3000)

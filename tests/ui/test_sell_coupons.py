"""Issue 20, item 9: a coupon refusal says which (unknown, used up, does not apply), and a
failed quote leaves no stale discount on the cart's lines; Pay stays off until it prices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert, _press


def _coupon(qtbot: Any, sell: Any, code: str) -> None:
    sell.cart.coupon.setText(code)
    with qtbot.waitSignal(sell.quote_changed, timeout=5000, check_params_cb=lambda q: q is not None) if code in (
        "WELCOME30", ""
    ) else qtbot.waitSignal(sell.runner.failed, timeout=5000):
        sell.cart.coupon.editingFinished.emit()


def _discounts(sell: Any) -> list[str]:
    model = sell.cart.model
    return [model.index(r, model.DISCOUNT).data() for r in range(model.rowCount())]


def test_coupon_refusals_name_the_reason_and_leave_no_stale_discount(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)  # two standing places
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    _coupon(qtbot, sell, "WELCOME30")
    assert sell.cart.pay.isEnabled() and any(d for d in _discounts(sell))
    # Item 15: the discount is named (tooltip and totals), the fee has its own column.
    model = sell.cart.model
    name = model.index(0, model.DISCOUNT).data(Qt.ItemDataRole.ToolTipRole)
    assert name == "Coupon 30 off" and name in sell.cart.totals.text()  # the UI's language
    fee = model.index(0, model.FEE).data()
    price, total = model.index(0, model.PRICE).data(), model.index(0, model.TOTAL).data()
    discount = model.index(0, model.DISCOUNT).data()
    assert float(price) + float(discount) + float(fee) == float(total)
    _coupon(qtbot, sell, "NOPE-1234")
    assert "There is no coupon NOPE-1234" in sell.cart.problem.text()
    assert not sell.cart.pay.isEnabled() and not any(d not in ("…", "") for d in _discounts(sell))
    assert "-" not in sell.cart.totals.text()  # no discount left in the totals either
    _coupon(qtbot, sell, "")
    assert sell.cart.pay.isEnabled() and sell.cart.problem.text() == ""

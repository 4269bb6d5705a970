"""Points as a tender in the payment dialog (issue 22): when the cart has a member found with
F7, a row for the points to redeem (1 point = ¥0.01) is added; the rest is paid as usual.
Central authorises the points when the sale is made (online only: offline the sale is refused
with the reason, and the clerk takes another payment). With the tiles' payment screen, a
scanned wallet code is charged what the points leave (issue 19)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from pos.cash.tenders import Tender
from pos.errors import InvalidInput
from pos.members.points import POINT_VALUE_FEN
from pos.money import Money


def offer_points(dialog: Any, parent: QWidget | None) -> None:
    """Add the points row to ``dialog`` if ``parent`` (the sell screen) has a member with points."""
    info = getattr(parent, "member_info", None)
    cart = getattr(parent, "cart", None)
    if info is None or cart is None or cart.member.text().strip().upper() != info.number or info.points <= 0:
        return
    field = QLineEdit()
    field.setObjectName("pointsAmount")
    field.setMinimumHeight(44)
    field.setPlaceholderText(QCoreApplication.translate("PointsTender", "Points to redeem (member has %1)").replace("%1", str(info.points)))
    holder = QWidget(dialog)
    form = QFormLayout(holder)
    form.setContentsMargins(0, 0, 0, 0)
    form.addRow(QCoreApplication.translate("PointsTender", "Member's points"), field)
    # Into the form page (the wallet payment's wait replaces it: ui.screens.pay_tiles).
    (getattr(dialog, "form_layout", None) or dialog.layout()).insertWidget(1, holder)
    dialog.points = field
    total: Money = dialog.total
    plain = dialog.tenders

    def redeemed() -> Money:
        text = field.text().strip()
        if not text:
            return Money.zero(total.currency)
        if not text.isdigit() or int(text) > info.points:
            raise InvalidInput(QCoreApplication.translate("PointsTender", "Points: a whole number, at most the member's %1.").replace("%1", str(info.points)))
        return Money(int(text) * POINT_VALUE_FEN, total.currency)

    def rest_in_cash() -> None:
        try:
            points = redeemed()
        except InvalidInput:
            return
        dialog.cash.setText(Money(max(total.amount - points.amount, 0), total.currency).format())

    def with_points(rest_of: Callable[[], tuple[Tender, ...]], *, nothing_left_ok: bool) -> tuple[Tender, ...]:
        points = redeemed()
        if points.amount > total.amount:
            raise InvalidInput(QCoreApplication.translate("PointsTender", "More points than the total."))
        if not points.amount:
            return rest_of()
        dialog.total = total - points  # the other tenders pay what the points leave
        try:
            rest = rest_of() if dialog.total.amount or not nothing_left_ok else ()
        finally:
            dialog.total = total
        return (Tender("points", points), *rest)

    def tenders() -> tuple[Tender, ...]:
        return with_points(plain, nothing_left_ok=True)

    # The tiles' scanned code (ui.screens.pay_tiles): the wallet is charged what the points
    # leave; points that pay it all leave nothing to scan for (its own refusal says so).
    by_code = getattr(dialog, "mobile_tenders", None)
    if by_code is not None:
        dialog.mobile_tenders = lambda code: with_points(lambda: by_code(code), nothing_left_ok=False)

    def change() -> None:  # after the dialog's own figure (slots run in connection order)
        try:
            paid = redeemed().amount + dialog._money(dialog.cash).amount + dialog._money(dialog.card).amount
        except InvalidInput:
            return
        left = paid - total.amount
        text = "Change: %1" if left >= 0 else "Still due: %1"
        dialog.change.setText(QCoreApplication.translate("PaymentDialog", text).replace(
            "%1", Money(abs(left), total.currency).format()))

    field.textEdited.connect(lambda _t: rest_in_cash())
    field.textChanged.connect(lambda _t: change())
    dialog.cash.textChanged.connect(lambda _t: change())
    field.returnPressed.connect(dialog.submit)
    dialog.tenders = tenders

"""What the clerk changes on the sell screen's cart lines beyond adding and removing them:
a new price (F11), approved by a supervisor unless a supervisor is the one selling (the
core checks both again at the sale), and each ticket's holder for a real-name event (F10)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog, QWidget

from pos.errors import InvalidInput, PosError
from pos.money import Money
from pos.sales import CartItem
from pos.staff.access import Override, Permission, StaffSession
from ui.bridge import Bridge
from ui.errors import show_error
from ui.screens.member_lookup import open_member_lookup  # noqa: F401  (F7, for the sell screen)
from ui.widgets.approval import ApprovalDialog
from ui.widgets.cart_panel import CartPanel
from ui.widgets.holders import HolderDialog

translate = QCoreApplication.translate  # lupdate reads translate("SellScreen", "…"): the screen's words


class PriceOverride(QObject):
    def __init__(
        self,
        bridge: Bridge,
        describe: Callable[[CartItem], str],
        change_line: Callable[[int, Callable[[CartItem], CartItem]], bool],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.describe = describe
        self.change_line = change_line  # (row, new line from old): False if the row is gone
        self.parent_widget = parent
        self.dialog: QInputDialog | None = None
        self.approval: ApprovalDialog | None = None
        self.grant: Override | None = None  # spent by the sale it approves

    def ask(self, session: StaffSession, items: list[CartItem], row: int) -> None:
        if self.dialog is not None:
            return
        dialog = QInputDialog(self.parent_widget)
        dialog.setObjectName("priceOverride")
        dialog.setWindowTitle(translate("SellScreen", "Price override"))
        dialog.setLabelText(
            translate("SellScreen", "New price for %1 (yuan):").replace("%1", self.describe(items[row]))
        )
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.textValueSelected.connect(lambda text: self._entered(session, row, text))
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def _entered(self, session: StaffSession, row: int, text: str) -> None:
        try:
            price = Money.parse(text.strip(), self.bridge.ctx.currency)
        except PosError as exc:
            show_error(self.parent_widget, exc)
            return
        if price.amount < 0:
            show_error(self.parent_widget, InvalidInput("an override price cannot be negative"))
            return

        def apply(grant: Override | None) -> None:
            previous = self.grant
            if grant is not None:
                self.grant = grant  # before the cart changes (and is requoted)
            if not self.change_line(
                row,
                lambda item: CartItem(
                    item.concession, seat_id=item.seat_id, area_id=item.area_id, holder=item.holder,
                    override_price=price.amount,
                ),
            ):  # fmt: skip
                self.grant = previous  # the line is gone: the approval has nothing to spend on

        if session.can(Permission.PRICE_OVERRIDE):
            apply(None)
            return
        self.approval = ApprovalDialog(
            self.bridge,
            Permission.PRICE_OVERRIDE,
            translate("SellScreen", "A supervisor approves the new price %1.").replace("%1", price.format()),
            self.parent_widget,
        )
        self.approval.approved.connect(apply)
        self.approval.finished.connect(lambda _r: setattr(self, "approval", None))
        self.approval.open()


class HolderEntry(QObject):
    """Who holds each ticket of a real-name event, entered in one dialog."""

    def __init__(
        self,
        cart: CartPanel,
        describe: Callable[[CartItem], str],
        set_items: Callable[[list[CartItem]], None],
        required: Callable[[], bool],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.required = required  # whether the chosen performance is a real-name event
        self.cart = cart
        self.describe = describe
        self.set_items = set_items
        self.parent_widget = parent
        self.dialog: HolderDialog | None = None

    def missing(self) -> bool:
        return self.required() and any(i.holder is None for i in self.cart.model.items)

    def ask(self) -> None:
        if not self.required() or self.dialog is not None or not self.cart.model.items:
            return
        self.dialog = HolderDialog(self.cart.model.items, self.describe, self.parent_widget)
        self.dialog.holders_entered.connect(lambda items: self.set_items(list(items)))
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None
        if self.missing():
            self.cart.problem.setText(
                translate("SellScreen", "Real-name event: press F10 to enter each ticket's holder.")
            )

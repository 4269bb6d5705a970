"""The cart: lines with prices and discounts, coupon and member number, totals, Pay."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.sales import CartItem
from pos.sales.pricing import PriceBreakdown
from ui import theme
from ui.models.cart import CartModel

TOUCH = 44


class CartPanel(QWidget):
    pay_requested = Signal()
    extras_changed = Signal()  # coupon or member number edited

    def __init__(
        self,
        describe_item: Callable[[CartItem], str],
        concession_name: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = CartModel(describe_item, concession_name)
        self.table = QTableView()
        self.table.setObjectName("cartTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A long seat name wraps ("东看…" was cut): rows as tall as their text, amounts never cut.
        theme.wrapping_rows(self.table, CartModel.ITEM)
        # The concession is the ticket's second line; a discount or fee column shows when a
        # line has one. At 1366 px six columns put the total behind the scroll bar.
        self.table.setColumnHidden(CartModel.CONCESSION, True)
        self.coupon = QLineEdit()
        self.coupon.setObjectName("couponCode")
        self.coupon.setPlaceholderText(self.tr("Coupon code (F6)"))
        self.member = QLineEdit()
        self.member.setObjectName("memberNumber")
        self.member.setPlaceholderText(self.tr("Member number (F7)"))
        for field in (self.coupon, self.member):
            field.setMinimumHeight(TOUCH)
            field.editingFinished.connect(self.extras_changed)
        # Optional (issue 22): uploaded with the order, so customer service finds it by phone.
        self.phone = QLineEdit()
        self.phone.setObjectName("customerPhone")
        self.phone.setPlaceholderText(self.tr("Customer mobile (optional)"))
        self.phone.setMaxLength(20)
        self.phone.setMinimumHeight(TOUCH)
        self.totals = QLabel()
        self.totals.setObjectName("cartTotals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.totals.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("cartProblem")
        self.problem.setWordWrap(True)
        theme.set_tone(self.problem, "error")
        self.pay = QPushButton(self.tr("Pay (F12)"))
        self.pay.setObjectName("payButton")
        self.pay.setIcon(theme.icon("pay", "ink_inverse"))
        theme.set_variant(self.pay, "primary")  # the one main action of the sell screen
        self.pay.setMinimumHeight(TOUCH * 3 // 2)
        self.pay.setEnabled(False)
        self.pay.clicked.connect(self.pay_requested)
        form = QFormLayout()
        form.addRow(self.tr("Coupon"), self.coupon)
        form.addRow(self.tr("Member"), self.member)
        form.addRow(self.tr("Phone"), self.phone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.totals)
        layout.addWidget(self.pay)
        self.show_breakdown(None)

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def show_breakdown(self, breakdown: PriceBreakdown | None) -> None:
        if breakdown is None:
            self.model.set_priced(())  # no quote: no discounts or totals left from the last one
            for column in (CartModel.DISCOUNT, CartModel.FEE):
                self.table.setColumnHidden(column, True)
            self.totals.setText(
                self.tr("Total: —") if self.model.rowCount() else self.tr("The cart is empty")
            )
            self.pay.setEnabled(False)
            return
        self.model.set_priced(breakdown.tickets)
        for column in (CartModel.DISCOUNT, CartModel.FEE):
            self.table.setColumnHidden(column, not self.model.has(column))
        parts = [self.tr("Subtotal %1").replace("%1", breakdown.subtotal.format())]
        if breakdown.discount_total.amount:
            names = self.model.discount_names()  # which discounts: the customer asks
            discount = self.tr("Discounts -%1").replace("%1", breakdown.discount_total.format())
            parts.append(f"{discount} ({html.escape('、'.join(names))})" if names else discount)
        if breakdown.fee_total.amount:
            parts.append(self.tr("Fees %1").replace("%1", breakdown.fee_total.format()))
        total = self.tr("Total %1").replace("%1", f"{breakdown.total.currency} {breakdown.total.format()}")
        self.totals.setText("   ".join(parts) + f"\n<b>{total}</b>".replace("\n", "<br>"))
        self.pay.setEnabled(True)

    def clear(self) -> None:
        self.model.set_items(())
        self.coupon.clear()
        self.member.clear()
        self.phone.clear()
        self.problem.clear()
        self.show_breakdown(None)

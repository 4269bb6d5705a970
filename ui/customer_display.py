"""The customer display: the cart, the total and the change due, on a second screen.

It shows the sell screen's own cart model (a second view of the same model, so the two
can never disagree) and follows the sell screen's quote and sale signals. It is shown
full screen on the second screen when one is attached, and hidden when it goes away.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from pos.sales import Quote, SaleResult
from ui import theme
from ui.models.cart import CartModel
from ui.screens.sell import SellScreen
from ui.widgets.training_banner import TrainingBanner

log = logging.getLogger(__name__)


class CustomerDisplay(QWidget):
    def __init__(self, sell: SellScreen, *, training: bool = False) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("customerDisplay")
        self.setWindowTitle(self.tr("Customer display"))
        self.welcome = QLabel(self.tr("Welcome"))
        self.welcome.setObjectName("customerMessage")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = QTableView()
        self.table.setModel(sell.cart.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        # The seat over its concession, wrapped, as on the clerk's cart (it was cut to "General …").
        theme.wrapping_rows(self.table, CartModel.ITEM)
        self.table.setColumnHidden(CartModel.CONCESSION, True)
        self.total = QLabel()
        self.total.setObjectName("customerTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        big = theme.font("display", base=self.font())  # read from across the counter
        for label in (self.welcome, self.total):
            label.setFont(big)
        rows = theme.font("heading", base=self.font())
        self.table.setFont(rows)
        self.table.horizontalHeader().setFont(rows)
        layout = QVBoxLayout(self)
        self.training_banner: TrainingBanner | None = None
        if training:  # issue 25: the customer sees that this sale is practice
            self.training_banner = TrainingBanner()
            self.training_banner.setFont(big)
            layout.addWidget(self.training_banner)
        layout.addWidget(self.welcome)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        sell.quote_changed.connect(self.show_quote)
        sell.sale_completed.connect(self.show_sale)

    def show_quote(self, quote: Quote | None) -> None:
        if quote is None:
            self.total.clear()
            return
        self.welcome.setText(self.tr("Welcome"))
        total = quote.breakdown.total
        self.total.setText(self.tr("Total %1").replace("%1", f"{total.currency} {total.format()}"))

    def show_sale(self, result: SaleResult) -> None:
        paid = self.tr("Paid %1").replace("%1", f"{result.total.currency} {result.total.format()}")
        if result.change.amount:
            paid += "   " + self.tr("Change %1").replace("%1", result.change.format())
        self.total.setText(paid)
        self.welcome.setText(self.tr("Thank you! Enjoy the show."))

    # --- placement -----------------------------------------------------------------------

    def place(self, *, enabled: bool) -> QScreen | None:
        """Full screen on the second screen, if one is attached and the display is wanted."""
        screens = QGuiApplication.screens()
        if not enabled or len(screens) < 2:
            self.hide()
            return None
        screen = screens[1]
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        log.info("customer display on %s", screen.name())
        return screen

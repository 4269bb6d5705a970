"""The keys, shown in the app (F1)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ui import theme
from ui.keys import KEYS
from ui.widgets.table import fill_table, text_table


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("Keys"))
        where = {
            "any": self.tr("Everywhere"),
            "sell": self.tr("Sell"),
            "payment": self.tr("Payment"),
            "map": self.tr("Seat map"),
        }
        table = text_table([self.tr("Key"), self.tr("Where"), self.tr("What it does")], self)
        fill_table(table, [(k.sequence, where[k.where], k.description()) for k in KEYS], fit=False)
        theme.wrapping_rows(table, 2)  # what a key does wraps; the keys never are cut
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(theme.px(720), theme.px(560))

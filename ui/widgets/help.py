"""The keys, shown in the app (F1)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.keys import KEYS


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
        table = QTableWidget(len(KEYS), 3, self)
        table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Where"), self.tr("What it does")])
        for row, key in enumerate(KEYS):
            table.setItem(row, 0, QTableWidgetItem(key.sequence))
            table.setItem(row, 1, QTableWidgetItem(where[key.where]))
            table.setItem(row, 2, QTableWidgetItem(key.description()))
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(720, 560)

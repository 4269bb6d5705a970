"""Read-only tables of text (the tickets of an order, the list of keys): made with their
headers, then filled row by row, so that every such table reads and behaves alike."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ui import theme


def text_table(headers: Sequence[str], parent: QWidget | None = None) -> QTableWidget:
    """An empty table with these column headers, which the clerk reads but cannot edit."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # Headings and cells are never cut, whatever the language and the type scale.
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    theme.touch_rows(table)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]], *, fit: bool = True) -> None:
    """Replace the table's rows; ``fit``: then size the columns to what they hold."""
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for col, value in enumerate(values):
            table.setItem(row, col, QTableWidgetItem(value))
    if fit:
        table.resizeColumnsToContents()

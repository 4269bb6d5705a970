"""Tells the clerk, once, about each order central refused: its tickets are void and will
not pass the door, and what to tell the customer (the core's words, ``pos.sales.refused``).
The status bar keeps the count and the same words until a supervisor resolves it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from sync.relay import AttentionItem


class RefusedOrders(QObject):
    """One message box per refused order, the first time a status shows it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.seen: set[str] = set()
        self.box: QMessageBox | None = None  # the last shown

    def show_new(self, items: Sequence[AttentionItem]) -> None:
        new = [i for i in items if i.tell_customer and i.message_id not in self.seen]
        if not new:
            return
        self.seen.update(i.message_id for i in new)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("An order was refused by central"), "", parent=self.window)
        box.setObjectName("refusedOrder")
        box.setText(
            self.tr("%n order(s) were not accepted by central: their tickets are void and will not pass the door.",
                    "", len(new))
        )
        box.setInformativeText(
            self.tr("Tell the customer:") + "\n" + "\n\n".join(i.tell_customer for i in new)
        )
        box.open()
        self.box = box

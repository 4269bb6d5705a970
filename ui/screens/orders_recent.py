"""The Orders screen's list of this terminal's latest orders, shown while no order is open.

The customer back at the window a minute later is the commonest after-sales case: the clerk
picks the order from the list (double-click or Enter) instead of typing its 20-character
number. The list is reloaded whenever it is shown again, so a refund or a sale made meanwhile
is in it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from pos.aftersales.lookup import RecentOrder
from ui import theme
from ui.bridge import Bridge
from ui.ops import aftersales
from ui.screens.orders_view import status_text

_Index = QModelIndex | QPersistentModelIndex


class RecentOrderModel(QAbstractTableModel):
    NUMBER, TIME, EVENT, TICKETS, TOTAL, STATUS = range(6)

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__()
        self._zone = zone
        self._rows: tuple[RecentOrder, ...] = ()

    def set_rows(self, rows: Sequence[RecentOrder]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def order(self, row: int) -> RecentOrder:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Order"), self.tr("Time"), self.tr("Show"), self.tr("Tickets"), self.tr("Total"),
            self.tr("Status"),
        )[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        o = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                o.number,
                o.created_at.astimezone(self._zone).strftime("%H:%M"),
                o.event,
                str(o.tickets),
                o.total.format(),
                status_text(o.status),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (self.TICKETS, self.TOTAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return o.created_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
        return None


class RecentOrdersPanel(QWidget):
    chosen = Signal(str)  # the order's id: open it

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentOrders")
        self.title = QLabel(self.tr("Latest orders on this terminal (double-click or Enter to open)"))
        self.model = RecentOrderModel(zone)
        self.table = QTableView()
        self.table.setObjectName("recentOrdersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        theme.touch_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RecentOrderModel.EVENT, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.chosen.emit(self.model.order(index.row()).order_id))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)

    def set_orders(self, rows: Sequence[RecentOrder]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)

    def reload(self, bridge: Bridge, failed: Callable[[BaseException], None]) -> None:
        self.show()
        aftersales.recent_orders(bridge.ctx).success(self.set_orders).failure(failed).run(
            bridge.runner, self, supersede="orders.recent"
        )

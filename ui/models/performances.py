"""Performances for the browser: today first, with what is left for this outlet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QBrush

from pos.catalog.cache import PerformanceSummary
from ui import theme

_Index = QModelIndex | QPersistentModelIndex


class PerformanceModel(QAbstractTableModel):
    WHEN, EVENT, CATEGORY, STATE = range(4)

    def __init__(self, zone: ZoneInfo, language: str, category_names: dict[str, str] | None = None) -> None:
        super().__init__()
        self._zone = zone
        self._language = language
        self._categories = dict(category_names or {})
        self._rows: tuple[PerformanceSummary, ...] = ()
        self._left: dict[str, int] = {}
        self._now = datetime.now(UTC)

    def set_rows(self, rows: Sequence[PerformanceSummary], left: dict[str, int], now: datetime) -> None:
        self.beginResetModel()
        self._now = now
        self._rows = tuple(rows)
        self._left = dict(left)
        self.endResetModel()

    def performance(self, row: int) -> PerformanceSummary:
        return self._rows[row]

    def row_of(self, performance_id: str) -> int:
        for i, p in enumerate(self._rows):
            if p.performance_id == performance_id:
                return i
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def state_text(self, p: PerformanceSummary) -> str:
        if p.status == "cancelled":
            return self.tr("Cancelled")
        if p.status != "on_sale":
            return self.tr("Not on sale")
        if self._now >= p.sales_close_at:
            return self.tr("Sales closed")
        if self._now < p.sales_open_at:
            return self.tr("Not yet on sale")
        left = self._left.get(p.performance_id, 0)
        if left <= 0:
            return self.tr("Sold out here")
        return self.tr("%n left", "", left)

    def sellable(self, p: PerformanceSummary) -> bool:
        return (
            p.status == "on_sale"
            and p.sales_open_at <= self._now < p.sales_close_at
            and self._left.get(p.performance_id, 0) > 0
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.WHEN:
                # The locale's own day names (周三 in Chinese), not strftime's English ones.
                local = p.starts_at.astimezone(self._zone)
                when = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
                # Two lines (the day over the time): the event's name keeps the width it needs.
                return QLocale().toString(when, "MM-dd ddd\nHH:mm")
            if col == self.EVENT:
                return p.name(self._language)
            if col == self.CATEGORY:
                return self._categories.get(p.category, p.category)
            return self.state_text(p)
        if role == Qt.ItemDataRole.ForegroundRole and not self.sellable(p):
            return QBrush(theme.colour("ink_muted"))
        if role == Qt.ItemDataRole.UserRole:
            return p.performance_id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("When"), self.tr("Event"), self.tr("Category"), self.tr("Availability"))[section]

"""Choosing a performance: search box, category filter, today first."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.catalog.cache import PerformanceSummary
from ui import theme
from ui.bridge import Bridge
from ui.models.performances import PerformanceModel
from ui.ops import catalog
from ui.ops.catalog import PerformanceList

CATEGORIES = ("concert", "theatre", "sport", "festival", "cinema")


log = logging.getLogger(__name__)


class PerformanceBrowser(QWidget):
    chosen = Signal(PerformanceSummary)
    loaded = Signal()

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keep: str | None = None
        self.bridge = bridge
        self._choose_after_load = False
        self.search = QLineEdit()
        self.search.setObjectName("performanceSearch")
        self.search.setPlaceholderText(self.tr("Search event (F2)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(44)
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        self.category.setMinimumHeight(44)
        self.category.addItem(self.tr("All categories"), "")
        names = {
            "concert": self.tr("Concert"),
            "theatre": self.tr("Theatre"),
            "sport": self.tr("Sport"),
            "festival": self.tr("Festival"),
            "cinema": self.tr("Cinema"),
        }
        for code in CATEGORIES:
            self.category.addItem(names[code], code)
        self.model = PerformanceModel(bridge.ctx.info.zone, bridge.ctx.language, names)
        self.table = QTableView()
        self.table.setObjectName("performanceTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A long name wraps ("Moon over…" was cut at 1366 px): rows as tall as their text.
        theme.wrapping_rows(self.table, PerformanceModel.EVENT)
        # The category is the filter's over the list (and the name says it): its column gave
        # the names of a 1366 px screen 74 px ("Moon ove…").
        self.table.setColumnHidden(PerformanceModel.CATEGORY, True)
        self.table.activated.connect(lambda index: self._choose(index.row()))
        self.table.installEventFilter(self)
        self.search.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.category, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._enter_from_search)
        self.category.currentIndexChanged.connect(lambda _i: self.reload())

    def refresh(self) -> None:
        """Reload in the background (after a sync), keeping the clerk's row."""
        index = self.table.currentIndex()
        self._keep = self.model.performance(index.row()).performance_id if index.isValid() else None
        self._load()

    def reload(self) -> None:
        self._keep = None
        self._debounce.stop()
        self._load()

    def _load(self) -> None:
        op = catalog.performances(
            self.bridge.ctx, search=self.search.text(), category=str(self.category.currentData() or "")
        )
        # A list that fails to load stays as it was: the next search or sync tries again.
        op.success(self._on_loaded).failure(lambda exc: log.warning("performances: %s", exc)).run(
            self.bridge.runner, self, supersede="browser.performances"
        )

    def _on_loaded(self, found: PerformanceList) -> None:
        self.model.set_rows(found.performances, found.left, self.bridge.now())
        keep, self._keep = self._keep, None
        rows = [self.model.performance(r).performance_id for r in range(self.model.rowCount())]
        if keep in rows:
            self.table.selectRow(rows.index(keep))
        elif self.model.rowCount():
            self.table.selectRow(0)
        if self._choose_after_load:
            self._choose_after_load = False
            self._choose(0)
        self.loaded.emit()

    def _enter_from_search(self) -> None:
        if self._debounce.isActive():
            self.reload()  # the list is refreshed first; Enter then chooses its first row
            self._choose_after_load = True
            return
        self._choose(self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0)

    def _choose(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            perf: PerformanceSummary = self.model.performance(row)
            self.chosen.emit(perf)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.table.setFocus()
                if not self.table.currentIndex().isValid() and self.model.rowCount():
                    self.table.selectRow(0)
                return True
            if watched is self.table and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.table.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

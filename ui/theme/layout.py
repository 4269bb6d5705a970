"""The layout grid: panes side by side in fixed shares of the width.

A splitter sizes its panes from what they contain: a long refusal or name widened a pane
and moved the seat map under the clerk's pointer (issue 20, item 4). ``grid`` makes the
shares the only thing that counts (the panes ignore their contents' width), so nothing a
pane says can move another; the clerk may still drag the handles.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QSplitter, QTableView, QWidget

from ui.theme.qss import touch


def grid(splitter: QSplitter, panes: Sequence[QWidget], shares: Sequence[int]) -> None:
    """Put ``panes`` in ``splitter`` at ``shares`` of its width (e.g. 3, 4, 3)."""
    for pane, share in zip(panes, shares, strict=True):
        pane.setSizePolicy(QSizePolicy.Policy.Ignored, pane.sizePolicy().verticalPolicy())
        splitter.addWidget(pane)
        splitter.setStretchFactor(splitter.indexOf(pane), share)
    splitter.setChildrenCollapsible(False)


def touch_rows(table: QTableView) -> None:
    """Rows a finger can pick: at least the touch target tall."""
    rows = table.verticalHeader()
    rows.setMinimumSectionSize(touch())
    rows.setDefaultSectionSize(touch())


def wrapping_rows(table: QTableView, stretch_column: int) -> None:
    """A table of names beside amounts: ``stretch_column`` (the name) takes the width left
    and wraps onto as many lines as it needs (each row as tall as its text, at least a
    touch target); the other columns fit their contents and are never cut. Two fixed lines
    were not enough for the demo's longest names at 1366 px."""
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    rows = table.verticalHeader()
    rows.hide()
    rows.setMinimumSectionSize(touch())
    rows.setDefaultSectionSize(touch())
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    # A narrower name column (a scroll bar came, the window shrank) needs taller rows: Qt
    # measures rows again on new data only.
    def remeasure(column: int, _old: int, _new: int) -> None:
        if column == stretch_column:
            table.resizeRowsToContents()

    header.sectionResized.connect(remeasure)

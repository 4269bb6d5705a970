"""What a write changed, so that every screen showing it refreshes (Anki's ``OpChanges``).

A write operation names its changes (``write("refund", fn, changes=ORDERS | SEATS | SHIFT)``);
after it succeeds the runner emits ``op_executed(changes, initiator)``. A screen that shows
any of them watches with :class:`ChangeWatcher`: it refreshes at once when visible, and the
next time it is shown otherwise. The screen that made the change refreshes itself, as it
always did: the watcher skips it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ui.ops.runner import OperationRunner


class Change(enum.Flag):
    NONE = 0
    ORDERS = enum.auto()  # sales, refunds, voids, exchanges, reprints, pickups: orders and tickets
    SEATS = enum.auto()  # seat and standing availability
    SHIFT = enum.auto()  # the drawer, the shift, the day's figures
    PRINT_JOBS = enum.auto()
    CATALOG = enum.auto()
    SETTINGS = enum.auto()


SALE = Change.ORDERS | Change.SEATS | Change.SHIFT  # what any sale or its reversal touches


class ChangeWatcher(QObject):
    """Calls ``refresh`` when a write changed something in ``mask``: now if ``widget`` is
    visible, else when it is next shown."""

    def __init__(
        self, runner: OperationRunner, widget: QWidget, mask: Change, refresh: Callable[[], object]
    ) -> None:
        super().__init__(widget)
        self._widget, self._mask, self._refresh = widget, mask, refresh
        self.dirty = False
        runner.op_executed.connect(self._executed)
        widget.installEventFilter(self)

    def _executed(self, changes: object, initiator: object) -> None:
        if not isinstance(changes, Change) or not changes & self._mask or initiator is self._widget:
            return
        if self._widget.isVisible():
            self._refresh()
        else:
            self.dirty = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        # While Qt tears a widget down its watcher's Python half may be gone already.
        widget = getattr(self, "_widget", None)
        if widget is not None and watched is widget and event.type() == QEvent.Type.Show and self.dirty:
            self.dirty = False
            self._refresh()
        return False

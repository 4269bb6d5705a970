"""Whether the drawer has an open shift, told on the sell screen from the start.

Selling needs an open shift (the core refuses a sale without one, cash control). The clerk
found out only at payment, after seats were held and cash taken: now a warning stands over
the cart from sign-in until a shift is opened (on any screen: the shift change is announced),
and Pay does not open the payment while it stands.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pos.cash.shifts import ShiftInfo
from ui.bridge import Bridge
from ui.ops import cash
from ui.ops.changes import Change, ChangeWatcher

log = logging.getLogger(__name__)


class ShiftGuard(QObject):
    def __init__(self, bridge: Bridge, screen: QWidget, side: QWidget) -> None:
        super().__init__(screen)
        self._bridge, self._screen = bridge, screen
        self.open: bool | None = None  # unknown until asked
        self.warning = QLabel(
            self.tr("No shift is open on this drawer: open one on the Shift tab (count the float) before selling.")
        )
        self.warning.setObjectName("noShiftWarning")
        self.warning.setWordWrap(True)
        self.warning.hide()
        layout = side.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(0, self.warning)
        self.watcher = ChangeWatcher(bridge.runner, screen, Change.SHIFT, self.check)

    def check(self) -> None:
        cash.current_shift(self._bridge.ctx).success(self._answered).failure(
            lambda exc: log.warning("shift: %s", exc)
        ).run(self._bridge.runner, self._screen, supersede="sell.shift")

    def _answered(self, shift: ShiftInfo | None) -> None:
        self.open = shift is not None
        self.warning.setVisible(not self.open)

    def allows_payment(self) -> bool:
        """False (and the warning shown) when no shift is known to be open."""
        if self.open is False:
            self.warning.show()
            return False
        return True

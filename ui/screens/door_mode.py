"""The Door tab of the counter app: pick today's performance and this door's gate, then open
the door screen (:class:`ui.screens.door.DoorScreen`) on them, sharing scans with the other
doors as saved in Settings. ``pos door`` opens the door screen alone (:mod:`ui.door_app`)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from pos.door import DoorValidator
from pos.door.listing import door_performances
from pos.door.opened import note_open
from pos.door.sharing import DoorSharing, door_sharing
from pos.door.validator import gates_for
from pos.errors import PosError
from ui.context import AppContext
from ui.errors import show_error
from ui.screens.door import DoorScreen

log = logging.getLogger(__name__)


class DoorMode(QWidget):
    """Today's performances and their gates, then the door screen in their place."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doorMode")
        self.ctx = ctx
        self.performances = QComboBox()
        self.performances.setObjectName("doorPerformance")
        self.gates = QComboBox()
        self.gates.setObjectName("doorGate")
        self.open_button = QPushButton(self.tr("Open the door"))
        self.open_button.clicked.connect(self.open_door)
        self.performances.currentIndexChanged.connect(self._fill_gates)
        picker = QWidget()
        form = QVBoxLayout(picker)
        form.addWidget(QLabel(self.tr("Performance")))
        form.addWidget(self.performances)
        form.addWidget(QLabel(self.tr("Gate")))
        form.addWidget(self.gates)
        form.addWidget(self.open_button)
        self.empty = QLabel(self.tr("No performance today or tomorrow: sync the catalog, or check the date."))
        self.empty.setObjectName("doorNoPerformance")
        self.empty.setWordWrap(True)
        self.empty.hide()
        form.addWidget(self.empty)
        form.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(picker)
        self.door_screen: DoorScreen | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        # Read when the steward comes to the door, not when the app starts: today's list,
        # with what the last sync brought, and the choice kept.
        super().showEvent(event)
        if self.stack.currentIndex() == 0:
            self.refresh()

    def refresh(self) -> None:
        # Local times (the terminal's zone, not UTC); cancelled and finished shows left out.
        chosen = self.performances.currentData()
        language = self.ctx.language
        found = door_performances(self.ctx.store, now=self.ctx.clock(), zone=self.ctx.info.zone)
        self.performances.blockSignals(True)
        self.performances.clear()
        for p in found:
            self.performances.addItem(p.label(language), p.performance_id)
        self.empty.setVisible(not found)
        self.performances.setCurrentIndex(max(0, self.performances.findData(chosen)))
        self.performances.blockSignals(False)
        self._fill_gates()

    def _fill_gates(self) -> None:
        self.gates.clear()
        pid = self.performances.currentData()
        if pid:
            for g in gates_for(self.ctx.store, pid):
                self.gates.addItem(g, g)
        self.open_button.setEnabled(bool(pid) and self.gates.count() > 0)

    def open_door(self) -> DoorScreen | None:
        pid, gate = self.performances.currentData(), self.gates.currentData()
        if not pid or not gate:
            return None
        store = self.ctx.store
        try:
            validator = DoorValidator(store, performance_id=pid, gate=gate, clock=self.ctx.clock)
        except PosError as exc:  # e.g. the performance left the catalog with the last sync
            show_error(self, exc)
            return None
        try:
            # The background sync now brings this performance's scans from the other gates.
            note_open(store, pid, now=self.ctx.clock())
            sharing = door_sharing(store)
        except PosError as exc:  # the door still opens: it works alone until the next try
            log.warning("door opened without its sync and sharing set-up: %s", exc.message)
            sharing = DoorSharing()
        self.close_door()
        screen = self.door_screen = DoorScreen(validator, title=self.performances.currentText())
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        screen.start_sharing(sharing)
        return screen

    def close_door(self) -> None:
        """Close the open door screen, if any: its inputs, its peers, its connections."""
        if self.door_screen is None:
            return
        self.stack.removeWidget(self.door_screen)
        self.door_screen.shut_down()
        self.door_screen.deleteLater()
        self.door_screen = None

"""Settings: the app's language, the customer display, sharing scans with the other doors,
what this terminal is, and (for a supervisor) the staff (:mod:`ui.screens.staff`).

The language is saved in the store (the core checks it), then the window is rebuilt in
the new language by the app (:class:`ui.app.Shell`), the clerk still signed in.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos import __version__
from pos.door.sharing import DoorSharing
from pos.staff.access import Role, StaffSession
from ui.bridge import Bridge
from ui.ops import settings as ops
from ui.screens.staff import StaffPanel
from ui.screens.training import TrainingSwitch
from ui.widgets.scroll import fill_with_scrolling

TOUCH = 44
LANGUAGES = (("zh", "简体中文"), ("en", "English"))  # each in its own language, on purpose


class SettingsScreen(QWidget):
    language_chosen = Signal(str)  # saved: the app rebuilds the window in this language
    customer_display_changed = Signal(bool)  # saved
    door_sharing_saved = Signal(DoorSharing)  # used by the next door opened
    training_switched = Signal(bool)  # issue 25: the app reopens on the training or real store

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self.bridge = bridge
        ctx = bridge.ctx
        self.language = QComboBox()
        self.language.setObjectName("languageChoice")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.language)))
        self.apply_language = QPushButton(self.tr("Switch language"))
        self.apply_language.setObjectName("applyLanguage")
        self.customer_display = QCheckBox(self.tr("Show the customer display on a second screen"))
        self.customer_display.setObjectName("customerDisplayChoice")
        for w in (self.language, self.apply_language, self.customer_display):
            w.setMinimumHeight(TOUCH)

        display = QGroupBox(self.tr("Display"))
        form = QFormLayout(display)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.apply_language)
        form.addRow("", self.customer_display)

        doors = QGroupBox(self.tr("Door: share scans with the other gates"))
        doors.setObjectName("doorSharing")
        self.door_listen = QLineEdit()
        self.door_listen.setObjectName("doorListen")
        self.door_listen.setPlaceholderText(self.tr("e.g. 192.168.1.20:7300, this door's LAN address (empty: this door works alone)"))
        self.door_peers = QLineEdit()
        self.door_peers.setObjectName("doorPeers")
        self.door_peers.setPlaceholderText(self.tr("e.g. 192.168.1.21:7300, 192.168.1.22:7300"))
        self.save_doors = QPushButton(self.tr("Save door sharing"))
        self.save_doors.setObjectName("saveDoorSharing")
        self.doors_note = QLabel()
        self.doors_note.setObjectName("doorSharingNote")
        self.doors_note.setWordWrap(True)
        for field in (self.door_listen, self.door_peers, self.save_doors):
            field.setMinimumHeight(TOUCH)
        door_form = QFormLayout(doors)
        door_form.addRow(self.tr("This door answers on"), self.door_listen)
        door_form.addRow(self.tr("Other doors"), self.door_peers)
        door_form.addRow("", self.save_doors)
        door_form.addRow("", self.doors_note)

        about = QGroupBox(self.tr("This terminal"))
        info = QFormLayout(about)
        info.addRow(self.tr("Outlet"), QLabel(ctx.info.outlet_id))
        info.addRow(self.tr("Terminal"), QLabel(ctx.info.terminal_id))
        info.addRow(self.tr("Tickets print in"), QLabel(dict(LANGUAGES).get(ctx.info.language, "")))
        info.addRow(self.tr("Data folder"), QLabel(str(ctx.store.data_dir)))
        info.addRow(self.tr("Version"), QLabel(__version__))
        self.central = QLabel(self.tr("Not enrolled: selling standalone"))
        self.central.setObjectName("centralLink")
        info.addRow(self.tr("Central"), self.central)
        self.sync_now = QPushButton(self.tr("Sync now"))
        self.sync_now.setMinimumHeight(TOUCH)
        info.addRow("", self.sync_now)

        self.staff = StaffPanel(bridge)
        self.staff.setVisible(False)
        self.training = TrainingSwitch(bridge)
        self.training.switched.connect(self.training_switched)

        page = QWidget()  # in a scroll area: the screen fits 1366x768 whatever it holds
        layout = QVBoxLayout(page)
        layout.addWidget(self.staff)
        layout.addWidget(display)
        layout.addWidget(doors)
        layout.addWidget(self.training)
        layout.addWidget(about)
        layout.addStretch(1)
        fill_with_scrolling(self, page)

        self.apply_language.clicked.connect(self._save_language)
        self.customer_display.toggled.connect(self._save_customer_display)
        self.save_doors.clicked.connect(self._save_door_sharing)
        self.sync_now.clicked.connect(bridge.sync_now)
        bridge.enrolled.connect(self._on_enrolled)
        ops.load(ctx).success(self._loaded).run(bridge.runner, self)

    def set_session(self, session: StaffSession | None) -> None:
        """Staff management shows for a supervisor only (the core checks each change anyway)."""
        supervisor = session is not None and session.role is Role.SUPERVISOR
        self.staff.setVisible(supervisor)
        self.staff.set_session(session if supervisor else None)

    def _loaded(self, values: ops.Settings) -> None:
        self._show_door_sharing(values.door_sharing)
        self.customer_display.blockSignals(True)
        self.customer_display.setChecked(values.customer_display)
        self.customer_display.blockSignals(False)
        if values.central_url:
            self.central.setText(values.central_url)

    def _on_enrolled(self, linked: bool) -> None:
        self.sync_now.setEnabled(linked)

    def _save_language(self) -> None:
        code = str(self.language.currentData())
        ops.set_language(self.bridge.ctx, code).success(lambda _none: self.language_chosen.emit(code)).run(
            self.bridge.runner, self
        )

    def _save_customer_display(self, enabled: bool) -> None:
        ops.set_customer_display(self.bridge.ctx, enabled).success(
            lambda _none: self.customer_display_changed.emit(enabled)
        ).run(self.bridge.runner, self)

    def _save_door_sharing(self) -> None:
        peers = self.door_peers.text().replace(";", ",").replace(" ", ",").split(",")

        def saved(sharing: DoorSharing) -> None:
            self._show_door_sharing(sharing)
            self.door_sharing_saved.emit(sharing)

        ops.save_door_sharing(self.bridge.ctx, self.door_listen.text(), peers).success(saved).run(
            self.bridge.runner, self
        )

    def _show_door_sharing(self, sharing: DoorSharing) -> None:
        self.door_listen.setText(sharing.listen)
        self.door_peers.setText(", ".join(sharing.peers))
        if sharing.enabled:
            self.doors_note.setText(
                self.tr("Doors opened from now on share scans with %1 other doors.").replace(
                    "%1", str(len(sharing.peers))
                )
            )
        else:
            self.doors_note.setText(self.tr("This terminal's door works alone (and syncs with central)."))

"""Settings: the app's language, the customer display, and what this terminal is.

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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos import __version__, settings
from ui.bridge import Bridge
from ui.errors import show_error

TOUCH = 44
LANGUAGES = (("zh", "简体中文"), ("en", "English"))  # each in its own language, on purpose


class SettingsScreen(QWidget):
    language_chosen = Signal(str)  # saved: the app rebuilds the window in this language
    customer_display_changed = Signal(bool)  # saved

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

        layout = QVBoxLayout(self)
        layout.addWidget(display)
        layout.addWidget(about)
        layout.addStretch(1)

        self.apply_language.clicked.connect(self._save_language)
        self.customer_display.toggled.connect(self._save_customer_display)
        self.sync_now.clicked.connect(bridge.sync_now)
        bridge.enrolled.connect(self._on_enrolled)
        store = ctx.store
        bridge.runner.read(
            "settings",
            lambda: (settings.customer_display_enabled(store), _central_url(store)),
            self._loaded,
        )

    def _loaded(self, values: object) -> None:
        enabled, url = values  # type: ignore[misc]
        self.customer_display.blockSignals(True)
        self.customer_display.setChecked(bool(enabled))
        self.customer_display.blockSignals(False)
        if url:
            self.central.setText(str(url))

    def _on_enrolled(self, linked: bool) -> None:
        self.sync_now.setEnabled(linked)

    def _save_language(self) -> None:
        code = str(self.language.currentData())
        store = self.bridge.ctx.store
        self.bridge.runner.write(
            "settings",
            lambda: settings.set_display_language(store, language=code),
            lambda _none: self.language_chosen.emit(code),
            lambda exc: show_error(self, exc),
        )

    def _save_customer_display(self, enabled: bool) -> None:
        store = self.bridge.ctx.store
        self.bridge.runner.write(
            "settings",
            lambda: settings.set_customer_display(store, enabled=enabled),
            lambda _none: self.customer_display_changed.emit(enabled),
            lambda exc: show_error(self, exc),
        )


def _central_url(store: object) -> str:
    from sync.enrol import central_link

    link = central_link(store)  # type: ignore[arg-type]
    return link.url if link is not None else ""

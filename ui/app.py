"""Setting up the Qt application: fonts, translations, the main window.

``run(data_dir)`` is what ``pos app`` calls. Everything Qt is imported here and below,
never by the core or the command line at import time.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.context import AppContext

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)

TRANSLATIONS = "outlet_pos"
FONT_FAMILY_FALLBACK = "Noto Sans SC"
_translators: list[QTranslator] = []


def font_path() -> Path:
    return Path(str(resources.files("printing") / "fonts" / "NotoSansSC-Ticket.otf"))


def translations_dir() -> Path:
    return Path(str(resources.files("resources") / "translations"))


def ensure_app(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication of the process, with the CJK font registered."""
    app = QApplication.instance()
    if app is None:
        # QtMultimedia lists every optional library it did not find (PipeWire, VA-API) when
        # the door opens: noise for a clerk's terminal. A rule set by the user still wins.
        os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
        app.setApplicationName("Outlet POS")
        app.setOrganizationName("Outlet POS")
    assert isinstance(app, QApplication)
    register_cjk_font(app)
    return app


def register_cjk_font(app: QApplication) -> str | None:
    """Register the shipped Noto Sans SC subset and make it the application font, so that
    Chinese renders with real glyphs on machines without a CJK font."""
    if app.property("cjkFamily"):
        return str(app.property("cjkFamily"))
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    if font_id < 0:
        log.warning("could not load the CJK font %s: Chinese may render as boxes", font_path())
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    family = families[0] if families else FONT_FAMILY_FALLBACK
    font = QFont(app.font())
    font.setFamilies([font.family(), family])
    font.setPointSize(max(font.pointSize(), 11))
    app.setFont(font)
    app.setProperty("cjkFamily", family)
    return family


def install_language(app: QApplication, language: str) -> bool:
    """Install the translation for ``language`` ("zh" or "en"); English is the source.
    Returns whether a translation was loaded (always False for English)."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if language.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    translator = QTranslator(app)
    if not translator.load(f"{TRANSLATIONS}_zh_CN", str(translations_dir())):
        log.warning("no Chinese translation in %s: showing English", translations_dir())
        return False
    app.installTranslator(translator)
    _translators.append(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return True


def build_context(data_dir: Path, *, language: str | None = None) -> AppContext:
    from pos.store.db import open_store
    from pos.store.settings import display_language
    from pos.terminal.identity import load_signer, terminal_info

    store = open_store(data_dir)
    info = terminal_info(store)
    chosen = language or display_language(store) or info.language
    return AppContext(store=store, info=info, signer=load_signer(store), language=chosen)


class Shell(QObject):
    """Owns the main window; rebuilds it when the clerk switches the language in Settings
    (every label is made in the new language; the person signed in stays signed in)."""

    window_replaced = Signal(object)  # the new MainWindow

    def __init__(self, ctx: AppContext, app: QApplication) -> None:
        super().__init__()
        self.ctx = ctx
        self.app = app
        self.window = self._open(ctx)

    def _open(self, ctx: AppContext) -> MainWindow:
        from ui.main_window import MainWindow

        window = MainWindow(ctx)
        window.language_switch_requested.connect(self.switch_language)
        return window

    def switch_language(self, language: str) -> None:
        old = self.window
        if language == self.ctx.language:
            return
        session, geometry = old.session, old.geometry()
        install_language(self.app, language)
        self.ctx = replace(self.ctx, language=language)
        old.shutdown()
        self.window = self._open(self.ctx)
        self.window.setGeometry(geometry)
        self.window.show()
        if session is not None:
            self.window.resume(session)
            self.window.modes.setCurrentWidget(self.window.settings)
        old.hide()
        old.deleteLater()
        log.info("app language switched to %s", language)
        self.window_replaced.emit(self.window)

    def shutdown(self) -> None:
        self.window.shutdown()


def run(
    data_dir: Path,
    *,
    language: str | None = None,
    idle_lock: int | None = None,
    argv: Sequence[str] | None = None,
    demo_hint: str = "",
) -> int:
    app = ensure_app(argv)
    # --- field operations (issue 9): one app per data folder, the first-run wizard ----------
    from ui.firstrun.launch import claim_or_hand_over, first_run, start_operations

    instance = claim_or_hand_over(data_dir)
    if instance is None:
        return 0
    if not first_run(app, data_dir, language=language):
        instance.release()
        return 1
    # ------------------------------------------------------------------------------------------
    ctx = replace(build_context(data_dir, language=language), demo_hint=demo_hint)
    if idle_lock is not None:
        ctx = replace(ctx, idle_lock_seconds=idle_lock)
    install_language(app, ctx.language)
    shell = Shell(ctx, app)
    shell.window.show()
    # issue 9: raise the current window when a second start asks; scheduled local backups
    operations = start_operations(app, lambda: shell.window, ctx.store, instance, parent=shell)
    try:
        return app.exec()
    finally:
        operations.stop()
        shell.shutdown()
        ctx.store.close()
        instance.release()

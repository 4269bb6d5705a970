"""Starting the counter app: its context, the main window and its rebuild in another language.

``run(data_dir)`` is what ``pos app`` calls. Everything Qt is imported here and below,
never by the core or the command line at import time. The QApplication itself, its font
and its translation are :mod:`ui.application`'s (re-exported here for the callers that
start from the app).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from ui.application import ensure_app, install_language, register_cjk_font, translations_dir
from ui.context import AppContext

if TYPE_CHECKING:
    from ui.main_window import MainWindow

__all__ = [
    "Shell",
    "build_context",
    "ensure_app",
    "install_language",
    "register_cjk_font",
    "run",
    "translations_dir",
]

log = logging.getLogger(__name__)


def build_context(data_dir: Path, *, language: str | None = None) -> AppContext:
    """The app's context on the real store, or on the training store while training is on."""
    from pos.store.db import open_store
    from pos.store.settings import display_language
    from pos.terminal.identity import load_signer, terminal_info
    from pos.training import active_data_dir

    active = active_data_dir(data_dir)
    training = active != Path(data_dir)
    store = open_store(active)
    info = terminal_info(store)
    chosen = language or display_language(store) or info.language
    return AppContext(
        store=store,
        info=info,
        signer=load_signer(store),
        language=chosen,
        training=training,
        real_data_dir=Path(data_dir),
    )


class Shell(QObject):
    """Owns the main window; rebuilds it when the clerk switches the language in Settings
    (every label is made in the new language; the person signed in stays signed in)."""

    window_replaced = Signal(QMainWindow)  # the new MainWindow

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
    # A counter uses the whole screen: at 1920x1080 it opened as a 1366x768 window.
    shell.window.showMaximized()
    # issue 9: raise the current window when a second start asks; scheduled local backups
    operations = start_operations(app, lambda: shell.window, ctx.store, instance, parent=shell)
    try:
        return app.exec()
    finally:
        operations.stop()
        shell.shutdown()
        ctx.store.close()
        instance.release()

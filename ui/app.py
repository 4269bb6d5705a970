"""Starting the counter app: its context, the main window and its rebuild in another language.

``run(data_dir)`` is what ``pos app`` calls. Everything Qt is imported here and below,
never by the core or the command line at import time. The QApplication itself, its font
and its translation are :mod:`ui.application`'s (re-exported here for the callers that
start from the app).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from sync.sandbox import SandboxStarter
from ui.application import ensure_app, install_language, register_cjk_font, translations_dir
from ui.context import AppContext, DemoHint

if TYPE_CHECKING:
    from pos.payments.wallet import WalletName, WalletProvider
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


def build_context(
    data_dir: Path,
    *,
    language: str | None = None,
    follow_training: bool = True,
    sandbox: SandboxStarter | None = None,
) -> AppContext:
    """The app's context on the real store, or on the training store while training is on
    (unless ``follow_training`` is False: the real store whatever the mode). ``sandbox``
    serves a training store's sandbox central (see :class:`Shell`)."""
    from pos.store.db import open_store
    from pos.store.settings import display_language
    from pos.terminal.identity import load_signer, terminal_info
    from pos.training import active_data_dir

    active = active_data_dir(data_dir) if follow_training else Path(data_dir)
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
        sandbox=sandbox,
        # Training pays only its sandbox's practice gateway, set up when the sandbox starts.
        wallets=_practice_wallets(active) if training else _wallets(Path(data_dir)),
    )


def _practice_wallets(training_folder: Path) -> Mapping[WalletName, WalletProvider]:
    """A training store's wallets: its sandbox's practice gateway while the sandbox runs in
    this process, else none (never a real merchant's)."""
    from sync.sandbox import address

    return _wallets(training_folder) if address(training_folder) is not None else {}


def _wallets(data_dir: Path) -> Mapping[WalletName, WalletProvider]:
    """The outlet's wallet accounts (``pos payment setup``); a broken set-up is logged and the
    app sells without them (mobile pay keyed by hand) rather than not start."""
    from payments.config import configured_providers
    from pos.errors import PosError

    try:
        return configured_providers(data_dir=data_dir)
    except PosError as exc:
        log.error("wallet payments are not available: %s", exc.message)
        return {}


class Shell(QObject):
    """Owns the main window; rebuilds it when the clerk switches the language in Settings
    (every label is made in the new language; the person signed in stays signed in)."""

    window_replaced = Signal(QMainWindow)  # the new MainWindow

    def __init__(self, ctx: AppContext, app: QApplication, base: AppContext | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.app = app
        self.base = base  # the real store's context (kept open for backups) when ctx is training
        self._sandbox = ExitStack()  # the training store's sandbox central, while it is open
        self.ctx = self._serve_sandbox(ctx)
        self.window = self._open(self.ctx)

    def _serve_sandbox(self, ctx: AppContext) -> AppContext:
        """Issue 25: a training store's holds, pickups and uploads go to its sandbox central,
        served in this process for as long as the window runs on it, and its mobile payments to
        the practice wallet gateway beside it (set up as the sandbox starts)."""
        if not ctx.training or ctx.sandbox is None:
            return ctx
        try:
            self._sandbox.enter_context(ctx.sandbox(ctx.store.data_dir))
        except Exception:  # training goes on from its lease, offline, as a real till would
            log.exception("the training sandbox central did not start")
            return ctx
        return replace(ctx, wallets=_practice_wallets(ctx.store.data_dir))

    def _stop_sandbox(self, *, discard: bool) -> None:
        self._sandbox.close()
        if discard and self.ctx.training:
            from pos.training.mode import discard_sandbox

            discard_sandbox(self.ctx.store.data_dir)  # training is off: its central goes

    def _open(self, ctx: AppContext) -> MainWindow:
        from ui.main_window import MainWindow

        window = MainWindow(ctx)
        window.language_switch_requested.connect(self.switch_language)
        window.training_switch_requested.connect(self.switch_store)
        return window

    def switch_store(self, training: bool) -> None:
        """Issue 25: training was switched on or off: reopen the window on the store that is
        now active (signed out: the trainee signs in on the training store, or back)."""
        old = self.window
        folder = self.ctx.real_data_dir or self.ctx.store.data_dir
        geometry = old.geometry()
        old.shutdown()
        self._stop_sandbox(discard=not training)
        if self.ctx.training:
            self.ctx.store.close()  # the training store; the real one stays open (backups)
        if training or self.base is None:
            fresh = build_context(folder, language=self.ctx.language, sandbox=self.ctx.sandbox)
            self.ctx = replace(fresh, demo_hint=self.ctx.demo_hint, idle_lock_seconds=self.ctx.idle_lock_seconds)
            self.ctx = self._serve_sandbox(self.ctx)
        else:
            self.ctx = replace(self.base, language=self.ctx.language)
            self.base = self.ctx
        self.window = self._open(self.ctx)
        self.window.setGeometry(geometry)
        self.window.show()
        old.hide()
        old.deleteLater()
        log.info("training %s: the app runs on %s", "on" if training else "off", self.ctx.store.data_dir)
        self.window_replaced.emit(self.window)

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
        self._stop_sandbox(discard=False)  # training stays on: the next start serves it again


def run(
    data_dir: Path,
    *,
    language: str | None = None,
    idle_lock: int | None = None,
    argv: Sequence[str] | None = None,
    demo_hint: DemoHint | None = None,
    sandbox: SandboxStarter | None = None,
) -> int:
    app = ensure_app(argv)
    from ui.gc_guard import GarbageOnUiThread

    garbage = GarbageOnUiThread(app)  # never a Qt object freed on a worker thread
    garbage.start()
    # --- field operations (issue 9): one app per data folder, the first-run wizard ----------
    from ui.firstrun.launch import claim_or_hand_over, first_run, start_operations

    instance = claim_or_hand_over(data_dir)
    if instance is None:
        return 0
    if not first_run(app, data_dir, language=language):
        instance.release()
        return 1
    # ------------------------------------------------------------------------------------------
    base = replace(
        build_context(data_dir, language=language, follow_training=False, sandbox=sandbox), demo_hint=demo_hint
    )
    if idle_lock is not None:
        base = replace(base, idle_lock_seconds=idle_lock)
    ctx = base
    from pos.training import active_data_dir

    if active_data_dir(data_dir) != Path(data_dir):  # issue 25: training is on: open on its store
        ctx = replace(build_context(data_dir, language=language, sandbox=sandbox), demo_hint=demo_hint,
                      idle_lock_seconds=base.idle_lock_seconds)
    install_language(app, ctx.language)
    shell = Shell(ctx, app, base=base)
    # A counter uses the whole screen: at 1920x1080 it opened as a 1366x768 window.
    shell.window.showMaximized()
    # issue 9: raise the current window when a second start asks; scheduled local backups
    operations = start_operations(app, lambda: shell.window, base.store, instance, parent=shell)
    try:
        return app.exec()
    finally:
        garbage.stop()
        operations.stop()
        shell.shutdown()
        if shell.ctx.store is not base.store:
            shell.ctx.store.close()
        base.store.close()
        instance.release()

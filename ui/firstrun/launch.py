"""What ``ui.app.run`` does around the main window for field operations (issue 9), kept
here so that the app's own start-up stays short: the single-instance claim, the first-run
wizard on an empty data folder, and, once the window is up, raising it when a second start
asks and the scheduled local backup.

``POS_QUIT_WHEN_READY=1`` makes the app print ``ready`` once the main window has been shown
and painted, then quit: the cold-start benchmark measures to that line.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from pos.store.db import Store
from ui.backup_timer import BackupTimer
from ui.single_instance import SingleInstance, bring_to_front

log = logging.getLogger(__name__)

READY_ENV = "POS_QUIT_WHEN_READY"


def claim_or_hand_over(data_dir: Path) -> SingleInstance | None:
    """This process's claim on the data folder, or None after asking the running app to
    come to the front (and saying so)."""
    instance = SingleInstance(data_dir)
    if instance.claim():
        return instance
    pid = instance.holder_pid()
    message = (
        f"Outlet POS is already running on {data_dir}"
        + (f" (process {pid})" if pid else "")
        + ": its window was brought to the front."
    )
    log.warning(message)
    print(message, file=sys.stderr)
    return None


def first_run(app: QApplication, data_dir: Path, *, language: str | None) -> bool:
    """Run the wizard when the data folder has no store; False when it was cancelled."""
    from pos.store.db import STORE_FILENAME

    if (Path(data_dir) / STORE_FILENAME).exists():
        return True  # the usual start: do not even load the wizard
    from ui.firstrun.wizard import FirstRunWizard

    wizard = FirstRunWizard(data_dir, language=language or "zh")
    return bool(wizard.exec() == QWizard.DialogCode.Accepted)


@dataclass
class Operations:
    backups: BackupTimer

    def stop(self) -> None:
        self.backups.stop()


def start_operations(
    app: QApplication,
    current_window: Callable[[], QWidget],
    store: Store,
    instance: SingleInstance,
    *,
    parent: QObject,
) -> Operations:
    """``current_window``: the app replaces its main window when the language changes."""
    instance.raise_requested.connect(lambda: bring_to_front(current_window()))
    backups = BackupTimer(store, parent=parent)
    if os.environ.get(READY_ENV):

        def ready() -> None:
            current_window().repaint()
            print("ready", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    return Operations(backups)

"""The app's housekeeping: every few minutes it purges holder data past its retention
(:mod:`pos.tickets.retention`), then asks the core whether a local backup is due; purging
first keeps purged data out of the backups.

The core (``pos.field.backup.scheduled_backup``) decides from the setting (every N hours, keep
the last K); the copy runs on a worker thread, since SQLite's backup API reads the whole
store and a sale must not wait for it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from pos.field import backup
from pos.field.backup import BackupInfo
from pos.store.db import Store
from pos.tickets import retention
from ui.ops.op import read, write
from ui.ops.runner import OperationRunner

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 10 * 60 * 1000
FIRST_CHECK_MS = 60 * 1000  # not during start-up


class BackupTimer(QObject):
    done = Signal(object)  # BackupInfo, or None when none was due
    failed = Signal(str)
    purged = Signal(object)  # retention.PurgeResult of each housekeeping round

    def __init__(
        self, store: Store, parent: QObject | None = None, *, interval_ms: int = CHECK_EVERY_MS
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._runner = OperationRunner(self)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        QTimer.singleShot(min(FIRST_CHECK_MS, interval_ms), self.check)

    def check(self) -> None:
        if self._runner.busy:
            return
        store = self.store
        write("privacy purge", lambda: retention.purge_holders(store)).success(self._purged).failure(
            self._purge_failed
        ).run(self._runner)

    def _purged(self, result: retention.PurgeResult) -> None:
        self.purged.emit(result)
        self._backup()

    def _purge_failed(self, exc: BaseException) -> None:
        # Logged, and the backup still runs: a purge that failed now is tried next round.
        log.warning("holder data purge failed: %s", getattr(exc, "message", exc))
        self._backup()

    def _backup(self) -> None:
        store = self.store
        read("scheduled backup", lambda: backup.scheduled_backup(store)).success(self._ok).failure(
            self._fail
        ).run(self._runner)

    def _ok(self, info: BackupInfo | None) -> None:
        if info is not None:
            log.info("scheduled backup written: %s", info.path)
        self.done.emit(info)

    def _fail(self, exc: BaseException) -> None:
        message = getattr(exc, "message", str(exc))
        log.warning("scheduled backup failed: %s", message)
        self.failed.emit(message)

    def stop(self) -> None:
        self._timer.stop()
        self._runner.wait()

"""The one place where background events become Qt signals on the UI thread.

Screens run their own core calls as operations (:mod:`ui.ops`); the bridge owns the
runner they share and what runs by itself in the background: the status poll, the sync
cycles (whose worker reports progress from its own thread: relayed here, so every public
signal fires on the UI thread), and the printer's news after any print, which the status
bar follows whoever asked for the print.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from pos.staff.access import StaffSession
from ui.context import AppContext
from ui.ops import central, printing, terminal
from ui.ops.central import SyncNotPossible
from ui.ops.op import Op
from ui.ops.printing import PrintDone
from ui.ops.runner import OperationRunner
from ui.ops.terminal import TerminalStatus

if TYPE_CHECKING:
    from sync.door.central import DoorSyncReport
    from sync.pickup import PickupResult
    from sync.pull import SyncReport

log = logging.getLogger(__name__)

__all__ = ["Bridge", "PrintDone", "SyncNotPossible", "TerminalStatus"]


class Bridge(QObject):
    status_changed = Signal(TerminalStatus)
    enrolled = Signal(bool)  # whether the terminal has a central to sync with
    sync_started = Signal(bool)  # first run (catalog never pulled): show a progress dialog
    sync_progress = Signal(str, int, int)  # feed, done, total (-1: unknown)
    # Emitted by the sync worker; relayed by the bridge (which lives in the UI thread), so the
    # public signals above always fire on the UI thread, whatever their receivers are.
    _worker_started = Signal(bool)
    _worker_progress = Signal(str, int, int)
    synced = Signal(object)  # SyncReport (sync loads lazily: typed at the slots)
    sync_failed = Signal(BaseException)  # the exception of a cycle that did not finish
    door_synced = Signal(object)  # DoorSyncReport of a door's light cycle
    printed = Signal(PrintDone)  # whatever was printed, the printer works
    print_failed = Signal(BaseException)  # the printer's error (the job id in its details)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = OperationRunner(self)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(5_000)
        self._status_timer.timeout.connect(self.refresh_status)
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(60_000)
        self._sync_timer.timeout.connect(self.sync_now)
        self._syncing = False
        self._worker_started.connect(self._relay_started)
        self._worker_progress.connect(self._relay_progress)

    # --- printing (after a sale, an exchange or a pickup has committed) --------------------

    def print_order(
        self,
        order_id: str,
        actor: StaffSession | None = None,
        *,
        done: Callable[[PrintDone], object] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Print a committed order's tickets and receipt on the terminal's printer, if it
        has one (``printed`` with an empty printer name when none is set up)."""
        self._print(printing.print_order(self.ctx, order_id, actor), done, failed)

    def print_pickup(
        self,
        result: PickupResult,
        actor: StaffSession | None = None,
        *,
        done: Callable[[PrintDone], object] | None = None,
    ) -> None:
        """Print a collected online order's tickets (once) on the terminal's printer."""
        self._print(printing.print_pickup(self.ctx, result, actor), done, None)

    def retry_print(
        self,
        job_id: str,
        *,
        done: Callable[[PrintDone], object] | None = None,
        failed: Callable[[BaseException], object] | None = None,
    ) -> None:
        """Print a failed or unconfirmed job again, with the same codes, on its printer."""
        self._print(printing.retry_print(self.ctx, job_id), done, failed)

    def _print(
        self,
        op: Op[PrintDone],
        done: Callable[[PrintDone], object] | None,
        failed: Callable[[BaseException], object] | None,
    ) -> None:
        def ok(result: PrintDone) -> None:
            if done is not None:
                done(result)
            self.printed.emit(result)

        def fail(exc: BaseException) -> None:
            if failed is not None:
                failed(exc)
            self.print_failed.emit(exc)  # the status bar shows it: no dialog of its own

        op.success(ok).failure(fail).run(self.runner)

    # --- background sync -----------------------------------------------------------------

    def start_sync(self, interval_ms: int = 60_000) -> None:
        """If the terminal is enrolled, sync now and then every ``interval_ms``."""
        self._sync_timer.setInterval(interval_ms)

        def found(linked: bool) -> None:
            self.enrolled.emit(linked)
            if linked:
                self._sync_timer.start()
                self.sync_now()

        central.enrolled(self.ctx).success(found).failure(lambda exc: log.warning("enrolment: %s", exc)).run(
            self.runner
        )

    @property
    def syncing(self) -> bool:
        return self._syncing

    def sync_now(self) -> bool:
        """One sync cycle on the network lane (never on the writer, so a sale does not wait
        for a request to time out), unless one is running.
        Progress and the first-run flag are emitted from the worker as queued signals."""
        if self._syncing:
            return False
        self._syncing = True

        def progress(feed: str, done: int, total: int | None) -> None:  # worker thread
            self._worker_progress.emit(feed, int(done), -1 if total is None else int(total))

        def ok(report: SyncReport) -> None:
            self._syncing = False
            self.synced.emit(report)
            self.refresh_status()

        def fail(exc: BaseException) -> None:
            self._syncing = False
            self.sync_failed.emit(exc)
            self.refresh_status()

        op = central.sync(self.ctx, started=self._worker_started.emit, progress=progress)
        op.success(ok).failure(fail).run(self.runner)
        return True

    def sync_door_now(self, performance_id: str) -> bool:
        """A door's light cycle, between full ones: keys and revocations down, this door's
        scans up, the performance's scans down. Small writes only, so a scan never waits
        long for the store. Offline is not an error."""
        if self._syncing:
            return False
        self._syncing = True

        def done(report: DoorSyncReport) -> None:
            self._syncing = False
            self.door_synced.emit(report)

        def fail(exc: BaseException) -> None:
            self._syncing = False
            log.info("door sync: %s", exc)

        central.sync_door(self.ctx, performance_id).success(done).failure(fail).run(self.runner)
        return True

    @Slot(bool)
    def _relay_started(self, first: bool) -> None:
        self.sync_started.emit(first)

    @Slot(str, int, int)
    def _relay_progress(self, feed: str, done: int, total: int) -> None:
        self.sync_progress.emit(feed, done, total)

    # --- status --------------------------------------------------------------------------

    def refresh_status(self) -> None:
        terminal.status(self.ctx).success(self.status_changed.emit).failure(
            lambda exc: log.warning("status: %s", exc)
        ).run(self.runner)

    def start_status_polling(self, interval_ms: int = 5_000) -> None:
        self._status_timer.setInterval(interval_ms)
        self._status_timer.start()
        self.refresh_status()

    def stop(self) -> None:
        self._status_timer.stop()
        self._sync_timer.stop()
        self.runner.stopping.set()  # a seat watch ends its long poll within one round
        self.runner.wait()

    def now(self) -> datetime:
        return self.ctx.clock()

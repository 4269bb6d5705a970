"""The operation runner: runs core calls off the UI thread and hands their answers back on it.

In the manner of Anki's ``CollectionOp``: the caller says what to run and what to do with
the result or the error; the runner does the threading. Each call goes on a lane:

- ``read``: a small pool of readers;
- ``write``: the one writer thread, so store writes run in the order they were asked for;
- ``network``: sync cycles, which may wait for a request to time out;
- ``counter``: the clerk's own requests to central (seat holds), in order, on a thread of
  their own, so they never queue behind a sync cycle;
- ``watch``: long polls (the shown performance's seats), which wait on central for a change.

A sale (a write) therefore never waits behind the network. Workers never touch widgets:
they only emit :attr:`OperationRunner._done`, which Qt queues to the UI thread, where the
callbacks run. A failure nobody handles is shown in an error dialog (:attr:`show_failure`),
never dropped. A call made with ``supersede=key`` drops the callbacks of any older call
made with the same key that has not answered yet (a quote for a cart that changed since).
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# pydantic is loaded here, on the UI thread, before any worker starts: PySide6's import hook
# (shiboken's __feature_import__) inspects each newly imported module, and on pydantic's lazy
# module attributes that re-enters a half-imported pydantic when two workers first import it
# at once ("cannot import name 'import_string' from partially initialized module
# 'pydantic._internal._validators'", seen at random in the screenshot walk).
import pydantic._internal._validators
import pydantic.main  # noqa: F401
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos.errors import PosError

log = logging.getLogger(__name__)

Success = Callable[[Any], object]
Failure = Callable[[BaseException], object]


class Lane(enum.Enum):
    READ = "read"
    WRITE = "write"
    NETWORK = "network"
    COUNTER = "counter"
    WATCH = "watch"  # long polls that wait for central to report a change


_unowned: list[QMessageBox] = []  # error boxes with no parent widget, kept until closed


def _show_error(parent: QWidget | None, exc: BaseException) -> None:
    from shiboken6 import isValid

    from ui.errors import show_error  # the wording of PosError lives there

    # The screen that asked may be gone (a window rebuilt in another language): say it anyway.
    if parent is None or not isValid(parent):
        parent = QApplication.activeWindow()
    box = show_error(parent, exc)
    if parent is None:  # nothing owns it: keep it alive until it is closed
        _unowned.append(box)

        def closed(_result: int) -> None:
            if box in _unowned:
                _unowned.remove(box)

        box.finished.connect(closed)


@dataclass(frozen=True)
class _Pending:
    on_success: Success | None
    on_failure: Failure | None
    label: str
    parent: QWidget | None
    key: str | None
    changes: object = None  # ui.ops.changes.Change, announced after a success


class _Outcome:
    """What a worker hands back. Always a fresh object: PySide6 6.12 miscounts references
    when ``None`` itself crosses threads in an ``object`` signal argument."""

    __slots__ = ("ok", "value")

    def __init__(self, ok: bool, value: object) -> None:
        self.ok = ok
        self.value = value


class _Job(QRunnable):
    def __init__(self, runner: OperationRunner, op_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._op_id = op_id
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread: no widgets here
        try:
            result: Any = self._fn()
        except BaseException as exc:
            self._runner._done.emit(self._op_id, _Outcome(False, exc))
        else:
            self._runner._done.emit(self._op_id, _Outcome(True, result))


class OperationRunner(QObject):
    """Runs operations; lives in the UI thread. ``busy`` tells whether any is running."""

    _done = Signal(int, object)  # op id, _Outcome (a plain Python object)
    started = Signal(str)
    finished = Signal(str, bool)  # label, succeeded
    failed = Signal(str, BaseException)  # label, the exception (handled or not, dropped or not): logs, tests
    busy_changed = Signal(bool)
    op_executed = Signal(object, object)  # Change (what a write changed), the widget that asked

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Work that waits on the network (sync) and the clerk's holds get threads of their
        # own: a sale must never queue behind a request timing out. Their store transactions
        # are short, and SQLite's BEGIN IMMEDIATE with a busy timeout orders them against
        # the writer's.
        self._pools = {
            Lane.READ: self._pool(2),
            Lane.WRITE: self._pool(1),  # the single writer
            Lane.NETWORK: self._pool(1),
            Lane.COUNTER: self._pool(1),
            Lane.WATCH: self._pool(1),
        }
        self._ids = itertools.count(1)
        self.stopping = threading.Event()  # set when the app closes: long polls end their wait
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}  # supersede key -> the newest call's id
        # What a failure without a handler does: an error dialog (replaceable, e.g. in tests).
        self.show_failure: Callable[[QWidget | None, BaseException], None] = _show_error
        self._done.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _pool(self, threads: int) -> QThreadPool:
        pool = QThreadPool(self)
        pool.setMaxThreadCount(threads)
        if threads == 1:
            pool.setExpiryTimeout(-1)  # a lane of its own keeps its thread
        return pool

    def read(
        self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None
    ) -> int:
        return self.submit(Lane.READ, label, fn, ok, fail)

    def write(
        self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None
    ) -> int:
        return self.submit(Lane.WRITE, label, fn, ok, fail)

    def network(
        self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None
    ) -> int:
        return self.submit(Lane.NETWORK, label, fn, ok, fail)

    def counter(
        self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None
    ) -> int:
        """A request to central the clerk is waiting for (a hold): in order, on its own thread."""
        return self.submit(Lane.COUNTER, label, fn, ok, fail)

    def submit(
        self,
        lane: Lane,
        label: str,
        fn: Callable[[], Any],
        ok: Success | None = None,
        fail: Failure | None = None,
        *,
        parent: QWidget | None = None,
        supersede: str | None = None,
        changes: object = None,
    ) -> int:
        """Run ``fn`` on ``lane``; ``ok`` or ``fail`` (default: an error dialog over
        ``parent``) runs on the UI thread, unless a newer call with the same ``supersede``
        key was made in the meantime."""
        op_id = next(self._ids)
        if self.stopping.is_set():
            # The window closed (or was rebuilt): an answer arriving after that (a sync that
            # ended during the wait) must not start work whose reply has no runner to go to.
            log.debug("operation %s dropped: the runner has stopped", label)
            return op_id
        was_busy = self.busy
        self._pending[op_id] = _Pending(ok, fail, label, parent, supersede, changes)
        if supersede is not None:
            self._latest[supersede] = op_id
        log.debug("operation %s #%d queued on %s", label, op_id, lane.value)
        self.started.emit(label)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pools[lane].start(_Job(self, op_id, fn))
        return op_id

    def superseded(self, op_id: int) -> bool:
        pending = self._pending.get(op_id)
        return pending is not None and pending.key is not None and self._latest.get(pending.key) != op_id

    @Slot(int, object)
    def _deliver(self, op_id: int, outcome: _Outcome) -> None:
        ok, value = outcome.ok, outcome.value
        dropped = self.superseded(op_id)
        pending = self._pending.pop(op_id, None)
        if pending is None:
            return
        if pending.key is not None and self._latest.get(pending.key) == op_id:
            del self._latest[pending.key]
        try:
            if not ok:
                assert isinstance(value, BaseException)
                if not isinstance(value, PosError):
                    log.error("operation %s failed", pending.label, exc_info=value)
                self.failed.emit(pending.label, value)
            if dropped:
                log.debug("operation %s #%d superseded: its answer is dropped", pending.label, op_id)
            elif ok:
                if pending.on_success is not None:
                    pending.on_success(value)
            elif pending.on_failure is not None:
                assert isinstance(value, BaseException)
                pending.on_failure(value)
            else:
                assert isinstance(value, BaseException)
                self.show_failure(pending.parent, value)
            if ok and pending.changes:  # done, even if its answer was dropped: others refresh
                self.op_executed.emit(pending.changes, pending.parent)
        finally:
            self.finished.emit(pending.label, ok)
            if not self.busy:
                self.busy_changed.emit(False)
                self._latest.clear()

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for the workers (shutdown and tests); callbacks still run from the event loop."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())

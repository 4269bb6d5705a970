"""Small operation objects: run a core call off the UI thread, report back on it.

In the manner of Anki's ``CollectionOp``: the caller says what to run and what to do with
the result or the error; the runner does the threading. Reads run on a small pool; every
store write goes through one single-thread pool, so writes are serialised in the order
they were asked for (one writer). Workers never touch widgets: they only emit
:attr:`OperationRunner._done`, which Qt queues to the UI thread, where the callbacks run.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Pending:
    on_success: Success | None
    on_failure: Failure | None
    label: str


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

    _done = Signal(int, object)
    started = Signal(str)
    finished = Signal(str, bool)  # label, succeeded
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = self._pool(2)
        self._writer = self._pool(1)  # the single writer
        # Work that waits on the network (sync) gets its own thread: a sale must never queue
        # behind a request timing out. Its store transactions are short, and SQLite's
        # BEGIN IMMEDIATE with a busy timeout orders them against the writer's.
        self._network = self._pool(1)
        # The clerk's own requests to central (seat holds) must not queue behind a sync cycle.
        self._counter = self._pool(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
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

    def read(self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None) -> int:
        return self._submit(self._reads, label, fn, ok, fail)

    def write(self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None) -> int:
        return self._submit(self._writer, label, fn, ok, fail)

    def network(
        self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None
    ) -> int:
        return self._submit(self._network, label, fn, ok, fail)

    def counter(
        self, label: str, fn: Callable[[], Any], ok: Success | None = None, fail: Failure | None = None
    ) -> int:
        """A request to central the clerk is waiting for (a hold): in order, on its own thread."""
        return self._submit(self._counter, label, fn, ok, fail)

    def _submit(
        self, pool: QThreadPool, label: str, fn: Callable[[], Any], ok: Success | None, fail: Failure | None
    ) -> int:
        op_id = next(self._ids)
        was_busy = self.busy
        self._pending[op_id] = _Pending(ok, fail, label)
        log.debug("operation %s #%d queued", label, op_id)
        self.started.emit(label)
        if not was_busy:
            self.busy_changed.emit(True)
        pool.start(_Job(self, op_id, fn))
        return op_id

    @Slot(int, object)
    def _deliver(self, op_id: int, outcome: _Outcome) -> None:
        ok, value = outcome.ok, outcome.value
        pending = self._pending.pop(op_id, None)
        if pending is None:
            return
        try:
            if ok:
                if pending.on_success is not None:
                    pending.on_success(value)
            else:
                assert isinstance(value, BaseException)
                if not _is_user_error(value):
                    log.error("operation %s failed", pending.label, exc_info=value)
                if pending.on_failure is not None:
                    pending.on_failure(value)
        finally:
            self.finished.emit(pending.label, ok)
            if not self.busy:
                self.busy_changed.emit(False)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait for the workers (shutdown and tests); callbacks still run from the event loop."""
        pools = (self._writer, self._reads, self._network, self._counter)
        return all(pool.waitForDone(msecs) for pool in pools)


def _is_user_error(exc: BaseException) -> bool:
    from pos.errors import PosError

    return isinstance(exc, PosError)

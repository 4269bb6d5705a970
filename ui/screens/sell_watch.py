"""The shown performance's seats, kept current by central: a long poll on its own lane.

Online, while a performance is shown on the sell screen, the terminal asks central for its
seat changes and central answers as soon as one happens (a web sale, another counter's hold
or sale, a release). The change is pulled into the store and the map repainted, within about
a second instead of at the next sync. Offline, or with nothing shown, it stops; any answer
for a performance no longer shown is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ui.context import AppContext
from ui.ops import central
from ui.ops.runner import OperationRunner

log = logging.getLogger(__name__)


class SeatWatch(QObject):
    changed = Signal(str)  # the performance whose seats central reported changed

    def __init__(
        self, ctx: AppContext, runner: OperationRunner, *, enabled: Callable[[], bool], parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self._enabled = ctx, runner, enabled
        self.performance_id = ""
        self._asking = False

    def follow(self, performance_id: str) -> None:
        """Watch ``performance_id`` (""; stop watching)."""
        self.performance_id = performance_id
        self._ask()

    def _ask(self) -> None:
        if self._asking or not self.performance_id or not self._enabled() or self._runner.stopping.is_set():
            return
        pid = self.performance_id
        self._asking = True

        def answered(count: int) -> None:
            self._asking = False
            if pid == self.performance_id and count:
                self.changed.emit(pid)
            self._ask()  # the next long poll, for whatever is shown now

        def failed(exc: BaseException) -> None:
            self._asking = False  # offline or refused: the next choice or reconnection asks again
            log.info("seat watch for %s stopped: %s", pid, exc)

        runner = self._runner
        central.watch_seats(
            self._ctx, pid, stop=lambda: runner.stopping.is_set() or pid != self.performance_id
        ).success(answered).failure(failed).run(runner)

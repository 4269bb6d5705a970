"""Python's cyclic garbage collected on the UI thread only.

The collector runs on whichever thread happens to allocate when a threshold is crossed. If that
is a worker (an operation reading the store) and the garbage holds a Qt object, the object's
C++ destructor runs there: it takes Qt's connection lock, then waits for the GIL, while the UI
thread holds the GIL and waits for that lock (a full freeze, seen in the test suite). So, as
Anki does, automatic collection is off and the UI thread collects on a timer: the young
generation often (cheap), everything now and then. Reference counting still frees all garbage
that is not a cycle at once.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

YOUNG_EVERY_MS = 1_000
FULL_EVERY = 30  # a full collection every 30 young ones


class GarbageOnUiThread(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(YOUNG_EVERY_MS)
        self.timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        gc.enable()

    def collect(self) -> int:
        self._ticks += 1
        full = self._ticks % FULL_EVERY == 0
        found = gc.collect() if full else gc.collect(0)
        if full:
            log.debug("full garbage collection: %d objects", found)
        return found

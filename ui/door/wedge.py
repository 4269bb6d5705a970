"""Keyboard-wedge scanners: a scanner types the code as a burst of keystrokes ending in Enter.

:class:`WedgeFilter` is an application-level event filter, so a scan is recognised wherever
the focus is (a search box, a button, nothing). Printable keystrokes are held back while a
burst may be under way; a burst (``min_length`` characters or more, each within
``max_gap_ms`` of the one before) ending in Enter becomes :attr:`WedgeFilter.scanned` and
never reaches the focused widget. Anything slower is a person typing: the held keystrokes
are replayed to the focused widget, in order, at most ``max_gap_ms`` later.

Defaults: scanners type a character every 1-10 ms and people every 100 ms or more, so 80 ms
tells them apart with room for a busy machine's hiccup; a ticket code is at least 141
characters, so a burst shorter than 100 is treated as typed (e.g. an order number typed by
a very fast hand) and reaches the focused widget with its Enter.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORDS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_gap_ms: int = 80,
        min_length: int = 100,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.max_gap = max_gap_ms / 1000
        self.min_length = min_length
        self._clock = clock
        self._held: list[QKeyEvent] = []
        self._last = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max_gap_ms)
        self._timer.timeout.connect(self.flush)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        self.flush()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        now = self._clock()
        if self._held and now - self._last > self.max_gap:
            self.flush()  # too slow to be a scanner: what was held was typed by a person
        if event.key() in _ENTER:
            if len(self._held) >= self.min_length:
                code = "".join(e.text() for e in self._held)
                self._held.clear()
                self._timer.stop()
                self.scanned.emit(code)
                return True
            self.flush()
            return False
        text = event.text()
        if (
            len(text) == 1
            and text.isprintable()
            and not (event.modifiers() & _CHORDS)
            and not event.isAutoRepeat()
        ):
            self._held.append(QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), text))
            self._last = now
            self._timer.start()
            return True
        self.flush()
        return False

    def flush(self) -> None:
        """Give held keystrokes to the focused widget: they were typed, not scanned."""
        self._timer.stop()
        held, self._held = self._held, []
        target = QApplication.focusWidget()
        if not held or target is None:
            return
        self._replaying = True
        try:
            for e in held:
                QApplication.sendEvent(target, e)
        finally:
            self._replaying = False

"""Scan to verdict painted, in the door screen (offscreen Qt): p50 and p95.

Each round types a ticket code as a keyboard-wedge scanner does (a burst of keystrokes into
whatever widget has focus, then Enter) and times from the Enter to the end of the verdict
panel's next paint: the wedge filter, the validator (all checks and the scan recorded in
one SQLite transaction, on disk), the texts and colours, the paint. Half the codes are
fresh (green), half repeats (red). Baseline in the same run: the same panel recoloured and
painted with no scan at all. Target (DESIGN.md): p95 under 50 ms. Prints numbers.
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _numbers import pct
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from pos.door import DoorValidator
from tests.door.helpers import Clock, make_door
from ui.app import ensure_app
from ui.screens.door import DoorScreen

ROUNDS = 200


def wait_paint(screen: DoorScreen) -> None:
    loop = QEventLoop()
    screen.panel.painted.connect(loop.quit)
    QTimer.singleShot(5000, loop.quit)
    loop.exec()
    screen.panel.painted.disconnect(loop.quit)


def main() -> None:
    app = ensure_app()
    door = make_door(Path(tempfile.mkdtemp(prefix="bench-door-ui-")) / "door")
    screen = DoorScreen(  # scans a minute apart: the second of a pair is judged anew (red)
        DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock()),
        sound=False,
        monotonic=itertools.count(0, 60).__next__,
    )
    search = screen.search
    screen.resize(1280, 800)
    screen.show()
    app.processEvents()
    search.setFocus()
    fresh = [door.ticket()[0] for _ in range(ROUNDS // 2)]
    codes = [c for pair in zip(fresh, fresh, strict=True) for c in pair]  # each twice: green, then red

    base: list[float] = []
    for i in range(ROUNDS):
        t = time.perf_counter()
        screen._paint("#1b7f3b" if i % 2 else "#b3261e", "VALID", "baseline", "")
        wait_paint(screen)
        base.append(time.perf_counter() - t)

    enter: list[float] = []
    burst: list[float] = []
    for code in codes:
        assert isinstance(search, QLineEdit)
        t_burst = time.perf_counter()
        QTest.keyClicks(search, code)
        t = time.perf_counter()
        QTest.keyClick(search, Qt.Key.Key_Return)
        wait_paint(screen)
        done = time.perf_counter()
        enter.append(done - t)
        burst.append(done - t_burst)
        assert search.text() == "", (len(search.text()), len(code))
    ms = lambda xs: [x * 1000 for x in xs]  # noqa: E731
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {ROUNDS} scans, half refused")
    for label, xs in (
        ("baseline: recolour + paint, no scan", base),
        ("Enter -> verdict painted", enter),
        ("first keystroke -> verdict painted", burst),
    ):
        v = ms(xs)
        print(
            f"  {label:<38} p50 {statistics.median(v):6.2f} ms   p95 {pct(v, 95):6.2f} ms   max {max(v):6.2f} ms"
        )
    screen.wedge.remove()


if __name__ == "__main__":
    main()

"""What the clerk waits for: from choosing the stadium's performance in the real sell screen
(seat statuses, the outlet's allocation and lease, the performance's detail, the zone legend)
to its map painted; beside the map widget opened alone on the same store, in the same run.

Run: ``.venv/bin/python bench/bench_sell_map.py [ROUNDS]``. Prints numbers, asserts nothing.
Target (issue 20): < 500 ms from the choice to the painted map; clerks measured 1.5-4.5 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _numbers import pct  # noqa: E402  (this folder)
from bench_seatmap import OUTLET, PERF, stadium_store  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from pos.catalog.seatmap import load_seat_map  # noqa: E402
from tests.factories import counter_from  # noqa: E402
from ui.bridge import Bridge  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.screens.sell import SellScreen  # noqa: E402
from ui.seatmap.view import SeatMapView  # noqa: E402


def _until(app: QCoreApplication, done: object, limit_s: float = 30.0) -> None:
    end = time.monotonic() + limit_s
    while not done() and time.monotonic() < end:  # type: ignore[operator]
        app.processEvents()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        data = stadium_store(Path(tmp))
        counter = counter_from(data)
        ctx = AppContext(store=counter.store, info=counter.info, signer=counter.signer, language="zh")
        bridge = Bridge(ctx)
        sell = SellScreen(bridge)
        sell.resize(1366, 740)
        sell.show()
        sell.set_session(counter.clerk)
        _until(app, lambda: sell.browser.model.rowCount() > 0)
        model = sell.browser.model
        perf = model.performance(model.row_of(PERF))

        alone: list[float] = []
        screen: list[float] = []
        for _ in range(rounds):
            view = SeatMapView()
            view.resize(700, 600)
            view.show()
            t = time.perf_counter()
            view.set_map(load_seat_map(counter.store, performance_id=PERF, outlet_id=OUTLET))
            view.viewport().grab()
            alone.append((time.perf_counter() - t) * 1000)
            view.deleteLater()

            sell.reset_sale()
            sell.chosen.seat_map = None
            t = time.perf_counter()
            sell.choose(perf)
            _until(app, lambda: sell.seat_map is not None and sell.detail is not None and sell.map_view.item is not None)
            sell.map_view.viewport().grab()
            screen.append((time.perf_counter() - t) * 1000)
        bridge.stop()

        print(f"stadium performance {PERF}: {rounds} rounds, 1366x740 sell screen")
        for name, ms in (("map widget alone (baseline)", alone), ("sell screen: choose -> painted", screen)):
            print(f"  {name:<32} p50 {statistics.median(ms):7.1f} ms  p95 {pct(ms, 95):7.1f} ms  max {max(ms):7.1f} ms")
        print("  target: < 500 ms from the choice to the painted map")
        counter.store.close()


if __name__ == "__main__":
    main()

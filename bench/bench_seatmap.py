"""The 60,700-seat stadium map, offscreen: open time, frame times of a pan and zoom sweep,
resident memory; with an empty view measured in the same run as the baseline.

Run: ``.venv/bin/python bench/bench_seatmap.py [FRAMES]``. Prints numbers, asserts nothing.
Targets (DESIGN.md): opens in < 500 ms; pan and zoom at >= 30 frames/s (<= 33 ms a frame);
< 400 MB resident with the map open.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _numbers import pct  # noqa: E402  (this folder)
from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from pos.catalog.seatmap import load_seat_map  # noqa: E402
from pos.store.db import open_store  # noqa: E402
from resources.demo.generate import build_catalog  # noqa: E402
from tests.factories import make_counter  # noqa: E402
from ui.seatmap.view import SeatMapView  # noqa: E402

PERF, OUTLET = "P-CUPFINAL-1", "BO-MALL"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stadium_store(folder: Path) -> Path:
    feed = build_catalog((datetime.now(UTC) - timedelta(days=1)).date())
    feed["events"] = [e for e in feed["events"] if e["id"] == "E-CUPFINAL"]
    feed["promotions"] = [
        p for p in feed.get("promotions", []) if set(p.get("event_ids") or []) <= {"E-CUPFINAL"}
    ]
    kept = {p["id"] for p in feed["promotions"]}
    feed["coupons"] = [c for c in feed.get("coupons", []) if c["promotion_id"] in kept]
    path = folder / "terminal"
    make_counter(path, catalog=feed, outlet=OUTLET).store.close()
    return path


def sweep(view: SeatMapView, frames: int) -> tuple[list[float], list[float]]:
    """Zoom in step by step towards a stand, then pan across; one repaint per frame."""
    zoom_ms: list[float] = []
    pan_ms: list[float] = []
    view.fit()
    view.viewport().grab()
    for _ in range(frames // 2):
        t = time.perf_counter()
        view.zoom(1.12)
        view.viewport().grab()
        zoom_ms.append((time.perf_counter() - t) * 1000)
    h = view.horizontalScrollBar()
    step = max(1, (h.maximum() - h.minimum()) // max(1, frames // 2))
    for _ in range(frames // 2):
        t = time.perf_counter()
        h.setValue(h.value() + step if h.value() + step <= h.maximum() else h.minimum())
        view.viewport().grab()
        pan_ms.append((time.perf_counter() - t) * 1000)
    return zoom_ms, pan_ms


def report(name: str, ms: list[float]) -> None:
    if ms:
        print(
            f"  {name:<22} p50 {statistics.median(ms):7.2f} ms  p95 {pct(ms, 95):7.2f} ms  max {max(ms):7.2f} ms"
        )


def main() -> None:
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        data = stadium_store(Path(tmp))
        print(f"set-up: stadium store built in {time.perf_counter() - t:.1f} s (not part of the numbers)")
        store = open_store(data)
        base_rss = rss_mb()

        empty = SeatMapView()
        empty.resize(1366, 768)
        empty.show()
        t = time.perf_counter()
        empty.viewport().grab()
        empty_open = (time.perf_counter() - t) * 1000
        e_zoom, e_pan = sweep(empty, frames)

        view = SeatMapView()
        view.resize(1366, 768)
        view.show()
        t0 = time.perf_counter()
        seat_map = load_seat_map(store, performance_id=PERF, outlet_id=OUTLET)
        t1 = time.perf_counter()
        view.set_map(seat_map)
        t2 = time.perf_counter()
        view.viewport().grab()
        t3 = time.perf_counter()
        z_ms, p_ms = sweep(view, frames)
        # The clerk comes back to the same venue (another performance or a refresh): the
        # venue's sorted geometry is cached, only the states are read again.
        again = SeatMapView()
        again.resize(1366, 768)
        again.show()
        t4 = time.perf_counter()
        again.set_map(load_seat_map(store, performance_id=PERF, outlet_id=OUTLET))
        again.viewport().grab()
        reopen_ms = (time.perf_counter() - t4) * 1000
        cpu0 = time.process_time()
        load_seat_map(store, performance_id=PERF, outlet_id=OUTLET)
        read_cpu_ms = (time.process_time() - cpu0) * 1000
        t = time.perf_counter()
        view.item.seat_at(QPointF(0, 0))  # type: ignore[union-attr]  # builds the hover index
        index_ms = (time.perf_counter() - t) * 1000
        rss = rss_mb()
        app.processEvents()

        print(f"stadium: {len(seat_map.columns):,} seats, {len(seat_map.sections)} sections; {frames} frames")
        print("baseline (empty view, same run):")
        print(f"  first paint            {empty_open:7.2f} ms")
        report("zoom frame", e_zoom)
        report("pan frame", e_pan)
        print("seat map:")
        print(f"  read from store        {(t1 - t0) * 1000:7.1f} ms")
        print(f"  build item and scene   {(t2 - t1) * 1000:7.1f} ms")
        print(f"  first paint (overview) {(t3 - t2) * 1000:7.1f} ms")
        print(f"  open total             {(t3 - t0) * 1000:7.1f} ms   (target < 500 ms)")
        print(f"  open again (cached)    {reopen_ms:7.1f} ms")
        print(f"  read, CPU time only    {read_cpu_ms:7.1f} ms   (what a quiet machine would take)")
        report("zoom frame", z_ms)
        report("pan frame (seats)", p_ms)
        print(f"  hover index (lazy)     {index_ms:7.1f} ms")
        print(
            f"resident memory: {rss:.0f} MB with the map open (before the views: {base_rss:.0f} MB; target < 400 MB)"
        )
        store.close()


if __name__ == "__main__":
    main()

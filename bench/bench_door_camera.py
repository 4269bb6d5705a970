"""Camera frame to scan, and to verdict painted, in the door screen (offscreen Qt): p50, p95.

200 synthetic 1280x720 camera frames, each holding a fresh signed ticket's QR as the app
prints it, at 35% of the frame's height, tilted by up to 15 degrees. Each frame goes into the
scanner's real QVideoSink (the path a camera drives); timed from setVideoFrame to the scan
validated (worker thread: luma read, zxing decode; back on the UI thread: debounce,
``scanned``, the door screen's validator: all checks and the scan recorded on disk) and to
the end of the verdict panel's next paint. Frames as NV12, what cameras deliver, and as
RGB32 (the converting fallback).

Baselines in the same run, on the same images: bare ``zxingcpp.read_barcodes`` on the grey
picture, and the scanner's ``read_frame`` called directly (no thread). Prints numbers.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from importlib.metadata import version

import zxingcpp
from _numbers import pct
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame

from pos.door import DoorValidator
from tests.door.camera_frames import Ticker, camera_frame, frame_with, printed_qr
from tests.door.helpers import Clock, make_door
from ui.app import ensure_app
from ui.door.camera import CameraScanner, read_frame
from ui.screens.door import DoorScreen

ROUNDS = 200


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def bare_decode(grey: QImage) -> list[zxingcpp.Barcode]:
    view = zxingcpp.ImageView(
        memoryview(grey.constBits()),
        grey.width(),
        grey.height(),
        zxingcpp.ImageFormat.Lum,
        grey.bytesPerLine(),
    )
    return zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))


class Run:
    """Feeds frames into the door screen's scanner, one at a time, and times each."""

    def __init__(self, screen: DoorScreen, ticker: Ticker) -> None:
        self.camera, self.ticker = screen.camera, ticker
        self._scanned: float | None = None
        self._loop = QEventLoop()
        self._timeout = QTimer()  # one timer, restarted: no stale quit from an earlier frame
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(5000)
        self._timeout.timeout.connect(self._loop.quit)
        self.camera.scanned.connect(self._on_scanned)
        self.camera.decoded.connect(self._on_decoded)
        screen.panel.painted.connect(self._on_painted)

    def _on_scanned(self, _code: str) -> None:
        # Connected after the door screen's own slot: by now the scan is validated and recorded.
        self._scanned = time.perf_counter()

    def _on_decoded(self, _codes: object) -> None:
        if self._scanned is None:  # read, no code: no verdict will be painted
            self._loop.quit()

    def _on_painted(self) -> None:
        if self._scanned is not None:
            self._loop.quit()

    def frame(self, frame: QVideoFrame) -> tuple[float, float] | None:
        """(to validated, to verdict painted) in seconds; None if nothing was scanned."""
        sink = self.camera.sink
        assert sink is not None
        self.ticker.advance(0.2)  # a frame the scanner takes (not within 100 ms of the last)
        self._scanned = None
        self._timeout.start()
        t = time.perf_counter()
        sink.setVideoFrame(frame)
        self._loop.exec()
        self._timeout.stop()
        if self._scanned is None:
            return None
        return self._scanned - t, time.perf_counter() - t


def main() -> None:
    app = ensure_app()
    door = make_door(Path(tempfile.mkdtemp(prefix="bench-door-camera-")) / "door")
    ticker = Ticker()
    camera = CameraScanner(clock=ticker, devices=list)  # no camera: frames go into its sink
    screen = DoorScreen(
        DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock()),
        sound=False,
        camera=camera,
    )
    screen.resize(1280, 800)
    screen.show()
    app.processEvents()
    run = Run(screen, ticker)

    timings: dict[str, list[float]] = {k: [] for k in ("bare", "nv12", "rgb")}
    piped: dict[str, list[tuple[float, float]]] = {"nv12": [], "rgb": []}
    missed = unread = 0
    started = time.perf_counter()
    for i in range(ROUNDS):
        # Frames are made one round at a time (200 RGB32 720p pictures would be 700 MB), and
        # each is used once: a QVideoFrame keeps its converted picture.
        for kind in ("nv12", "rgb"):
            code, _tid = door.ticket()  # a fresh ticket: each frame is a new scan
            picture = frame_with(printed_qr(code), size=0.35, angle=(i % 31) - 15)

            def make(p: QImage = picture, k: str = kind) -> QVideoFrame:
                return camera_frame(p, "Format_NV12") if k == "nv12" else QVideoFrame(p)

            if kind == "nv12":
                grey = picture.convertToFormat(QImage.Format.Format_Grayscale8)
                timings["bare"].append(timed(lambda g=grey: bare_decode(g)))
                missed += not bare_decode(grey)
            direct = make()
            timings[kind].append(timed(lambda f=direct: read_frame(f)))
            got = run.frame(make())
            if got is None:
                unread += 1
            else:
                piped[kind].append(got)
    took = time.perf_counter() - started

    ms = lambda xs: [x * 1000 for x in xs]  # noqa: E731
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; zxing-cpp {version('zxing-cpp')}; "
        f"{ROUNDS} frames a row, 1280x720, QR at 35% of the height, tilted -15..15 degrees ({took:.0f} s)"
    )
    for label, xs in (
        ("baseline: bare read_barcodes on grey", timings["bare"]),
        ("read_frame, NV12 (luma in place)", timings["nv12"]),
        ("read_frame, RGB32 (converted)", timings["rgb"]),
        ("NV12 frame -> scanned, validated", [a for a, _ in piped["nv12"]]),
        ("NV12 frame -> verdict painted", [b for _, b in piped["nv12"]]),
        ("RGB32 frame -> scanned, validated", [a for a, _ in piped["rgb"]]),
        ("RGB32 frame -> verdict painted", [b for _, b in piped["rgb"]]),
    ):
        v = ms(xs)
        print(
            f"  {label:<38} p50 {statistics.median(v):6.2f} ms   p95 {pct(v, 95):6.2f} ms   max {max(v):6.2f} ms"
        )
    print(
        f"  frames without a scan: bare {missed}, through the screen {unread}; frames dropped {camera.dropped}"
    )
    screen.release_inputs()
    door.store.close()


if __name__ == "__main__":
    main()

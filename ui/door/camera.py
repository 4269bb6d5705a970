"""Camera scanning at the door: a webcam or a tablet's camera reads the ticket's QR code.

QtMultimedia (PySide6-Addons) runs the camera into a ``QVideoSink``. At most one frame every
``interval`` seconds, and only while no decode is running, goes to a worker thread that reads
QR codes with zxing-cpp from the frame's 8-bit grey (its luma plane, in place); the frames in between are dropped, never
queued, so a slow decode never builds a backlog and the verdict is about the newest picture.
The worker only emits a signal; the scanner, on the UI thread, decides what is a new scan.

A code held in front of the camera is in many frames: it becomes :attr:`CameraScanner.scanned`
once, and again only after it has been out of view for ``hold`` seconds (then it is a second,
deliberate scan: the validator says ALREADY ADMITTED, or lets a re-entry in). ``scanned(str)``
has the wedge's shape, so the door screen handles both alike; any QR text is passed through,
the validator judges it.

No QtMultimedia (PySide6-Essentials alone, or a missing system library such as libpulse), no
zxing-cpp, no camera, or a camera error: :attr:`CameraScanner.problem` says why, in words for
the steward, and the door works with the wedge scanner and the search box as before.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QCamera, QCameraDevice, QVideoFrame, QVideoSink

log = logging.getLogger(__name__)

Reader = Callable[["QVideoFrame"], list[str]]

# Camera formats whose first plane is the luma (8-bit grey) as it is: read in place, no
# conversion (a 720p frame to RGB and back to grey costs ~6 ms, the decode itself ~1.5 ms).
# Value: (bytes from one pixel's Y to the next, offset of the first Y).
_LUMA = {
    "Format_NV12": (1, 0),
    "Format_NV21": (1, 0),
    "Format_YUV420P": (1, 0),
    "Format_YUV422P": (1, 0),
    "Format_YV12": (1, 0),
    "Format_Y8": (1, 0),
    "Format_YUYV": (2, 0),
    "Format_UYVY": (2, 1),
}


def _read_grey(
    buffer: memoryview, width: int, height: int, row_stride: int, pixel_stride: int = 1
) -> list[str]:
    import zxingcpp

    # Rows are often padded: zxing gets the real row stride, not the width. It wants every
    # row whole, so a plane read from an offset (UYVY) loses its last row.
    rows = min(height, len(buffer) // row_stride)
    view = zxingcpp.ImageView(buffer, width, rows, zxingcpp.ImageFormat.Lum, row_stride, pixel_stride)
    found = zxingcpp.read_barcodes(view, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    return [b.text for b in found]


def read_qr_codes(image: QImage) -> list[str]:
    """The texts of the QR codes in ``image`` (any format; read as 8-bit grey)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return _read_grey(memoryview(grey.constBits()), grey.width(), grey.height(), grey.bytesPerLine())


def read_frame(frame: QVideoFrame) -> list[str]:
    """The texts of the QR codes in a video frame: its luma plane read in place when the
    format has one (what cameras deliver), else the frame converted to a picture."""
    layout = _LUMA.get(frame.pixelFormat().name)
    if layout is not None and frame.map(frame.MapMode.ReadOnly):
        try:
            step, offset = layout
            plane = memoryview(frame.bits(0))[offset:]
            return _read_grey(plane, frame.width(), frame.height(), frame.bytesPerLine(0), step)
        finally:
            frame.unmap()
    image = frame.toImage()
    return read_qr_codes(image) if not image.isNull() else []


class CodeDebouncer:
    """Which codes in a frame are new scans: a code seen again within ``hold`` seconds of
    its last sighting is the same ticket still in front of the camera."""

    def __init__(self, hold: float = 2.0) -> None:
        self.hold = hold
        self._last_seen: dict[str, float] = {}

    def fresh(self, codes: Iterable[str], now: float) -> list[str]:
        new = []
        for code in dict.fromkeys(codes):  # a code twice in one frame is one scan
            last = self._last_seen.get(code)
            if last is None or now - last > self.hold:
                new.append(code)
            self._last_seen[code] = now
        # Forget codes long gone, so a night of scanning does not grow the map.
        self._last_seen = {c: t for c, t in self._last_seen.items() if now - t <= self.hold}
        return new


class _Read:
    """What the worker hands back. A fresh object each time: PySide6 6.12 miscounts
    references of shared singletons (None, ``()``) that cross threads in an ``object`` signal."""

    __slots__ = ("codes",)

    def __init__(self, codes: list[str]) -> None:
        self.codes = codes


class _Decode(QRunnable):
    def __init__(self, scanner: CameraScanner, frame: QVideoFrame, read: Reader) -> None:
        super().__init__()
        self._scanner = scanner
        self._frame = frame
        self._read = read
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread: no widgets here
        codes: list[str] = []
        try:
            codes = self._read(self._frame)
        except Exception:  # one bad frame must not stop the camera
            log.exception("camera: a frame could not be read")
        with contextlib.suppress(RuntimeError):  # the scanner was deleted meanwhile: nobody waits
            self._scanner._done.emit(_Read(codes))


class CameraScanner(QObject):
    """Reads ticket QR codes from the first camera. ``start``/``stop`` follow the door
    screen's visibility; ``close`` when the screen goes away."""

    scanned = Signal(str)  # a new code in view: the same shape as WedgeFilter.scanned
    decoded = Signal(object)  # list[str]: the codes read from one frame (tests, bench)
    failed = Signal(str)  # the camera stopped working: why, for the steward
    crowded = Signal(int)  # several codes in one frame: none was scanned
    _done = Signal(_Read)  # from the decode thread

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        preview: bool = True,
        interval: float = 0.1,
        hold: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        read: Reader = read_frame,
        devices: Callable[[], list[QCameraDevice]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.interval = interval
        self._clock = clock
        self._read = read
        self._debouncer = CodeDebouncer(hold)
        self._active = False
        self._busy = False
        self._last_taken = float("-inf")
        self.decodes = 0  # frames read
        self.dropped = 0  # frames skipped: too soon, or a decode still running
        self.problem = ""  # why there is no camera scanning, for the steward ("" = working)
        self.camera_name = ""
        self.sink: QVideoSink | None = None
        self.preview: QWidget | None = None
        self._camera: QCamera | None = None
        self._session: QObject | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one decode at a time; the rest are dropped
        self._done.connect(self._finished)
        self._set_up(preview, devices)

    def _set_up(self, preview: bool, devices: Callable[[], list[QCameraDevice]] | None) -> None:
        try:
            import zxingcpp  # noqa: F401  (here, so a missing wheel is a note, not a crash)
            from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink
        except (ImportError, OSError) as exc:  # Essentials only, no libpulse, no zxing-cpp
            log.warning("camera scanning unavailable: %s", exc)
            self.problem = self.tr("Camera scanning is not installed")
            return
        found = (devices or QMediaDevices.videoInputs)()
        if not found:
            self.problem = self.tr("No camera")
        elif preview:
            try:
                from PySide6.QtMultimediaWidgets import QVideoWidget

                widget = QVideoWidget()
                self.preview, self.sink = widget, widget.videoSink()
            except (ImportError, OSError) as exc:
                log.warning("camera preview unavailable: %s", exc)
        if self.sink is None:
            self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._frame)
        if not found:
            return
        device = found[0]
        self.camera_name = device.description()
        camera = QCamera(device, self)
        session = QMediaCaptureSession(self)
        session.setCamera(camera)
        if self.preview is not None:
            session.setVideoOutput(self.preview)
        else:
            session.setVideoSink(self.sink)
        camera.errorOccurred.connect(self._camera_error)
        self._camera, self._session = camera, session
        log.info("camera: %s", self.camera_name)

    @property
    def has_camera(self) -> bool:
        return self._camera is not None and not self.problem

    def start(self) -> None:
        """Read frames (from the camera, if there is one that works)."""
        if self.sink is None:
            return
        self._active = True
        if self.has_camera:
            assert self._camera is not None
            self._camera.start()
            if self._camera.error() != self._camera.Error.NoError:  # some errors are set, not signalled
                self._camera_error(self._camera.error(), self._camera.errorString())

    def stop(self) -> None:
        self._active = False
        if self._camera is not None:
            self._camera.stop()

    def close(self) -> None:
        """Stop, and wait for a decode under way, so no worker outlives the scanner."""
        self.stop()
        self._pool.clear()
        self._pool.waitForDone(2000)

    @Slot(object)
    def _frame(self, frame: QVideoFrame) -> None:
        if not self._active:
            return
        now = self._clock()
        if self._busy or now - self._last_taken < self.interval:
            self.dropped += 1
            return
        self._busy, self._last_taken = True, now
        # A handle of its own for the worker (implicitly shared: no pixels are copied); the
        # argument PySide passed need not outlive this slot.
        self._pool.start(_Decode(self, type(frame)(frame), self._read))

    @Slot(object)
    def _finished(self, result: _Read) -> None:
        self._busy = False
        self.decodes += 1
        if not self._active:  # stopped while reading: the screen is gone, drop it
            return
        if len(set(result.codes)) > 1:
            # Two tickets in view (the next person's phone behind the holder's): admitting
            # one of them, or both, would be a guess. Nothing is scanned, nothing is marked
            # seen: once one ticket is alone in view it scans at once.
            self.crowded.emit(len(set(result.codes)))
            self.decoded.emit(list(result.codes))
            return
        for code in self._debouncer.fresh(result.codes, self._clock()):
            log.debug("camera scan: %s…", code[:12])
            self.scanned.emit(code)
        self.decoded.emit(list(result.codes))

    def _camera_error(self, error: object, message: str) -> None:
        log.warning("camera %s failed: %s (%s)", self.camera_name, message, error)
        self.problem = self.tr("Camera error: %1").replace("%1", message or str(error))
        if self._camera is not None:
            self._camera.stop()
        self.failed.emit(self.problem)

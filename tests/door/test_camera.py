"""Camera scanning at the door (pytest-qt, offscreen). There is no camera here, so real video
frames are fed into the scanner's real QVideoSink: the signal path a camera drives. The QR
codes are the app's printed ones (printing.render.raster.qr_image) holding real signed tickets
(tests/door/camera_frames.py makes the frames).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from pos.door import DoorValidator, Verdict, counts
from tests.door.camera_frames import Ticker, camera_frame, frame_with, noise_frame, printed_qr
from tests.door.helpers import Clock, Door
from tests.needs import qtmultimedia
from ui.door.camera import CameraScanner, CodeDebouncer, read_frame
from ui.screens.door import GREEN, DoorScreen

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QVideoFrame


class Reads:
    """The real reader, counted."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, frame: QVideoFrame) -> list[str]:
        self.calls += 1
        return read_frame(frame)


@pytest.fixture
def multimedia() -> None:
    qtmultimedia()  # skips without Debian's libpulse0


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
def reads() -> Reads:
    return Reads()


def make_screen(qtbot, door: Door, camera: CameraScanner) -> DoorScreen:  # type: ignore[no-untyped-def]
    s = DoorScreen(
        DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=Clock()),
        sound=False,
        camera=camera,
        monotonic=camera._clock,  # the camera's fake clock: one time for both
    )
    qtbot.addWidget(s)
    s.show()
    qtbot.waitExposed(s)
    return s


@pytest.fixture
def screen(qtbot, door: Door, multimedia: None, ticker: Ticker, reads: Reads) -> Iterator[DoorScreen]:  # type: ignore[no-untyped-def]
    s = make_screen(qtbot, door, CameraScanner(clock=ticker, read=reads, devices=list))
    yield s
    s.release_inputs()


def show_frame(
    qtbot, screen: DoorScreen, image: QImage | QVideoFrame, ticker: Ticker, step: float = 0.2
) -> list[str]:  # type: ignore[no-untyped-def]
    """One camera frame, ``step`` seconds after the last; waits until it has been read."""
    from PySide6.QtMultimedia import QVideoFrame

    ticker.advance(step)
    sink = screen.camera.sink
    assert sink is not None
    with qtbot.waitSignal(screen.camera.decoded, timeout=5000) as got:
        sink.setVideoFrame(image if isinstance(image, QVideoFrame) else QVideoFrame(image))
    return got.args[0]


def verdicts(screen: DoorScreen) -> list[Verdict]:
    seen: list[Verdict] = []
    screen.verdict_shown.connect(lambda r: seen.append(r.verdict))
    return seen


def test_a_ticket_in_view_is_one_scan_until_it_has_left_for_two_seconds(
    qtbot, screen: DoorScreen, door: Door, ticker: Ticker
) -> None:  # type: ignore[no-untyped-def]
    code, tid = door.ticket()
    ticket = frame_with(printed_qr(code))
    shown = verdicts(screen)
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:
        assert show_frame(qtbot, screen, ticket, ticker) == [code]
    assert got.args[0].verdict is Verdict.VALID and got.args[0].ticket_id == tid
    assert screen.headline.text() == "VALID" and screen.panel.property("colour") == GREEN
    assert counts(door.store, "P-CONCERT").admitted == 1  # recorded, not only painted

    for _ in range(5):  # held in front of the camera: read again and again, scanned once
        assert show_frame(qtbot, screen, ticket, ticker, step=0.3) == [code]
    assert shown == [Verdict.VALID]

    blank = frame_with(None)
    for _ in range(4):  # taken away for 3.2 s: past the camera's 2 s and the door's 3 s
        assert show_frame(qtbot, screen, blank, ticker, step=0.8) == []
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as again:
        show_frame(qtbot, screen, ticket, ticker)
    assert again.args[0].verdict is Verdict.ALREADY_ADMITTED
    assert screen.headline.text() == "ALREADY ADMITTED"
    assert shown == [Verdict.VALID, Verdict.ALREADY_ADMITTED]


def test_two_tickets_in_view_scan_neither_until_one_is_alone(
    qtbot, screen: DoorScreen, door: Door, ticker: Ticker
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPainter

    mine, mine_id = door.ticket()
    behind, behind_id = door.ticket(item="A-1-2")  # the next person's phone, held up behind
    both = QImage(1280, 720, QImage.Format.Format_RGB32)
    both.fill(QColor(190, 190, 185))
    painter = QPainter(both)
    for x, code in ((120, mine), (760, behind)):
        painter.drawImage(x, 160, printed_qr(code).scaled(400, 400))
    painter.end()
    shown = verdicts(screen)
    with qtbot.waitSignal(screen.camera.crowded, timeout=5000) as crowded:
        assert sorted(show_frame(qtbot, screen, both, ticker)) == sorted([mine, behind])
    assert crowded.args == [2] and shown == []
    assert screen.headline.text() == "ONE TICKET AT A TIME"
    assert counts(door.store, "P-CONCERT").admitted == 0  # nothing recorded for either
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:  # alone now: at once
        show_frame(qtbot, screen, frame_with(printed_qr(mine)), ticker)
    assert got.args[0].ticket_id == mine_id and got.args[0].verdict is Verdict.VALID
    assert shown == [Verdict.VALID] and counts(door.store, "P-CONCERT").admitted == 1
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as other:  # the other: its own scan
        show_frame(qtbot, screen, frame_with(printed_qr(behind)), ticker)
    assert other.args[0].ticket_id == behind_id and other.args[0].verdict is Verdict.VALID


def test_noise_and_blank_frames_scan_nothing(qtbot, screen: DoorScreen, ticker: Ticker) -> None:  # type: ignore[no-untyped-def]
    shown = verdicts(screen)
    assert show_frame(qtbot, screen, noise_frame(), ticker) == []
    assert show_frame(qtbot, screen, frame_with(None), ticker) == []
    assert shown == [] and screen.headline.text() == "Scan a ticket"


def test_a_qr_that_is_no_ticket_is_passed_on_and_judged_unreadable(
    qtbot, screen: DoorScreen, ticker: Ticker
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:
        assert show_frame(qtbot, screen, frame_with(printed_qr("HTTPS://EXAMPLE.COM/PROMO")), ticker) == [
            "HTTPS://EXAMPLE.COM/PROMO"
        ]
    assert got.args[0].verdict is Verdict.UNREADABLE
    assert screen.headline.text() == "UNREADABLE"


def test_a_small_tilted_ticket_in_a_wide_frame_reads(
    qtbot, screen: DoorScreen, door: Door, ticker: Ticker
) -> None:  # type: ignore[no-untyped-def]
    code, _tid = door.ticket(item="A-1-2")
    frame = frame_with(printed_qr(code), size=0.3, angle=21)
    assert (frame.width(), frame.height()) == (1280, 720)
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:
        assert show_frame(qtbot, screen, frame, ticker) == [code]
    assert got.args[0].verdict is Verdict.VALID


@pytest.mark.parametrize("pixel_format", ["Format_NV12", "Format_YUYV", "Format_UYVY"])
def test_camera_pixel_formats_are_read_from_their_luma(
    qtbot, screen: DoorScreen, door: Door, ticker: Ticker, pixel_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import ui.door.camera

    def no_conversion(image: QImage) -> list[str]:
        raise AssertionError("a camera format was converted to a picture")

    monkeypatch.setattr(ui.door.camera, "read_qr_codes", no_conversion)  # the luma is read in place
    code, _tid = door.ticket()
    frame = camera_frame(frame_with(printed_qr(code), size=0.4, angle=8), pixel_format)
    assert frame.pixelFormat().name == pixel_format
    with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:
        assert show_frame(qtbot, screen, frame, ticker) == [code]
    assert got.args[0].verdict is Verdict.VALID


def test_frames_faster_than_decoding_are_dropped_not_queued(
    qtbot, door: Door, multimedia: None, ticker: Ticker
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtMultimedia import QVideoFrame

    release = threading.Event()
    calls: list[int] = []

    def slow_read(frame: QVideoFrame) -> list[str]:
        calls.append(1)
        release.wait(10)  # a decode far slower than the camera
        return read_frame(frame)

    code, _tid = door.ticket()
    screen = make_screen(qtbot, door, CameraScanner(clock=ticker, read=slow_read, devices=list))
    camera, sink = screen.camera, screen.camera.sink
    assert sink is not None
    try:
        picture = frame_with(printed_qr(code))
        with qtbot.waitSignal(screen.verdict_shown, timeout=5000):
            for _ in range(30):  # one second of a 30 fps camera
                ticker.advance(1 / 30)
                sink.setVideoFrame(QVideoFrame(picture))  # a new frame each time, as a camera gives
            qtbot.waitUntil(lambda: len(calls) == 1)
            release.set()
        assert len(calls) == 1 and camera.decodes == 1 and camera.dropped == 29
        with qtbot.waitSignal(camera.decoded, timeout=5000):
            ticker.advance(0.2)
            sink.setVideoFrame(QVideoFrame(picture))  # a new frame each time, as a camera gives
        assert len(calls) == 2  # no backlog was waiting: one new frame, one read
        ticker.advance(0.05)  # too soon after the last frame taken: dropped, though none is in flight
        sink.setVideoFrame(QVideoFrame(picture))  # a new frame each time, as a camera gives
        assert camera.dropped == 30 and len(calls) == 2
    finally:
        release.set()
        screen.release_inputs()


def test_hidden_door_reads_no_frames(qtbot, screen: DoorScreen, reads: Reads, ticker: Ticker) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtMultimedia import QVideoFrame

    screen.hide()
    ticker.advance(1)
    assert screen.camera.sink is not None
    screen.camera.sink.setVideoFrame(QVideoFrame(frame_with(None)))
    assert reads.calls == 0
    screen.show()
    assert show_frame(qtbot, screen, frame_with(None), ticker) == [] and reads.calls == 1


def test_no_camera_shows_a_note_and_the_wedge_still_scans(qtbot, door: Door, multimedia: None) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtMultimedia import QMediaDevices

    if QMediaDevices.videoInputs():
        pytest.skip("this machine has a camera")
    screen = make_screen(qtbot, door, CameraScanner())  # the real device list: empty
    try:
        assert screen.camera.preview is None and not screen.camera.has_camera
        assert screen.camera_note.isVisible()
        assert screen.camera_note.text() == "No camera: use the scanner or the search box"
        assert not screen.camera_button.isEnabled() and not screen.camera_button.isChecked()
        code, _tid = door.ticket()
        screen.search.setFocus()
        with qtbot.waitSignal(screen.verdict_shown, timeout=5000) as got:
            qtbot.keyClicks(screen.search, code)  # a wedge burst
            qtbot.keyClick(screen.search, Qt.Key.Key_Return)
        assert got.args[0].verdict is Verdict.VALID
    finally:
        screen.release_inputs()


def test_a_camera_that_fails_falls_back_to_the_note(qtbot, door: Door, multimedia: None) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtMultimedia import QCameraDevice

    # A device that is gone by the time it is opened (unplugged): QCamera reports an error.
    camera = CameraScanner(devices=lambda: [QCameraDevice()])
    assert camera.has_camera and camera.preview is not None
    screen = make_screen(qtbot, door, camera)  # shown: the camera starts, and fails
    try:
        assert not camera.has_camera
        assert screen.camera_note.isVisible()
        assert screen.camera_note.text().startswith("Camera error: ")
        assert screen.camera_note.text().endswith(": use the scanner or the search box")
        assert not camera.preview.isVisible()
        assert not screen.camera_button.isEnabled()
        code, _tid = door.ticket()
        assert screen.scan(code) is not None and screen.headline.text() == "VALID"
    finally:
        screen.release_inputs()


def test_the_door_builds_without_qtmultimedia(qtbot, door: Door, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # As with PySide6-Essentials alone: the import fails.
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimediaWidgets", None)
    screen = make_screen(qtbot, door, CameraScanner())
    try:
        assert screen.camera.sink is None and screen.camera.preview is None
        assert (
            screen.camera_note.text() == "Camera scanning is not installed: use the scanner or the search box"
        )
        assert not screen.camera_button.isEnabled()
        screen.hide()
        screen.show()  # start and stop do nothing, harmlessly
        code, _tid = door.ticket()
        assert screen.scan(code) is not None and screen.headline.text() == "VALID"
    finally:
        screen.release_inputs()


def test_debouncer() -> None:
    d = CodeDebouncer(hold=2.0)
    assert d.fresh(["A", "A"], 0.0) == ["A"]
    assert d.fresh(["A", "B"], 0.5) == ["B"]  # a different code at once
    assert d.fresh(["A"], 2.4) == []  # A was seen at 0.5: still the same presentation
    assert d.fresh([], 4.0) == []
    assert d.fresh(["A", "B"], 4.5) == ["A", "B"]  # both out of view for more than 2 s


def test_the_note_is_translated(qtbot, door: Door, multimedia: None) -> None:  # type: ignore[no-untyped-def]
    from ui.app import ensure_app, install_language

    app = ensure_app()
    assert install_language(app, "zh")
    try:
        screen = make_screen(qtbot, door, CameraScanner(devices=list))
        assert screen.camera_note.text() == "未检测到摄像头，请使用扫码枪或搜索框"
        assert screen.camera_button.text() == "摄像头"
        screen.release_inputs()
    finally:
        install_language(app, "en")

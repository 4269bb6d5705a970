"""Camera frames for the door camera's tests and bench: a ticket's QR as the app prints it, in a
1280x720 picture, as RGB32 or as a camera's pixel formats (NV12, YUYV, UYVY). Qt: never
imported by the core tests."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PIL import Image
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

from printing.render.raster import qr_image

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QVideoFrame


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def qimage(pil: Image.Image) -> QImage:
    grey = pil.convert("L")
    return QImage(grey.tobytes(), grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8).copy()


def printed_qr(text: str) -> QImage:
    return qimage(qr_image(text, 80))  # exactly the image the 80 mm ticket prints


def frame_with(qr: QImage | None, *, size: float = 0.6, angle: float = 0.0) -> QImage:
    """A 1280x720 camera picture: grey background, the QR (``size`` of the height) near the middle."""
    frame = QImage(1280, 720, QImage.Format.Format_RGB32)
    frame.fill(QColor(190, 190, 185))
    if qr is not None:
        side = int(720 * size)
        tile = qr.scaled(
            side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        tile = tile.transformed(QTransform().rotate(angle), Qt.TransformationMode.SmoothTransformation)
        painter = QPainter(frame)
        painter.drawImage(500 - tile.width() // 4, 360 - tile.height() // 2, tile)
        painter.end()
    return frame


def camera_frame(picture: QImage, pixel_format: str) -> QVideoFrame:
    """``picture`` as a camera delivers it: its grey as the luma, neutral chroma."""
    from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

    grey = picture.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, src_stride = grey.width(), grey.height(), grey.bytesPerLine()
    src = memoryview(grey.constBits())
    fmt = QVideoFrameFormat(QSize(width, height), getattr(QVideoFrameFormat.PixelFormat, pixel_format))
    frame = QVideoFrame(fmt)
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    for plane in range(frame.planeCount()):
        chroma = memoryview(frame.bits(plane))
        chroma[:] = b"\x80" * len(chroma)
    luma, stride = memoryview(frame.bits(0)), frame.bytesPerLine(0)
    step, offset = {"Format_NV12": (1, 0), "Format_YUYV": (2, 0), "Format_UYVY": (2, 1)}[pixel_format]
    for y in range(height):
        row = bytearray(luma[y * stride : y * stride + width * step])
        row[offset::step] = src[y * src_stride : y * src_stride + width]
        luma[y * stride : y * stride + width * step] = row
    frame.unmap()
    return frame


def noise_frame() -> QImage:
    return QImage(os.urandom(640 * 360), 640, 360, 640, QImage.Format.Format_Grayscale8).copy()

"""Raster mode and preview: the layout drawn with Pillow into a 1-bit image.

Works on any ESC/POS printer, whatever Chinese font (if any) it has, because the printer
only receives dots (``GS v 0``). The PNG preview is the very image that is printed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from PIL import Image, ImageDraw
from qrcode.constants import ERROR_CORRECT_M

from printing import fonts
from printing.layout import PAPER_DOTS, QR, Document, Feed, Pair, Rule, Text, wrap
from printing.render.device import dummy

MARGIN = 8  # dots each side: thermal heads fade at the very edge
SIZES = {"small": 20, "normal": 24, "large": 44}  # pixel sizes at 203 dpi (24 = the 24x24 hanzi of ROM fonts)
LINE = 1.3  # line height as a multiple of the font size
THRESHOLD = 140  # grey level below which an anti-aliased pixel prints black
QR_MODULE = {58: 6, 80: 8}  # dots per module: 0.75 and 1.0 mm, easy for door scanners


@functools.lru_cache(maxsize=256)
def qr_image(data: str, paper: int) -> Image.Image:
    """The QR code of ``data`` (level M, quiet zone of 4 modules), crisp 1-bit squares."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    box = QR_MODULE[paper]
    while len(matrix) * box > PAPER_DOTS[paper] - 2 * MARGIN and box > 2:
        box -= 1
    small = Image.new("1", (len(matrix), len(matrix)), 1)
    small.putdata([0 if cell else 1 for row in matrix for cell in row])
    return small.resize((len(matrix) * box, len(matrix) * box), Image.Resampling.NEAREST)


@dataclass(frozen=True, slots=True)
class _Op:
    """One drawn line (or image) at a height, before the canvas size is known."""

    height: int
    text: str = ""
    x: int = 0
    size: int = 24
    bold: bool = False
    image: Image.Image | None = None
    rule: str = ""


def _measure(size: int) -> functools.partial[float]:
    return functools.partial(_length, size)


def _length(size: int, text: str) -> float:
    return float(fonts.font(size).getlength(text))


def _x(align: str, width: float, limit: int) -> int:
    if align == "center":
        return int(MARGIN + (limit - width) / 2)
    if align == "right":
        return int(MARGIN + limit - width)
    return MARGIN


def _ops(doc: Document, paper: int) -> list[_Op]:
    limit = PAPER_DOTS[paper] - 2 * MARGIN
    ops: list[_Op] = []
    for e in doc.elements:
        if isinstance(e, Text):
            size = SIZES["large" if e.large else "small" if e.small else "normal"]
            measure = _measure(size)
            for line in wrap(fonts.drawable(e.text), limit, measure):
                ops.append(_Op(int(size * LINE), line, _x(e.align, measure(line), limit), size, e.bold))
        elif isinstance(e, Pair):
            size = SIZES["normal"]
            measure = _measure(size)
            left, right = fonts.drawable(e.left), fonts.drawable(e.right)
            right_w = measure(right)
            room = limit - right_w - size // 2
            height = int(size * LINE)
            if room < limit / 3:
                ops += [_Op(height, line, MARGIN, size, e.bold) for line in wrap(left, limit, measure)]
                ops += [
                    _Op(height, line, _x("right", measure(line), limit), size, e.bold)
                    for line in wrap(right, limit, measure)
                ]
                continue
            lines = wrap(left, room, measure)
            ops += [_Op(height, line, MARGIN, size, e.bold) for line in lines[:-1]]
            ops.append(_Op(0, lines[-1], MARGIN, size, e.bold))  # same line as the value
            ops.append(_Op(height, right, _x("right", right_w, limit), size, e.bold))
        elif isinstance(e, Rule):
            ops.append(_Op(16, rule="=" if e.heavy else "-"))
        elif isinstance(e, QR):
            img = qr_image(e.data, paper)
            ops.append(_Op(img.height + 4, image=img, x=(PAPER_DOTS[paper] - img.width) // 2))
        elif isinstance(e, Feed):
            ops.append(_Op(int(SIZES["normal"] * LINE) * e.lines))
    return ops


def render_image(doc: Document, *, paper: int) -> Image.Image:
    """The document as a 1-bit image exactly the paper's width in dots."""
    width = PAPER_DOTS[paper]
    ops = _ops(doc, paper)
    height = max(1, sum(op.height for op in ops))
    canvas = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(canvas)
    y = 0
    for op in ops:
        if op.image is not None:
            canvas.paste(op.image.convert("L"), (op.x, y))
        elif op.rule:
            mid = y + op.height // 2
            draw.line([(MARGIN, mid), (width - MARGIN, mid)], fill=0, width=3 if op.rule == "=" else 1)
        elif op.text:
            # Bold as a 1-dot stroke: the shipped font has one weight, and thin strokes fade on thermal paper.
            draw.text(
                (op.x, y),
                op.text,
                font=fonts.font(op.size),
                fill=0,
                stroke_width=1 if op.bold else 0,
                stroke_fill=0,
            )
        y += op.height
    if doc.watermark:
        _watermark(canvas, doc.watermark, [(op, sum(o.height for o in ops[:i])) for i, op in enumerate(ops)])
    return canvas.point(lambda v: 0 if v < THRESHOLD else 255, mode="1")


def _watermark(canvas: Image.Image, text: str, placed: list[tuple[_Op, int]]) -> None:
    """``text`` in outline, repeated diagonally across the page, then the QR codes pasted
    back on top: the door must still read a training code to refuse it as such."""
    width, height = canvas.size
    size = max(24, width // 8)
    font = fonts.font(size)
    stamp = Image.new("L", (int(font.getlength(text)) + 8, size + 16), 255)
    ImageDraw.Draw(stamp).text((4, 4), text, font=font, fill=255, stroke_width=2, stroke_fill=0)
    stamp = stamp.rotate(30, expand=True, fillcolor=255)
    mask = stamp.point(lambda v: 255 if v < THRESHOLD else 0)
    for top in range(0, height, stamp.height):
        canvas.paste(0, ((width - stamp.width) // 2, top), mask)
    for op, y in placed:
        if op.image is not None:
            canvas.paste(op.image.convert("L"), (op.x, y))


def render_raster(docs: Sequence[Document], *, paper: int, drawer_pin: int | None = None) -> bytes:
    """The ESC/POS bytes of ``docs`` in raster mode (``GS v 0``), each ended by a cut."""
    p = dummy(paper)
    for doc in docs:
        p.hw("INIT")
        p.image(render_image(doc, paper=paper), impl="bitImageRaster", fragment_height=960)
        if doc.cut:
            p.cut()
        if doc.kick_drawer and drawer_pin is not None:
            p.cashdraw(drawer_pin)
    return bytes(p.output)


def render_preview(docs: Sequence[Document], *, paper: int) -> Image.Image:
    """All documents one under the other, a dashed line where the printer cuts."""
    images = [render_image(doc, paper=paper) for doc in docs]
    gap = 24
    width = PAPER_DOTS[paper]
    out = Image.new("1", (width, max(1, sum(i.height for i in images) + gap * max(0, len(images) - 1))), 1)
    draw = ImageDraw.Draw(out)
    y = 0
    for n, img in enumerate(images):
        out.paste(img, (0, y))
        y += img.height
        if n < len(images) - 1:
            for x in range(0, width, 12):
                draw.line([(x, y + gap // 2), (x + 6, y + gap // 2)], fill=0)
            y += gap
    return out

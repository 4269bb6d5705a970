"""ESC/POS text mode: the printer draws the characters with its resident fonts.

For printers with a Chinese font in ROM. Text is sent as raw bytes in the printer's own
Chinese encoding (GB18030 or GBK, per profile) after ``FS &`` (enter Chinese character
mode), not through python-escpos' ``text()``, which sends GB2312 with no mode command.
Widths are counted in dots: in Chinese mode a hanzi is 24 dots, a Font A character 12 and
a Font B character 9, so a line of mixed text is wrapped where the printer would wrap it.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Sequence

from escpos.constants import QR_ECLEVEL_M

from printing.layout import PAPER_DOTS, QR, Document, Feed, Pair, Rule, Text, wrap
from printing.render.device import dummy
from printing.render.raster import qr_image

log = logging.getLogger(__name__)

FS = b"\x1c"
CHINESE_MODE_ON = FS + b"&"  # FS &: select Chinese (Kanji) character mode
CHINESE_MODE_OFF = FS + b"."  # FS .: cancel it
CHINESE_DOUBLE = FS + b"!\x0c"  # FS ! n: hanzi double width (bit 2) and height (bit 3)
CHINESE_NORMAL = FS + b"!\x00"
ENCODINGS = ("gb18030", "gbk")
DRAWER_PINS = (2, 5)


def _dots(text: str, *, small: bool, large: bool) -> int:
    ascii_w = 9 if small else 12
    width = sum(24 if unicodedata.east_asian_width(ch) in "WF" else ascii_w for ch in text)
    return width * (2 if large else 1)


def _measure(*, small: bool, large: bool) -> Callable[[str], int]:
    def measure(text: str) -> int:
        return _dots(text, small=small, large=large)

    return measure


def _encode(text: str, encoding: str) -> bytes:
    data = text.encode(encoding, errors="replace")
    if b"?" in data and "?" not in text:
        log.warning("printer encoding %s cannot print some of %r", encoding, text)
    return data


def render_text(
    docs: Sequence[Document],
    *,
    paper: int,
    encoding: str = "gb18030",
    qr_native: bool = True,
    drawer_pin: int | None = None,
) -> bytes:
    """The ESC/POS bytes of ``docs`` in text mode, each document ended by a cut."""
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    limit = PAPER_DOTS[paper]
    p = dummy(paper)
    for doc in docs:
        p.hw("INIT")  # ESC @: start every document from the printer's defaults
        p._raw(CHINESE_MODE_ON)
        for e in doc.elements:
            if isinstance(e, Text):
                p.set(align=e.align, bold=e.bold, font="b" if e.small else "a", normal_textsize=True)
                if e.large:
                    p.set(double_width=True, double_height=True)
                    p._raw(CHINESE_DOUBLE)
                for line in wrap(e.text, limit, _measure(small=e.small, large=e.large)):
                    p._raw(_encode(line, encoding) + b"\n")
                if e.large:
                    p._raw(CHINESE_NORMAL)
                    p.set(normal_textsize=True)
            elif isinstance(e, Pair):
                p.set(align="left", bold=e.bold, font="a", normal_textsize=True)
                for line in _pair_lines(e, limit):
                    p._raw(_encode(line, encoding) + b"\n")
            elif isinstance(e, Rule):
                p.set(align="left", bold=False, font="a", normal_textsize=True)
                p._raw((b"=" if e.heavy else b"-") * (limit // 12) + b"\n")
            elif isinstance(e, QR):
                p.set(align="center")
                if qr_native:
                    # GS ( k: the printer builds the code (~140 bytes instead of ~3.5 KB).
                    p.qr(e.data, ec=QR_ECLEVEL_M, size=6 if paper == 58 else 8, native=True)
                else:
                    p.image(qr_image(e.data, paper), center=True)
            elif isinstance(e, Feed):
                p.ln(e.lines)
        p._raw(CHINESE_MODE_OFF)
        p.set(align="left", bold=False, font="a", normal_textsize=True)
        if doc.cut:
            p.cut()
        if doc.kick_drawer and drawer_pin is not None:
            p.cashdraw(drawer_pin)
    return bytes(p.output)


def _pair_lines(e: Pair, limit: int) -> list[str]:
    def measure(s: str) -> int:
        return _dots(s, small=False, large=False)

    right_w = measure(e.right)
    room = limit - right_w - 12  # one column between label and value
    if room < limit // 3:  # the value is too wide to share a line: put it on its own
        return [*wrap(e.left, limit, measure), *_right(wrap(e.right, limit, measure), limit, measure)]
    lines = wrap(e.left, room, measure)
    last = lines[-1]
    gap = (limit - measure(last) - right_w) // 12
    lines[-1] = last + " " * max(1, gap) + e.right
    return lines


def _right(lines: list[str], limit: int, measure: object) -> list[str]:
    assert callable(measure)
    return [" " * ((limit - measure(line)) // 12) + line for line in lines]

"""ESC/POS text mode: the printer draws the characters with its resident fonts.

For printers with a Chinese font in ROM. Text is sent as raw bytes in the printer's own
Chinese encoding (GB18030 or GBK, per profile) after ``FS &`` (enter Chinese character
mode), not through python-escpos' ``text()``, which sends GB2312 with no mode command.

Widths are counted in dots as the printer counts them, from the bytes it gets: in Chinese
mode every character sent as two (or four) bytes is a 24-dot hanzi cell, full-width
punctuation, ``·`` and ``—`` included; a one-byte character is 12 dots in Font A, 9 in
Font B. A line is wrapped where the printer would wrap it, never by counting characters.

``¥`` (U+00A5) is not in GBK (it would go out as ``?``), and GB18030 sends it as four bytes
that GBK-only printers print as garbage: prices are printed with the profile's yuan sign,
the full-width ``￥`` (U+FFE5, GBK A3A4, in every Chinese printer's font), ``CNY`` or ``元``.
"""

from __future__ import annotations

import logging
import re
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
#: How a profile prints the yuan sign: ￥58.00 / -￥58.00, CNY 58.00 / CNY -58.00, 58.00元 / -58.00元.
YUAN_SIGNS = ("fullwidth", "cny", "yuan")
HANZI_DOTS = 24  # a two-byte character in Chinese mode, whatever the font
_PRICE = re.compile(r"(-?)¥([0-9][0-9,]*(?:\.[0-9]+)?)")


def printable(text: str, yuan: str = "fullwidth") -> str:
    """``text`` with the yuan sign the printer has (see the module's docstring)."""
    if "¥" not in text:
        return text
    if yuan == "cny":
        return _PRICE.sub(r"CNY \1\2", text).replace("¥", "CNY ")
    if yuan == "yuan":
        return _PRICE.sub(r"\1\2元", text).replace("¥", "元")
    return text.replace("¥", "￥")


def char_dots(ch: str, encoding: str, *, small: bool = False) -> int:
    """The dots one character takes in Chinese mode: by how many bytes it is sent as."""
    if ch < "\x80":
        return 9 if small else 12
    return HANZI_DOTS if len(ch.encode(encoding, errors="replace")) > 1 else (9 if small else 12)


def _dots(text: str, encoding: str, *, small: bool, large: bool) -> int:
    return sum(char_dots(ch, encoding, small=small) for ch in text) * (2 if large else 1)


def _measure(encoding: str, *, small: bool, large: bool) -> Callable[[str], int]:
    def measure(text: str) -> int:
        return _dots(text, encoding, small=small, large=large)

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
    yuan: str = "fullwidth",
) -> bytes:
    """The ESC/POS bytes of ``docs`` in text mode, each document ended by a cut."""
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    if yuan not in YUAN_SIGNS:
        raise ValueError(f"yuan sign must be one of {YUAN_SIGNS}")
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
                measure = _measure(encoding, small=e.small, large=e.large)
                for line in wrap(printable(e.text, yuan), limit, measure):
                    p._raw(_encode(line, encoding) + b"\n")
                if e.large:
                    p._raw(CHINESE_NORMAL)
                    p.set(normal_textsize=True)
            elif isinstance(e, Pair):
                p.set(align="left", bold=e.bold, font="a", normal_textsize=True)
                for line in _pair_lines(printable(e.left, yuan), printable(e.right, yuan), limit, encoding):
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


def _pair_lines(left: str, right: str, limit: int, encoding: str) -> list[str]:
    measure = _measure(encoding, small=False, large=False)
    right_w = measure(right)
    room = limit - right_w - 12  # one column between label and value
    if room < limit // 3:  # the value is too wide to share a line: put it on its own
        return [*wrap(left, limit, measure), *_right(wrap(right, limit, measure), limit, measure)]
    lines = wrap(left, room, measure)
    last = lines[-1]
    gap = (limit - measure(last) - right_w) // 12
    lines[-1] = last + " " * max(1, gap) + right
    return lines


def _right(lines: list[str], limit: int, measure: Callable[[str], int]) -> list[str]:
    return [" " * ((limit - measure(line)) // 12) + line for line in lines]

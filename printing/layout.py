"""Layout elements: a document is built once as a list of these, then rendered to ESC/POS
text mode, ESC/POS raster mode or a PNG preview (the same layout, three renderers).

Widths are given by the renderer (columns or dots), so layouts never measure anything.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from uniseg.linebreak import line_break_units

Align = Literal["left", "center", "right"]

#: Paper width in dots (203 dpi printheads) and in Font A columns (12 dots a column).
PAPER_DOTS = {58: 384, 80: 576}
PAPER_COLUMNS = {58: 32, 80: 48}


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    large: bool = False  # double width and height
    small: bool = False  # Font B in text mode; a smaller size in raster mode


@dataclass(frozen=True, slots=True)
class Pair:
    """A label on the left and a value on the right of one line (e.g. a price)."""

    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    heavy: bool = False


@dataclass(frozen=True, slots=True)
class QR:
    data: str


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int = 1


Element = Text | Pair | Rule | QR | Feed


@dataclass(frozen=True, slots=True)
class Document:
    """One printout, ended by a cut. ``kick_drawer`` opens the cash drawer after it."""

    kind: str  # ticket | receipt | shift | z_report | test | training
    language: str
    elements: tuple[Element, ...]
    cut: bool = True
    kick_drawer: bool = False
    codes: tuple[str, ...] = field(default=())  # the ticket codes it carries
    # Printed diagonally across the whole page in raster mode (training tickets: the layout
    # also prints it as lines of text, which is all text mode can do).
    watermark: str = ""

    def texts(self) -> list[str]:
        """Every piece of text, for tests and for checking a font or an encoding."""
        out: list[str] = []
        for e in self.elements:
            if isinstance(e, Text):
                out.append(e.text)
            elif isinstance(e, Pair):
                out += [e.left, e.right]
        return out


def cell_width(text: str) -> int:
    """Columns a string takes on a receipt printer: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, limit: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``limit`` where the Unicode line-breaking rules
    allow (UAX #14, by uniseg): between Latin words, between CJK characters, but never before
    closing punctuation (，。、；：？！）」』》…) nor after opening (（「《), so no line starts with
    a comma. Inside an unbreakable unit only if the unit alone is too wide (a ticket code)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for unit in _units(paragraph):
            candidate = line + unit
            if measure(candidate.rstrip()) <= limit or not line.strip():
                line = candidate
            else:
                lines.append(line.rstrip())
                line = unit
            while measure(line.rstrip()) > limit and len(line.rstrip()) > 1:  # a single over-long unit
                cut = len(line)
                while cut > 1 and measure(line[:cut]) > limit:
                    cut -= 1
                while cut > 1 and line[cut] in NO_LINE_START:  # a forced cut obeys the rule too
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines


#: What must not start a line, for cuts inside an over-long unit (the rules cover the rest).
NO_LINE_START = frozenset("，。、；：？！）」』》】〉〕…‥,.;:?!)]}%")


@functools.lru_cache(maxsize=4096)
def _units(text: str) -> tuple[str, ...]:
    """The pieces a line may break between; a minus stays with the amount after it (UAX #14
    allows ``-`` ÷ ``¥``). uniseg is pure Python (tens of ms for a paragraph of hanzi), so
    plain ASCII breaks at spaces, and each text is worked out once (labels repeat)."""
    pieces = _ASCII_UNITS.findall(text) if text.isascii() else line_break_units(text)
    units: list[str] = []
    for unit in pieces:
        if units and (
            unit[:1] in NO_LINE_START or (units[-1] in ("-", "\u2212") and unit[:1] in "¥￥0123456789")
        ):
            units[-1] += unit
        else:
            units.append(unit)
    return tuple(units)


_ASCII_UNITS = re.compile(r"\s+|\S+\s*")

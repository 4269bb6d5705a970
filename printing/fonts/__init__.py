"""The CJK font raster printing draws with, shipped with the app (see OFL.txt).

A fresh machine has no Chinese font, and Pillow's fallback draws boxes for hanzi; so the
font ships in this folder and :func:`check_font` fails loudly at start-up if it is
missing or cannot draw Chinese, rather than printing tickets full of boxes.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from PIL import ImageFont

from printing.errors import FontMissing

log = logging.getLogger(__name__)

FONT_FILE = Path(__file__).with_name("NotoSansSC-Ticket.otf")
#: Override for a site that wants another font (must cover Simplified Chinese).
FONT_ENV = "POS_PRINT_FONT"
#: What a font must draw to be accepted: hanzi, full-width punctuation, digits, Latin, yuan sign.
SAMPLE = "售票入场券检票座位排号区门¥，：0123ABCxyz"
#: Drawn in place of a character the font lacks: the usual placeholder in Chinese typesetting.
PLACEHOLDER = "〓"


def font_path() -> Path:
    return Path(os.environ.get(FONT_ENV) or FONT_FILE)


@functools.lru_cache(maxsize=4)
def _coverage(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(path), lazy=True, fontNumber=0)
        cmap = font.getBestCmap()
    except Exception as exc:  # fontTools raises many kinds for a bad file
        raise FontMissing(f"the print font {path} is unreadable ({exc}): reinstall Outlet POS") from exc
    return frozenset(cmap or ())


def check_font() -> Path:
    """Fail loudly unless the print font exists and draws the sample. Call at start-up."""
    path = font_path()
    if not path.is_file():
        raise FontMissing(
            f"the Chinese print font {path} is missing: reinstall Outlet POS "
            f"or set {FONT_ENV} to a Simplified Chinese .otf/.ttf"
        )
    missing = [ch for ch in SAMPLE if ord(ch) not in _coverage(path)]
    if missing:
        raise FontMissing(
            f"the print font {path} cannot draw {''.join(missing)!r}: tickets would print boxes; "
            f"set {FONT_ENV} to a Simplified Chinese font"
        )
    return path


@functools.lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont:
    path = check_font()
    return ImageFont.truetype(str(path), size)


def drawable(text: str) -> str:
    """``text`` with characters the font lacks replaced by :data:`PLACEHOLDER` (and logged)."""
    covered = _coverage(check_font())
    if all(ord(ch) in covered for ch in text):
        return text
    out = "".join(ch if ord(ch) in covered or ch in "\n" else PLACEHOLDER for ch in text)
    log.warning("print font lacks characters in %r; printed as %s", text, PLACEHOLDER)
    return out

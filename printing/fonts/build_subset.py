"""Rebuild the shipped CJK font subset (run by hand; not imported by the app).

    python printing/fonts/build_subset.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Source: Noto Sans CJK SC Regular (SIL Open Font License 1.1, see OFL.txt), from Debian's
``fonts-noto-cjk``. The subset keeps what a ticket or receipt needs: every GB2312 character
(its 6,763 hanzi plus symbols), printable ASCII and Latin-1, general and CJK punctuation,
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).with_name("NotoSansSC-Ticket.otf")
SC_INDEX = 2  # index of "Noto Sans CJK SC" in the Debian collection


def wanted_codepoints() -> set[int]:
    points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    points |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    points |= {0x20AC, 0x2116, 0x2103, 0x00D7, 0x00F7, 0x2190, 0x2191, 0x2192, 0x2193, 0x25A0, 0x25CF}
    # Every character that GB2312 encodes: rows 0xA1-0xF7, cells 0xA1-0xFE.
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                text = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            points.add(ord(text))
    return points


def main(source: str) -> None:
    font = TTCollection(source).fonts[SC_INDEX]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # thermal heads print at 203 dpi: Pillow's rasteriser does fine unhinted
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted_codepoints())
    subsetter.subset(font)
    font.save(str(OUT))
    print(f"{OUT}: {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main(sys.argv[1])

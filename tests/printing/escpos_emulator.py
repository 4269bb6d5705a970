"""Reads an ESC/POS text-mode byte stream as a printer with a Chinese ROM font would.

It walks the bytes, follows the commands the renderer uses (``ESC @``, ``ESC !``, ``ESC E``,
``ESC M``, ``ESC a``, ``ESC d``, ``ESC p``, ``ESC t``, ``GS !``, ``GS V``, ``GS ( k``,
``GS v 0``, ``FS &``, ``FS .``, ``FS !``), and lays out every printed line in dots: in Chinese
mode a byte of 0x81-0xFE starts a two-byte character (four bytes in GB18030 when the second
is a digit), printed as a 24-dot cell (48 under ``FS !`` double width); any other printable
byte is 12 dots in Font A, 9 in Font B (doubled by ``ESC !`` or ``GS !`` width). Each line's
characters are decoded with the printer's encoding: what a GBK-only printer cannot print
(a four-byte sequence) is an error, not a guess. An unknown command is an error too, so the
emulator never silently skips what a printer would act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, FS, LF = 0x1B, 0x1D, 0x1C, 0x0A


class EmulatorError(AssertionError):
    pass


@dataclass
class Line:
    text: str = ""
    dots: int = 0
    cells: list[int] = field(default_factory=list)  # the dots of each printed character


@dataclass
class _State:
    chinese: bool = False
    font_b: bool = False
    esc_double: bool = False
    gs_width: int = 1
    hanzi_double: bool = False


def read(data: bytes, encoding: str) -> list[Line]:
    """The printed lines of ``data`` (text lines only: images and QR codes are skipped)."""
    lines: list[Line] = []
    line = Line()
    st = _State()
    i, n = 0, len(data)

    def end() -> None:
        nonlocal line
        lines.append(line)
        line = Line()

    while i < n:
        b = data[i]
        if b == LF:
            end()
            i += 1
        elif b == ESC:
            cmd = data[i + 1]
            if cmd == ord("@"):
                st = _State()
                i += 2
            elif cmd == ord("!"):
                mode = data[i + 2]
                st.font_b, st.esc_double = bool(mode & 0x01), bool(mode & 0x20)
                i += 3
            elif cmd == ord("M"):
                st.font_b = data[i + 2] in (1, 0x31)
                i += 3
            elif cmd in b"EaGt-23J":
                i += 2 if cmd == ord("2") else 3
            elif cmd == ord("d"):
                for _ in range(data[i + 2]):
                    end()
                i += 3
            elif cmd == ord("p"):
                i += 5
            else:
                raise EmulatorError(f"unknown command ESC {cmd:#x} at byte {i}")
        elif b == GS:
            cmd = data[i + 1]
            if cmd == ord("!"):
                st.gs_width = (data[i + 2] >> 4) + 1
                i += 3
            elif cmd == ord("V"):
                i += 4 if data[i + 2] in (65, 66) else 3
            elif cmd == ord("(") and data[i + 2] == ord("k"):
                i += 5 + data[i + 3] + 256 * data[i + 4]
            elif cmd == ord("v") and data[i + 2] == ord("0"):
                width = data[i + 4] + 256 * data[i + 5]
                height = data[i + 6] + 256 * data[i + 7]
                i += 8 + width * height
            elif cmd in b"LW":
                i += 4
            elif cmd in b"BaHfhw":
                i += 3
            else:
                raise EmulatorError(f"unknown command GS {cmd:#x} at byte {i}")
        elif b == FS:
            cmd = data[i + 1]
            if cmd == ord("&"):
                st.chinese = True
                i += 2
            elif cmd == ord("."):
                st.chinese = False
                i += 2
            elif cmd == ord("!"):
                st.hanzi_double = bool(data[i + 2] & 0x04)
                i += 3
            else:
                raise EmulatorError(f"unknown command FS {cmd:#x} at byte {i}")
        elif b < 0x20 or b == 0x7F:
            raise EmulatorError(f"unexpected control byte {b:#x} at byte {i}")
        elif b >= 0x80:
            if not st.chinese or not 0x81 <= b <= 0xFE:
                raise EmulatorError(f"byte {b:#x} outside Chinese mode at byte {i}")
            size = 4 if 0x30 <= data[i + 1] <= 0x39 else 2
            if size == 4 and encoding != "gb18030":
                raise EmulatorError(f"a four-byte GB18030 sequence at byte {i}: a {encoding} printer cannot print it")
            try:
                ch = data[i : i + size].decode(encoding)
            except UnicodeDecodeError as exc:
                raise EmulatorError(f"bytes {data[i:i + size]!r} at {i} are not {encoding}") from exc
            dots = 24 * (2 if st.hanzi_double else 1)
            line.text += ch
            line.cells.append(dots)
            line.dots += dots
            i += size
        else:
            dots = (9 if st.font_b else 12) * (2 if st.esc_double else st.gs_width)
            line.text += chr(b)
            line.cells.append(dots)
            line.dots += dots
            i += 1
    if line.cells:
        end()
    return lines

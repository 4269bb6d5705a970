"""Printer profiles: how to reach a printer and how to talk to it, validated here and
stored as JSON in the store's settings (:mod:`pos.tickets.printjobs`)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import asdict, dataclass
from typing import Any

from printing.errors import PrinterProfileError
from printing.layout import PAPER_DOTS
from printing.render.escpos_text import DRAWER_PINS, ENCODINGS, YUAN_SIGNS

CONNECTIONS = ("network", "usb", "serial", "file")
MODES = ("text", "raster")
QR_KINDS = ("native", "image")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    name: str
    connection: str  # network | usb | serial | file
    host: str = ""
    port: int = 9100
    timeout: float = 5.0  # seconds, for connect, send and status (python-escpos defaults to 60)
    usb_vendor: int = 0
    usb_product: int = 0
    device: str = ""  # serial port or file/device path
    baudrate: int = 9600
    paper: int = 80  # mm: 58 or 80
    mode: str = "raster"  # raster works on every printer; text needs a Chinese font in ROM
    encoding: str = "gb18030"  # text mode only
    yuan_sign: str = "fullwidth"  # text mode: ￥ (in GBK, so every Chinese printer has it), cny or yuan (元)
    qr: str = "native"  # native (GS ( k) or image
    drawer_pin: int | None = 2  # None: no cash drawer on this printer

    def __post_init__(self) -> None:
        def bad(setting: str, why: str) -> PrinterProfileError:
            return PrinterProfileError(f"printer {self.name!r}: {setting} {why}", setting=setting)

        if not _NAME.match(self.name or ""):
            raise bad("name", "must be 1-40 letters, digits or _.-")
        if self.connection not in CONNECTIONS:
            raise bad("connection", f"must be one of {', '.join(CONNECTIONS)}, not {self.connection!r}")
        if self.connection == "network":
            if not self.host or not _valid_host(self.host):
                raise bad("host", f"{self.host!r} is not a host name or IP address")
            if not isinstance(self.port, int) or not 1 <= self.port <= 65535:
                raise bad("port", f"must be 1-65535, not {self.port!r}")
        if self.connection == "usb" and not (
            0 < self.usb_vendor <= 0xFFFF and 0 < self.usb_product <= 0xFFFF
        ):
            raise bad("usb", "needs the vendor and product id, e.g. 04b8:0202 (see `lsusb`)")
        if self.connection in ("serial", "file") and not self.device:
            raise bad("device", f"a {self.connection} printer needs a device path, e.g. /dev/ttyUSB0")
        if self.connection == "serial" and self.baudrate not in BAUD_RATES:
            raise bad("baudrate", f"must be one of {', '.join(map(str, BAUD_RATES))}")
        if (
            isinstance(self.timeout, bool)
            or not isinstance(self.timeout, int | float)
            or not 0.1 <= self.timeout <= 60
        ):
            raise bad("timeout", "must be between 0.1 and 60 seconds")
        if self.paper not in PAPER_DOTS:
            raise bad("paper", "must be 58 or 80 (mm)")
        if self.mode not in MODES:
            raise bad("mode", "must be text or raster")
        if self.encoding not in ENCODINGS:
            raise bad("encoding", f"must be one of {', '.join(ENCODINGS)}")
        if self.yuan_sign not in YUAN_SIGNS:
            raise bad("yuan_sign", f"must be one of {', '.join(YUAN_SIGNS)}")
        if self.qr not in QR_KINDS:
            raise bad("qr", "must be native or image")
        if self.drawer_pin is not None and self.drawer_pin not in DRAWER_PINS:
            raise bad("drawer_pin", "must be 2, 5 or none")

    def to_settings(self) -> dict[str, Any]:
        data = asdict(self)
        del data["name"]
        return data

    @classmethod
    def from_settings(cls, name: str, settings: dict[str, Any]) -> PrinterProfile:
        known = set(cls.__dataclass_fields__) - {"name"}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise PrinterProfileError(f"printer {name!r}: unknown setting {unknown[0]!r}", setting=unknown[0])
        if "connection" not in settings:
            raise PrinterProfileError(f"printer {name!r}: the connection is not set", setting="connection")
        try:
            return cls(name=name, **settings)
        except TypeError as exc:  # a value of the wrong type in hand-edited JSON
            raise PrinterProfileError(f"printer {name!r}: {exc}") from exc

    def address(self) -> str:
        if self.connection == "network":
            return f"{self.host}:{self.port}"
        if self.connection == "usb":
            return f"usb {self.usb_vendor:04x}:{self.usb_product:04x}"
        return self.device

    def describe(self) -> str:
        text = f"{self.connection} {self.address()}, {self.paper} mm, {self.mode}"
        if self.mode == "text":
            text += f" {self.encoding}" + (f" yuan sign {self.yuan_sign}" if self.yuan_sign != "fullwidth" else "")
        drawer = f"drawer pin {self.drawer_pin}" if self.drawer_pin else "no drawer"
        return f"{text}, QR {self.qr}, {drawer}"


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOST.match(host)) and not host.replace(".", "").isdigit()


def parse_usb(text: str) -> tuple[int, int]:
    """``04b8:0202`` (hex, as `lsusb` shows it) into vendor and product ids."""
    vendor, sep, product = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise PrinterProfileError(f"usb id {text!r} is not VENDOR:PRODUCT in hex, e.g. 04b8:0202") from None

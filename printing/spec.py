"""A printer written as one short string, for scripted roll-outs and the first-run wizard.

    network:192.168.1.50[:9100]    usb:04b8:0202    serial:/dev/ttyUSB0[@19200]    file:/dev/usb/lp0
"""

from __future__ import annotations

from printing.errors import PrinterProfileError
from printing.profiles import PrinterProfile, parse_usb

DEFAULT_NAME = "counter"


def parse_printer_spec(spec: str, *, name: str = DEFAULT_NAME, paper: int = 80, mode: str = "raster") -> PrinterProfile:
    kind, sep, rest = spec.strip().partition(":")
    if not sep or not rest:
        raise PrinterProfileError(
            f"printer {spec!r}: write it as network:HOST[:PORT], usb:VENDOR:PRODUCT, "
            "serial:DEVICE[@BAUD] or file:PATH",
            setting="connection",
        )
    common = {"name": name, "connection": kind, "paper": paper, "mode": mode}
    if kind == "network":
        host, _, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "")
        try:
            return PrinterProfile(**common, host=host or rest, port=int(port) if port else 9100)  # type: ignore[arg-type]
        except ValueError:
            raise PrinterProfileError(f"printer {spec!r}: the port must be a number", setting="port") from None
    if kind == "usb":
        vendor, product = parse_usb(rest)
        return PrinterProfile(**common, usb_vendor=vendor, usb_product=product)  # type: ignore[arg-type]
    if kind == "serial":
        device, _, baud = rest.partition("@")
        try:
            return PrinterProfile(**common, device=device, baudrate=int(baud) if baud else 9600)  # type: ignore[arg-type]
        except ValueError:
            raise PrinterProfileError(f"printer {spec!r}: the baud rate must be a number", setting="baudrate") from None
    return PrinterProfile(**common, device=rest)  # type: ignore[arg-type]  # file, or an unknown kind it refuses

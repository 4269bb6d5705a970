"""Printer connections (network, USB, serial, file) through python-escpos, with errors
turned into :mod:`printing.errors` that say what to do.

python-escpos' own errors are mixed: a refused connection is ``DeviceNotFoundError``, a
reset while writing a plain ``ConnectionResetError``, a silent printer a ``TimeoutError``;
every call here catches ``escpos.exceptions.Error`` and ``OSError``.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from escpos import exceptions as escpos_errors
from escpos.constants import DLE

from printing.errors import PrinterConnectionLost, PrinterError, PrinterNotReady, PrinterUnreachable
from printing.profiles import PrinterProfile

log = logging.getLogger(__name__)

# DLE EOT n, real-time status (answered with one byte even while the printer is busy).
STATUS_PRINTER = DLE + b"\x04\x01"
STATUS_OFFLINE_CAUSE = DLE + b"\x04\x02"
STATUS_PAPER = DLE + b"\x04\x04"


def _device(profile: PrinterProfile) -> Any:
    """The python-escpos printer for ``profile`` (not opened yet)."""
    from escpos import printer

    if profile.connection == "network":
        return printer.Network(profile.host, port=profile.port, timeout=profile.timeout)
    if profile.connection == "usb":
        return printer.Usb(profile.usb_vendor, profile.usb_product, timeout=int(profile.timeout * 1000))
    if profile.connection == "serial":
        return printer.Serial(profile.device, baudrate=profile.baudrate, timeout=profile.timeout)
    return printer.File(profile.device)


def _open(profile: PrinterProfile) -> Any:
    device = _device(profile)
    try:
        device.open()
    except (escpos_errors.Error, OSError) as exc:
        raise PrinterUnreachable(
            f"printer {profile.name} ({profile.address()}) cannot be reached: check that it is on, "
            f"its cable or network address, then retry ({_reason(exc)})",
            printer=profile.name,
        ) from exc
    return device


def _reason(exc: BaseException) -> str:
    """The cause in a few words: the operating system's reason when there is one.

    python-escpos wraps a refused connection as ``Device not found (Could not open socket
    for HOST:\n[Errno 111] Connection refused)``; its last line alone would end in a stray
    ``)``, so the wrapped ``OSError``'s own text is used instead.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.strerror:
            return seen.strerror
        seen = seen.__cause__ or seen.__context__
    text = str(exc).strip().splitlines()
    reason = text[-1] if text else type(exc).__name__
    while reason.endswith(")") and reason.count(")") > reason.count("("):
        reason = reason[:-1]
    return reason or type(exc).__name__


def _close(device: Any) -> None:
    try:
        device.close()
    except (escpos_errors.Error, OSError):
        log.debug("closing the printer failed", exc_info=True)
    device._device = False  # python-escpos would close it again when collected


def send(profile: PrinterProfile, data: bytes, *, on_sent: Callable[[], None] | None = None) -> bool:
    """Send a whole job; True when the printer confirmed it, False when it cannot say.

    Raises :class:`PrinterUnreachable` if nothing was sent, and :class:`PrinterConnectionLost`
    if the connection broke on the way. ``on_sent`` is called once every byte has left.

    A network printer that answers status (DLE EOT) is asked before the job, on the same
    connection: one that reports paper out, cover open or offline gets nothing
    (:class:`PrinterNotReady`, with what to do). It is asked again after the job, and the
    job is confirmed only when it still answers ready; a printer that answered before and
    is silent after (it stopped reading: paper out, jam) fails the job. A printer that never
    answers status, and a USB, serial or file printer (no status here), cannot confirm: the
    job was sent, and someone must say whether it came out (invariant 12)."""
    device = _open(profile)
    try:
        before = _ask(device, profile) if profile.connection == "network" else None
        if before is not None and before.reported and not before.ready:
            raise PrinterNotReady(
                f"printer {profile.name}: {before.message}; nothing was sent: then retry the job",
                printer=profile.name,
            )
        device._raw(data)  # python-escpos has no public raw write; _raw is what its own methods use
        if on_sent is not None:
            on_sent()
        if before is None or not before.reported:
            return False
        after = _ask(device, profile)
        if not after.reported:
            raise PrinterConnectionLost(
                f"printer {profile.name} took the job but did not confirm it (it stopped answering: "
                "paper out or jammed?): check what came out and the printer, then retry the job",
                printer=profile.name,
            )
        if not after.ready:
            raise PrinterNotReady(
                f"printer {profile.name} reports after the job: {after.message}; "
                "check what came out, then retry the job",
                printer=profile.name,
            )
        return True
    except (escpos_errors.Error, OSError) as exc:
        raise PrinterConnectionLost(
            f"the connection to printer {profile.name} broke while printing ({_reason(exc)}): "
            "check the printer, then retry the job",
            printer=profile.name,
        ) from exc
    finally:
        _close(device)


STATUS_TIMEOUT = 0.5  # seconds a printer gets to answer DLE EOT before a job


def _ask(device: Any, profile: PrinterProfile) -> PrinterStatus:
    """The status on an open network connection, waiting at most STATUS_TIMEOUT."""
    sock = device.device
    # Three-byte queries after a job: without TCP_NODELAY, Nagle holds each one back until the
    # printer's delayed ACK of the job (~40 ms a query).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(min(profile.timeout, STATUS_TIMEOUT))
    try:
        return _read_status(device, profile.name)
    finally:
        sock.settimeout(profile.timeout)


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    printer: str
    reported: bool  # False: the printer or its connection gives no status
    online: bool | None = None
    cover_open: bool | None = None
    paper: str | None = None  # ok | low | out
    error: bool | None = None
    message: str = ""

    @property
    def ready(self) -> bool:
        return self.reported and bool(self.online) and self.paper != "out" and not self.cover_open


def _byte(device: Any, query: bytes) -> int | None:
    answer = device.query_status(query)
    # A status byte has bit 1 and bit 4 set and bits 0 and 7 clear.
    return answer[0] if answer and answer[0] & 0x93 == 0x12 else None


def status(profile: PrinterProfile) -> PrinterStatus:
    """Ask the printer (DLE EOT) whether it can print, and say what to do if not."""
    if profile.connection == "file":
        return PrinterStatus(profile.name, False, message="a file or device path reports no status")
    device = _open(profile)
    try:
        return _read_status(device, profile.name)
    except (escpos_errors.Error, OSError) as exc:
        raise PrinterConnectionLost(
            f"printer {profile.name} dropped the connection while asked for its status ({_reason(exc)})",
            printer=profile.name,
        ) from exc
    finally:
        _close(device)


def _read_status(device: Any, name: str) -> PrinterStatus:
    """Ask an open printer DLE EOT 1, 2 and 4; not reported when it does not answer."""
    try:
        printer_byte = _byte(device, STATUS_PRINTER)
        cause = _byte(device, STATUS_OFFLINE_CAUSE)
        paper_byte = _byte(device, STATUS_PAPER)
    except (TimeoutError, NotImplementedError):
        return PrinterStatus(name, False, message="the printer does not report its status")
    if printer_byte is None:
        return PrinterStatus(name, False, message="the printer's status answer is not ESC/POS")
    online = not printer_byte & 0x08
    cover = bool(cause & 0x04) if cause is not None else None
    error = bool(cause & 0x40) if cause is not None else None
    paper = None
    if paper_byte is not None:
        paper = "out" if paper_byte & 0x60 else "low" if paper_byte & 0x0C else "ok"
    problems = []
    if cover:
        problems.append("the cover is open: close it")
    if paper == "out":
        problems.append("the paper is out: load a new roll")
    elif paper == "low":
        problems.append("the paper is running low: have a roll ready")
    if error:
        problems.append("the printer reports an error (cutter jam or overheating): switch it off and on")
    if not online and not problems:
        problems.append("the printer is offline: check it, press its feed button")
    return PrinterStatus(
        name,
        True,
        online=online,
        cover_open=cover,
        paper=paper,
        error=error,
        message="; ".join(problems) or "ready",
    )


def check_ready(profile: PrinterProfile) -> None:
    """Raise :class:`PrinterNotReady` if the printer reports it cannot print."""
    st = status(profile)
    if st.reported and not st.ready:
        raise PrinterNotReady(f"printer {profile.name}: {st.message}", printer=profile.name)


__all__ = ["PrinterError", "PrinterStatus", "check_ready", "send", "status"]

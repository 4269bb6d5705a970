"""Printer errors, typed so the CLI and UI can say what to do (python-escpos' are mixed)."""

from __future__ import annotations

from pos.errors import InvalidInput, PosError


class PrinterError(PosError):
    """A job could not be printed. Nothing about the sale is lost: it was committed first."""

    code = "printer_error"


class PrinterUnreachable(PrinterError):
    """The connection could not be opened: nothing was sent."""

    code = "printer_unreachable"


class PrinterConnectionLost(PrinterError):
    """The connection broke while sending: the printout may be cut short."""

    code = "printer_connection_lost"


class PrinterNotReady(PrinterError):
    """The printer says it cannot print now (paper out, cover open, offline)."""

    code = "printer_not_ready"


class PrinterProfileError(InvalidInput):
    """A printer profile's settings are wrong; the message names the setting."""

    code = "printer_profile_invalid"


class FontMissing(PosError):
    """The CJK font for raster printing is missing or cannot draw Chinese."""

    code = "font_missing"

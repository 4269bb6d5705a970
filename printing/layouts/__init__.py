"""Layouts, one module per document: each builds a :class:`printing.layout.Document`."""

from __future__ import annotations

from printing.layouts.receipt import receipt_layout
from printing.layouts.reports import ShiftTotals, TenderTotal, ZReportTotals, shift_layout, z_report_layout
from printing.layouts.selftest import selftest_layout
from printing.layouts.ticket import ticket_layout, ticket_layouts

__all__ = [
    "ShiftTotals",
    "TenderTotal",
    "ZReportTotals",
    "receipt_layout",
    "selftest_layout",
    "shift_layout",
    "ticket_layout",
    "ticket_layouts",
    "z_report_layout",
]

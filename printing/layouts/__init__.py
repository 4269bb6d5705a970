"""Layouts, one module per document: each builds a :class:`printing.layout.Document`."""

from __future__ import annotations

from printing.layouts.receipt import receipt_layout
from printing.layouts.reports import ShiftTotals, TenderTotal, ZReportTotals, shift_layout, z_report_layout
from printing.layouts.selftest import selftest_layout
from printing.layouts.ticket import ticket_layout, ticket_layouts
from printing.layouts.training import training_result_layout

__all__ = [
    "ShiftTotals",
    "TenderTotal",
    "ZReportTotals",
    "receipt_layout",
    "selftest_layout",
    "shift_layout",
    "ticket_layout",
    "ticket_layouts",
    "training_result_layout",
    "z_report_layout",
]

"""The Z-report out of the terminal: on the thermal printer, as CSV, as PDF.

The PDF is drawn by fpdf2 with the CJK font the printer's raster mode uses (a subset of
Noto Sans CJK SC: GB2312, ASCII, Latin-1, punctuation), embedded as a subset. A character
outside it (a rare hanzi in an event name) is drawn as 〓 and logged, as on the printer.
Amounts in the CSV are integer fen, so a spreadsheet adds them up to the fen.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pos.cash.closeout import ZReport
from pos.errors import InvalidInput
from pos.money import Money
from pos.store.db import Store
from printing.connections import send
from printing.i18n import label
from printing.jobs import PrintOutcome, Transport, print_documents
from printing.layout import Document
from printing.layouts.reports import (
    ShiftTotals,
    sales_figures,
    shift_layout,
    z_report_layout,
    z_report_totals,
)
from printing.profiles import PrinterProfile

log = logging.getLogger(__name__)

CSV_COLUMNS = ("section", "key", "label", "count", "tickets", "amount_fen", "refunds_fen", "net_fen")


def z_document(report: ZReport, *, now: datetime | None = None) -> Document:
    return z_report_layout(
        z_report_totals(report, printed_at=now or datetime.now(UTC)), language=report.language
    )


def print_z_report(
    store: Store,
    *,
    report: ZReport,
    printer: PrinterProfile,
    staff_id: str | None = None,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the report as a recorded print job (kind ``report``)."""
    return print_documents(store, kind="report", documents=[z_document(report, now=now)], printer=printer,
                           staff_id=staff_id, transport=transport, now=now)


def shift_document(
    report: ZReport, shift: Any, *, staff_name: str = "", now: datetime | None = None
) -> Document:
    """The shift printout (figures from ``closeout.shift_report``, cash from the shift)."""
    cur = report.currency

    def m(fen: int) -> Money:
        return Money(fen, cur)

    totals = ShiftTotals(
        terminal_id=report.terminal_id,
        outlet=report.outlet_name,
        shift_id=shift.shift_id[:8],
        staff_id=shift.opened_by,
        staff_name=staff_name or shift.opened_by,
        opened_at=shift.opened_at,
        closed_at=shift.closed_at or now or datetime.now(UTC),
        timezone=report.timezone,
        **sales_figures(report, refunded=report.refunded + report.voided),
        cash_expected=shift.expected if shift.expected is not None else m(0),
        cash_counted=shift.counted,
        supervisor_id=shift.closed_by if shift.closed_by != shift.opened_by else None,
    )
    return shift_layout(totals, language=report.language)


def print_shift_report(
    store: Store,
    *,
    report: ZReport,
    shift: Any,
    printer: PrinterProfile,
    staff_id: str | None = None,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the shift printout as a recorded print job (kind ``report``)."""
    return print_documents(store, kind="report", documents=[shift_document(report, shift, now=now)],
                           printer=printer, staff_id=staff_id, transport=transport, now=now)


# --- CSV -------------------------------------------------------------------------------


def csv_rows(report: ZReport) -> Iterator[tuple[object, ...]]:
    r = report
    for key, value in (
        ("z_number", r.z_number),
        ("terminal", r.terminal_id),
        ("outlet", r.outlet_id),
        ("business_date", r.business_date),
        ("period_start", r.period_start),
        ("period_end", r.period_end),
        ("journal_first_seq", r.first_seq),
        ("journal_last_seq", r.last_seq),
        ("journal_head", r.journal_head),
        ("currency", r.currency),
    ):
        yield ("header", key, value, "", "", "", "", "")
    yield ("summary", "sales", "", r.orders, r.tickets, r.gross, r.refunded + r.voided, r.net)
    yield ("summary", "discounts", "", "", "", r.discounts, "", "")
    yield ("summary", "fees", "", "", "", r.fees, "", "")
    yield ("summary", "refunds", "", r.refund_count, "", "", r.refunded, "")
    yield ("summary", "voids", "", r.void_count, "", "", r.voided, "")
    yield ("summary", "reprints", "", r.reprints, "", "", "", "")
    # Exchanges: count; value of the old tickets out (the refunds column) and of the new ones
    # in; the carried credit (no money); the differences collected and given back.
    yield (
        "summary",
        "exchanges",
        "",
        r.exchange_count,
        "",
        r.exchange_new,
        r.exchanged,
        r.exchange_new - r.exchanged,
    )
    yield ("summary", "exchange_carried", "", "", "", r.exchange_carried, "", "")
    yield ("summary", "exchange_collected", "", "", "", r.exchange_collected, "", "")
    yield ("summary", "exchange_refunded", "", "", "", "", r.exchange_refunded, "")
    yield ("summary", "cash_variance", "", "", "", r.cash_variance, "", "")
    for t in r.tenders:
        yield (
            "tender",
            t.kind,
            label(t.kind, r.language) if t.kind in ("cash", "card", "mobile", "points") else t.kind,
            t.sales_count,
            "",
            t.sales,
            t.refunds,
            t.net,
        )
        if t.exchange_in or t.exchange_out:
            # The exchange differences by this tender (already inside its net above).
            yield (
                "tender_exchange",
                t.kind,
                "",
                "",
                "",
                t.exchange_in,
                t.exchange_out,
                t.exchange_in - t.exchange_out,
            )
    for t in r.providers:  # the mobile tender per provider (issue 19)
        yield ("provider", t.kind, label(t.kind, r.language), t.sales_count, "", t.sales, t.refunds, t.net)
    for section, lines in (
        ("event", r.by_event),
        ("performance", r.by_performance),
        ("concession", r.by_concession),
        ("clerk", r.by_clerk),
        ("coupon", r.coupons),
        ("tier", r.by_tier),
    ):
        for ln in lines:
            yield (
                section,
                ln.key,
                ln.label,
                ln.count,
                ln.tickets,
                ln.amount,
                # Out: refunds, voids and tickets exchanged out (the new tickets are in amount).
                ln.refunds + ln.exchanged,
                ln.amount - ln.refunds - ln.exchanged,
            )
    for s in r.shifts:
        yield (
            "shift",
            s.shift_id,
            f"{s.drawer} {s.opened_by}→{s.closed_by}",
            "",
            "",
            s.expected,
            "",
            s.counted,
        )
        yield ("shift_variance", s.shift_id, "", "", "", s.variance, "", "")
    if r.settlement is not None:
        st = r.settlement
        for key, value in (
            ("commission_bps", st.commission_bps),
            ("gross", st.gross),
            ("refunds", st.refunds),
            ("net_sales", st.net_sales),
            ("commission", st.commission),
            ("net_owed", st.net_owed),
            ("credit_limit", st.credit_limit),
            ("credit_used", st.credit_used),
            ("credit_available", "" if st.credit_available is None else st.credit_available),
        ):
            yield ("settlement", key, "", "", "", value, "", "")
    for ln in r.invoiced_refunds:  # issue 22: the invoice of this refunded order must be reversed
        yield ("invoiced_refund", ln.key, ln.label, 1, "", "", ln.amount, "")
    for u in r.unsynced:
        yield ("unsynced", u.message_id, f"{u.kind} {u.label}".strip(), "", "", "", "", u.status)
    for hour, fen in r.by_hour:
        yield ("hour", f"{hour:02d}", "", "", "", fen, "", "")


def export_csv(report: ZReport, path: Path) -> Path:
    try:
        # utf-8-sig: spreadsheet programs in China open it as UTF-8 only with the BOM.
        with open(path, "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(CSV_COLUMNS)
            w.writerows(csv_rows(report))
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc
    return path


def export_pdf(report: ZReport, path: Path) -> Path:
    """The report as an A4 PDF (:mod:`printing.zreport_pdf`; fpdf2 loads only when asked)."""
    from printing.zreport_pdf import export_pdf as write_pdf

    return write_pdf(report, path)

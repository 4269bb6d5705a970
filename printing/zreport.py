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
from printing import fonts
from printing.connections import send
from printing.i18n import label, money
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
            label(t.kind, r.language) if t.kind in ("cash", "card", "mobile") else t.kind,
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
    for section, lines in (
        ("event", r.by_event),
        ("performance", r.by_performance),
        ("concession", r.by_concession),
        ("clerk", r.by_clerk),
        ("coupon", r.coupons),
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


# --- PDF -------------------------------------------------------------------------------


def export_pdf(report: ZReport, path: Path) -> Path:
    from fpdf import FPDF

    r, lang = report, report.language
    cur = r.currency

    def m(fen: int) -> str:
        return money(Money(fen, cur))

    def t(text: str) -> str:
        return fonts.drawable(text)

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("cjk", "", str(fonts.check_font()))
    pdf.set_title(f"Z {r.z_number} {r.terminal_id} {r.business_date}")
    pdf.set_creator("Outlet POS")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 12) -> None:
        pdf.set_font("cjk", size=size)
        pdf.ln(2)
        pdf.cell(width, 8, t(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9)

    def row(cells: list[str], widths: list[float], aligns: str) -> None:
        for text, w, a in zip(cells, widths, aligns, strict=True):
            pdf.cell(w, 6, t(text), border="B", align=a)
        pdf.ln(6)

    title = label("x_report" if r.z_number == 0 else "z_report", lang)
    heading(f"{title}  #{r.z_number}  {r.outlet_name}", 16)
    for key, value in (
        ("terminal", r.terminal_id),
        ("business_day", r.business_date),
        ("period", f"{r.period_start} – {r.period_end}"),
        ("journal_range", f"#{r.first_seq}–#{r.last_seq}  {r.journal_head[:16]}"),
        ("orders_range", f"{r.first_order} – {r.last_order}"),
        ("supervisor", r.staff_id),
    ):
        row([label(key, lang), value], [width * 0.3, width * 0.7], "LL")
    heading(label("net", lang))
    for key, value in (
        ("sales", str(r.orders)),
        ("tickets_sold", str(r.tickets)),
        ("gross", m(r.gross)),
        ("discount", m(-r.discounts)),
        ("fees", m(r.fees)),
        ("refunded", f"{m(-r.refunded)} ×{r.refund_count}"),
        ("voided", f"{m(-r.voided)} ×{r.void_count}"),
        ("exchange_out", f"{m(-r.exchanged)} ×{r.exchange_count}"),
        ("exchange_new", m(r.exchange_new)),
        ("exchange_carried", m(r.exchange_carried)),
        ("exchange_collected", m(r.exchange_collected)),
        ("exchange_refunded", m(-r.exchange_refunded)),
        ("net", m(r.net)),
        ("reprints", str(r.reprints)),
        ("cash_variance", m(r.cash_variance)),
    ):
        row([label(key, lang), value], [width * 0.5, width * 0.5], "LR")
    heading(label("by_tender", lang))
    cols = [width * 0.28, width * 0.12, width * 0.2, width * 0.2, width * 0.2]
    for tl in r.tenders:
        name = label(tl.kind, lang) if tl.kind in ("cash", "card", "mobile") else tl.kind
        row([name, f"×{tl.sales_count}", m(tl.sales), m(-tl.refunds), m(tl.net)], cols, "LRRRR")
        if tl.exchange_in or tl.exchange_out:
            row(["", label("exchanges", lang), m(tl.exchange_in), m(-tl.exchange_out), ""], cols, "LRRRR")
    for key, lines in (
        ("by_event", r.by_event),
        ("by_performance", r.by_performance),
        ("by_concession", r.by_concession),
        ("by_clerk", r.by_clerk),
        ("coupons", r.coupons),
    ):
        if not lines:
            continue
        heading(label(key, lang))
        for ln in lines:
            row(
                [
                    ln.label,
                    f"×{ln.count}",
                    m(ln.amount),
                    m(-ln.refunds - ln.exchanged),
                    m(ln.amount - ln.refunds - ln.exchanged),
                ],
                cols,
                "LRRRR",
            )
    if r.shifts:
        heading(label("shifts", lang))
        for s in r.shifts:
            row(
                [
                    f"{s.drawer} {s.opened_by}→{s.closed_by}",
                    m(s.opening_float),
                    m(s.expected),
                    m(s.counted),
                    m(s.variance),
                ],
                cols,
                "LRRRR",
            )
    if r.settlement is not None:
        st = r.settlement
        heading(label("settlement", lang))
        for key, fen in (
            ("gross", st.gross),
            ("refunded", -st.refunds),
            ("commission", -st.commission),
            ("net_owed", st.net_owed),
            ("credit_limit", st.credit_limit),
            ("credit_used", st.credit_used),
        ):
            row([label(key, lang), m(fen)], [width * 0.5, width * 0.5], "LR")
        if st.credit_available is not None:
            row([label("credit_available", lang), m(st.credit_available)], [width * 0.5, width * 0.5], "LR")
    if r.unsynced:
        heading(f"{label('unsynced', lang)}: {len(r.unsynced)}")
        for u in r.unsynced:
            row([u.kind, u.label or u.message_id, u.status], [width * 0.2, width * 0.6, width * 0.2], "LLL")
    try:
        pdf.output(str(path))
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc
    return path

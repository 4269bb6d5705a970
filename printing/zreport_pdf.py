"""The Z-report (or X-report) as an A4 PDF for the supervisor's files and the accountant.

Tables are fpdf2's own (``FPDF.table``): a long name wraps inside its cell instead of running
over the next column (the stadium's name overlapped the count), each table has column
headings, repeated at the top of a new page, and a section heading never stands alone at a
page's foot. Times are the terminal's local time to the minute, not raw UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pos.cash.closeout import ZReport
from pos.errors import InvalidInput
from pos.money import Money
from printing import fonts
from printing.i18n import label, money

_ROW_MM = 6.0
_HEADING_MM = 10.0


def _local(value: str, zone: str) -> str:
    """An ISO time from the report as ``2026-12-07 19:30`` in the terminal's zone."""
    try:
        when = datetime.fromisoformat(value)
        return when.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    except (ValueError, KeyError):
        return value  # not a time (an empty period): shown as it is


class _Writer:
    def __init__(self, report: ZReport) -> None:
        from fpdf import FPDF

        self.r, self.lang = report, report.language
        pdf = self.pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_font("cjk", "", str(fonts.check_font()))
        pdf.set_title(f"Z {report.z_number} {report.terminal_id} {report.business_date}")
        pdf.set_creator("Outlet POS")
        pdf.add_page()
        pdf.set_font("cjk", size=9)
        self.width = pdf.w - pdf.l_margin - pdf.r_margin

    def m(self, fen: int) -> str:
        return money(Money(fen, self.r.currency))

    def heading(self, text: str, *, size: int = 12, rows_after: int = 2) -> None:
        # Keep the heading with the first rows of its table: a new page rather than an orphan.
        if self.pdf.will_page_break(_HEADING_MM + _ROW_MM * 3 * (rows_after + 1)):  # rows may wrap
            self.pdf.add_page()
        self.pdf.set_font("cjk", size=size)
        self.pdf.ln(2)
        self.pdf.cell(self.width, 8, fonts.drawable(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font("cjk", size=9)

    def table(
        self, rows: Sequence[Sequence[str]], shares: Sequence[float], aligns: str,
        headings: Sequence[str] | None = None,
    ) -> None:
        if not rows:
            return
        body = [list(headings)] if headings else []
        body += [list(r) for r in rows]
        from fpdf.fonts import FontFace

        align = tuple({"L": "LEFT", "R": "RIGHT", "C": "CENTER"}[a] for a in aligns)
        # The shipped CJK font has no bold face: headings are set apart by a grey fill.
        headings_style = FontFace(emphasis="", fill_color=(230, 230, 230))
        with self.pdf.table(
            headings_style=headings_style,
            col_widths=tuple(shares), text_align=align, first_row_as_headings=headings is not None,
            line_height=_ROW_MM, width=self.width, borders_layout="HORIZONTAL_LINES",
            repeat_headings=1,
        ) as table:
            for cells in body:
                row = table.row()
                for text in cells:
                    row.cell(fonts.drawable(text))

    def pairs(self, items: Sequence[tuple[str, str]], shares: tuple[float, float] = (0.5, 0.5)) -> None:
        self.table([(label(k, self.lang), v) for k, v in items], shares, "LR")


def export_pdf(report: ZReport, path: Path) -> Path:
    w = _Writer(report)
    r, lang, m = report, report.language, w.m
    title = label("x_report" if r.z_number == 0 else "z_report", lang)
    w.heading(f"{title}  #{r.z_number}  {r.outlet_name}", size=16)
    w.table(
        [
            (label(k, lang), v)
            for k, v in (
                ("terminal", r.terminal_id),
                ("business_day", r.business_date),
                ("period", f"{_local(r.period_start, r.timezone)} – {_local(r.period_end, r.timezone)}"),
                ("journal_range", f"#{r.first_seq}–#{r.last_seq}  {r.journal_head[:16]}"),
                ("orders_range", f"{r.first_order} – {r.last_order}"),
                ("supervisor", r.staff_id),
            )
        ],
        (0.3, 0.7), "LL",
    )
    w.heading(label("net", lang), rows_after=4)
    w.pairs([
        ("sales", str(r.orders)), ("tickets_sold", str(r.tickets)), ("gross", m(r.gross)),
        ("discount", m(-r.discounts)), ("fees", m(r.fees)),
        ("refunded", f"{m(-r.refunded)} ×{r.refund_count}"), ("voided", f"{m(-r.voided)} ×{r.void_count}"),
        ("exchange_out", f"{m(-r.exchanged)} ×{r.exchange_count}"), ("exchange_new", m(r.exchange_new)),
        ("exchange_carried", m(r.exchange_carried)), ("exchange_collected", m(r.exchange_collected)),
        ("exchange_refunded", m(-r.exchange_refunded)), ("net", m(r.net)), ("reprints", str(r.reprints)),
        ("cash_variance", m(r.cash_variance)),
    ])
    shares = (0.36, 0.1, 0.18, 0.18, 0.18)
    money_heads = [label(k, lang) for k in ("col_count", "col_sales", "col_refunds", "col_net")]
    tender_rows = []
    for tl in r.tenders:
        name = label(tl.kind, lang) if tl.kind in ("cash", "card", "mobile", "points") else tl.kind
        tender_rows.append((name, f"×{tl.sales_count}", m(tl.sales), m(-tl.refunds), m(tl.net)))
        if tl.exchange_in or tl.exchange_out:
            tender_rows.append(("  " + label("exchanges", lang), "", m(tl.exchange_in), m(-tl.exchange_out), ""))
    for pl in r.providers:  # the mobile tender per provider, under it
        tender_rows.append(("  " + label(pl.kind, lang), f"×{pl.sales_count}", m(pl.sales), m(-pl.refunds), m(pl.net)))
    w.heading(label("by_tender", lang))
    w.table(tender_rows, shares, "LRRRR", [label("by_tender", lang), *money_heads])
    for key, lines in (
        ("by_event", r.by_event), ("by_performance", r.by_performance), ("by_concession", r.by_concession),
        ("by_clerk", r.by_clerk), ("coupons", r.coupons), ("by_tier", r.by_tier),
    ):
        if lines:
            w.heading(label(key, lang))
            w.table(
                [(ln.label, f"×{ln.count}", m(ln.amount), m(-ln.refunds - ln.exchanged),
                  m(ln.amount - ln.refunds - ln.exchanged)) for ln in lines],
                shares, "LRRRR", [label(key, lang), *money_heads],
            )
    if r.shifts:
        w.heading(label("shifts", lang))
        w.table(
            [(f"{s.drawer} {s.opened_by}→{s.closed_by}", m(s.opening_float), m(s.expected), m(s.counted),
              m(s.variance)) for s in r.shifts],
            (0.28, 0.18, 0.18, 0.18, 0.18), "LRRRR",
            [label(k, lang) for k in ("col_shift", "col_float", "col_expected", "col_counted", "col_variance")],
        )
    if r.settlement is not None:
        st = r.settlement
        w.heading(label("settlement", lang), rows_after=4)
        items = [("gross", m(st.gross)), ("refunded", m(-st.refunds)), ("commission", m(-st.commission)),
                 ("net_owed", m(st.net_owed)), ("credit_limit", m(st.credit_limit)),
                 ("credit_used", m(st.credit_used))]
        if st.credit_available is not None:
            items.append(("credit_available", m(st.credit_available)))
        w.pairs(items)
    if r.invoiced_refunds:  # issue 22: as the thermal Z and the CSV (the invoice must be reversed)
        w.heading(f"{label('invoiced_refunds', lang)}: {len(r.invoiced_refunds)}")
        w.table([(ln.label, m(-ln.amount)) for ln in r.invoiced_refunds], (0.5, 0.5), "LR")
    if r.unsynced:
        w.heading(f"{label('unsynced', lang)}: {len(r.unsynced)}")
        w.table([(u.kind, u.label or u.message_id, u.status) for u in r.unsynced], (0.2, 0.6, 0.2), "LLL")
    try:
        w.pdf.output(str(path))
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc
    return path

"""A city partner's statement (issue 24) as an A4 PDF, in the outlet's language, drawn with
the shipped CJK font in the Z-report's style (fpdf2 tables that wrap and split across pages).

The statement comes as central's JSON (``sync.protocol.partner.Statement`` dumped): printing
does not import sync, so it reads the plain mapping. Amounts are fen, shown as yuan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pos.errors import InvalidInput
from pos.money import Money
from printing import fonts

_ROW_MM = 6.0

LABELS: dict[str, tuple[str, str]] = {  # key: (zh, en)
    "title": ("合伙人对账单", "Partner statement"),
    "outlet": ("网点", "Outlet"),
    "period": ("期间", "Period"),
    "opening_balance": ("期初应付", "Opening balance owed"),
    "orders": ("订单数", "Orders"),
    "tickets": ("票数", "Tickets"),
    "sales": ("销售额", "Sales"),
    "refunds": ("退款", "Refunds"),
    "fees_returned": ("撤销退回手续费", "Fees returned by voids"),
    "commission_earned": ("佣金", "Commission earned"),
    "commission_returned": ("退回佣金", "Commission returned"),
    "commission": ("佣金净额", "Commission, net"),
    "net_owed": ("本期应付", "Owed for the period"),
    "payments": ("已收付款", "Payments received"),
    "closing_balance": ("期末应付", "Closing balance owed"),
    "credit_limit": ("信用额度", "Credit limit"),
    "credit_left": ("可用额度", "Credit left"),
    "no_limit": ("不限", "no limit"),
    "terminals": ("各终端（与日结核对）", "By terminal (as the close-outs count)"),
    "lines": ("明细", "Entries"),
    "col_at": ("时间", "Time"),
    "col_kind": ("类型", "Kind"),
    "col_terminal": ("终端", "Terminal"),
    "col_tickets": ("票数", "Tickets"),
    "col_amount": ("金额", "Amount"),
    "col_commission": ("佣金", "Commission"),
    "col_balance": ("余额", "Balance"),
    "col_orders": ("订单", "Orders"),
    "col_gross": ("销售", "Sales"),
    "col_refunds": ("退款", "Refunds"),
    "sale": ("销售", "sale"),
    "refund": ("退款", "refund"),
    "void": ("撤销", "void"),
    "exchange": ("改签", "exchange"),
    "payment": ("付款", "payment"),
    # The thermal slip's (printing.layouts.partner): the PDF's table, shortened to 32 or 48 columns.
    "timezone": ("时区", "Time zone"),
    "day_balance": ("当日余额", "Balance at day end"),
    "by_day": ("明细共 {n} 条，按日列出（逐条见 PDF）", "{n} entries, by day (every entry is in the PDF)"),
    "mismatches": ("与中心不一致的日结", "Close-outs central disagreed with"),
    "mismatch_sides": ("本机 / 中心", "this terminal / central"),
}


def label(key: str, language: str) -> str:
    zh, en = LABELS[key]
    return zh if language == "zh" else en


def export_pdf(statement: Mapping[str, Any], path: Path, *, language: str, currency: str = "CNY",
               outlet_name: str = "") -> Path:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    st, lang = statement, language
    zone = ZoneInfo(str(st.get("timezone") or "Asia/Shanghai"))

    def m(fen: int) -> str:
        return Money(int(fen), currency).display()

    def local(value: str) -> str:
        return datetime.fromisoformat(value).astimezone(zone).strftime("%Y-%m-%d %H:%M")

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("cjk", "", str(fonts.check_font()))
    pdf.set_title(f"{label('title', 'en')} {st['outlet_id']} {st['date_from']} {st['date_to']}")
    pdf.set_creator("Outlet POS")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 12) -> None:
        if pdf.will_page_break(10 + _ROW_MM * 4):
            pdf.add_page()
        pdf.set_font("cjk", size=size)
        pdf.ln(2)
        pdf.cell(width, 8, fonts.drawable(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9)

    def table(rows: Sequence[Sequence[str]], shares: Sequence[float], aligns: str,
              headings: Sequence[str] | None = None) -> None:
        if not rows:
            return
        align = tuple({"L": "LEFT", "R": "RIGHT"}[a] for a in aligns)
        with pdf.table(headings_style=FontFace(emphasis="", fill_color=(230, 230, 230)),
                       col_widths=tuple(shares), text_align=align, first_row_as_headings=headings is not None,
                       line_height=_ROW_MM, width=width, borders_layout="HORIZONTAL_LINES",
                       repeat_headings=1) as t:
            for cells in ([list(headings)] if headings else []) + [list(r) for r in rows]:
                row = t.row()
                for text in cells:
                    row.cell(fonts.drawable(text))

    heading(f"{label('title', lang)}  {outlet_name or st['outlet_id']}", size=16)
    pdf.set_font("cjk", size=9)
    left = st.get("credit_left")
    table([
        (label("outlet", lang), str(st["outlet_id"])),
        (label("period", lang), f"{st['date_from']} – {st['date_to']}"),
        *((label(k, lang), str(st[k]) if k in ("orders", "tickets") else m(st[k]))
          for k in ("opening_balance", "orders", "tickets", "sales", "refunds", "fees_returned",
                    "commission_earned", "commission_returned", "commission", "net_owed", "payments",
                    "closing_balance", "credit_limit")),
        (label("credit_left", lang), label("no_limit", lang) if left is None else m(left)),
    ], (0.5, 0.5), "LR")
    heading(label("terminals", lang))
    table([(t["terminal_id"], str(t["orders"]), str(t["tickets"]), m(t["gross"]), m(t["refunds"]))
           for t in st.get("terminals") or ()], (0.3, 0.15, 0.15, 0.2, 0.2), "LRRRR",
          [label(k, lang) for k in ("col_terminal", "col_orders", "col_tickets", "col_gross", "col_refunds")])
    heading(label("lines", lang))
    table([(local(str(e["at"])), label(str(e["kind"]), lang), str(e.get("terminal_id") or ""), str(e["tickets"]),
            m(e["amount"]), m(e["commission"]), m(e["balance"])) for e in st.get("lines") or ()],
          (0.2, 0.1, 0.16, 0.08, 0.15, 0.14, 0.17), "LLLRRRR",
          [label(k, lang) for k in ("col_at", "col_kind", "col_terminal", "col_tickets", "col_amount",
                                    "col_commission", "col_balance")])
    try:
        pdf.output(str(path))
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc
    return path

"""Shift and Z-report layouts. They take plain frozen totals: the close-out service that
computes them comes later and only has to fill these dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos.money import Money
from printing.i18n import clock, label, money
from printing.layout import Document, Element, Feed, Pair, Rule, Text


@dataclass(frozen=True, slots=True)
class TenderTotal:
    kind: str  # cash | card | mobile
    count: int
    amount: Money  # net of refunds


@dataclass(frozen=True, slots=True)
class ShiftTotals:
    terminal_id: str
    outlet: str
    shift_id: str
    staff_id: str
    staff_name: str
    opened_at: datetime
    closed_at: datetime
    timezone: str
    sales: int
    tickets_sold: int
    refunds: int
    voids: int
    reprints: int
    gross: Money
    discounts: Money
    refunded: Money
    net: Money
    tenders: tuple[TenderTotal, ...]
    cash_expected: Money
    cash_counted: Money | None = None
    supervisor_id: str | None = None


@dataclass(frozen=True, slots=True)
class ZReportTotals:
    terminal_id: str
    outlet: str
    z_number: int
    business_day: str  # YYYY-MM-DD in the terminal's zone
    timezone: str
    printed_at: datetime
    sales: int
    tickets_sold: int
    refunds: int
    voids: int
    reprints: int
    gross: Money
    discounts: Money
    refunded: Money
    net: Money
    tenders: tuple[TenderTotal, ...]
    first_order: str
    last_order: str
    journal_head: str
    supervisor_id: str


def _tender_lines(tenders: tuple[TenderTotal, ...], lang: str) -> list[Element]:
    out: list[Element] = [Text(label("by_tender", lang), bold=True)]
    for t in tenders:
        name = label(t.kind, lang) if t.kind in ("cash", "card", "mobile") else t.kind
        out.append(Pair(f"  {name} ×{t.count}", money(t.amount)))
    return out


def _figures(totals: ShiftTotals | ZReportTotals, lang: str) -> list[Element]:
    return [
        Pair(label("sales", lang), str(totals.sales)),
        Pair(label("tickets_sold", lang), str(totals.tickets_sold)),
        Pair(label("refunds", lang), str(totals.refunds)),
        Pair(label("voids", lang), str(totals.voids)),
        Pair(label("reprints", lang), str(totals.reprints)),
        Rule(),
        Pair(label("gross", lang), money(totals.gross)),
        Pair(label("discount", lang), money(-totals.discounts)),
        Pair(label("refunded", lang), money(-totals.refunded)),
        Pair(label("net", lang), money(totals.net), bold=True),
        Rule(),
        *_tender_lines(totals.tenders, lang),
    ]


def shift_layout(totals: ShiftTotals, *, language: str) -> Document:
    lang, tz = language, totals.timezone
    elements: list[Element] = [
        Text(label("shift", lang), align="center", bold=True, large=True),
        Text(totals.outlet, align="center"),
        Pair(label("terminal", lang), totals.terminal_id),
        Pair("#", totals.shift_id),
        Pair(label("clerk", lang), f"{totals.staff_name} ({totals.staff_id})"),
        Pair(label("opened", lang), clock(totals.opened_at, tz)),
        Pair(label("closed", lang), clock(totals.closed_at, tz)),
        Rule(heavy=True),
        *_figures(totals, lang),
        Rule(),
        Pair(label("cash_expected", lang), money(totals.cash_expected)),
    ]
    if totals.cash_counted is not None:
        elements += [
            Pair(label("cash_counted", lang), money(totals.cash_counted)),
            Pair(label("variance", lang), money(totals.cash_counted - totals.cash_expected), bold=True),
        ]
    if totals.supervisor_id:
        elements.append(Pair(label("supervisor", lang), totals.supervisor_id))
    elements.append(Feed(2))
    return Document("shift", lang, tuple(elements))


def z_report_layout(totals: ZReportTotals, *, language: str) -> Document:
    lang = language
    elements: list[Element] = [
        Text(label("z_report", lang), align="center", bold=True, large=True),
        Text(totals.outlet, align="center"),
        Pair(label("terminal", lang), totals.terminal_id),
        Pair(label("z_number", lang), str(totals.z_number)),
        Pair(label("business_day", lang), totals.business_day),
        Pair(label("printed_at", lang), clock(totals.printed_at, totals.timezone)),
        Rule(heavy=True),
        *_figures(totals, lang),
        Rule(),
        Pair(label("orders_range", lang), f"{totals.first_order} – {totals.last_order}"),
        Text(f"{label('journal_head', lang)}: {totals.journal_head}", small=True),
        Pair(label("supervisor", lang), totals.supervisor_id),
        Feed(2),
    ]
    return Document("z_report", lang, tuple(elements))

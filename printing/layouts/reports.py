"""Shift and Z-report layouts. They take plain frozen totals; :func:`z_report_totals` fills
them from the close-out service's report (pos.closeout.ZReport)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos.cash.closeout import ZReport
from pos.money import Money
from printing.i18n import clock, label, money
from printing.layout import Document, Element, Feed, Pair, Rule, Text


@dataclass(frozen=True, slots=True)
class TenderTotal:
    kind: str  # cash | card | mobile
    count: int
    amount: Money  # net of refunds


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A titled list of (label, count, amount) lines: by event, by clerk…"""

    title: str  # a label key (printing.i18n)
    lines: tuple[tuple[str, int, Money], ...]


@dataclass(frozen=True, slots=True)
class SalesFigures:
    """What a shift printout and a Z-report both count (built with keywords only)."""

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


@dataclass(frozen=True, slots=True)
class ShiftTotals(SalesFigures):
    terminal_id: str
    outlet: str
    shift_id: str
    staff_id: str
    staff_name: str
    opened_at: datetime
    closed_at: datetime
    timezone: str
    cash_expected: Money
    cash_counted: Money | None = None
    supervisor_id: str | None = None


@dataclass(frozen=True, slots=True)
class ZReportTotals(SalesFigures):
    terminal_id: str
    outlet: str
    z_number: int
    business_day: str  # YYYY-MM-DD in the terminal's zone
    timezone: str
    printed_at: datetime
    first_order: str
    last_order: str
    journal_head: str
    supervisor_id: str
    # Filled from a close-out (pos.cash.closeout): breakdowns, cash, settlement, what is unsynced.
    breakdowns: tuple[Breakdown, ...] = ()
    fees: Money | None = None
    voided: Money | None = None
    cash_variance: Money | None = None
    journal_range: str = ""
    settlement: tuple[tuple[str, Money], ...] = ()  # (label key, amount)
    unsynced: tuple[str, ...] = ()
    preview: bool = False  # an X-report: figures so far, nothing closed
    # Exchanges: how many, then (label key, amount) lines; the tender lines already hold the
    # differences collected or given back by each tender (pos.cash.closeout explains the figures).
    exchange_count: int = 0
    exchanges: tuple[tuple[str, Money], ...] = ()
    # Per tender, the exchange differences in and out: (tender, collected, refunded).
    exchange_tenders: tuple[tuple[str, Money, Money], ...] = ()
    # Refunds after an invoice request (issue 22): (order number, refunded): reverse the invoice.
    invoiced_refunds: tuple[tuple[str, Money], ...] = ()


PROVIDERS = ("wechat", "alipay", "manual-mobile")


def _tender_lines(tenders: tuple[TenderTotal, ...], lang: str) -> list[Element]:
    out: list[Element] = [Text(label("by_tender", lang), bold=True)]
    for t in tenders:
        provider = t.kind in PROVIDERS  # a mobile provider, under the mobile line
        name = label(t.kind, lang) if t.kind in ("cash", "card", "mobile", "points", *PROVIDERS) else t.kind
        out.append(Pair(f"{'    ' if provider else '  '}{name} ×{t.count}", money(t.amount)))
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


def _extras(totals: ZReportTotals, lang: str) -> list[Element]:
    out: list[Element] = []
    if totals.fees is not None:
        out.append(Pair(label("fees", lang), money(totals.fees)))
    if totals.voided is not None:
        out.append(Pair(label("voided", lang), money(-totals.voided)))
    if totals.exchange_count:
        # A supervisor checks the exchanges apart: the credit moved from old tickets to new is
        # no money; only the difference, by tender, went through the drawer or the card.
        out += [Rule(), Text(f"{label('exchanges', lang)} ×{totals.exchange_count}", bold=True)]
        out += [Pair(f"  {label(key, lang)}", money(amount)) for key, amount in totals.exchanges]
        for kind, got, back in totals.exchange_tenders:
            name = label(kind, lang) if kind in ("cash", "card", "mobile", "points") else kind
            out.append(Pair(f"  {name} +/-", f"{money(got)} / {money(-back)}"))
    for b in totals.breakdowns:
        if not b.lines:
            continue
        out += [Rule(), Text(label(b.title, lang), bold=True)]
        out += [Pair(f"  {name} ×{count}", money(amount)) for name, count, amount in b.lines]
    if totals.cash_variance is not None:
        out += [Rule(), Pair(label("cash_variance", lang), money(totals.cash_variance), bold=True)]
    if totals.settlement:
        out += [Rule(), Text(label("settlement", lang), bold=True)]
        out += [Pair(f"  {label(key, lang)}", money(amount)) for key, amount in totals.settlement]
    if totals.invoiced_refunds:
        out += [Rule(), Text(f"{label('invoiced_refunds', lang)}: {len(totals.invoiced_refunds)}", bold=True)]
        out += [Pair(f"  {number}", money(amount)) for number, amount in totals.invoiced_refunds]
    if totals.unsynced:
        out += [Rule(), Text(f"{label('unsynced', lang)}: {len(totals.unsynced)}", bold=True)]
        out += [Text(f"  {u}", small=True) for u in totals.unsynced[:50]]
    return out


def z_report_layout(totals: ZReportTotals, *, language: str) -> Document:
    lang = language
    elements: list[Element] = [
        Text(
            label("x_report" if totals.preview else "z_report", lang), align="center", bold=True, large=True
        ),
        Text(totals.outlet, align="center"),
        Pair(label("terminal", lang), totals.terminal_id),
        Pair(label("z_number", lang), str(totals.z_number)),
        Pair(label("business_day", lang), totals.business_day),
        Pair(label("printed_at", lang), clock(totals.printed_at, totals.timezone)),
        Rule(heavy=True),
        *_figures(totals, lang),
        *_extras(totals, lang),
        Rule(),
        Pair(label("orders_range", lang), f"{totals.first_order} – {totals.last_order}"),
        *([Pair(label("journal_range", lang), totals.journal_range)] if totals.journal_range else []),
        Text(f"{label('journal_head', lang)}: {totals.journal_head}", small=True),
        Pair(label("supervisor", lang), totals.supervisor_id),
        Feed(2),
    ]
    return Document("z_report", lang, tuple(elements))


def sales_figures(report: ZReport, *, refunded: int) -> dict[str, Any]:
    """The :class:`SalesFigures` fields of a report, as keywords (``refunded``: what counts
    as given back, which a shift printout and a Z-report draw differently)."""

    def m(fen: int) -> Money:
        return Money(fen, report.currency)

    return {
        "sales": report.orders,
        "tickets_sold": report.tickets,
        "refunds": report.refund_count,
        "voids": report.void_count,
        "reprints": report.reprints,
        "gross": m(report.gross),
        "discounts": m(report.discounts),
        "refunded": m(refunded),
        "net": m(report.net),
        # The mobile line is followed by its providers (WeChat Pay, Alipay, keyed by hand).
        "tenders": tuple(
            line
            for t in report.tenders
            for line in (
                TenderTotal(t.kind, t.sales_count, m(t.net)),
                *(
                    (TenderTotal(p.kind, p.sales_count, m(p.net)) for p in getattr(report, "providers", ()))
                    if t.kind == "mobile"
                    else ()
                ),
            )
        ),
    }


def z_report_totals(report: ZReport, *, printed_at: datetime) -> ZReportTotals:
    """The printable totals of a close-out report (or of a preview, z_number 0)."""
    cur = report.currency

    def m(fen: int) -> Money:
        return Money(fen, cur)

    def breakdown(key: str, lines: tuple[object, ...]) -> Breakdown:
        return Breakdown(key, tuple((ln.label, ln.count, m(ln.amount)) for ln in lines))  # type: ignore[attr-defined]

    settlement: tuple[tuple[str, Money], ...] = ()
    s = report.settlement
    if s is not None:
        settlement = (
            ("gross", m(s.gross)),
            ("refunded", m(-s.refunds)),
            ("commission", m(-s.commission)),
            ("net_owed", m(s.net_owed)),
            ("credit_limit", m(s.credit_limit)),
            ("credit_used", m(s.credit_used)),
        ) + ((("credit_available", m(s.credit_available)),) if s.credit_available is not None else ())
    return ZReportTotals(
        terminal_id=report.terminal_id,
        outlet=report.outlet_name,
        z_number=report.z_number,
        business_day=report.business_date,
        timezone=report.timezone,
        printed_at=printed_at,
        **sales_figures(report, refunded=report.refunded),
        first_order=report.first_order,
        last_order=report.last_order,
        journal_head=report.journal_head[:16],
        supervisor_id=report.staff_id,
        breakdowns=(
            breakdown("by_event", report.by_event),
            breakdown("by_performance", report.by_performance),
            breakdown("by_concession", report.by_concession),
            breakdown("by_clerk", report.by_clerk),
            breakdown("coupons", report.coupons),
            breakdown("by_tier", report.by_tier),
        ),
        fees=m(report.fees),
        voided=m(report.voided),
        cash_variance=m(report.cash_variance),
        journal_range=f"#{report.first_seq}–#{report.last_seq}",
        settlement=settlement,
        unsynced=tuple(f"{u.kind} {u.label or u.message_id[:8]} ({u.status})" for u in report.unsynced),
        preview=report.z_number == 0,
        exchange_count=report.exchange_count,
        exchanges=(
            ("exchange_out", m(-report.exchanged)),
            ("exchange_new", m(report.exchange_new)),
            ("exchange_carried", m(report.exchange_carried)),
            ("exchange_collected", m(report.exchange_collected)),
            ("exchange_refunded", m(-report.exchange_refunded)),
        ),
        exchange_tenders=tuple(
            (t.kind, m(t.exchange_in), m(t.exchange_out))
            for t in report.tenders
            if t.exchange_in or t.exchange_out
        ),
        invoiced_refunds=tuple((ln.label, m(-ln.amount)) for ln in report.invoiced_refunds),
    )

"""A city partner's statement on the receipt printer (issue 24): the PDF's figures and entries
shortened to a slip of 32 or 48 columns. The statement is central's JSON (``Statement``
dumped; printing does not import sync) and the labels are the PDF's, so both say the same.

Entries print one a line (time, kind, terminal, amount) under their local day, with the day's
closing balance; a period of more than :data:`MAX_ENTRIES` entries prints one line a day
instead (a busy month would be metres of paper: the PDF has every entry)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from pos.money import Money
from printing.i18n import clock, money
from printing.i18n import label as common
from printing.layout import Document, Element, Feed, Pair, Rule, Text
from printing.partner_statement import label

MAX_ENTRIES = 120
_COUNTS = ("orders", "tickets")
_FIGURES = ("opening_balance", "orders", "tickets", "sales", "refunds", "fees_returned", "commission_earned",
            "commission_returned", "commission", "net_owed", "payments", "closing_balance")
_BOLD = {"net_owed", "closing_balance"}
_FIELDS = {"orders": "col_orders", "tickets": "col_tickets", "gross": "col_gross", "refunds": "col_refunds"}
_MONEY_FIELDS = {"gross", "refunds"}


def statement_layout(
    st: Mapping[str, Any],
    *,
    language: str,
    currency: str,
    printed_at: datetime,
    outlet_name: str = "",
    mismatches: Sequence[Mapping[str, Any]] = (),
    printed_by: str = "",
) -> Document:
    lang, tz = language, str(st.get("timezone") or "Asia/Shanghai")

    def m(fen: Any) -> str:
        return money(Money(int(fen), currency))

    left = st.get("credit_left")
    elements: list[Element] = [
        Text(label("title", lang), align="center", bold=True, large=True),
        *([Text(outlet_name, align="center")] if outlet_name else []),
        Pair(label("outlet", lang), str(st["outlet_id"])),
        Pair(label("period", lang), f"{st['date_from']} – {st['date_to']}"),
        Pair(label("timezone", lang), tz),
        Pair(common("printed_at", lang), clock(printed_at, tz)),
        Rule(heavy=True),
        *(Pair(label(k, lang), str(st[k]) if k in _COUNTS else m(st[k]), bold=k in _BOLD) for k in _FIGURES),
        Pair(label("credit_limit", lang), label("no_limit", lang) if left is None else m(st["credit_limit"])),
        Pair(label("credit_left", lang), label("no_limit", lang) if left is None else m(left)),
        *_terminals(st.get("terminals") or (), lang, m),
        *_entries(st.get("lines") or (), lang, ZoneInfo(tz), m),
        *_mismatches(mismatches, lang, m),
        Rule(),
        *([Pair(common("supervisor", lang), printed_by)] if printed_by else []),
        Feed(2),
    ]
    return Document("partner_statement", lang, tuple(elements))


def _terminals(terminals: Sequence[Mapping[str, Any]], lang: str, m: Any) -> list[Element]:
    if not terminals:
        return []
    out: list[Element] = [Rule(), Text(label("terminals", lang), bold=True)]
    for t in terminals:
        out += [
            Pair(str(t["terminal_id"]), f"{label('col_orders', lang)} {t['orders']}  "
                                        f"{label('col_tickets', lang)} {t['tickets']}"),
            Pair(f"  {label('col_gross', lang)}", m(t["gross"])),
            Pair(f"  {label('col_refunds', lang)}", m(t["refunds"])),
        ]
    return out


def _entries(lines: Sequence[Mapping[str, Any]], lang: str, zone: ZoneInfo, m: Any) -> list[Element]:
    if not lines:
        return []

    def local(line: Mapping[str, Any]) -> datetime:
        at = line["at"]
        return (at if isinstance(at, datetime) else datetime.fromisoformat(str(at))).astimezone(zone)

    days = [(day, list(group)) for day, group in groupby(lines, key=lambda ln: local(ln).date())]
    out: list[Element] = [Rule()]
    if len(lines) > MAX_ENTRIES:
        out += [Text(label("by_day", lang).format(n=len(lines)), bold=True),
                Pair(label("col_at", lang), label("col_balance", lang))]
        out += [Pair(f"{day} ×{len(group)}", m(group[-1]["balance"])) for day, group in days]
        return out
    out.append(Text(label("lines", lang), bold=True))
    for day, group in days:
        out.append(Text(str(day), bold=True))
        for ln in group:
            kind = label(str(ln["kind"]), lang) if str(ln["kind"]) in ("sale", "refund", "void", "exchange",
                                                                        "payment") else str(ln["kind"])
            where = f" {ln['terminal_id']}" if ln.get("terminal_id") else ""
            out.append(Pair(f"{local(ln):%H:%M} {kind}{where}", m(ln["amount"])))
        out.append(Pair(f"  {label('day_balance', lang)}", m(group[-1]["balance"])))
    return out


def _mismatches(mismatches: Sequence[Mapping[str, Any]], lang: str, m: Any) -> list[Element]:
    if not mismatches:
        return []
    out: list[Element] = [Rule(), Text(label("mismatches", lang), bold=True),
                          Text(label("mismatch_sides", lang), small=True)]
    for mm in mismatches:
        out.append(Text(f"{mm['business_date']} {mm['terminal_id']} #{str(mm['closeout_id'])[:8]}"))
        for key, (here, there) in sorted(dict(mm["fields"]).items()):
            shown = (m(here), m(there)) if key in _MONEY_FIELDS else (str(here), str(there))
            out.append(Pair(f"  {label(_FIELDS[key], lang) if key in _FIELDS else key}", " / ".join(shown)))
    return out

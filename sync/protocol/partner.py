"""A city partner's account with the platform (issue 24): its terms (commission rules, credit
limit, contract), its statement for a period and the close-outs that disagreed with central.

The CSV of a statement is written here, from the wire model, so that central's CSV and the
terminal's export are the same bytes for the same statement."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from sync.protocol.common import Reply

Scope = Literal["event", "category"]


class CommissionRule(Reply):
    """Commission on a ticket of this event (or category), in basis points; an event's rule
    wins over its category's, and the outlet's default covers the rest (fees included)."""

    scope: Scope
    key: str
    bps: int = Field(ge=0, le=10_000)


class PartnerAccount(Reply):
    """``GET /v1/outlets/{outlet_id}/account``: the terms and where the credit stands now."""

    outlet_id: str
    outlet_kind: str
    name_zh: str
    name_en: str
    commission_bps: int
    rules: list[CommissionRule]
    credit_limit: int  # fen; 0: no limit
    credit_used: int  # what the outlet owes now (sales less refunds, commission and payments)
    credit_left: int | None  # None: no limit
    contract_start: date | None
    contract_end: date | None
    timezone: str  # the dates above and statement days are in this zone
    server_time: datetime


class LedgerLine(Reply):
    """One entry of the statement: an order, a refund (void, exchange) or a payment received.
    ``owed`` is what it adds to what the outlet owes (negative: takes off)."""

    at: datetime
    kind: Literal["sale", "refund", "void", "exchange", "payment"]
    ref: str
    terminal_id: str | None
    tickets: int
    amount: int  # the money of the sale or refund (fees a void gave back included), or the payment
    commission: int  # earned by a sale; given back by a refund (as a positive number)
    owed: int
    balance: int  # running: what the outlet owes after this line


class TerminalTotals(Reply):
    """Per terminal, the figures its close-outs are compared with."""

    terminal_id: str
    orders: int
    tickets: int
    gross: int
    refunds: int


class Statement(Reply):
    """``GET /v1/outlets/{outlet_id}/statement``: days ``date_from`` to ``date_to`` inclusive."""

    outlet_id: str
    date_from: date
    date_to: date
    period_start: datetime
    period_end: datetime
    timezone: str
    opening_balance: int
    orders: int
    tickets: int
    sales: int  # the orders' totals
    refunds: int  # the refunds' ticket prices (what close-outs count as refunds)
    fees_returned: int  # the fees voids gave back
    commission_earned: int
    commission_returned: int
    commission: int  # earned less returned
    net_owed: int  # sales - refunds - fees_returned - commission
    payments: int
    closing_balance: int  # opening + net_owed - payments
    credit_limit: int
    credit_left: int | None
    terminals: list[TerminalTotals]
    lines: list[LedgerLine]


class Mismatch(Reply):
    """A close-out whose totals disagreed with central's, field by field."""

    closeout_id: str
    terminal_id: str
    business_date: date
    period_start: datetime
    period_end: datetime
    fields: dict[str, list[int]]  # name -> [terminal's, central's]
    recorded_at: datetime


class MismatchList(Reply):
    items: list[Mismatch]


CSV_COLUMNS = ("at", "kind", "ref", "terminal_id", "tickets", "amount", "commission", "owed", "balance")


def statement_csv(st: Statement) -> str:
    """The statement as CSV: a summary block, then one row per ledger line (amounts in fen)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["outlet", st.outlet_id])
    w.writerow(["from", st.date_from.isoformat()])
    w.writerow(["to", st.date_to.isoformat()])
    for name in ("opening_balance", "orders", "tickets", "sales", "refunds", "fees_returned",
                 "commission_earned", "commission_returned", "commission", "net_owed", "payments",
                 "closing_balance", "credit_limit"):
        w.writerow([name, getattr(st, name)])
    w.writerow(["credit_left", "" if st.credit_left is None else st.credit_left])
    w.writerow([])
    w.writerow(CSV_COLUMNS)
    for line in st.lines:
        w.writerow([line.at.isoformat(), line.kind, line.ref, line.terminal_id or "", line.tickets,
                    line.amount, line.commission, line.owed, line.balance])
    return out.getvalue()

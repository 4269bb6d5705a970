"""The Z-report as data: its lines, its totals and its JSON form.

What :mod:`pos.cash.figures` computes, :mod:`pos.cash.closeout` stores and ``printing``
lays out; a stored report reads back as it was made (:meth:`ZReport.from_dict`). See
:mod:`pos.cash.closeout` for what the figures mean (exchanges above all).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

TENDERS = ("cash", "card", "mobile")


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a breakdown (an event, a performance, a concession, a clerk, a coupon)."""

    key: str
    label: str
    count: int  # orders for events, performances and clerks; tickets for concessions; uses for coupons
    tickets: int
    amount: int  # fen sold (coupons: fen discounted)
    refunds: int = 0  # fen given back (refunds and voids)
    exchanged: int = 0  # fen credited for tickets exchanged out (the new ones are in ``amount``)


@dataclass(frozen=True, slots=True)
class TenderLine:
    kind: str
    sales_count: int
    sales: int
    refund_count: int
    refunds: int
    # Exchange differences by this tender: collected when the new tickets cost more, given
    # back when they cost less. The carried credit is not a tender.
    exchange_in: int = 0
    exchange_out: int = 0

    @property
    def net(self) -> int:
        return self.sales - self.refunds + self.exchange_in - self.exchange_out


@dataclass(frozen=True, slots=True)
class ShiftLine:
    shift_id: str
    drawer: str
    opened_by: str
    closed_by: str
    opened_at: str
    closed_at: str
    opening_float: int
    expected: int
    counted: int

    @property
    def variance(self) -> int:
        return self.counted - self.expected


@dataclass(frozen=True, slots=True)
class PartnerSettlement:
    """A city partner's figures for the period, as this terminal counts them. Central's
    settlement (all the outlet's terminals, its running credit) comes back on upload."""

    commission_bps: int
    gross: int
    refunds: int
    net_sales: int
    commission: int
    net_owed: int
    credit_limit: int
    credit_used: int  # by this period's sales on this terminal
    credit_available: int | None  # None: no credit limit applies


@dataclass(frozen=True, slots=True)
class Unsynced:
    message_id: str
    kind: str
    label: str  # the order number where there is one
    status: str  # pending | attention


@dataclass(frozen=True, slots=True)
class ZReport:
    closeout_id: str
    z_number: int  # 0 on a preview (an X-report): nothing was closed
    terminal_id: str
    outlet_id: str
    outlet_name: str
    outlet_kind: str
    currency: str
    timezone: str
    language: str
    business_date: str
    period_start: str
    period_end: str
    first_seq: int
    last_seq: int
    journal_head: str
    staff_id: str
    orders: int
    tickets: int
    gross: int
    discounts: int
    fees: int
    refund_count: int
    refunded: int
    void_count: int
    voided: int
    reprints: int
    tenders: tuple[TenderLine, ...]
    by_event: tuple[Line, ...]
    by_performance: tuple[Line, ...]
    by_concession: tuple[Line, ...]
    by_clerk: tuple[Line, ...]
    coupons: tuple[Line, ...]
    shifts: tuple[ShiftLine, ...]
    settlement: PartnerSettlement | None
    unsynced: tuple[Unsynced, ...]
    first_order: str
    last_order: str
    by_hour: tuple[tuple[int, int], ...] = field(default=())  # (local hour, fen sold)
    central_refunds: int = 0  # refunds as central counts them (ticket prices, no fees; exchange credit)
    # Exchanges (see the module's docstring): old tickets out, new tickets in, the credit
    # carried from one to the other, and the difference that moved real money.
    exchange_count: int = 0
    exchanged: int = 0  # credit for the old tickets (out)
    exchange_new: int = 0  # value of the new tickets (in; also inside ``gross``)
    exchange_carried: int = 0  # credit spent on the new tickets: not money received
    exchange_collected: int = 0  # difference collected by cash, card or mobile
    exchange_refunded: int = 0  # difference given back to the old order's tenders
    # Issue 19: the mobile tender per provider (wechat, alipay, manual-mobile), for each wallet's statement.
    providers: tuple[TenderLine, ...] = ()
    # Refunds of orders whose invoice was requested first (issue 22; central said so in the
    # refund's reply): the invoice must be reversed. Label: the order number; amount: fen.
    invoiced_refunds: tuple[Line, ...] = field(default=())
    by_tier: tuple[Line, ...] = ()  # member sales by tier (issue 22)

    @property
    def net(self) -> int:
        return self.gross - self.refunded - self.voided - self.exchanged

    @property
    def cash_variance(self) -> int:
        return sum(s.variance for s in self.shifts)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["net"] = self.net
        out["cash_variance"] = self.cash_variance
        for t, d in zip((*self.tenders, *self.providers), (*out["tenders"], *out["providers"]), strict=True):
            d["net"] = t.net
        for s, d in zip(self.shifts, out["shifts"], strict=True):
            d["variance"] = s.variance
        return out

    @staticmethod
    def from_dict(d: dict[str, Any]) -> ZReport:
        lines = ("by_event", "by_performance", "by_concession", "by_clerk", "coupons")
        args = {k: v for k, v in d.items() if k not in ("net", "cash_variance")}
        for k in lines:
            args[k] = tuple(Line(**x) for x in d[k])
        args["invoiced_refunds"] = tuple(Line(**x) for x in d.get("invoiced_refunds", ()))
        args["tenders"] = tuple(
            TenderLine(**{k: v for k, v in x.items() if k != "net"}) for x in d["tenders"]
        )
        args["providers"] = tuple(
            TenderLine(**{k: v for k, v in x.items() if k != "net"}) for x in d.get("providers", ())
        )
        args["shifts"] = tuple(
            ShiftLine(**{k: v for k, v in x.items() if k != "variance"}) for x in d["shifts"]
        )
        args["settlement"] = PartnerSettlement(**d["settlement"]) if d["settlement"] else None
        args["unsynced"] = tuple(Unsynced(**x) for x in d["unsynced"])
        args["by_hour"] = tuple(tuple(x) for x in d.get("by_hour", ()))
        args["by_tier"] = tuple(Line(**x) for x in d.get("by_tier", ()))
        return ZReport(**args)


def half_up(amount: int, bps: int) -> int:
    """``amount * bps / 10000`` rounded half up, in integers (central's rule)."""
    return (amount * bps + 5000) // 10000

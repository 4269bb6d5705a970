"""A city partner's account (issue 24): its terms, its statement for any days, the payments
it made and the close-outs that disagreed with central.

The ledger is what central accepted, read back: each order owes its total less its
commission, each refund takes back its ticket prices (a void also the order's fees) less the
commission it gave back, each payment received takes its amount off. Those are the very rows
and figures ``credit_used`` is charged with, so the statement's balance over all time is the
credit used, to the fen; the running balance is computed when the statement is read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, conflict, not_found, unprocessable
from central.models import Order, Outlet, Refund
from central.partner_models import CloseoutMismatch, PartnerPayment
from central.services import credit
from central.services.commission import BUSINESS_TZ, BUSINESS_TZ_NAME
from sync.protocol.partner import (
    CommissionRule,
    LedgerLine,
    Mismatch,
    MismatchList,
    PartnerAccount,
    Statement,
    TerminalTotals,
)

MAX_DAYS = 366  # one statement covers at most a year of days


def own_outlet(caller: Caller, outlet_id: str) -> None:
    """A terminal reads its own outlet's account only."""
    if outlet_id != caller.outlet_id:
        raise ApiError(403, "forbidden", "a terminal reads its own outlet's account only")


def _outlet(s: Session, outlet_id: str) -> Outlet:
    outlet = s.get(Outlet, outlet_id)
    if outlet is None:
        raise not_found(f"outlet {outlet_id}")
    return outlet


def _rules(raw: dict[str, Any] | None) -> list[CommissionRule]:
    raw = raw or {}
    return [
        CommissionRule(scope=scope, key=key, bps=int(bps))
        for scope in ("event", "category")
        for key, bps in sorted((raw.get(scope) or {}).items())
    ]


def account(ctx: Central, outlet_id: str) -> PartnerAccount:
    def tx(s: Session) -> PartnerAccount:
        o = _outlet(s, outlet_id)
        used = credit.credit_used(s, o)
        limited = credit.is_limited(o.kind, o.credit_limit)
        return PartnerAccount(
            outlet_id=o.id, outlet_kind=o.kind, name_zh=o.name_zh, name_en=o.name_en,
            commission_bps=o.commission_bps, rules=_rules(o.commission_rules), credit_limit=o.credit_limit,
            credit_used=used, credit_left=o.credit_limit - used if limited else None,
            contract_start=o.contract_start, contract_end=o.contract_end, timezone=BUSINESS_TZ_NAME,
            server_time=ctx.now(),
        )

    return ctx.db.run(tx)


def period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """Days ``date_from`` to ``date_to`` inclusive, in the business zone, as UTC bounds."""
    if date_from > date_to:
        raise unprocessable("invalid_request", "the period's first day is after its last",
                            date_from=date_from.isoformat(), date_to=date_to.isoformat())
    if (date_to - date_from).days >= MAX_DAYS:
        raise unprocessable("invalid_request", f"a statement covers at most {MAX_DAYS} days")
    start = datetime.combine(date_from, time(0), BUSINESS_TZ).astimezone(UTC)
    end = datetime.combine(date_to + timedelta(days=1), time(0), BUSINESS_TZ).astimezone(UTC)
    return start, end


@dataclass(frozen=True, slots=True)
class _Entry:
    at: datetime
    kind: str
    ref: str
    terminal_id: str | None
    tickets: int
    amount: int
    commission: int
    owed: int
    fees: int = 0  # of ``amount``: the fees a void gave back


def _balance_before(s: Session, outlet_id: str, start: datetime) -> int:
    owed = s.execute(select(func.coalesce(func.sum(Order.total - Order.commission), 0)).where(
        Order.kind == "outlet", Order.outlet_id == outlet_id, Order.sold_at < start)).scalar_one()
    back = s.execute(select(func.coalesce(func.sum(Refund.amount + Refund.fees - Refund.commission), 0)).where(
        Refund.outlet_id == outlet_id, Refund.refunded_at < start)).scalar_one()
    paid = s.execute(select(func.coalesce(func.sum(PartnerPayment.amount), 0)).where(
        PartnerPayment.outlet_id == outlet_id, PartnerPayment.received_at < start)).scalar_one()
    return int(owed) - int(back) - int(paid)


def _entries(s: Session, outlet_id: str, start: datetime, end: datetime) -> list[_Entry]:
    out = [
        _Entry(r.sold_at, "sale", r.id, r.terminal_id, r.tickets, r.total, r.commission, r.total - r.commission)
        for r in s.execute(select(Order.id, Order.terminal_id, Order.sold_at, Order.tickets, Order.total,
                                  Order.commission).where(
            Order.kind == "outlet", Order.outlet_id == outlet_id, Order.sold_at >= start, Order.sold_at < end))
    ]
    out += [
        _Entry(r.refunded_at, r.kind if r.kind in ("void", "exchange") else "refund", r.id, r.terminal_id,
               r.tickets, r.amount + r.fees, r.commission, -(r.amount + r.fees - r.commission), r.fees)
        for r in s.execute(select(Refund.id, Refund.kind, Refund.terminal_id, Refund.refunded_at, Refund.tickets,
                                  Refund.amount, Refund.fees, Refund.commission).where(
            Refund.outlet_id == outlet_id, Refund.refunded_at >= start, Refund.refunded_at < end))
    ]
    out += [
        _Entry(r.received_at, "payment", r.id, None, 0, r.amount, 0, -r.amount)
        for r in s.execute(select(PartnerPayment.id, PartnerPayment.received_at, PartnerPayment.amount).where(
            PartnerPayment.outlet_id == outlet_id, PartnerPayment.received_at >= start,
            PartnerPayment.received_at < end))
    ]
    out.sort(key=lambda e: (e.at, e.kind, e.ref))
    return out


def statement(ctx: Central, outlet_id: str, date_from: date, date_to: date) -> Statement:
    start, end = period(date_from, date_to)

    def tx(s: Session) -> Statement:
        o = _outlet(s, outlet_id)
        opening = _balance_before(s, outlet_id, start)
        entries = _entries(s, outlet_id, start, end)
        lines: list[LedgerLine] = []
        balance = opening
        terminals: dict[str, list[int]] = {}
        for e in entries:
            balance += e.owed
            lines.append(LedgerLine(at=e.at, kind=e.kind, ref=e.ref, terminal_id=e.terminal_id,  # type: ignore[arg-type]
                                    tickets=e.tickets, amount=e.amount, commission=e.commission, owed=e.owed,
                                    balance=balance))
            if e.terminal_id is not None:
                t = terminals.setdefault(e.terminal_id, [0, 0, 0, 0])
                if e.kind == "sale":
                    t[0] += 1
                    t[1] += e.tickets
                    t[2] += e.amount
        sales = [e for e in entries if e.kind == "sale"]
        backs = [e for e in entries if e.kind in ("refund", "void", "exchange")]
        for e in backs:
            if e.terminal_id is not None:  # close-outs count a refund's ticket prices only
                terminals.setdefault(e.terminal_id, [0, 0, 0, 0])[3] += e.amount - e.fees
        fees = sum(e.fees for e in backs)
        refunds = sum(e.amount for e in backs) - fees
        earned = sum(e.commission for e in sales)
        returned = sum(e.commission for e in backs)
        gross = sum(e.amount for e in sales)
        paid = sum(e.amount for e in entries if e.kind == "payment")
        net = gross - refunds - fees - (earned - returned)
        used = credit.credit_used(s, o)
        limited = credit.is_limited(o.kind, o.credit_limit)
        return Statement(
            outlet_id=outlet_id, date_from=date_from, date_to=date_to, period_start=start, period_end=end,
            timezone=BUSINESS_TZ_NAME, opening_balance=opening, orders=len(sales),
            tickets=sum(e.tickets for e in sales), sales=gross, refunds=refunds, fees_returned=fees,
            commission_earned=earned, commission_returned=returned, commission=earned - returned,
            net_owed=net, payments=paid, closing_balance=opening + net - paid, credit_limit=o.credit_limit,
            credit_left=o.credit_limit - used if limited else None,
            terminals=[TerminalTotals(terminal_id=tid, orders=v[0], tickets=v[1], gross=v[2], refunds=v[3])
                       for tid, v in sorted(terminals.items())],
            lines=lines,
        )

    return ctx.db.run(tx)


def record_mismatch(s: Session, *, closeout_id: str, caller: Caller, business_date: date, start: datetime,
                    end: datetime, fields: dict[str, list[int]], now: datetime) -> None:
    s.add(CloseoutMismatch(closeout_id=closeout_id, outlet_id=caller.outlet_id, terminal_id=caller.terminal_id,
                           business_date=business_date, period_start=start, period_end=end, fields=fields,
                           recorded_at=now))


def mismatches(ctx: Central, outlet_id: str | None, limit: int = 100) -> MismatchList:
    def tx(s: Session) -> MismatchList:
        q = select(CloseoutMismatch).order_by(CloseoutMismatch.recorded_at.desc()).limit(limit)
        if outlet_id is not None:
            q = q.where(CloseoutMismatch.outlet_id == outlet_id)
        return MismatchList(items=[
            Mismatch(closeout_id=m.closeout_id, terminal_id=m.terminal_id, business_date=m.business_date,
                     period_start=m.period_start, period_end=m.period_end,
                     fields={k: [int(v[0]), int(v[1])] for k, v in m.fields.items()}, recorded_at=m.recorded_at)
            for m in s.scalars(q)
        ])

    return ctx.db.run(tx)


def record_payment(ctx: Central, *, outlet_id: str, amount: int, received_at: datetime | None = None,
                   note: str = "", payment_id: str | None = None) -> str:
    """A payment received from the partner: lowers what it owes (and its credit used).
    Idempotent by ``payment_id``; the same id with other figures is refused."""
    if amount <= 0:
        raise ValueError("a payment received is a positive amount of fen")
    if len(note) > 200:
        raise ValueError("the note is at most 200 characters")
    pid = str(uuid.UUID(payment_id)) if payment_id else str(uuid.uuid4())
    now = ctx.now()
    at = received_at or now
    if at.tzinfo is None:
        raise ValueError("the time a payment was received must carry its zone")

    def tx(s: Session) -> str:
        existing = s.get(PartnerPayment, pid)
        if existing is not None:
            if (existing.outlet_id, existing.amount) != (outlet_id, amount):
                raise conflict("payment id already used with other figures")
            return pid
        _outlet(s, outlet_id)
        s.add(PartnerPayment(id=pid, outlet_id=outlet_id, amount=amount, received_at=at, note=note,
                             recorded_at=now))
        credit.charge(s, outlet_id, -amount, enforce=False)
        return pid

    return ctx.db.run(tx)


def set_terms(ctx: Central, *, outlet_id: str, credit_limit: int | None = None,
              commission_bps: int | None = None, rules: dict[str, dict[str, int]] | None = None,
              contract_start: date | None = None, contract_end: date | None = None,
              clear_contract: bool = False) -> None:
    """Change a partner's terms; what is not given stays as it is."""
    if credit_limit is not None and credit_limit < 0:
        raise ValueError("a credit limit is not negative")
    if commission_bps is not None and not 0 <= commission_bps <= 10_000:
        raise ValueError("commission is 0..10000 basis points")
    for scope, by_key in (rules or {}).items():
        if scope not in ("event", "category") or any(not 0 <= b <= 10_000 for b in by_key.values()):
            raise ValueError("a commission rule is by event or category, 0..10000 basis points")

    def tx(s: Session) -> None:
        o = s.get(Outlet, outlet_id, with_for_update=True)  # waits for sales in flight
        if o is None:
            raise ValueError(f"no outlet {outlet_id}")
        was = credit.is_limited(o.kind, o.credit_limit)
        if credit_limit is not None:
            o.credit_limit = credit_limit
        if commission_bps is not None:
            o.commission_bps = commission_bps
        if rules is not None:
            merged = {k: dict(v) for k, v in (o.commission_rules or {}).items()}
            for scope, by_key in rules.items():
                merged.setdefault(scope, {}).update(by_key)
            o.commission_rules = {k: v for k, v in merged.items() if v}
        if clear_contract:
            o.contract_start = o.contract_end = None
        if contract_start is not None:
            o.contract_start = contract_start
        if contract_end is not None:
            o.contract_end = contract_end
        if o.contract_start and o.contract_end and o.contract_start > o.contract_end:
            raise ValueError("the contract ends before it starts")
        credit.limit_changed(s, o, was)

    try:
        ctx.db.run(tx)
    finally:
        ctx.forget_callers()  # cached callers carry the outlet's terms

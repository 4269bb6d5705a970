"""The figures of a Z-report (or an X-report, or a shift's report) over a journal range.

Computed inside the caller's transaction (:func:`compute`), in four steps: the reversals,
exchanges and reprints from their journal entries; the sales from the orders whose sale
entry is in the range (payments, tickets, staff); the reversals attributed to the events,
performances, clerks and concessions they took back; the shifts closed in the range, what
has not reached central, and a partner's settlement. See :mod:`pos.cash.closeout` for what
each figure means. Uses the store and the journal.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pos.cash.zreport import (
    TENDERS,
    Line,
    PartnerSettlement,
    ShiftLine,
    TenderLine,
    Unsynced,
    ZReport,
    half_up,
)
from pos.customers import invoiced
from pos.errors import NotFound
from pos.journal import chain as journal
from pos.members.zlines import tier_lines
from pos.payments.zlines import provider_lines
from pos.store import sql

_CHUNK = 500  # ids per query: SQLite's bound-parameter limit


def _name(row: Any, lang: str) -> str:
    return row.name_zh if lang == "zh" else row.name_en


def _rows_by_ids(session: Session, query: str, ids: Sequence[str]) -> Iterator[Any]:
    """The rows of ``query`` (its ``{marks}`` standing for the ids), in chunks of ids."""
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        yield from sql.rows(session, query.format(marks=sql.marks(len(chunk))), *chunk)


def _counts() -> defaultdict[str, list[int]]:
    return defaultdict(lambda: [0, 0])


def _breakdown() -> defaultdict[str, list[int]]:
    # Each line: orders, tickets, fen sold, fen refunded or voided, fen exchanged out.
    return defaultdict(lambda: [0, 0, 0, 0, 0])


@dataclass
class _Reversals:
    """Refunds, voids, exchanges and reprints in the range, from their journal entries."""

    tender_refunds: defaultdict[str, list[int]] = field(default_factory=_counts)  # count, fen
    tender_exchange: defaultdict[str, list[int]] = field(default_factory=_counts)  # in, out
    refund_count: int = 0
    refunded: int = 0
    void_count: int = 0
    voided: int = 0
    reprints: int = 0
    ex_count: int = 0
    ex_credit: int = 0
    ex_new: int = 0
    ex_carried: int = 0
    ex_collected: int = 0
    ex_refunded: int = 0
    exchange_orders: set[str] = field(default_factory=set)  # the new orders of exchanges
    revoked: list[tuple[str, str]] = field(default_factory=list)  # (kind, ticket id)
    orders: list[tuple[str, str, int, str | None]] = field(default_factory=list)  # (order, kind, fen, staff)


@dataclass
class _Sales:
    """The breakdowns of the sales (and, once attributed, of the reversals)."""

    tenders: defaultdict[str, list[int]] = field(default_factory=_counts)  # count, fen
    by_event: defaultdict[str, list[int]] = field(default_factory=_breakdown)
    by_perf: defaultdict[str, list[int]] = field(default_factory=_breakdown)
    by_conc: defaultdict[str, list[int]] = field(default_factory=_breakdown)
    by_clerk: defaultdict[str, list[int]] = field(default_factory=_breakdown)
    coupons: defaultdict[str, list[int]] = field(default_factory=_breakdown)
    hours: defaultdict[int, int] = field(default_factory=lambda: defaultdict(int))


def _reversals(session: Session, first_seq: int, last_seq: int) -> _Reversals:
    # Read first: an exchange's new order is paid by the carried credit and the difference,
    # which the exchange entry tells.
    rev = _Reversals()
    entries = sql.rows(
        session,
        "SELECT seq, record FROM journal WHERE seq BETWEEN ? AND ? "
        "AND json_extract(record, '$.kind') IN ('refund', 'void', 'reprint', 'exchange') ORDER BY seq",
        first_seq,
        last_seq,
    )
    for e in entries:
        rec = json.loads(e.record)
        kind, data = rec["kind"], rec["data"]
        if kind == "reprint":
            rev.reprints += 1
            continue
        if kind == "exchange":
            credit, new_total = int(data["credit"]), int(data["new_total"])
            rev.ex_count += 1
            rev.ex_credit += credit
            rev.ex_new += new_total
            rev.ex_carried += min(credit, new_total)
            rev.exchange_orders.add(data["new_order"])
            for c in data.get("collected", ()):
                rev.tender_exchange[c["kind"]][0] += int(c["amount"])
                rev.ex_collected += int(c["amount"])
            for r in data.get("refunds", ()):
                rev.tender_exchange[r["kind"]][1] += int(r["amount"])
                rev.ex_refunded += int(r["amount"])
            rev.revoked += [(kind, t) for t in data.get("tickets", ())]
            rev.orders.append((rec["ref"], kind, credit, rec["staff"]))
            continue
        amount = int(data["amount"])
        if kind == "refund":
            rev.refund_count, rev.refunded = rev.refund_count + 1, rev.refunded + amount
        else:
            rev.void_count, rev.voided = rev.void_count + 1, rev.voided + amount
        for r in data.get("refunds", ()):
            rev.tender_refunds[r["kind"]][0] += 1
            rev.tender_refunds[r["kind"]][1] += int(r["amount"])
        rev.revoked += [(kind, t) for t in data.get("tickets", ())]
        rev.orders.append((rec["ref"], kind, amount, rec["staff"]))
    return rev


def _sales(
    session: Session, orders: Sequence[Any], perfs: dict[str, Any], zone: tzinfo, exchange_orders: set[str]
) -> _Sales:
    sales = _Sales()
    coupon_promos = {
        r.code: r.promotion_id for r in sql.rows(session, "SELECT code, promotion_id FROM coupon")
    }
    for o in orders:
        ev = perfs[o.performance_id].event_id if o.performance_id in perfs else "?"
        for acc in (sales.by_event[ev], sales.by_perf[o.performance_id], sales.by_clerk[o.staff_id]):
            acc[0] += 1
            acc[1] += o.ticket_count
            acc[2] += o.total
        when = sql.time_out(o.created_at)
        if when is not None:
            sales.hours[when.astimezone(zone).hour] += o.total
        if o.coupon_code:
            sales.coupons[o.coupon_code][0] += 1
    order_ids = [o.id for o in orders]
    for p in _rows_by_ids(
        session,
        "SELECT order_id, kind, amount FROM payment WHERE amount > 0 AND order_id IN ({marks})",
        order_ids,
    ):
        if p.order_id in exchange_orders:
            continue  # the carried credit and the difference: counted from the exchange entry
        sales.tenders[p.kind][0] += 1
        sales.tenders[p.kind][1] += p.amount
    for t in _rows_by_ids(
        session,
        "SELECT t.concession, t.total, t.discount, t.promotion_id, o.coupon_code FROM ticket t "
        "JOIN sale_order o ON o.id = t.order_id WHERE t.order_id IN ({marks})",
        order_ids,
    ):
        acc = sales.by_conc[t.concession]
        acc[0] += 1
        acc[1] += 1
        acc[2] += t.total
        if t.coupon_code and t.promotion_id and coupon_promos.get(t.coupon_code) == t.promotion_id:
            sales.coupons[t.coupon_code][1] += 1
            sales.coupons[t.coupon_code][2] += t.discount
    return sales


def _attribute(session: Session, sales: _Sales, rev: _Reversals, perfs: dict[str, Any]) -> int:
    """Add the reversals to the events, performances, clerks and concessions they took back
    from; returns the refunds as central counts them."""
    ref_ids = sorted({r[0] for r in rev.orders})
    order_perf = {
        r.id: r.performance_id
        for r in _rows_by_ids(
            session, "SELECT id, performance_id FROM sale_order WHERE id IN ({marks})", ref_ids
        )
    }
    for order_id, kind, amount, actor in rev.orders:
        pid = order_perf.get(order_id, "?")
        col = 4 if kind == "exchange" else 3
        sales.by_perf[pid][col] += amount
        sales.by_event[perfs[pid].event_id if pid in perfs else "?"][col] += amount
        sales.by_clerk[actor or "?"][col] += amount
    ticket_rows = {
        t.id: t
        for t in _rows_by_ids(
            session,
            "SELECT id, concession, total, fee FROM ticket WHERE id IN ({marks})",
            [t for _, t in rev.revoked],
        )
    }
    central_refunds = 0
    for kind, tid in rev.revoked:
        t = ticket_rows.get(tid)
        if t is None:
            continue
        # Central counts a refund (and a void, and an exchange's credit, each sent as a
        # refund) at the tickets' prices without booking fees; a void gives the fees back too.
        central_refunds += t.total - t.fee
        if kind == "exchange":
            sales.by_conc[t.concession][4] += t.total - t.fee
        else:
            sales.by_conc[t.concession][3] += t.total if kind == "void" else t.total - t.fee
    return central_refunds


def _shifts(session: Session, first_seq: int, last_seq: int) -> tuple[ShiftLine, ...]:
    return tuple(
        ShiftLine(
            shift_id=s.id,
            drawer=s.drawer,
            opened_by=s.opened_by,
            closed_by=s.closed_by or "",
            opened_at=s.opened_at,
            closed_at=s.closed_at or "",
            opening_float=s.opening_float,
            expected=s.expected or 0,
            counted=s.counted or 0,
        )
        for s in sql.rows(
            session,
            "SELECT * FROM shift WHERE status = 'closed' AND close_seq BETWEEN ? AND ? ORDER BY close_seq",
            first_seq,
            last_seq,
        )
    )


def _unsynced(session: Session) -> tuple[Unsynced, ...]:
    return tuple(
        Unsynced(u.id, u.kind, u.number or "", u.status)
        for u in sql.rows(
            session,
            "SELECT x.id, x.kind, x.status, o.number FROM outbox x LEFT JOIN sale_order o ON o.id = x.id "
            "WHERE x.status IN ('pending', 'attention') ORDER BY x.seq",
        )
    )


def _settlement(outlet: Any, gross: int, central_refunds: int) -> PartnerSettlement | None:
    if outlet is None or outlet.kind != "partner":
        return None
    net_sales = gross - central_refunds
    commission = half_up(net_sales, outlet.commission_bps)
    owed = net_sales - commission
    limited = outlet.credit_limit > 0
    return PartnerSettlement(
        commission_bps=outlet.commission_bps,
        gross=gross,
        refunds=central_refunds,
        net_sales=net_sales,
        commission=commission,
        net_owed=owed,
        credit_limit=outlet.credit_limit,
        credit_used=max(owed, 0),
        credit_available=outlet.credit_limit - max(owed, 0) if limited else None,
    )


def _lines(acc: dict[str, list[int]], label: Callable[[str], str]) -> tuple[Line, ...]:
    return tuple(Line(k, label(k), *v) for k, v in sorted(acc.items()))


def compute(
    session: Session,
    *,
    first_seq: int,
    last_seq: int,
    period_start: datetime,
    period_end: datetime,
    closeout_id: str,
    z_number: int,
    staff_id: str,
) -> ZReport:
    """The report over journal entries ``first_seq..last_seq``, inside the caller's transaction."""
    term = sql.row(session, "SELECT * FROM terminal")
    if term is None:
        raise NotFound("this terminal is not initialised: run `pos init`")
    lang, cur, zone = term.language, term.currency, ZoneInfo(term.timezone)
    outlet = sql.row(session, "SELECT * FROM outlet WHERE id = ?", term.outlet_id)
    events = {r.id: r for r in sql.rows(session, "SELECT id, name_zh, name_en FROM event")}
    perfs = {r.id: r for r in sql.rows(session, "SELECT id, event_id, starts_at FROM performance")}
    concessions = {r.code: r for r in sql.rows(session, "SELECT code, name_zh, name_en FROM concession")}
    staff = {r.id: r.name for r in sql.rows(session, "SELECT id, name FROM staff")}

    def perf_label(pid: str) -> str:
        p = perfs.get(pid)
        if p is None:
            return pid
        ev = events.get(p.event_id)
        when = sql.time_out(p.starts_at)
        local = f"{when.astimezone(zone):%m-%d %H:%M}" if when else ""
        return f"{_name(ev, lang) if ev else p.event_id} {local}".strip()

    orders = sql.rows(
        session,
        "SELECT id, number, performance_id, staff_id, created_at, total, discount_total, fee_total, "
        "ticket_count, coupon_code FROM sale_order WHERE journal_seq BETWEEN ? AND ? ORDER BY journal_seq",
        first_seq,
        last_seq,
    )
    rev = _reversals(session, first_seq, last_seq)
    sales = _sales(session, orders, perfs, zone, rev.exchange_orders)
    central_refunds = _attribute(session, sales, rev, perfs)
    gross = sum(o.total for o in orders)
    head = sql.row(session, "SELECT hash FROM journal WHERE seq = ?", last_seq)
    tender_kinds = set(sales.tenders) | set(rev.tender_refunds) | set(rev.tender_exchange)
    return ZReport(
        closeout_id=closeout_id,
        z_number=z_number,
        terminal_id=term.terminal_id,
        outlet_id=term.outlet_id,
        outlet_name=_name(outlet, lang) if outlet else term.outlet_id,
        outlet_kind=outlet.kind if outlet else "",
        currency=cur,
        timezone=term.timezone,
        language=lang,
        business_date=f"{period_end.astimezone(zone):%Y-%m-%d}",
        period_start=period_start.astimezone(UTC).isoformat(),
        period_end=period_end.astimezone(UTC).isoformat(),
        first_seq=first_seq,
        last_seq=last_seq,
        journal_head=head.hash if head else journal.GENESIS,
        staff_id=staff_id,
        orders=len(orders),
        tickets=sum(o.ticket_count for o in orders),
        gross=gross,
        discounts=sum(o.discount_total for o in orders),
        fees=sum(o.fee_total for o in orders),
        refund_count=rev.refund_count,
        refunded=rev.refunded,
        void_count=rev.void_count,
        voided=rev.voided,
        reprints=rev.reprints,
        tenders=tuple(
            TenderLine(k, *sales.tenders[k], *rev.tender_refunds[k], *rev.tender_exchange[k])
            for k in [*TENDERS, *sorted(tender_kinds - set(TENDERS))]
        ),
        by_event=_lines(sales.by_event, lambda k: _name(events[k], lang) if k in events else k),
        by_performance=_lines(sales.by_perf, perf_label),
        by_concession=_lines(sales.by_conc, lambda k: _name(concessions[k], lang) if k in concessions else k),
        by_clerk=_lines(sales.by_clerk, lambda k: f"{staff.get(k, k)} ({k})"),
        coupons=_lines(sales.coupons, lambda k: k),
        shifts=_shifts(session, first_seq, last_seq),
        settlement=_settlement(outlet, gross, central_refunds),
        unsynced=_unsynced(session),
        first_order=orders[0].number if orders else "",
        last_order=orders[-1].number if orders else "",
        by_hour=tuple(sorted(sales.hours.items())),
        central_refunds=central_refunds,
        exchange_count=rev.ex_count,
        exchanged=rev.ex_credit,
        exchange_new=rev.ex_new,
        exchange_carried=rev.ex_carried,
        exchange_collected=rev.ex_collected,
        exchange_refunded=rev.ex_refunded,
        providers=provider_lines(session, first_seq=first_seq, last_seq=last_seq),
        invoiced_refunds=invoiced.z_lines(session, first_seq, last_seq),
        by_tier=tier_lines(session, [o.id for o in orders], lang),
    )

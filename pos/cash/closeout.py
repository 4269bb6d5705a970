"""The Z-report and the daily close-out.

A close-out covers the journal from the entry after the previous close-out up to the entry
before its own, so consecutive Z-reports cover the journal without gap or overlap. Z numbers
are consecutive per terminal (computed inside the close-out's write transaction, and unique
in the schema). The report is computed in that same transaction, stored as JSON (a reprint
shows the same figures), journaled as ``close_out`` and queued for central in the outbox
(its UUID is central's idempotency key), all in one commit.

Where the figures come from: sales from the orders whose sale entry is in the range (their
payments, tickets and staff); refunds and voids from their journal entries in the range
(the only record that says when and by which tender the money went back); cash variance
from the shifts closed in the range. The reconciliation test recomputes the tender totals
from the journal alone.

Exchanges, as a box-office supervisor reads them (one ``exchange`` journal entry each, right
after the ``sale`` entry of the order it creates):

* The new tickets come in like any sale: the new order counts in ``orders``, ``gross`` and
  the event / performance / concession / clerk lines (column ``amount``).
* The old tickets go out at the value credited for them (their prices, booking fees kept):
  ``exchanged`` on the report and the ``exchanged`` column of each line (the old order's
  event and performance, the old tickets' concessions, the clerk who made the exchange).
  ``net = gross - refunded - voided - exchanged``, and central counts that credit as a refund
  (``central_refunds``), as it does on upload.
* The carried credit (tender ``exchange`` on the new order) is not money: it appears in no
  tender line, only as ``exchange_carried`` in the Exchanges block.
* Only the difference moves money: collected with cash, card or mobile (``exchange_in`` of
  that tender) or given back to the old order's tenders (``exchange_out``). Tender net =
  sales - refunds + exchange_in - exchange_out, so the tender nets still add up to ``net``.
* The Exchanges block: count, value of old tickets out, value of new tickets in, credit
  carried, difference collected and difference refunded (per tender in the tender lines).

A close-out needs the CLOSE_OUT permission (a supervisor) and no open shift: the drawer is
counted before the day is closed.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pos.errors import NotFound, PosError
from pos.journal import chain as journal
from pos.journal import outbox
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store import sql
from pos.store.db import Store

TENDERS = ("cash", "card", "mobile")


class CloseoutRefused(PosError):
    code = "closeout_refused"


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
        for t, d in zip(self.tenders, out["tenders"], strict=True):
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
        args["tenders"] = tuple(
            TenderLine(**{k: v for k, v in x.items() if k != "net"}) for x in d["tenders"]
        )
        args["shifts"] = tuple(
            ShiftLine(**{k: v for k, v in x.items() if k != "variance"}) for x in d["shifts"]
        )
        args["settlement"] = PartnerSettlement(**d["settlement"]) if d["settlement"] else None
        args["unsynced"] = tuple(Unsynced(**x) for x in d["unsynced"])
        args["by_hour"] = tuple(tuple(x) for x in d.get("by_hour", ()))
        return ZReport(**args)


def half_up(amount: int, bps: int) -> int:
    """``amount * bps / 10000`` rounded half up, in integers (central's rule)."""
    return (amount * bps + 5000) // 10000


# --- computing ------------------------------------------------------------------------


def _name(row: Any, lang: str) -> str:
    return row.name_zh if lang == "zh" else row.name_en


def _journal_range(session: Session) -> tuple[int, int, str, Any]:
    """(first seq, last seq, period start, previous close-out row) for the next close-out."""
    prev = sql.row(session, "SELECT * FROM closeout ORDER BY z_number DESC LIMIT 1")
    head = sql.row(session, "SELECT seq FROM journal ORDER BY seq DESC LIMIT 1")
    last = head.seq if head else 0
    first = prev.journal_seq + 1 if prev else 1
    if prev is not None:
        start = prev.period_end
    else:
        # The first close-out starts at the first sale or reversal, not at the terminal's
        # set-up (maybe weeks before): central takes a period of at most 31 days.
        rec = sql.row(
            session,
            "SELECT record FROM journal WHERE json_extract(record, '$.kind') IN ('sale', 'refund', 'void', 'exchange') "
            "ORDER BY seq LIMIT 1",
        ) or sql.row(session, "SELECT record FROM journal WHERE seq = ?", first)
        start = sql.time_in(datetime.fromisoformat(json.loads(rec.record)["ts"])) if rec else None
    return first, last, start, prev


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
    # Reversals, exchanges and reprints from the journal, first: an exchange's new order is
    # paid by the carried credit and the difference, which the exchange entry tells.
    tender_refunds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tender_exchange: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # in, out
    refund_count = refunded = void_count = voided = reprints = central_refunds = 0
    ex_count = ex_credit = ex_new = ex_carried = ex_collected = ex_refunded = 0
    exchange_orders: set[str] = set()
    entries = sql.rows(
        session,
        "SELECT seq, record FROM journal WHERE seq BETWEEN ? AND ? "
        "AND json_extract(record, '$.kind') IN ('refund', 'void', 'reprint', 'exchange') ORDER BY seq",
        first_seq,
        last_seq,
    )
    revoked: list[tuple[str, str]] = []
    reversal_orders: list[tuple[str, str, int, str | None]] = []
    for e in entries:
        rec = json.loads(e.record)
        kind, data = rec["kind"], rec["data"]
        if kind == "reprint":
            reprints += 1
            continue
        if kind == "exchange":
            credit, new_total = int(data["credit"]), int(data["new_total"])
            ex_count += 1
            ex_credit += credit
            ex_new += new_total
            ex_carried += min(credit, new_total)
            exchange_orders.add(data["new_order"])
            for c in data.get("collected", ()):
                tender_exchange[c["kind"]][0] += int(c["amount"])
                ex_collected += int(c["amount"])
            for r in data.get("refunds", ()):
                tender_exchange[r["kind"]][1] += int(r["amount"])
                ex_refunded += int(r["amount"])
            revoked += [(kind, t) for t in data.get("tickets", ())]
            reversal_orders.append((rec["ref"], kind, credit, rec["staff"]))
            continue
        amount = int(data["amount"])
        if kind == "refund":
            refund_count, refunded = refund_count + 1, refunded + amount
        else:
            void_count, voided = void_count + 1, voided + amount
        for r in data.get("refunds", ()):
            tender_refunds[r["kind"]][0] += 1
            tender_refunds[r["kind"]][1] += int(r["amount"])
        revoked += [(kind, t) for t in data.get("tickets", ())]
        reversal_orders.append((rec["ref"], kind, amount, rec["staff"]))

    order_ids = [o.id for o in orders]
    tender_sales: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # Each line: orders, tickets, fen sold, fen refunded or voided, fen exchanged out.
    by_event: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    by_perf: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    by_conc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    by_clerk: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    coupons: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    hours: dict[int, int] = defaultdict(int)
    coupon_promos = {
        r.code: r.promotion_id for r in sql.rows(session, "SELECT code, promotion_id FROM coupon")
    }
    for o in orders:
        ev = perfs[o.performance_id].event_id if o.performance_id in perfs else "?"
        for acc in (by_event[ev], by_perf[o.performance_id], by_clerk[o.staff_id]):
            acc[0] += 1
            acc[1] += o.ticket_count
            acc[2] += o.total
        when = sql.time_out(o.created_at)
        if when is not None:
            hours[when.astimezone(zone).hour] += o.total
        if o.coupon_code:
            coupons[o.coupon_code][0] += 1
    # Payments and tickets of those orders, in chunks (SQLite's bound-parameter limit).
    for i in range(0, len(order_ids), 500):
        chunk = order_ids[i : i + 500]
        marks = sql.marks(len(chunk))
        for p in sql.rows(
            session,
            f"SELECT order_id, kind, amount FROM payment WHERE amount > 0 AND order_id IN ({marks})",
            *chunk,
        ):
            if p.order_id in exchange_orders:
                continue  # the carried credit and the difference: counted from the exchange entry
            tender_sales[p.kind][0] += 1
            tender_sales[p.kind][1] += p.amount
        for t in sql.rows(
            session,
            "SELECT t.concession, t.total, t.discount, t.promotion_id, o.coupon_code FROM ticket t "
            f"JOIN sale_order o ON o.id = t.order_id WHERE t.order_id IN ({marks})",
            *chunk,
        ):
            acc = by_conc[t.concession]
            acc[0] += 1
            acc[1] += 1
            acc[2] += t.total
            if t.coupon_code and t.promotion_id and coupon_promos.get(t.coupon_code) == t.promotion_id:
                coupons[t.coupon_code][1] += 1
                coupons[t.coupon_code][2] += t.discount

    # Attribute reversals to events, performances, clerks and concessions.
    ref_ids = sorted({r[0] for r in reversal_orders})
    order_perf: dict[str, str] = {}
    for i in range(0, len(ref_ids), 500):
        chunk = ref_ids[i : i + 500]
        for r in sql.rows(
            session,
            f"SELECT id, performance_id FROM sale_order WHERE id IN ({sql.marks(len(chunk))})",
            *chunk,
        ):
            order_perf[r.id] = r.performance_id
    for order_id, kind, amount, actor in reversal_orders:
        pid = order_perf.get(order_id, "?")
        col = 4 if kind == "exchange" else 3
        by_perf[pid][col] += amount
        by_event[perfs[pid].event_id if pid in perfs else "?"][col] += amount
        by_clerk[actor or "?"][col] += amount
    ticket_ids = [t for _, t in revoked]
    ticket_rows: dict[str, Any] = {}
    for i in range(0, len(ticket_ids), 500):
        chunk = ticket_ids[i : i + 500]
        for t in sql.rows(
            session,
            f"SELECT id, concession, total, fee FROM ticket WHERE id IN ({sql.marks(len(chunk))})",
            *chunk,
        ):
            ticket_rows[t.id] = t
    for kind, tid in revoked:
        t = ticket_rows.get(tid)
        if t is None:
            continue
        # Central counts a refund (and a void, and an exchange's credit, each sent as a
        # refund) at the tickets' prices without booking fees; a void gives the fees back too.
        central_refunds += t.total - t.fee
        if kind == "exchange":
            by_conc[t.concession][4] += t.total - t.fee
        else:
            by_conc[t.concession][3] += t.total if kind == "void" else t.total - t.fee

    shifts = tuple(
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
    unsynced = tuple(
        Unsynced(u.id, u.kind, u.number or "", u.status)
        for u in sql.rows(
            session,
            "SELECT x.id, x.kind, x.status, o.number FROM outbox x LEFT JOIN sale_order o ON o.id = x.id "
            "WHERE x.status IN ('pending', 'attention') ORDER BY x.seq",
        )
    )
    gross = sum(o.total for o in orders)
    settlement = None
    if outlet is not None and outlet.kind == "partner":
        net_sales = gross - central_refunds
        commission = half_up(net_sales, outlet.commission_bps)
        owed = net_sales - commission
        limited = outlet.credit_limit > 0
        settlement = PartnerSettlement(
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
    head = sql.row(session, "SELECT hash FROM journal WHERE seq = ?", last_seq)

    def lines(acc: dict[str, list[int]], label: Any) -> tuple[Line, ...]:
        return tuple(Line(k, label(k), *v) for k, v in sorted(acc.items()))

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
        refund_count=refund_count,
        refunded=refunded,
        void_count=void_count,
        voided=voided,
        reprints=reprints,
        tenders=tuple(
            TenderLine(
                k,
                tender_sales[k][0],
                tender_sales[k][1],
                tender_refunds[k][0],
                tender_refunds[k][1],
                tender_exchange[k][0],
                tender_exchange[k][1],
            )
            for k in [
                *TENDERS,
                *sorted((set(tender_sales) | set(tender_refunds) | set(tender_exchange)) - set(TENDERS)),
            ]
        ),
        by_event=lines(by_event, lambda k: _name(events[k], lang) if k in events else k),
        by_performance=lines(by_perf, perf_label),
        by_concession=lines(by_conc, lambda k: _name(concessions[k], lang) if k in concessions else k),
        by_clerk=lines(by_clerk, lambda k: f"{staff.get(k, k)} ({k})"),
        coupons=lines(coupons, lambda k: k),
        shifts=shifts,
        settlement=settlement,
        unsynced=unsynced,
        first_order=orders[0].number if orders else "",
        last_order=orders[-1].number if orders else "",
        by_hour=tuple(sorted(hours.items())),
        central_refunds=central_refunds,
        exchange_count=ex_count,
        exchanged=ex_credit,
        exchange_new=ex_new,
        exchange_carried=ex_carried,
        exchange_collected=ex_collected,
        exchange_refunded=ex_refunded,
    )


# --- services --------------------------------------------------------------------------


def _period(session: Session, now: datetime) -> tuple[int, int, datetime, Any]:
    first, last, start_text, prev = _journal_range(session)
    start = sql.time_out(start_text) if start_text else now
    assert start is not None
    if prev is None:
        # Central counts the period from its start inclusive, and needs it before its end:
        # a millisecond before the first sale (or now) includes nothing else of this terminal.
        start = min(start, now) - timedelta(milliseconds=1)
    if now <= start:
        raise CloseoutRefused("the clock is behind the previous close-out: check the terminal's time")
    return first, last, start, prev


def preview(store: Store, *, actor: StaffSession, now: datetime | None = None) -> ZReport:
    """The figures so far (an X-report): nothing is numbered, journaled or sent."""
    now = now or datetime.now(UTC)
    authorise(actor=actor, permission=Permission.CLOSE_OUT, now=now)
    with store.read() as session:
        first, last, start, _ = _period(session, now)
        return compute(
            session,
            first_seq=first,
            last_seq=last,
            period_start=start,
            period_end=now,
            closeout_id="",
            z_number=0,
            staff_id=actor.staff_id,
        )


def close_day(
    store: Store,
    *,
    actor: StaffSession,
    override: Override | None = None,
    closeout_id: str | None = None,
    now: datetime | None = None,
) -> ZReport:
    """Close the day: number the Z-report, journal it and queue it for central, in one commit."""
    now = now or datetime.now(UTC)
    auth = authorise(actor=actor, permission=Permission.CLOSE_OUT, override=override, now=now)
    closeout_id = str(uuid.UUID(closeout_id)) if closeout_id else str(uuid.uuid4())
    with store.write() as session:
        open_shift = sql.row(session, "SELECT id, drawer, opened_by FROM shift WHERE status = 'open'")
        if open_shift is not None:
            raise CloseoutRefused(
                f"drawer {open_shift.drawer} still has an open shift ({open_shift.opened_by}): "
                "close it with a count first",
                drawer=open_shift.drawer,
            )
        spend(session, auth, override, now=now)
        first, last, start, prev = _period(session, now)
        z_number = (prev.z_number + 1) if prev else 1
        report = compute(
            session,
            first_seq=first,
            last_seq=last,
            period_start=start,
            period_end=now,
            closeout_id=closeout_id,
            z_number=z_number,
            staff_id=auth.actor_id,
        )
        seq = journal.append(
            session,
            kind="close_out",
            terminal_id=report.terminal_id,
            staff_id=auth.actor_id,
            approver_id=auth.approver_id,
            ref=closeout_id,
            data={
                "z_number": z_number,
                "first_seq": first,
                "last_seq": last,
                "orders": report.orders,
                "gross": report.gross,
                "refunded": report.refunded,
                "voided": report.voided,
                "exchanged": report.exchanged,
                "net": report.net,
                "tenders": {t.kind: t.net for t in report.tenders},
                "cash_variance": report.cash_variance,
                "unsynced": len(report.unsynced),
            },
            now=now,
        )
        sql.insert(
            session,
            "closeout",
            [
                {
                    "id": closeout_id,
                    "z_number": z_number,
                    "terminal_id": report.terminal_id,
                    "first_seq": first,
                    "last_seq": last,
                    "period_start": start,
                    "period_end": now,
                    "staff_id": auth.actor_id,
                    "journal_seq": seq,
                    "report": json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True),
                }
            ],
        )
        outbox.enqueue(
            session,
            message_id=closeout_id,
            kind="closeout",
            payload={
                "closeout_id": closeout_id,
                "z_number": z_number,
                "business_date": report.business_date,
                "period_start": report.period_start,
                "period_end": report.period_end,
                "totals": {
                    "orders": report.orders,
                    "tickets": report.tickets,
                    "gross": report.gross,
                    "refunds": report.central_refunds,
                },
            },
            now=now,
        )
    return report


def stored(store: Store, *, z_number: int | None = None) -> ZReport:
    """A past close-out's report as it was made (the last one when no number is given)."""
    with store.read() as session:
        if z_number is None:
            row = sql.row(session, "SELECT report FROM closeout ORDER BY z_number DESC LIMIT 1")
        else:
            row = sql.row(session, "SELECT report FROM closeout WHERE z_number = ?", z_number)
        if row is None:
            raise NotFound("no close-out yet" if z_number is None else f"no Z-report number {z_number}")
        return ZReport.from_dict(json.loads(row.report))


def shift_report(
    store: Store, *, actor: StaffSession, shift_id: str | None = None, now: datetime | None = None
) -> tuple[ZReport, Any]:
    """The figures of one shift (the last one when none is named): the journal from its
    opening to its closing entry (to now while it is open). For its owner or a supervisor."""
    from pos.cash.shifts import get_shift, list_shifts

    now = now or datetime.now(UTC)
    if shift_id is None:
        known = list_shifts(store)
        if not known:
            raise NotFound("no shift yet")
        shift = known[-1]
    else:
        shift = get_shift(store, shift_id=shift_id)
    permission = Permission.SELL if shift.opened_by == actor.staff_id else Permission.CLOSE_OUT
    authorise(actor=actor, permission=permission, now=now)
    with store.read() as session:
        head = sql.row(session, "SELECT seq FROM journal ORDER BY seq DESC LIMIT 1")
        report = compute(
            session,
            first_seq=shift.open_seq,
            last_seq=shift.close_seq or (head.seq if head else shift.open_seq),
            period_start=shift.opened_at,
            period_end=shift.closed_at or now,
            closeout_id="",
            z_number=0,
            staff_id=actor.staff_id,
        )
    return report, shift

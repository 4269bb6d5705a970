"""Outlet refunds: idempotent by the terminal's UUID; the tickets are revoked, their seats and
standing places go back, and the outlet's credit is given back, in one transaction.

``refund_in`` is also the refund half of an exchange and of a void."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import conflict, not_found, unprocessable
from central.models import Order, Refund, Revocation, Ticket
from central.services import commission, credit, invoices, members
from central.services.admitted import refuse_admitted
from central.services.common import bump, digest, load_performances, serialize
from central.services.inventory import FeedWriter, give_back, lock_seats
from sync.protocol.orders import RefundReply, RefundUpload


def put_refund(ctx: Central, caller: Caller, refund_id: UUID, up: RefundUpload) -> tuple[int, RefundReply]:
    d = digest(up)

    def tx(s: Session) -> tuple[int, RefundReply]:
        serialize(s, f"put:{refund_id}")
        existing = s.get(Refund, str(refund_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d:
                raise conflict("refund id already used with a different payload")
            return 200, RefundReply.model_validate(existing.reply)
        return 201, refund_in(s, ctx, caller, refund_id, up.order_id, up.ticket_ids, up.amount,
                              up.refunded_at, d, kind="refund", approved=bool(up.approved_by))

    return ctx.db.run(tx)


def refund_in(
    s: Session,
    ctx: Central,
    caller: Caller,
    refund_id: UUID,
    order_id: UUID,
    ticket_ids: list[str],
    amount: int,
    refunded_at: datetime,
    d: str,
    *,
    kind: str,
    approved: bool = False,
    window: bool = True,
) -> RefundReply:
    now = ctx.now()
    order = s.scalars(select(Order).where(Order.id == str(order_id)).with_for_update()).first()
    if order is None or order.kind != "outlet" or order.outlet_id != caller.outlet_id:
        raise not_found(f"order {order_id}")
    if len(set(ticket_ids)) != len(ticket_ids):
        raise unprocessable("invalid_request", "the refund repeats a ticket")
    rows = list(
        s.scalars(
            select(Ticket)
            .where(Ticket.id.in_(ticket_ids), Ticket.order_id == order.id)
            .order_by(Ticket.id)
            .with_for_update()
        )
    )
    found = {t.id for t in rows}
    bad = sorted(set(ticket_ids) - found) + sorted(t.id for t in rows if t.status != "valid")
    if bad:
        raise unprocessable("ticket_not_refundable", "tickets are not valid tickets of this order",
                            ticket_ids=bad)
    refuse_admitted(s, [t.id for t in rows], kind)
    perfs = load_performances(s, {t.performance_id for t in rows}, None)
    for perf in perfs.values():
        cutoff = perf.starts_at - timedelta(hours=perf.refund_cutoff_hours)
        # A supervisor's approval (approved_by) opens the window until the show starts.
        closes = perf.starts_at if approved else cutoff
        if window and perf.status != "cancelled" and now >= closes:
            raise unprocessable("refund_window_closed", "refunds closed for this performance",
                                performance_id=perf.id, cutoff=cutoff.isoformat(), approved=approved)
    expected = sum(t.price for t in rows)
    if amount != expected:
        raise unprocessable("amount_mismatch", "refund amount is not the tickets' prices",
                            expected=expected)

    feed = FeedWriter()
    by_perf: dict[str, list[Ticket]] = defaultdict(list)
    for t in rows:
        if t.seat_id:
            by_perf[t.performance_id].append(t)
    for pid in sorted(by_perf):
        seats = lock_seats(s, pid, [t.seat_id for t in by_perf[pid] if t.seat_id])
        for t in by_perf[pid]:
            row = seats[t.seat_id or ""]
            if row.ticket_id == t.id:
                row.status, row.ticket_id = "free", None
                feed.seat(row)
    back: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for t in rows:
        if t.area_id:
            back[(t.performance_id, t.area_id)][0 if t.source == "quota" else 1] += 1
    for (pid, area_id), (q, p) in sorted(back.items()):
        give_back(s, pid, area_id, order.outlet_id, q, p, feed)
    for t in rows:
        t.status, t.revoked_at = "revoked", now
    members.reverse_for_refund(s, ctx, caller, order, refund_id, amount)  # issue 22: points back
    given_back = commission.commission(
        caller.commission_rules, caller.commission_bps, amount,
        ((t.price, perfs[t.performance_id].event_id, perfs[t.performance_id].category) for t in rows))
    credit.charge(s, caller.outlet_id, -(amount - given_back), enforce=False)
    s.flush()
    feed.flush(s)
    seq = bump(s, "revocations", len(rows))
    for i, t in enumerate(rows):
        s.add(Revocation(seq=seq + i, ticket_id=t.id, code=t.code, performance_id=t.performance_id,
                         reason=kind, revoked_at=now))
    reply = RefundReply(refund_id=refund_id, order_id=order_id, ticket_ids=sorted(found),
                        amount=amount, accepted_at=now, invoiced_at=invoices.invoiced_at(s, str(order_id)))
    s.add(
        Refund(
            id=str(refund_id), kind=kind, order_id=str(order_id), outlet_id=caller.outlet_id,
            terminal_id=caller.terminal_id, amount=amount, tickets=len(rows), digest=d,
            reply=reply.model_dump(mode="json"), refunded_at=refunded_at, accepted_at=now,
            commission=given_back, fees=0,
        )
    )
    s.flush()
    return reply

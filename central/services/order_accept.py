"""One outlet order checked and taken in the caller's transaction (``accept_order``), alone or
as part of a batch (``Batch``: what the orders of one batch transaction share).

Every refusal comes before the order's rows are written. Uses ``order_take`` for the
inventory, ``order_prices`` for the money and ``credit`` for the outlet's account."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.customer_models import OrderPhone
from central.errors import unprocessable
from central.models import Coupon, Hold, Order, Ticket
from central.services import commission as commission_mod
from central.services import (
    credit,
    customers,
    holder_checks,
    members,
    order_caps,
    order_codes,
    order_payments,
)
from central.services.common import check_sellable, load_performance_rows
from central.services.inventory import FeedWriter, updated_rows
from central.services.keylife import check_codes
from central.services.order_prices import check_prices
from central.services.order_take import LOCK_SEATS, Taking, lock_holds
from sync.protocol.orders import IssuedTicket, OrderReply, OrderUpload

MAX_CLOCK_AHEAD = timedelta(minutes=5)
ORDERS = cast(Table, Order.__table__)
TICKETS = cast(Table, Ticket.__table__)
HOLDS = cast(Table, Hold.__table__)
COUPONS = cast(Table, Coupon.__table__)
# Built once: a statement built per call costs more CPU (construction, cache key) than running it.
_CONSUME_HOLDS = update(HOLDS).where(HOLDS.c.id.in_(bindparam("b_ids", expanding=True))).values(
    status="consumed")
_INSERT_ORDER = insert(ORDERS)
_INSERT_TICKETS = insert(TICKETS)
_INSERT_PHONES = insert(cast(Table, OrderPhone.__table__))


@dataclass
class Batch:
    """What the orders of one batch transaction share: the performance rows read, the seat
    feed (stamped once, at the end) and the order and ticket rows (inserted at the end)."""

    feed: FeedWriter = field(default_factory=FeedWriter)
    perfs: dict[str, Any] = field(default_factory=dict)
    orders: list[dict[str, Any]] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)  # order_phones rows (issue 22)
    payments: list[dict[str, Any]] = field(default_factory=list)  # order_payments rows (issue 19)
    # Seat rows locked up front for the whole batch, by performance (batches without holds).
    seats: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The outlet has no credit limit, under a shared lock on its row until commit (None: unknown).
    credit_free: bool | None = None

    def lock_seats(self, s: Session, items: list[tuple[UUID, OrderUpload]]) -> None:
        """Lock the seats of all the orders at once: one ordered statement per performance
        instead of one per order. Only when no order names a hold: holds are locked before
        seats, so a batch with holds locks order by order."""
        if any(up.hold_ids for _, up in items):
            return
        wanted: dict[str, set[str]] = defaultdict(set)
        for _, up in items:
            for t in up.tickets:
                if t.seat_id:
                    wanted[t.performance_id].add(t.seat_id)
        for pid in sorted(wanted):
            self.seats[pid] = {
                r.seat_id: r
                for r in s.connection().execute(LOCK_SEATS, {"b_perf": pid, "b_ids": sorted(wanted[pid])})
            }

    def flush(self, s: Session) -> None:
        if self.orders:
            s.connection().execute(_INSERT_ORDER, self.orders)
            s.connection().execute(_INSERT_TICKETS, self.tickets)
            s.connection().execute(order_payments.INSERT_PAYMENTS, self.payments)
        if self.phones:
            s.connection().execute(_INSERT_PHONES, self.phones)
        self.feed.flush(s)  # last: the feed counters' row locks order the feed


def accept_order(
    s: Session,
    ctx: Central,
    caller: Caller,
    order_id: UUID,
    up: OrderUpload,
    d: str,
    *,
    exchange_credit: int = 0,
    batch: Batch | None = None,
) -> OrderReply:
    """Check and take one order in the caller's transaction. With ``batch``, the seat feed and
    the order's rows are written by ``batch.flush`` at the end of the batch instead."""
    now = ctx.now()
    offline = not up.hold_ids
    tickets = up.tickets

    # The payload must be consistent with itself before anything is looked up.
    for what, values in (
        ("ticket id", [t.ticket_id for t in tickets]),
        ("ticket code", [t.code for t in tickets]),
        ("seat", [f"{t.performance_id}/{t.seat_id}" for t in tickets if t.seat_id]),
    ):
        if len(set(values)) != len(values):
            raise unprocessable("invalid_request", f"the order repeats a {what}")
    wrong_keys = sorted({t.key_id for t in tickets if t.key_id != caller.key_id})
    if wrong_keys:
        raise unprocessable("key_unknown", "tickets must be signed with this terminal's key",
                            key_ids=wrong_keys, expected=caller.key_id)
    check_codes(s, [(t.ticket_id, t.code) for t in tickets], sandbox=ctx.sandbox)
    # Each code signed by this terminal, for its line (training codes in a sandbox, issue 25).
    order_codes.check_lines(s, caller, tickets, version=ctx.code_version)
    order_codes.check_currency(s, up, ctx)
    order_caps.check_overrides(up)
    order_payments.check(s, order_id, up)  # a wallet's transaction is this order's to claim
    if offline and up.sold_at > now + MAX_CLOCK_AHEAD:
        raise unprocessable("invalid_request", "sold_at is in the future", server_time=now.isoformat())
    if len(up.hold_ids) != len(set(up.hold_ids)):
        raise unprocessable("invalid_request", "the order repeats a hold")

    perfs = load_performance_rows(s, {t.performance_id for t in tickets}, caller,
                                  cache=batch.perfs if batch else None, ctx=ctx)
    sale_time = up.sold_at if offline else now
    per_event: dict[str, int] = defaultdict(int)
    commission_mod.check_contract(caller, sale_time)  # a partner sells within its contract
    for perf in perfs.values():
        check_sellable(perf, sale_time)
    for t in tickets:
        per_event[perfs[t.performance_id].event_id] += 1
    for perf in perfs.values():
        if per_event[perf.event_id] > perf.max_tickets_per_order:
            raise unprocessable("too_many_tickets", f"at most {perf.max_tickets_per_order} tickets",
                                event_id=perf.event_id)

    # Holds first (lock order), then seats, then standing counters.
    holds = lock_holds(s, caller, up.hold_ids, now)

    feed = batch.feed if batch else FeedWriter()
    taking = Taking(s, caller, tickets, holds, feed)
    taking.seats(batch.seats if batch is not None else None)
    sources = taking.standing()
    member = members.member_for_order(s, up)  # after the inventory's locks (lock order)
    passed, overridden = order_caps.Passed(), cast(list[dict[str, Any]], [])
    fees, coupon_used = check_prices(s, caller, up, perfs, taking.zones, per_event, sale_time, exchange_credit,
                                     overridden)
    for o in overridden:
        passed.add("price_override", o["expected"], o["got"], ticket_id=o["ticket_id"])
    if offline:
        order_caps.offline_caps(s, caller, up, batch.orders if batch else [], passed)
    holder_checks.claim_tickets(s, ctx, caller, order_id, tickets, perfs, now)  # one ticket per ID

    if coupon_used:
        res = s.execute(
            update(COUPONS)
            .where(COUPONS.c.code == up.coupon_code, COUPONS.c.used < COUPONS.c.max_uses)
            .values(used=COUPONS.c.used + 1)
        )
        if not updated_rows(res):
            raise unprocessable("coupon_invalid", "coupon used up")

    points = members.settle_order(s, ctx, caller, order_id, up, member,
                                  {p.event_id for p in perfs.values()})

    # Apply: the seats (sold, or leftovers of consumed holds freed) are written by the feed
    # flush below; the holds are closed here.
    if holds:
        s.connection().execute(_CONSUME_HOLDS, {"b_ids": sorted(holds)})

    commission = commission_mod.commission(
        caller.commission_rules, caller.commission_bps, up.total,
        ((t.price, perfs[t.performance_id].event_id, perfs[t.performance_id].category) for t in tickets))
    issued = [
        IssuedTicket(
            ticket_id=t.ticket_id, performance_id=t.performance_id, seat_id=t.seat_id,
            area_id=t.area_id, concession=t.concession, price=t.price, code=t.code, key_id=t.key_id,
        )
        for t in tickets
    ]
    reply = OrderReply(
        order_id=order_id, outlet_id=caller.outlet_id, terminal_id=caller.terminal_id,
        offline=offline, sold_at=up.sold_at, accepted_at=now, total=up.total, fees=fees,
        commission=commission, tickets=issued, order_number=up.order_number, points_earned=points,
    )
    # Core inserts: one statement for the order and one for all its tickets, no unit of work.
    order_row = dict(
        id=str(order_id), kind="outlet", outlet_id=caller.outlet_id, terminal_id=caller.terminal_id,
        digest=d, reply=reply.model_dump(mode="json"), offline=offline, sold_at=up.sold_at,
        accepted_at=now, total=up.total, fees=fees, commission=commission, tickets=len(tickets),
        member_number=member.number if member is not None else None,
    )
    ticket_rows = [
        {"id": t.ticket_id, "order_id": str(order_id), "performance_id": t.performance_id,
         "seat_id": t.seat_id, "area_id": t.area_id, "concession": t.concession, "price": t.price,
         "code": t.code, "key_id": t.key_id, "status": "valid", "outlet_id": caller.outlet_id,
         "source": sources.get(t.ticket_id, "seat"), "revoked_at": None}
        for t in tickets
    ]
    # Credit late (its row lock lasts until commit), before the feed counter, and before the
    # order's rows: every refusal comes before they are written, so that ``put_order`` can
    # look for a stored order in the same transaction and never find this attempt's own.
    # Beyond a limit, an offline sale (it happened) needs the approval it journaled.
    # Outlets without a limit are not charged here, so their orders do not queue on one row.
    if batch is not None and batch.credit_free is None:
        batch.credit_free = credit.has_no_limit(s, caller.outlet_id)
    if batch is not None and batch.credit_free:
        pass  # no limit, and none can be set before this batch commits (the shared lock)
    else:  # every path: with a hold or without, alone or batched (issue 16)
        order_caps.charge_credit(s, caller, up, up.total - commission, offline=offline, passed=passed)
    order_caps.settle(s, caller, order_id, up, passed, now)
    phone = [customers.phone_row(ctx, str(order_id), up.customer_phone, up.sold_at)] if up.customer_phone else []
    if batch is not None:
        batch.orders.append(order_row)
        batch.tickets += ticket_rows
        batch.phones += phone
        batch.payments += order_payments.rows(caller, order_id, up, up.sold_at)
    else:
        s.connection().execute(_INSERT_ORDER, order_row)
        s.connection().execute(_INSERT_TICKETS, ticket_rows)
        s.connection().execute(order_payments.INSERT_PAYMENTS, order_payments.rows(caller, order_id, up, up.sold_at))
        if phone:
            s.connection().execute(_INSERT_PHONES, phone)
    if batch is None:
        feed.flush(s)  # the seats: one UPDATE per performance, stamped with feed numbers
    return reply


"""Outlet orders, refunds and exchanges: idempotent by the terminal's UUID.

A replay with the same canonical payload answers the stored reply; the same UUID with a
different payload is a 409. Everything an order changes (seats, quotas, holds, credit,
tickets, the seat feed) commits in one transaction or not at all.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, conflict, not_found, unprocessable
from central.models import Coupon, Exchange, Hold, Order, Refund, Revocation, SeatInventory, Ticket
from central.services import credit
from central.services.admitted import refuse_admitted
from central.services.common import (
    bump,
    catalog_item,
    check_sellable,
    digest,
    half_up,
    load_performance_rows,
    load_performances,
    price_for,
)
from central.services.holds import sweep_performance
from central.services.inventory import (
    FeedWriter,
    give_back,
    lock_seats,
    standing_area,
    take_quota_exact,
)
from sync.protocol.orders import (
    ExchangeReply,
    ExchangeUpload,
    IssuedTicket,
    OrderReply,
    OrderUpload,
    RefundReply,
    RefundUpload,
    TicketLine,
)

log = logging.getLogger(__name__)
MAX_CLOCK_AHEAD = timedelta(minutes=5)
ORDERS = cast(Table, Order.__table__)
TICKETS = cast(Table, Ticket.__table__)
HOLDS = cast(Table, Hold.__table__)
SEATS = cast(Table, SeatInventory.__table__)
COUPONS = cast(Table, Coupon.__table__)
# Built once: a statement built per call costs more CPU (construction, cache key) than running it.
_REPLAY = select(ORDERS.c.kind, ORDERS.c.terminal_id, ORDERS.c.digest, ORDERS.c.reply).where(
    ORDERS.c.id == bindparam("b_id"))
_REPLAYS = select(ORDERS.c.id, ORDERS.c.kind, ORDERS.c.terminal_id, ORDERS.c.digest, ORDERS.c.reply).where(
    ORDERS.c.id.in_(bindparam("b_ids", expanding=True)))
_LOCK_HOLDS = (
    select(*HOLDS.c).where(HOLDS.c.id.in_(bindparam("b_ids", expanding=True))).order_by(HOLDS.c.id)
    .with_for_update()
)
_CONSUME_HOLDS = update(HOLDS).where(HOLDS.c.id.in_(bindparam("b_ids", expanding=True))).values(
    status="consumed")
_LOCK_SEATS = (
    select(SEATS.c.seat_id, SEATS.c.zone_id, SEATS.c.status, SEATS.c.hold_id, SEATS.c.ticket_id,
           SEATS.c.allocated_outlet)
    .where(SEATS.c.performance_id == bindparam("b_perf"), SEATS.c.seat_id.in_(bindparam("b_ids", expanding=True)))
    .order_by(SEATS.c.seat_id)
    .with_for_update()
)
_INSERT_ORDER = insert(ORDERS)
_INSERT_TICKETS = insert(TICKETS)


# ---------------------------------------------------------------- orders


def put_order(ctx: Central, caller: Caller, order_id: UUID, up: OrderUpload) -> tuple[int, OrderReply]:
    d = digest(up)
    for pid in sorted({t.performance_id for t in up.tickets}):
        sweep_performance(ctx, pid)

    # No look-up of the order id first: a replay is rare (a reply lost on the way) and fails
    # on its own seats, holds or ids, so the stored order is looked for only after a refusal,
    # in the same transaction, which is then rolled back whatever the attempt wrote.
    def tx(s: Session) -> tuple[int, OrderReply]:
        try:
            return 201, accept_order(s, ctx, caller, order_id, up, d)
        except ApiError:
            stored = _replay_order(s, caller, order_id, d)
            if stored is None:
                raise
            raise _Replayed(stored) from None

    try:
        return ctx.db.run(tx)
    except _Replayed as replayed:
        return 200, replayed.reply
    except IntegrityError:
        # Either this order committed meanwhile (a replay), or its ticket ids clash.
        stored = ctx.db.run(lambda s: _replay_order(s, caller, order_id, d))
        if stored is None:
            raise unprocessable(
                "ticket_id_taken", "a ticket id or ticket code of this order is already in use"
            ) from None
        return 200, stored


class _Replayed(Exception):
    """The order was stored before: answer its reply, and roll back the attempt."""

    def __init__(self, reply: OrderReply) -> None:
        super().__init__("replay")
        self.reply = reply


def _replay_order(s: Session, caller: Caller, order_id: UUID, d: str) -> OrderReply | None:
    existing = s.connection().execute(_REPLAY, {"b_id": str(order_id)}).first()
    if existing is None:
        return None
    return _stored_reply(existing, caller, order_id, d)


def _stored_reply(existing: Any, caller: Caller, order_id: UUID, d: str) -> OrderReply:
    if existing.kind != "outlet" or existing.terminal_id != caller.terminal_id or existing.digest != d:
        raise conflict("order id already used with a different payload", order_id=str(order_id))
    return OrderReply.model_validate(existing.reply)


# ---------------------------------------------------------------- order batches

BatchResult = tuple[int, OrderReply | ApiError]


@dataclass
class _Batch:
    """What the orders of one batch transaction share: the performance rows read, the seat
    feed (stamped once, at the end) and the order and ticket rows (inserted at the end)."""

    feed: FeedWriter = field(default_factory=FeedWriter)
    perfs: dict[str, Any] = field(default_factory=dict)
    orders: list[dict[str, Any]] = field(default_factory=list)
    tickets: list[dict[str, Any]] = field(default_factory=list)
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
                for r in s.connection().execute(_LOCK_SEATS, {"b_perf": pid, "b_ids": sorted(wanted[pid])})
            }

    def flush(self, s: Session) -> None:
        if self.orders:
            s.connection().execute(_INSERT_ORDER, self.orders)
            s.connection().execute(_INSERT_TICKETS, self.tickets)
        self.feed.flush(s)  # last: the feed counters' row locks order the feed


class _Replan(Exception):
    """An order of the batch touches a seat that an earlier one changed: the seat writes wait
    for the end of the batch, so the batch is taken order by order instead."""


def put_order_batch(
    ctx: Central, caller: Caller, items: list[tuple[UUID, OrderUpload]]
) -> list[BatchResult]:
    """Orders in sequence, each with the outcome ``put_order`` would give it alone.

    The usual batch (a drain after reconnect: every order good, or a replay) goes in one
    transaction: one commit, one feed stamp per performance, one insert of all orders and of
    all tickets. If any order is refused, clashes or touches a seat an earlier order of the
    batch changed, that transaction is rolled back whole and the orders are taken one by one,
    each in its own transaction, so that a refusal never fails the others."""
    digests = [digest(up) for _, up in items]
    for pid in sorted({t.performance_id for _, up in items for t in up.tickets}):
        sweep_performance(ctx, pid)

    def together(s: Session) -> list[BatchResult]:
        ids = [str(oid) for oid, _ in items]
        stored = {r.id: r for r in s.connection().execute(_REPLAYS, {"b_ids": ids})}
        batch = _Batch()
        batch.lock_seats(s, [(oid, up) for oid, up in items if str(oid) not in stored])
        out: list[BatchResult] = []
        for (oid, up), d in zip(items, digests, strict=True):
            existing = stored.get(str(oid))
            if existing is not None:
                try:
                    out.append((200, _stored_reply(existing, caller, oid, d)))
                except ApiError as exc:  # a conflict changes nothing: the others go on
                    out.append((exc.status, exc))
                continue
            out.append((201, accept_order(s, ctx, caller, oid, up, d, batch=batch)))
        batch.flush(s)
        return out

    try:
        return ctx.db.run(together)
    except (ApiError, IntegrityError, _Replan) as exc:
        log.info("order batch of %d taken one by one: %s", len(items), exc)
    results: list[BatchResult] = []
    for oid, up in items:
        try:
            results.append(put_order(ctx, caller, oid, up))
        except ApiError as exc:
            results.append((exc.status, exc))
    return results


def _promo_price(
    s: Session, up: OrderUpload, t: TicketLine, event_id: str, base: int, at: datetime
) -> int:
    promo = catalog_item(s, "promotion", t.promotion_id or "")
    bad = unprocessable("promotion_invalid", f"promotion {t.promotion_id} does not apply",
                        ticket_id=t.ticket_id, promotion_id=t.promotion_id)
    if promo is None:
        raise bad
    if promo.get("event_ids") and event_id not in promo["event_ids"]:
        raise bad
    if promo.get("concessions") and t.concession not in promo["concessions"]:
        raise bad
    if promo.get("valid_from") and at < datetime.fromisoformat(promo["valid_from"]):
        raise bad
    if promo.get("valid_until") and at >= datetime.fromisoformat(promo["valid_until"]):
        raise bad
    if promo.get("requires_coupon"):
        coupon = s.get(Coupon, up.coupon_code or "")
        if coupon is None or coupon.promotion_id != promo["id"]:
            raise unprocessable("coupon_invalid", "this promotion needs a valid coupon",
                                ticket_id=t.ticket_id)
    # members_only: central cannot see the member card; the terminal's journal records it.
    if promo["kind"] == "percent":
        return base - half_up(base, int(promo["value"]) * 100)
    return max(0, base - int(promo["value"]))


def accept_order(
    s: Session,
    ctx: Central,
    caller: Caller,
    order_id: UUID,
    up: OrderUpload,
    d: str,
    *,
    exchange_credit: int = 0,
    batch: _Batch | None = None,
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
    if offline and up.sold_at > now + MAX_CLOCK_AHEAD:
        raise unprocessable("invalid_request", "sold_at is in the future", server_time=now.isoformat())
    if len(up.hold_ids) != len(set(up.hold_ids)):
        raise unprocessable("invalid_request", "the order repeats a hold")

    perfs = load_performance_rows(s, {t.performance_id for t in tickets}, caller,
                                  cache=batch.perfs if batch else None, ctx=ctx)
    sale_time = up.sold_at if offline else now
    per_event: dict[str, int] = defaultdict(int)
    for perf in perfs.values():
        check_sellable(perf, sale_time)
    for t in tickets:
        per_event[perfs[t.performance_id].event_id] += 1
    for perf in perfs.values():
        if per_event[perf.event_id] > perf.max_tickets_per_order:
            raise unprocessable("too_many_tickets", f"at most {perf.max_tickets_per_order} tickets",
                                event_id=perf.event_id)

    # Holds first (lock order), then seats, then standing counters. Core, not ORM, on this
    # hot path (as for holds): the unit of work cost more CPU than the statements.
    hold_ids = sorted(str(h) for h in up.hold_ids)
    found_holds = {
        h.id: h
        for h in s.connection().execute(_LOCK_HOLDS, {"b_ids": hold_ids})
    } if hold_ids else {}
    holds: dict[str, Any] = {}
    for hid in hold_ids:
        hold = found_holds.get(hid)
        if hold is None or hold.terminal_id != caller.terminal_id:
            raise unprocessable("no_hold", f"no hold {hid} for this terminal", hold_id=hid)
        if hold.status == "expired" or (hold.status == "active" and hold.expires_at <= now):
            raise unprocessable("hold_expired", f"hold {hid} has expired", hold_id=hid)
        if hold.status != "active":
            raise unprocessable("hold_not_active", f"hold {hid} is {hold.status}", hold_id=hid)
        holds[hid] = hold

    feed = batch.feed if batch else FeedWriter()
    zones: dict[str, str | None] = {}
    by_perf: dict[str, list[TicketLine]] = defaultdict(list)
    for t in tickets:
        if t.seat_id:
            by_perf[t.performance_id].append(t)
    # The seats of the order's seat holds that it does not buy go back: lock them together
    # with the order's seats, in one ordered statement per performance.
    leftovers: dict[str, list[str]] = defaultdict(list)
    for hold in holds.values():
        hold_seats = hold.seat_ids.get("seats") or []
        if hold_seats:
            mine = {t.seat_id for t in by_perf.get(hold.performance_id, [])}
            leftovers[hold.performance_id] += [sid for sid in hold_seats if sid not in mine]
    for pid in sorted(by_perf.keys() | leftovers.keys()):
        lines = by_perf.get(pid, [])
        wanted = [t.seat_id for t in lines if t.seat_id] + leftovers.get(pid, [])
        if batch is not None and pid in batch.seats:
            rows = {sid: batch.seats[pid][sid] for sid in wanted if sid in batch.seats[pid]}
            if len(rows) < len(set(wanted)):
                missing = sorted(set(wanted) - rows.keys())
                raise unprocessable("seat_unknown", f"unknown seats {missing}", seat_ids=missing)
        else:
            rows = _lock_seat_rows(s, pid, wanted)
        if batch is not None and not rows.keys().isdisjoint(feed.changes.get(pid, {})):
            raise _Replan(f"seats of {pid} changed earlier in the batch")
        problems: dict[str, list[str]] = defaultdict(list)
        for t in lines:
            row = rows[t.seat_id or ""]
            if row.status == "held" and row.hold_id in holds:
                pass
            elif row.allocated_outlet not in (None, caller.outlet_id):
                problems["not_allocated"].append(row.seat_id)
            elif row.status == "free" and row.allocated_outlet == caller.outlet_id:
                pass  # the outlet's own allocation: sellable without a hold (offline too)
            elif row.status == "free":
                problems["no_hold"].append(row.seat_id)
            else:
                problems["seat_taken"].append(row.seat_id)
            zones[t.ticket_id] = row.zone_id
        for reason in ("seat_taken", "not_allocated", "no_hold"):
            if problems.get(reason):
                raise unprocessable(reason, f"{reason.replace('_', ' ')}: {problems[reason]}",
                                    performance_id=pid, seat_ids=problems[reason])
        for t in lines:
            feed.seat_change(pid, t.seat_id or "", "sold", t.ticket_id)
        for sid in leftovers.get(pid, []):
            row = rows[sid]
            if row.status == "held" and row.hold_id in holds and sid in (
                holds[row.hold_id].seat_ids.get("seats") or []
            ):
                feed.seat_change(pid, sid, "free", row.ticket_id)

    # Standing: consume held quantities first, then the outlet's own quota.
    sources: dict[str, str] = {}
    standing: dict[tuple[str, str], list[TicketLine]] = defaultdict(list)
    for t in tickets:
        if t.area_id:
            standing[(t.performance_id, t.area_id)].append(t)
    consumed_standing: set[str] = set()
    for (pid, area_id), lines in sorted(standing.items()):
        area = standing_area(s, pid, area_id)
        units: list[str] = []  # where each unit comes from: "quota" or "pool"
        for hold in sorted(holds.values(), key=lambda h: h.id):
            if hold.performance_id == pid and hold.area_id == area_id:
                need = len(lines) - len(units)
                from_quota = min(need, hold.from_quota)
                from_pool = min(need - from_quota, hold.from_pool)
                units += ["quota"] * from_quota + ["pool"] * from_pool
                # Whatever this hold has beyond the order goes back.
                give_back(s, pid, area_id, hold.outlet_id, hold.from_quota - from_quota,
                          hold.from_pool - from_pool)
                consumed_standing.add(hold.id)
        rest = len(lines) - len(units)
        if rest > 0:
            if not take_quota_exact(s, pid, area_id, caller.outlet_id, rest):
                raise unprocessable("no_hold", f"{rest} standing places in {area_id} have no hold "
                                    "and exceed the outlet's quota", area_id=area_id)
            units += ["quota"] * rest
        for t, src in zip(lines, units, strict=True):
            sources[t.ticket_id] = src
            zones[t.ticket_id] = area.zone_id
        feed.area(s, pid, area_id)
    for hold in holds.values():
        if hold.area_id and hold.id not in consumed_standing:
            # A standing hold named by the order but not used by it: give it all back.
            give_back(s, hold.performance_id, hold.area_id, hold.outlet_id, hold.from_quota,
                      hold.from_pool)
            feed.area(s, hold.performance_id, hold.area_id)

    # Prices: never more trusted than the catalog and the outlet's channel rules allow.
    mismatches = []
    coupon_used = False
    for t in tickets:
        perf = perfs[t.performance_id]
        base = price_for(perf, zones.get(t.ticket_id), t.concession, (caller.outlet_id, caller.outlet_kind))
        if base is None:
            raise unprocessable("price_mismatch", f"concession {t.concession} is not sold there",
                                ticket_id=t.ticket_id)
        expected = base
        if t.promotion_id:
            expected = _promo_price(s, up, t, perf.event_id, base, sale_time)
            coupon_used = coupon_used or bool(up.coupon_code)
        if t.price != expected:
            mismatches.append({"ticket_id": t.ticket_id, "expected": expected, "got": t.price})
    if mismatches:
        raise unprocessable("price_mismatch", "ticket prices differ from the catalog", tickets=mismatches)
    fees = 0
    for event_id, n in per_event.items():
        perf = next(p for p in perfs.values() if p.event_id == event_id)
        fees += perf.fee_per_order + perf.fee_per_ticket * n
    if up.fees != fees:
        raise unprocessable("fees_mismatch", "booking fees differ", expected=fees, got=up.fees)
    prices = sum(t.price for t in tickets)
    if up.total != prices + fees:
        raise unprocessable("total_mismatch", "total is not prices plus fees", expected=prices + fees)
    if sum(p.amount for p in up.payments) != up.total:
        raise unprocessable("payment_mismatch", "payments do not add up to the total")
    if sum(p.amount for p in up.payments if p.method == "exchange") > exchange_credit:
        raise unprocessable("payment_mismatch", "exchange credit exceeds the refunded amount")

    if coupon_used:
        res = s.execute(
            update(COUPONS)
            .where(COUPONS.c.code == up.coupon_code, COUPONS.c.used < COUPONS.c.max_uses)
            .values(used=COUPONS.c.used + 1)
        )
        if not res.rowcount:  # type: ignore[attr-defined]
            raise unprocessable("coupon_invalid", "coupon used up")

    # Apply: the seats (sold, or leftovers of consumed holds freed) are written by the feed
    # flush below; the holds are closed here.
    if holds:
        s.connection().execute(_CONSUME_HOLDS, {"b_ids": sorted(holds)})

    commission = half_up(up.total, caller.commission_bps)
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
        commission=commission, tickets=issued,
    )
    # Core inserts: one statement for the order and one for all its tickets, no unit of work.
    order_row = dict(
        id=str(order_id), kind="outlet", outlet_id=caller.outlet_id, terminal_id=caller.terminal_id,
        digest=d, reply=reply.model_dump(mode="json"), offline=offline, sold_at=up.sold_at,
        accepted_at=now, total=up.total, fees=fees, commission=commission, tickets=len(tickets),
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
    # An offline sale already happened; an online one may not exceed the credit limit.
    # Outlets without a limit are not charged here, so their orders do not queue on one row.
    if batch is not None and batch.credit_free is None:
        batch.credit_free = credit.has_no_limit(s, caller.outlet_id)
    if batch is not None and batch.credit_free:
        pass  # no limit, and none can be set before this batch commits (the shared lock)
    elif not credit.charge(s, caller.outlet_id, up.total - commission, enforce=not offline,
                           likely_limited=caller.outlet_kind == "partner"):
        raise unprocessable("credit_limit_exceeded", "the outlet's credit limit would be exceeded")
    if batch is not None:
        batch.orders.append(order_row)
        batch.tickets += ticket_rows
    else:
        s.connection().execute(_INSERT_ORDER, order_row)
        s.connection().execute(_INSERT_TICKETS, ticket_rows)
    if batch is None:
        feed.flush(s)  # the seats: one UPDATE per performance, stamped with feed numbers
    return reply


def _lock_seat_rows(s: Session, performance_id: str, seat_ids: list[str]) -> dict[str, Any]:
    """Lock seats (ordered by id, one SELECT ... FOR UPDATE) and return their rows by id."""
    ids = sorted(set(seat_ids))
    rows = {
        r.seat_id: r
        for r in s.connection().execute(_LOCK_SEATS, {"b_perf": performance_id, "b_ids": ids})
    }
    missing = [sid for sid in ids if sid not in rows]
    if missing:
        raise unprocessable("seat_unknown", f"unknown seats {missing}", seat_ids=missing)
    return rows


# ---------------------------------------------------------------- refunds


def put_refund(ctx: Central, caller: Caller, refund_id: UUID, up: RefundUpload) -> tuple[int, RefundReply]:
    d = digest(up)

    def tx(s: Session) -> tuple[int, RefundReply]:
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
        give_back(s, pid, area_id, order.outlet_id, q, p)
        feed.area(s, pid, area_id)
    for t in rows:
        t.status, t.revoked_at = "revoked", now
    credit.charge(s, caller.outlet_id, -(amount - half_up(amount, caller.commission_bps)), enforce=False)
    s.flush()
    feed.flush(s)
    seq = bump(s, "revocations", len(rows))
    for i, t in enumerate(rows):
        s.add(Revocation(seq=seq + i, ticket_id=t.id, code=t.code, performance_id=t.performance_id,
                         reason=kind, revoked_at=now))
    reply = RefundReply(refund_id=refund_id, order_id=order_id, ticket_ids=sorted(found),
                        amount=amount, accepted_at=now)
    s.add(
        Refund(
            id=str(refund_id), kind=kind, order_id=str(order_id), outlet_id=caller.outlet_id,
            terminal_id=caller.terminal_id, amount=amount, tickets=len(rows), digest=d,
            reply=reply.model_dump(mode="json"), refunded_at=refunded_at, accepted_at=now,
        )
    )
    s.flush()
    return reply


# ---------------------------------------------------------------- exchanges


def put_exchange(
    ctx: Central, caller: Caller, exchange_id: UUID, up: ExchangeUpload
) -> tuple[int, ExchangeReply]:
    d = digest(up)
    for pid in sorted({t.performance_id for t in up.new_order.tickets}):
        sweep_performance(ctx, pid)

    def tx(s: Session) -> tuple[int, ExchangeReply]:
        existing = s.get(Exchange, str(exchange_id))
        if existing is not None:
            if existing.terminal_id != caller.terminal_id or existing.digest != d:
                raise conflict("exchange id already used with a different payload")
            return 200, ExchangeReply.model_validate(existing.reply)
        if s.get(Order, str(up.new_order_id)) is not None or s.get(Refund, str(exchange_id)):
            raise conflict("new_order_id or exchange id already used")
        refund = refund_in(s, ctx, caller, exchange_id, up.order_id, up.old_ticket_ids,
                           up.refund_amount, up.new_order.sold_at, d, kind="exchange",
                           approved=bool(up.approved_by))
        order = accept_order(s, ctx, caller, up.new_order_id, up.new_order, digest(up.new_order),
                             exchange_credit=up.refund_amount)
        reply = ExchangeReply(exchange_id=exchange_id, refund=refund, new_order=order,
                              difference=order.total - refund.amount)
        s.add(Exchange(id=str(exchange_id), terminal_id=caller.terminal_id, digest=d,
                       reply=reply.model_dump(mode="json"), accepted_at=ctx.now()))
        return 201, reply

    try:
        return ctx.db.run(tx)
    except IntegrityError as exc:
        raise ApiError(409, "idempotency_conflict", "exchange clashes with existing data") from exc

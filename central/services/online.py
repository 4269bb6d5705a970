"""Web sales by the platform itself, competing for the same seats, and their pickup."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.customer_models import OrderPhone
from central.errors import ApiError, conflict, not_found, unprocessable
from central.keys import CentralKey
from central.models import Order, Outlet, Ticket
from central.services import customers, pickup_guard
from central.services.common import (
    check_sellable,
    digest,
    load_performances,
    price_for,
    section_gates,
    serialize,
    visible,
)
from central.services.holds import sweep_performance
from central.services.inventory import FeedWriter, lock_seats, standing_area, take_pool
from sync.protocol.online import (
    Collection,
    OnlineOrderReply,
    OnlineOrderRequest,
    PickupReply,
    PickupRequest,
)
from sync.protocol.orders import IssuedTicket

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _ticket_id() -> str:
    return "W" + "".join(secrets.choice(_B32) for _ in range(15))


def _reply(order: Order) -> OnlineOrderReply:
    data = dict(order.reply)
    if order.collected_at is not None:
        data["collected"] = Collection(
            pickup_id=UUID(order.pickup_id), collected_at=order.collected_at,
            outlet_id=order.collected_outlet or "", terminal_id=order.collected_terminal or "",
        ).model_dump(mode="json")
    return OnlineOrderReply.model_validate(data)


def put_online_order(
    ctx: Central, key: CentralKey, order_id: UUID, req: OnlineOrderRequest
) -> tuple[int, OnlineOrderReply]:
    d = digest(req)
    sweep_performance(ctx, req.performance_id)

    def tx(s: Session) -> tuple[int, OnlineOrderReply]:
        serialize(s, f"put:{order_id}")
        now = ctx.now()
        existing = s.get(Order, str(order_id))
        if existing is not None:
            if existing.kind != "online" or existing.digest != d:
                raise conflict("order id already used with a different payload")
            return 200, _reply(existing)
        perf = load_performances(s, {req.performance_id}, None)[req.performance_id]
        check_sellable(perf, now)
        n = len(req.seat_ids) or req.quantity
        if n > perf.max_tickets_per_order:
            raise unprocessable("too_many_tickets", f"at most {perf.max_tickets_per_order} tickets")
        feed = FeedWriter()
        items: list[tuple[str | None, str | None, str | None]] = []  # (seat, area, zone)
        gates = section_gates(s, perf.venue_id)
        section_of: dict[str, str] = {}  # seat id -> section id
        if req.seat_ids:
            rows = lock_seats(s, perf.id, req.seat_ids)
            section_of = {r.seat_id: r.section_id for r in rows.values()}
            allocated = [r.seat_id for r in rows.values() if r.allocated_outlet is not None]
            if allocated:
                raise unprocessable("not_allocated", "seats are allocated to outlets", seat_ids=allocated)
            taken = [r.seat_id for r in rows.values() if r.status != "free"]
            if taken:
                raise unprocessable("seat_taken", "seats are not free", seat_ids=taken)
            items = [(r.seat_id, None, r.zone_id) for r in rows.values()]
        else:
            assert req.area_id is not None
            area = standing_area(s, perf.id, req.area_id)
            if not take_pool(s, perf.id, req.area_id, n, feed):
                raise unprocessable("sold_out", f"not {n} places left", area_id=req.area_id)
            items = [(None, req.area_id, area.zone_id)] * n
        price = price_for(perf, items[0][2], req.concession, None)
        if price is None or any(price_for(perf, z, req.concession, None) != price for _, _, z in items):
            raise unprocessable("price_mismatch", f"concession {req.concession} is not sold there")
        fees = perf.fee_per_order + perf.fee_per_ticket * n
        issued = []
        for seat_id, area_id, _zone in items:
            tid = _ticket_id()
            section = section_of.get(seat_id, "") if seat_id else area_id or ""
            code = key.sign_ticket(
                tid, perf.id, seat_id or area_id or "", req.concession, gate_id=gates.get(section, ""),
                issued_at=int(now.timestamp()),  # central's clock, as its key's lifetime (issue 17)
            )
            issued.append(
                IssuedTicket(ticket_id=tid, performance_id=perf.id, seat_id=seat_id, area_id=area_id,
                             concession=req.concession, price=price, code=code, key_id=key.key_id)
            )
        if req.seat_ids:
            for t in issued:
                row = rows[t.seat_id or ""]
                row.status, row.ticket_id = "sold", t.ticket_id
                feed.seat(row)
        if req.pickup_outlet_id is not None and s.get(Outlet, req.pickup_outlet_id) is None:
            raise unprocessable("invalid_request", f"no outlet {req.pickup_outlet_id} to collect at")
        pickup = _pickup_code(s)
        number = _order_number(s)
        total = price * n + fees
        digits = "".join(c for c in req.buyer_phone if c.isdigit())
        reply = OnlineOrderReply(order_id=order_id, pickup_code=pickup, performance_id=perf.id,
                                 buyer_name=req.buyer_name, total=total, created_at=now, tickets=issued,
                                 order_number=number, buyer_phone_last4=digits[-4:],
                                 pickup_outlet_id=req.pickup_outlet_id)
        s.add(Order(id=str(order_id), kind="online", digest=d, reply=reply.model_dump(mode="json"),
                    sold_at=now, accepted_at=now, total=total, fees=fees, commission=0,
                    tickets=n, pickup_code=pickup, number=number, pickup_outlet=req.pickup_outlet_id))
        s.flush()
        s.add_all(
            Ticket(id=t.ticket_id, order_id=str(order_id), performance_id=perf.id, seat_id=t.seat_id,
                   area_id=t.area_id, concession=t.concession, price=t.price, code=t.code,
                   key_id=t.key_id, status="valid", outlet_id=None, source="pool" if t.area_id else "seat")
            for t in issued
        )
        mobile = customers.mobile_digits(digits)
        if mobile is not None:  # findable by customer service (issue 22)
            s.add(OrderPhone(**customers.phone_row(ctx, str(order_id), mobile, now)))
        s.flush()
        feed.flush(s)
        return 201, reply

    try:
        return ctx.db.run(tx)
    except IntegrityError:
        # The same order committed concurrently, or (rarely) a pickup code collided: retry once.
        return ctx.db.run(tx)


def _pickup_code(s: Session) -> str:
    for _ in range(20):
        code = f"{secrets.randbelow(10**8):08d}"
        if s.scalars(select(Order.id).where(Order.pickup_code == code)).first() is None:
            return code
    raise ApiError(503, "busy", "could not allocate a pickup code")


def _order_number(s: Session) -> str:
    for _ in range(20):
        number = f"W{secrets.randbelow(10**9):09d}"
        if s.scalars(select(Order.id).where(Order.number == number)).first() is None:
            return number
    raise ApiError(503, "busy", "could not allocate an order number")


def get_online_order(ctx: Central, order_id: UUID) -> OnlineOrderReply:
    def tx(s: Session) -> OnlineOrderReply:
        order = s.get(Order, str(order_id))
        if order is None or order.kind != "online":
            raise not_found(f"online order {order_id}")
        return _reply(order)

    return ctx.db.run(tx)


def put_pickup(ctx: Central, caller: Caller, pickup_id: UUID, req: PickupRequest) -> tuple[int, PickupReply]:
    def build(order: Order) -> PickupReply:
        assert order.collected_at is not None
        return PickupReply(pickup_id=pickup_id, collected_at=order.collected_at,
                           outlet_id=order.collected_outlet or "", terminal_id=order.collected_terminal or "",
                           order=_reply(order))

    def tx(s: Session) -> tuple[int, PickupReply] | ApiError:
        serialize(s, f"put:{pickup_id}")
        now: datetime = ctx.now()
        previous = s.scalars(select(Order).where(Order.pickup_id == str(pickup_id))).first()
        if previous is not None:
            if previous.pickup_code != req.pickup_code or previous.collected_terminal != caller.terminal_id:
                raise conflict("pickup id already used for another pickup")
            return 200, build(previous)
        order = s.scalars(
            select(Order).where(Order.pickup_code == req.pickup_code, Order.kind == "online").with_for_update()
        ).first()
        if order is None or order.pickup_outlet != caller.outlet_id:
            # A pickup by code is a guess of a code as much as a look-up is: counted the same
            # way. An order of the caller's own pickup feed is not (the outlet holds its code,
            # and an offline collection must reach central whatever the counter says).
            pickup_guard.check_terminal(s, caller, now)
        perf = None if order is None else load_performances(
            s, {order.reply["performance_id"]}, None)[order.reply["performance_id"]]
        if order is None or perf is None or not visible(perf, caller):
            pickup_guard.record_miss(s, caller, kind="code", order_id=None, now=now)
            return ApiError(404, "unknown_pickup_code", "no online order has this pickup code")
        if order.pickup_outlet is not None and order.pickup_outlet != caller.outlet_id:
            # Orders assigned to an outlet are in its offline pickup feed: collecting them
            # elsewhere could hand the same tickets out twice.
            raise ApiError(409, "wrong_outlet", f"this order is collected at outlet {order.pickup_outlet}",
                           outlet_id=order.pickup_outlet)
        if order.collected_at is not None:
            raise ApiError(
                409, "already_collected", "this order was already collected",
                collected_at=order.collected_at.isoformat(), outlet_id=order.collected_outlet,
                terminal_id=order.collected_terminal,
            )
        when = now
        if req.collected_at is not None:
            # Handed out offline from the pickup feed: keep when it really happened.
            if req.collected_at > now + timedelta(minutes=5) or req.collected_at < order.accepted_at:
                raise unprocessable("invalid_request", "collected_at is outside the order's life",
                                    server_time=now.isoformat())
            when = req.collected_at
        order.collected_at, order.collected_outlet = when, caller.outlet_id
        order.collected_terminal, order.pickup_id = caller.terminal_id, str(pickup_id)
        s.flush()
        return 201, build(order)

    outcome = ctx.db.run(tx)
    if isinstance(outcome, ApiError):
        raise outcome  # its miss is committed
    return outcome

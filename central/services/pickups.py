"""Finding online orders for pickup at an outlet (取票), and the outlet's pickup feed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, unprocessable
from central.models import Order
from central.services import pickup_guard
from central.services.common import load_performances, visible
from central.services.online import _reply
from sync.protocol.aftersales import PickupFeed
from sync.protocol.online import OnlineOrderReply

FEED_LIMIT = 2000
_UNKNOWN = "no online order matches (check the pickup code, or the order number and phone digits)"


def _visible(s: Session, order: Order, caller: Caller) -> bool:
    pid = order.reply["performance_id"]
    perf = load_performances(s, {pid}, None).get(pid)
    return perf is not None and visible(perf, caller)


def lookup(
    ctx: Central, caller: Caller, *, code: str | None, number: str | None, phone_last4: str | None
) -> OnlineOrderReply:
    """By pickup code, or by order number plus the last 4 digits of the buyer's phone. A wrong
    phone answers exactly like an unknown order, so the look-up tells a guesser nothing; and
    misses are counted (``pickup_guard``): too many lock the order or the terminal out.

    Only orders this outlet may hand out are found: assigned to it, or assigned to none and on
    sale to it; one assigned elsewhere is answered ``wrong_outlet`` (where to send the buyer),
    nothing more. The reply never carries the tickets' codes (``codes_withheld``): they come
    with the committed pickup (``PUT /v1/pickups/{id}``)."""
    if bool(code) == bool(number):
        raise unprocessable("invalid_request", "give a pickup code, or an order number and phone digits")
    if number and not phone_last4:
        raise unprocessable("invalid_request", "an order number needs the last 4 digits of the phone")

    def tx(s: Session) -> OnlineOrderReply | ApiError:
        now = ctx.now()
        pickup_guard.check_terminal(s, caller, now)
        where = Order.pickup_code == code if code else Order.number == number
        order = s.scalars(select(Order).where(where, Order.kind == "online")).first()
        if order is None or not _visible(s, order, caller):
            pickup_guard.record_miss(s, caller, kind="code" if code else "number", order_id=None, now=now)
            return ApiError(404, "unknown_pickup_code", _UNKNOWN)  # committed with its miss, then raised
        if number:
            pickup_guard.check_order(s, order.id, now)
            if order.reply.get("buyer_phone_last4") != phone_last4:
                pickup_guard.record_miss(s, caller, kind="phone", order_id=order.id, now=now)
                return ApiError(404, "unknown_pickup_code", _UNKNOWN)
        if order.pickup_outlet is not None and order.pickup_outlet != caller.outlet_id:
            return ApiError(409, "wrong_outlet", f"this order is collected at outlet {order.pickup_outlet}",
                            outlet_id=order.pickup_outlet)
        return withhold_codes(_reply(order))

    outcome = ctx.db.run(tx)
    if isinstance(outcome, ApiError):
        raise outcome
    return outcome


def withhold_codes(reply: OnlineOrderReply) -> OnlineOrderReply:
    """The reply without the tickets' codes: a look-up is not a collection."""
    tickets = [t.model_copy(update={"code": ""}) for t in reply.tickets]
    return reply.model_copy(update={"tickets": tickets, "codes_withheld": True})


def feed(ctx: Central, caller: Caller) -> PickupFeed:
    """Orders assigned to the caller's outlet, collected or not (a collected one tells the
    offline terminal when and where). They keep their tickets' codes: the outlet hands them
    out while central is unreachable and must print them then; only orders assigned to the
    caller's own outlet are in it, and it takes no guess to read."""

    def tx(s: Session) -> PickupFeed:
        rows = s.scalars(
            select(Order).where(Order.kind == "online", Order.pickup_outlet == caller.outlet_id)
            .order_by(Order.accepted_at.desc()).limit(FEED_LIMIT)
        ).all()
        return PickupFeed(orders=[_reply(o) for o in rows], server_time=ctx.now())

    return ctx.db.run(tx)

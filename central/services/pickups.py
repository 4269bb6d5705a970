"""Finding online orders for pickup at an outlet (取票), and the outlet's pickup feed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError, unprocessable
from central.models import Order
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
    phone answers exactly like an unknown order, so the look-up tells a guesser nothing."""
    if bool(code) == bool(number):
        raise unprocessable("invalid_request", "give a pickup code, or an order number and phone digits")
    if number and not phone_last4:
        raise unprocessable("invalid_request", "an order number needs the last 4 digits of the phone")

    def tx(s: Session) -> OnlineOrderReply:
        where = Order.pickup_code == code if code else Order.number == number
        order = s.scalars(select(Order).where(where, Order.kind == "online")).first()
        if order is None or not _visible(s, order, caller):
            raise ApiError(404, "unknown_pickup_code", _UNKNOWN)
        if number and order.reply.get("buyer_phone_last4") != phone_last4:
            raise ApiError(404, "unknown_pickup_code", _UNKNOWN)
        return _reply(order)

    return ctx.db.run(tx)


def feed(ctx: Central, caller: Caller) -> PickupFeed:
    """Orders assigned to the caller's outlet, collected or not (a collected one tells the
    offline terminal when and where)."""

    def tx(s: Session) -> PickupFeed:
        rows = s.scalars(
            select(Order).where(Order.kind == "online", Order.pickup_outlet == caller.outlet_id)
            .order_by(Order.accepted_at.desc()).limit(FEED_LIMIT)
        ).all()
        return PickupFeed(orders=[_reply(o) for o in rows], server_time=ctx.now())

    return ctx.db.run(tx)

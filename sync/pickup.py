"""Pickup of online orders (取票) with central: look up, collect once, and the outlet's feed.

Central is asked first: it alone knows whether an order was collected anywhere. When it
cannot be reached, an order central assigned to this outlet (pulled by
:func:`pull_pickup_feed`) can still be handed out; the collection is queued for central.

Central's look-up answers without the tickets' codes (it is not a collection, and a
look-up by number is guessable); the feed, for this outlet's own orders, carries them for
offline pickup. The cache keeps the feed's codes when a look-up without codes is cached
over them, and the tickets printed after an online collection are the committed pickup's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from pos.errors import NotFound, PosError
from pos.pickup.service import (
    AlreadyCollected,
    Collection,
    PickupOrder,
    PickupQuery,
    PickupTicket,
    PickupUnavailable,
    cache_orders,
    describe_collection,
    find_cached,
    record_collection,
    refuse_if_collected,
)
from pos.staff.access import StaffSession
from pos.store.db import Store
from pos.terminal import connectivity
from sync.protocol.aftersales import PickupFeed
from sync.protocol.online import OnlineOrderReply, PickupReply, PickupRequest
from sync.transport import CentralClient, CentralRejected, CentralUnreachable


class PickupRefused(PosError):
    code = "pickup_refused"


@dataclass(frozen=True, slots=True)
class PickupResult:
    order: PickupOrder
    pickup_id: str
    offline: bool  # handed out from this outlet's copy; central hears of it later


def from_reply(r: OnlineOrderReply) -> PickupOrder:
    c = r.collected
    return PickupOrder(
        order_id=str(r.order_id),
        order_number=r.order_number,
        pickup_code=r.pickup_code,
        performance_id=r.performance_id,
        buyer_name=r.buyer_name,
        buyer_phone_last4=r.buyer_phone_last4,
        pickup_outlet_id=r.pickup_outlet_id,
        total=r.total,
        created_at=r.created_at,
        tickets=tuple(
            PickupTicket(t.ticket_id, t.performance_id, t.seat_id, t.area_id, t.concession, t.price, t.code)
            for t in r.tickets
            if t.status == "valid"
        ),
        collected=Collection(c.collected_at, c.outlet_id, c.terminal_id) if c else None,
    )


def pull_pickup_feed(store: Store, client: CentralClient) -> int:
    """Cache the online orders central assigned to this outlet for pickup."""
    feed = client.get("/pickups/feed", PickupFeed)
    return cache_orders(store, [from_reply(o) for o in feed.orders])


def _params(query: PickupQuery) -> dict[str, str]:
    if query.code:
        return {"code": query.code}
    return {"order_number": query.order_number or "", "phone_last4": query.phone_last4 or ""}


def _refusal(exc: CentralRejected, order: PickupOrder | None) -> PosError:
    if exc.reason == "already_collected":
        c = _collection(exc)
        label = f"order {order.order_number or order.order_id}" if order else "this order"
        return AlreadyCollected(
            f"{label} was {describe_collection(c)}",
            collected_at=c.collected_at.isoformat(),
            outlet_id=c.outlet_id,
            terminal_id=c.terminal_id,
        )
    if exc.reason in ("unknown_pickup_code", "not_found"):
        return NotFound(
            "no online order matches (check the pickup code, or the order number and phone digits)"
        )
    return PickupRefused(exc.message, reason=exc.reason)


def lookup(store: Store, client: CentralClient | None, query: PickupQuery) -> tuple[PickupOrder, bool]:
    """The order, and whether it came from this outlet's copy because central is unreachable."""
    if client is not None:
        try:
            reply = client.get("/pickups/lookup", OnlineOrderReply, params=_params(query))
        except CentralUnreachable as exc:
            connectivity.record_offline(store, reason=exc.message)
        except CentralRejected as exc:
            raise _refusal(exc, None) from None
        else:
            order = from_reply(reply)
            cache_orders(store, [order])
            return order, False
    try:
        return find_cached(store, query), True
    except NotFound:
        raise PickupUnavailable(
            "central cannot be reached and this order was not sent to this outlet for pickup: "
            "try again when the terminal is online"
        ) from None


def collect(
    store: Store,
    client: CentralClient | None,
    *,
    query: PickupQuery,
    actor: StaffSession,
    pickup_id: str | None = None,
    now: datetime | None = None,
) -> PickupResult:
    """Hand out an online order: once, anywhere. A second pickup is refused with when and where."""
    pickup_id = pickup_id or str(uuid.uuid4())
    order, offline = lookup(store, client, query)
    refuse_if_collected(order)
    if not offline and client is not None:
        try:
            reply = client.put(
                f"/pickups/{pickup_id}", PickupRequest(pickup_code=order.pickup_code), PickupReply
            )
        except CentralUnreachable as exc:
            connectivity.record_offline(store, reason=exc.message)
            offline = True
        except CentralRejected as exc:
            refusal = _refusal(exc, order)
            if isinstance(refusal, AlreadyCollected):
                cache_orders(store, [replace(order, collected=_collection(exc))])
            raise refusal from None
        else:
            collected = from_reply(reply.order)
            done = record_collection(
                store,
                order=collected,
                actor=actor,
                pickup_id=pickup_id,
                collected_at=reply.collected_at,
                offline=False,
            )
            return PickupResult(done, pickup_id, False)
    done = record_collection(
        store,
        order=order,
        actor=actor,
        pickup_id=pickup_id,
        collected_at=now or datetime.now(UTC),
        offline=True,
    )
    return PickupResult(done, pickup_id, True)


def _collection(exc: CentralRejected) -> Collection:
    when = str(exc.details.get("collected_at", ""))
    return Collection(
        datetime.fromisoformat(when) if when else datetime.now(UTC),
        str(exc.details.get("outlet_id") or ""),
        str(exc.details.get("terminal_id") or ""),
    )

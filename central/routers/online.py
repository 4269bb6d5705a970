from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from central.deps import Ctx, Key, Platform, Terminal, errors, idempotent_put, with_status
from central.services import online
from sync.protocol.online import OnlineOrderReply, OnlineOrderRequest, PickupReply, PickupRequest

router = APIRouter(tags=["online"])


@idempotent_put(router, "/online-orders/{order_id}", OnlineOrderReply, 401, 409)
def put_online_order(
    order_id: UUID, req: OnlineOrderRequest, platform: Platform, ctx: Ctx, key: Key, response: Response
) -> OnlineOrderReply:
    """A web sale (platform token only): competes for the same seats as the outlets."""
    del platform
    return with_status(response, online.put_online_order(ctx, key, order_id, req))


@router.get("/online-orders/{order_id}", response_model=OnlineOrderReply, responses=errors(401, 404))
def get_online_order(order_id: UUID, platform: Platform, ctx: Ctx) -> OnlineOrderReply:
    del platform
    return online.get_online_order(ctx, order_id)


@idempotent_put(router, "/pickups/{pickup_id}", PickupReply, 401, 404, 409, 429)
def put_pickup(
    pickup_id: UUID, req: PickupRequest, caller: Terminal, ctx: Ctx, response: Response
) -> PickupReply:
    """Collect an online order by its pickup code (取票码): once only; 409 says when and where."""
    return with_status(response, online.put_pickup(ctx, caller, pickup_id, req))

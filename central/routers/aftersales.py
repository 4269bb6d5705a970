from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query, Response

from central.deps import Ctx, Terminal, errors, idempotent_put, with_status
from central.services import pickups, voids
from sync.protocol.aftersales import PickupFeed, VoidReply, VoidUpload
from sync.protocol.online import OnlineOrderReply

router = APIRouter(tags=["after-sales and pickup"])


@idempotent_put(router, "/voids/{void_id}", VoidReply, 401, 404, 409)
def put_void(void_id: UUID, up: VoidUpload, caller: Terminal, ctx: Ctx, response: Response) -> VoidReply:
    """Undo a sale minutes old: every ticket revoked, everything paid (fees too) given back."""
    return with_status(response, voids.put_void(ctx, caller, void_id, up))


@router.get("/pickups/lookup", response_model=OnlineOrderReply, responses=errors(401, 404, 409, 429))
def lookup_pickup(
    caller: Terminal,
    ctx: Ctx,
    code: str | None = Query(default=None, pattern=r"^[0-9]{8}$"),
    order_number: str | None = Query(default=None, pattern=r"^W[0-9]{9}$"),
    phone_last4: str | None = Query(default=None, pattern=r"^[0-9]{4}$"),
) -> OnlineOrderReply:
    """Find an online order to hand out: by pickup code, or order number + phone's last 4 digits.
    Only orders this outlet may hand out; no ticket codes until collected; misses are counted
    and too many answer 429 (``pickup_locked`` for the order, ``pickup_throttled`` for the
    terminal)."""
    return pickups.lookup(ctx, caller, code=code, number=order_number, phone_last4=phone_last4)


@router.get("/pickups/feed", response_model=PickupFeed, responses=errors(401))
def pickup_feed(caller: Terminal, ctx: Ctx) -> PickupFeed:
    """Online orders to be collected at the caller's outlet (for pickup while offline)."""
    return pickups.feed(ctx, caller)

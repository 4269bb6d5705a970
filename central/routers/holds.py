from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from central.deps import Ctx, Terminal, errors
from central.services import holds
from sync.protocol.holds import HolderCheck, HoldExtend, HoldReply, HoldRequest

router = APIRouter(prefix="/holds", tags=["holds"])


@router.put("/{hold_id}", response_model=HoldReply,
            responses={201: {"model": HoldReply}, **errors(401, 409)})
def put_hold(hold_id: UUID, req: HoldRequest, caller: Terminal, ctx: Ctx) -> Response:
    """Hold seats or a standing quantity, all or nothing. Same id and body: same hold."""
    status, reply = holds.create_hold(ctx, caller, hold_id, req)
    # Already a validated HoldReply: serialise it once, skipping FastAPI's re-validation.
    return Response(reply.model_dump_json(), status_code=status, media_type="application/json")


@router.get("/{hold_id}", response_model=HoldReply, responses=errors(401, 404))
def get_hold(hold_id: UUID, caller: Terminal, ctx: Ctx) -> HoldReply:
    return holds.get_hold(ctx, caller, hold_id)


@router.post("/{hold_id}/holders", response_model=HoldReply, responses=errors(401, 404, 409))
def check_holders(hold_id: UUID, req: HolderCheck, caller: Terminal, ctx: Ctx) -> HoldReply:
    """One ticket per ID per performance: check a held cart's holders before payment."""
    return holds.check_holders(ctx, caller, hold_id, req.holders)


@router.post("/{hold_id}/extend", response_model=HoldReply, responses=errors(401, 404))
def extend(hold_id: UUID, req: HoldExtend, caller: Terminal, ctx: Ctx) -> HoldReply:
    return holds.extend_hold(ctx, caller, hold_id, req)


@router.delete("/{hold_id}", response_model=HoldReply, responses=errors(401, 404))
def release(hold_id: UUID, caller: Terminal, ctx: Ctx) -> HoldReply:
    return holds.release(ctx, caller, hold_id)

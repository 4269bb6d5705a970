from __future__ import annotations

from fastapi import APIRouter, Request

from central.deps import Ctx, Terminal, errors
from central.models import Outlet
from central.services import enrolment
from sync.protocol.enrolment import EnrolReply, EnrolRequest, OfflineCaps, WhoAmI

router = APIRouter(tags=["enrolment"])


@router.post("/enrol", response_model=EnrolReply, status_code=201, responses=errors(403, 409))
def enrol(req: EnrolRequest, ctx: Ctx, request: Request) -> EnrolReply:
    """Exchange a one-time enrolment code and the terminal's Ed25519 public key for a token."""
    return enrolment.enrol(ctx, req, request.app.state.central_key.key_id)


@router.get("/me", response_model=WhoAmI, responses=errors(401))
def me(caller: Terminal, ctx: Ctx) -> WhoAmI:
    """Who the token belongs to, and the offline caps of its outlet."""
    outlet = ctx.db.run(lambda s: s.get(Outlet, caller.outlet_id))
    caps = (
        OfflineCaps(
            max_sale_value=outlet.offline_max_sale,
            max_total_value=outlet.offline_max_total,
            max_hours=outlet.offline_max_hours,
        )
        if outlet
        else None
    )
    return WhoAmI(
        terminal_id=caller.terminal_id,
        terminal_name=caller.terminal_name,
        outlet_id=caller.outlet_id,
        outlet_kind=caller.outlet_kind,
        key_id=caller.key_id,
        server_time=ctx.now(),
        offline_caps=caps,
        holder_seal_key=ctx.holders().public_b64,
    )

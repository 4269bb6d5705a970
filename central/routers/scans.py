from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from central.deps import Ctx, Terminal, errors
from central.services import closeouts, scans
from sync.protocol.closeouts import CloseoutReply, CloseoutUpload
from sync.protocol.scans import ScanBatch, ScanBatchReply

router = APIRouter(tags=["doors and close-outs"])


@router.post("/scans", response_model=ScanBatchReply, responses=errors(401))
def post_scans(batch: ScanBatch, caller: Terminal, ctx: Ctx) -> ScanBatchReply:
    """Upload door scans; idempotent per nonce. Conflicting admissions come back per scan."""
    return scans.upload_scans(ctx, caller, batch)


@router.put("/closeouts/{closeout_id}", response_model=CloseoutReply,
            responses={201: {"model": CloseoutReply}, **errors(401, 409)})
def put_closeout(
    closeout_id: UUID, up: CloseoutUpload, caller: Terminal, ctx: Ctx, response: Response
) -> CloseoutReply:
    status, reply = closeouts.put_closeout(ctx, caller, closeout_id, up)
    response.status_code = status
    return reply

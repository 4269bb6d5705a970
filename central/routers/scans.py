from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from central.deps import Ctx, Terminal, errors, idempotent_put, with_status
from central.services import closeouts, scans
from sync.protocol.catalog import Id
from sync.protocol.closeouts import CloseoutReply, CloseoutUpload
from sync.protocol.scans import DoubleAdmissionsReply, ScanBatch, ScanBatchReply, ScansPage

router = APIRouter(tags=["doors and close-outs"])


@router.post("/scans", response_model=ScanBatchReply, responses=errors(401, 403))
def post_scans(batch: ScanBatch, caller: Terminal, ctx: Ctx) -> ScanBatchReply:
    """Upload door scans; idempotent per nonce. Conflicting admissions come back per scan.
    Only a terminal bound as a door (403 ``not_a_door`` otherwise); each scan is refused
    (``wrong_venue``, ``unknown_ticket``, ``scan_time_refused``) unless its ticket is one
    central issued for a venue this door is bound to, scanned after its sale and not later
    than central's clock allows."""
    return scans.upload_scans(ctx, caller, batch)


@router.get("/feeds/scans", response_model=ScansPage, responses=errors(401, 403, 422))
def scans_feed(
    caller: Terminal, ctx: Ctx, performance_id: Annotated[Id, Query()],
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0, limit: Annotated[int, Query(ge=1, le=5000)] = 5000,
) -> ScansPage:
    """Accepted scans (admissions and exits) of a performance, for the doors of its venue
    (403 ``not_a_door`` to any other terminal)."""
    return scans.scans_page(ctx, caller, performance_id, cursor, limit)


@router.get("/scans/double-admissions", response_model=DoubleAdmissionsReply, responses=errors(401, 403, 422))
def get_double_admissions(
    caller: Terminal, ctx: Ctx, performance_id: Annotated[Id, Query()]
) -> DoubleAdmissionsReply:
    """Tickets admitted more than once while doors could not hear each other (for the doors
    of the performance's venue)."""
    return scans.double_admissions(ctx, caller, performance_id)


@idempotent_put(router, "/closeouts/{closeout_id}", CloseoutReply, 401, 409)
def put_closeout(
    closeout_id: UUID, up: CloseoutUpload, caller: Terminal, ctx: Ctx, response: Response
) -> CloseoutReply:
    return with_status(response, closeouts.put_closeout(ctx, caller, closeout_id, up))

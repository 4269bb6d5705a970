"""This terminal's lease of offline stock (issue 17): a token reaches only its own."""

from __future__ import annotations

from fastapi import APIRouter

from central.deps import Ctx, Terminal, errors
from central.services import leases
from sync.protocol.leases import LeaseReply

router = APIRouter(prefix="/lease", tags=["leases"])


@router.get("", response_model=LeaseReply, responses=errors(401))
def get_lease(caller: Terminal, ctx: Ctx) -> LeaseReply:
    """What this terminal may sell offline, as central counts it now."""
    return leases.current(ctx, caller)


@router.post("", response_model=LeaseReply, responses=errors(401))
def refill_lease(caller: Terminal, ctx: Ctx) -> LeaseReply:
    """Top this terminal's lease up to its outlet's lease size (after uploading its sales)."""
    return leases.refill(ctx, caller)


@router.delete("", response_model=LeaseReply, responses=errors(401))
def return_lease(caller: Terminal, ctx: Ctx) -> LeaseReply:
    """Give the whole lease back to the outlet."""
    return leases.give_back_all(ctx, caller)

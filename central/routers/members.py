"""Members (issue 22): look-ups, the member feed, and points authorisations."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response

from central.deps import Ctx, Terminal, errors, idempotent_put, with_status
from central.errors import unprocessable
from central.services import members
from sync.protocol.members import (
    MemberLookup,
    MemberReply,
    MembersPage,
    PointsAuthReply,
    PointsAuthRequest,
)

router = APIRouter(tags=["members"])
Number = Annotated[str, Path(pattern=r"^[A-Z0-9]{4,20}$")]


@router.get("/members/{number}", response_model=MemberReply, responses=errors(401, 404))
def get_member(number: Number, caller: Terminal, ctx: Ctx) -> MemberReply:
    """A member by number: tier, masked phone and name, points (404 ``member_unknown``)."""
    return members.find(ctx, caller, number=number)


@router.post("/members/lookup", response_model=MemberReply, responses=errors(401, 404, 429))
def lookup(req: MemberLookup, caller: Terminal, ctx: Ctx) -> MemberReply:
    """A member by number or by full phone number (exactly one of them). Phone look-ups are
    logged and throttled per terminal (429 ``member_lookup_throttled``)."""
    if (req.number is None) == (req.phone is None):
        raise unprocessable("invalid_request", "give a member number or a phone number")
    return members.find(ctx, caller, number=req.number, phone=req.phone)


@router.get("/feeds/members", response_model=MembersPage, responses=errors(401))
def member_feed(
    caller: Terminal, ctx: Ctx, cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> MembersPage:
    """Members changed after ``cursor``: number, tier, masked phone, points free as of then."""
    return members.members_page(ctx, caller, cursor, limit)


@idempotent_put(router, "/points-authorisations/{auth_id}", PointsAuthReply, 401, 404, 409)
def put_points_authorisation(
    auth_id: UUID, req: PointsAuthRequest, caller: Terminal, ctx: Ctx, response: Response
) -> PointsAuthReply:
    """Hold a member's points for an order this terminal is about to sell (consumed by that
    order's upload, released by DELETE, or expired after ``ttl_seconds``)."""
    return with_status(response, members.authorise_points(ctx, caller, auth_id, req))


@router.delete("/points-authorisations/{auth_id}", response_model=PointsAuthReply, responses=errors(401, 404))
def release_points_authorisation(auth_id: UUID, caller: Terminal, ctx: Ctx) -> PointsAuthReply:
    """The sale failed: give the points back (this terminal's authorisations only)."""
    return members.release_points(ctx, caller, auth_id)

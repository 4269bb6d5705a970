"""A city partner's account, read by its own terminals (issue 24): any other outlet's token
is refused with 403."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response

from central.deps import Ctx, Terminal, errors
from central.services import partner
from sync.protocol.partner import MismatchList, PartnerAccount, Statement, statement_csv

router = APIRouter(tags=["partner account"])
OutletId = Path(pattern=r"^[A-Za-z0-9_.:-]{1,40}$")


@router.get("/outlets/{outlet_id}/account", response_model=PartnerAccount, responses=errors(401, 403, 404))
def get_account(caller: Terminal, ctx: Ctx, outlet_id: str = OutletId) -> PartnerAccount:
    """The outlet's terms (commission rules, credit limit, contract) and its credit now."""
    partner.own_outlet(caller, outlet_id)
    return partner.account(ctx, outlet_id)


@router.get(
    "/outlets/{outlet_id}/statement",
    response_model=Statement,
    responses={**errors(401, 403, 404), 200: {"content": {"text/csv": {}}}},
)
async def get_statement(
    caller: Terminal,
    ctx: Ctx,
    date_from: Annotated[date, Query(alias="from")],
    date_to: Annotated[date, Query(alias="to")],
    outlet_id: str = OutletId,
    format: Literal["json", "csv"] = Query(default="json"),
) -> Response | Statement:
    """What the outlet owes, day ``from`` to day ``to`` inclusive (business time zone): its
    sales, refunds, commission and payments, line by line with a running balance."""
    partner.own_outlet(caller, outlet_id)
    st = await run_in_threadpool(partner.statement, ctx, outlet_id, date_from, date_to)
    if format == "csv":
        return PlainTextResponse(statement_csv(st), media_type="text/csv; charset=utf-8")
    return st


@router.get("/outlets/{outlet_id}/mismatches", response_model=MismatchList, responses=errors(401, 403))
def get_mismatches(
    caller: Terminal, ctx: Ctx, outlet_id: str = OutletId, limit: int = Query(default=50, ge=1, le=500)
) -> MismatchList:
    """The outlet's close-outs whose totals disagreed with central's, newest first."""
    partner.own_outlet(caller, outlet_id)
    return partner.mismatches(ctx, outlet_id, limit)

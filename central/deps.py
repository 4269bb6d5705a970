"""FastAPI dependencies: the service context and the authenticated caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.types import DecoratedCallable
from pydantic import BaseModel

from central.context import Caller, Central
from central.errors import ApiError
from central.keys import CentralKey
from central.services import contacts, enrolment
from central.services.common import token_hash
from sync.protocol.common import ErrorReply

T = TypeVar("T")
bearer = HTTPBearer(auto_error=False, description="Terminal token from enrolment")


async def get_ctx(request: Request) -> Central:
    # async: a plain ``def`` dependency costs a hop to the threadpool on every request.
    ctx: Central = request.app.state.central
    return ctx


async def get_key(request: Request) -> CentralKey:
    key: CentralKey = request.app.state.central_key
    return key


def _token(creds: HTTPAuthorizationCredentials | None) -> str:
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise ApiError(401, "unauthorized", "a bearer token is required")
    if len(creds.credentials) > 200:
        raise ApiError(401, "unauthorized", "malformed bearer token")
    return creds.credentials


async def get_caller(
    ctx: Annotated[Central, Depends(get_ctx)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    token = _token(creds)
    caller = ctx.cached_caller(token_hash(token))
    if caller is None:  # usually cached: no database, so no threadpool hop either
        caller = await run_in_threadpool(enrolment.authenticate, ctx, token)
    if contacts.due(ctx, caller.terminal_id):  # before the handler: it may judge times by it
        await run_in_threadpool(contacts.record, ctx, caller.terminal_id)
    return caller


def get_platform(
    ctx: Annotated[Central, Depends(get_ctx)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    return enrolment.authenticate_platform(ctx, _token(creds))


def idempotent_put(
    router: APIRouter, path: str, reply: type[BaseModel], *codes: int
) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """A ``PUT`` by the client's UUID, documented as such: 201 with the reply when stored now,
    200 with the stored reply on a retry (see ``with_status``), and the given error codes."""
    return router.put(path, response_model=reply, responses={201: {"model": reply}, **errors(*codes)})


def with_status(response: Response, outcome: tuple[int, T]) -> T:
    """An idempotent PUT's reply: 201 when stored now, 200 when it answers a retry."""
    status, reply = outcome
    response.status_code = status
    return reply


Ctx = Annotated[Central, Depends(get_ctx)]
Terminal = Annotated[Caller, Depends(get_caller)]
Platform = Annotated[str, Depends(get_platform)]
Key = Annotated[CentralKey, Depends(get_key)]


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the error replies a route can give."""
    return {code: {"model": ErrorReply} for code in (*codes, 413, 422)}

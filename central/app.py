"""The FastAPI application of central: ``create_app(db_url=..., clock=...)``."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from central import sweeper
from central.context import Central, Clock, system_clock
from central.db import Database
from central.errors import ApiError
from central.holder_keys import HolderKeys
from central.keys import ensure_central_key
from central.migrate import upgrade
from central.routers import (
    aftersales,
    customers,
    enrolment,
    feeds,
    holds,
    invoice_page,
    journal,
    leases,
    members,
    online,
    orders,
    partner,
    scans,
)
from sync.protocol.common import ErrorReply

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def _error(status: int, reason: str, message: str, **details: Any) -> JSONResponse:
    body = ErrorReply(reason=reason, message=message, details=details).model_dump(mode="json")
    return JSONResponse(body, status_code=status)


class EdgeMiddleware:
    """Outermost layer: caps the request body (buffering it, chunked or not) and stamps every
    reply with the server's clock so that terminals can detect skew."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], central: Central,
                 max_body: int) -> None:
        self.app = app
        self.central = central
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        stamp = self.central.now().astimezone(UTC).isoformat().replace("+00:00", "Z").encode()

        async def send_stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-server-time", stamp)]
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        too_large = False
        if declared is not None:
            try:
                too_large = int(declared) > self.max_body
            except ValueError:
                too_large = True
        body = b""
        if not too_large:
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > self.max_body:
                    too_large = True
                    break
        if too_large:
            response = _error(413, "body_too_large", f"request body exceeds {self.max_body} bytes")
            await response(scope, receive, send_stamped)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_stamped)


class GzipGets:
    """Gzip for GETs only: the large replies are feeds and the catalog; the replies to PUT,
    POST and DELETE are small and would pay for a compressor per request for nothing."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], minimum_size: int) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def create_app(
    *,
    db_url: str,
    clock: Clock = system_clock,
    max_body: int = MAX_BODY,
    sweep_interval: float | None = 2.0,
    migrate: bool = True,
    sandbox: bool = False,
    holder_keys: HolderKeys | None = None,
) -> FastAPI:
    """Build the API over ``db_url`` (migrated to head unless ``migrate`` is False).
    A background thread sweeps expired holds every ``sweep_interval`` seconds (None: only
    lazily, on access). ``sandbox``: a training terminal's own central (issue 25), which
    takes and signs training codes only. ``holder_keys``: the keys that protect ID numbers,
    when not those of :func:`central.holder_keys.for_database`."""
    db = Database(db_url)
    if migrate:
        upgrade(db.engine)
    central = Central(db=db, clock=clock, sandbox=sandbox, holder_keys=holder_keys)
    key = ensure_central_key(central)
    central.holders()  # at start: a key file that cannot be read stops the server here

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        thread = None
        if sweep_interval:
            thread = threading.Thread(target=sweeper.run, args=(central, stop, sweep_interval),
                                      name="central-sweeper", daemon=True)
            thread.start()
        try:
            yield
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=5)
            db.dispose()

    app = FastAPI(
        title="Outlet POS central",
        version="1.0",
        summary="The platform's outlet API: enrolment, feeds, holds, orders, scans, close-outs.",
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.central = central
    app.state.central_key = key
    for router in (enrolment.router, feeds.router, feeds.catalog_router, holds.router, orders.router,
                   aftersales.router, online.router, scans.router, leases.router,
                   journal.router, customers.router, partner.router, members.router):
        app.include_router(router, prefix="/v1")
    app.include_router(invoice_page.router)  # the customer's page: outside the outlet API

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.reason, exc.message, **exc.details)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errs: list[dict[str, Any]] = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ][:20]
        first = str(errs[0]["msg"]) if errs else "invalid request"
        return _error(422, "invalid_request", first, errors=errs)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        reason = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, reason, str(exc.detail))

    @app.exception_handler(DBAPIError)
    async def _db(_request: Request, exc: DBAPIError) -> JSONResponse:
        log.warning("database error: %s", exc.orig)
        return _error(503, "busy", "the database is busy; retry with the same request")

    app.add_middleware(EdgeMiddleware, central=central, max_body=max_body)
    # Feeds are large JSON (the stadium's seats): gzip cuts a first sync to about a tenth.
    app.add_middleware(GzipGets, minimum_size=2048)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory central.app:app_from_env``: the database from ``POS_CENTRAL_DB``.
    Each worker loads central's key; one of all the workers and nodes sweeps expired holds
    (``central.sweeper``)."""
    import os

    return create_app(
        db_url=os.environ.get("POS_CENTRAL_DB", "sqlite:///central.sqlite"),
        migrate=os.environ.get("POS_CENTRAL_MIGRATED") != "1",  # `serve --workers` migrated already
    )


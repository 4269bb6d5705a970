from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query

from central.deps import Ctx, Terminal, errors
from central.services import feeds
from sync.protocol.catalog import CatalogFeed, Id
from sync.protocol.feeds import AllocationsPage, CatalogPage, KeysPage, RevocationsPage, SeatsPage

router = APIRouter(prefix="/feeds", tags=["feeds"])
Cursor = Annotated[int, Query(ge=0, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=5000)]
MAX_WAIT = 25.0  # below the terminal's read timeout and any proxy's idle limit
POLL_SECONDS = 0.25  # how often a waiting long poll looks for a change


@router.get("/catalog", response_model=CatalogPage, responses=errors(401))
def catalog(caller: Terminal, ctx: Ctx, cursor: Cursor = 0, limit: Limit = 500) -> CatalogPage:
    return feeds.catalog_page(ctx, caller, cursor, limit)


@router.get("/seats", response_model=SeatsPage, responses=errors(401))
def seats(
    caller: Terminal, ctx: Ctx, performance_id: Annotated[Id, Query()], cursor: Cursor = 0,
    limit: Limit = 5000, wait: Annotated[float, Query(ge=0, le=MAX_WAIT)] = 0,
) -> SeatsPage:
    """A page of the performance's seat and standing changes after ``cursor``. With ``wait``
    (seconds) and nothing new yet, a long poll: the answer comes as soon as something
    changes (another channel's sale shows on a counter's map within a second), or empty
    when the wait is over."""
    page = feeds.seats_page(ctx, caller, performance_id, cursor, limit)  # refuses a hidden performance
    deadline = time.monotonic() + wait
    while not page.seats and not page.standing and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if feeds.seats_changed(ctx, performance_id, cursor):
            return feeds.seats_page(ctx, caller, performance_id, cursor, limit)
    return page


@router.get("/allocations", response_model=AllocationsPage, responses=errors(401))
def allocations(caller: Terminal, ctx: Ctx, cursor: Cursor = 0, limit: Limit = 500) -> AllocationsPage:
    return feeds.allocations_page(ctx, caller, cursor, limit)


@router.get("/revocations", response_model=RevocationsPage, responses=errors(401))
def revocations(caller: Terminal, ctx: Ctx, cursor: Cursor = 0, limit: Limit = 5000) -> RevocationsPage:
    return feeds.revocations_page(ctx, caller, cursor, limit)


@router.get("/keys", response_model=KeysPage, responses=errors(401))
def keys(caller: Terminal, ctx: Ctx, cursor: Cursor = 0, limit: Limit = 500) -> KeysPage:
    return feeds.keys_page(ctx, caller, cursor, limit)


catalog_router = APIRouter(tags=["feeds"])


@catalog_router.get("/catalog", response_model=CatalogFeed, responses=errors(401, 404))
def catalog_snapshot(caller: Terminal, ctx: Ctx) -> CatalogFeed:
    """The whole catalog as this outlet sees it (``outlet-pos.catalog/1``)."""
    return feeds.catalog_snapshot(ctx, caller)

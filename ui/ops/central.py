"""Requests to central: the cart's seat holds (on the counter lane, which the clerk waits
for), the sync cycles (on the network lane), and whether there is a central at all.

Neither lane is the writer's: a sale never waits behind the network.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from pos.errors import PosError
from pos.store.db import Store
from pos.terminal import connectivity
from ui.context import AppContext
from ui.ops.op import Op, counter, network, read, watch

if TYPE_CHECKING:
    from sync.door.central import DoorSyncReport
    from sync.online import Hold
    from sync.pull import SyncReport
    from sync.transport import CentralClient

log = logging.getLogger(__name__)
T = TypeVar("T")


class SyncNotPossible(PosError):
    """The terminal is enrolled but cannot open its link to central (its token is gone)."""

    code = "sync_not_possible"


@contextmanager
def central(store: Store) -> Iterator[CentralClient]:
    from pos.errors import InvalidInput
    from sync.enrol import connect

    try:
        client = connect(store, allow_token_file=True)
    except InvalidInput as exc:
        raise SyncNotPossible(exc.message) from exc
    try:
        yield client
    finally:
        client.close()


# --- holds ---------------------------------------------------------------------------------


def hold(
    ctx: AppContext,
    performance_id: str,
    *,
    seat_ids: Sequence[str] = (),
    area_id: str | None = None,
    quantity: int = 0,
    replace: Hold | None = None,
    ttl_seconds: int = 300,
) -> Op[Hold]:
    """Hold exactly these seats (or this many standing places) at central, all or none.
    ``replace``: the cart's previous hold, released once the new one is granted, so the
    clerk never loses seats they had while asking for more."""
    store, seats = ctx.store, tuple(seat_ids)

    def run() -> Hold:
        from pos.partner.checks import check_before_hold
        from sync.online import hold, release
        from sync.transport import CentralUnreachable

        # A city partner out of contract, or out of credit, takes no seats at central.
        check_before_hold(store, now=datetime.now(UTC))
        with central(store) as client:
            try:
                new = hold(
                    client,
                    performance_id=performance_id,
                    seat_ids=seats,
                    area_id=area_id,
                    quantity=quantity,
                    ttl_seconds=ttl_seconds,
                )
            except CentralUnreachable as exc:
                # The status bar and the next cart go offline at once, not at the next sync.
                connectivity.record_offline(store, reason=exc.message)
                raise
            if replace is not None:
                try:
                    release(client, replace)
                except PosError as exc:  # it expires by itself at central
                    log.info("release of replaced hold %s: %s", replace.hold_id, exc)
            return new

    return counter("hold", run)


def _at_central(store: Store, call: Callable[[CentralClient], T]) -> Callable[[], T]:
    """``call`` with a client of central, closed after it."""

    def run() -> T:
        with central(store) as client:
            return call(client)

    return run


def extend_hold(ctx: AppContext, held: Hold, *, ttl_seconds: int = 300) -> Op[Hold]:
    def call(client: CentralClient) -> Hold:
        from sync.online import extend

        return extend(client, held, ttl_seconds=ttl_seconds)

    return counter("hold", _at_central(ctx.store, call))


def release_hold(ctx: AppContext, held: Hold) -> Op[str]:
    """Give a hold back now rather than at its expiry; the hold id released."""

    def call(client: CentralClient) -> str:
        from sync.online import release

        release(client, held)
        return held.hold_id

    return counter("release", _at_central(ctx.store, call))


# --- sync ----------------------------------------------------------------------------------


def enrolled(ctx: AppContext) -> Op[bool]:
    """Whether the terminal has a central to sync with."""
    store = ctx.store

    def run() -> bool:
        from sync.enrol import central_link

        return central_link(store) is not None

    return read("enrolment", run)


def sync(
    ctx: AppContext, *, started: Callable[[bool], None], progress: Callable[[str, int, int | None], None]
) -> Op[SyncReport]:
    """One full cycle. ``started(first_run)`` and ``progress`` are called on the worker thread."""
    store = ctx.store

    def run() -> SyncReport:
        from sync.pull import cursor, sync_once

        started(cursor(store, "catalog") == 0)
        with central(store) as client:
            return sync_once(store, client, progress=progress, lease=ctx.sells)

    return network("sync", run)


def sync_door(ctx: AppContext, performance_id: str) -> Op[DoorSyncReport]:
    """A door's light cycle (:func:`sync.door.central.sync_door`): small writes only."""
    store = ctx.store

    def call(client: CentralClient) -> DoorSyncReport:
        from sync.door.central import sync_door

        return sync_door(store, client, performance_id)

    return network("door sync", _at_central(store, call))


# --- changes pushed by central ------------------------------------------------------------

WATCH_SECONDS = 20.0  # one watch, in rounds of ROUND_SECONDS
ROUND_SECONDS = 2.0  # a round's long poll: the longest a closing app waits for the watcher


def watch_seats(ctx: AppContext, performance_id: str, *, stop: Callable[[], bool]) -> Op[int]:
    """Wait for central to report a change to the performance's seats (another channel's
    sale, a hold, a release), then pull it into the store: how many seats or areas changed.
    Long polls of ``ROUND_SECONDS`` for up to ``WATCH_SECONDS``, ending early when ``stop()``
    says so (the app closes, another performance is shown)."""
    store = ctx.store

    def run() -> int:
        from sync.enrol import connect
        from sync.pull import pull_seats
        from sync.transport import Timeouts

        # Read timeout past the round; no retries: the watcher simply asks again.
        client = connect(store, allow_token_file=True, timeouts=Timeouts(read=ROUND_SECONDS + 10), retries=0)
        try:
            for _ in range(int(WATCH_SECONDS / ROUND_SECONDS)):
                if stop():
                    return 0
                changed = pull_seats(store, client, performance_id, wait=ROUND_SECONDS)
                if changed:
                    return changed
            return 0
        finally:
            client.close()

    return watch("seats watch", run)

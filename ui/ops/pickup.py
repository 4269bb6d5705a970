"""Pickup (取票): look an online order up at central (or in the outlet's copy offline) and
hand it out. Both run on the network lane; the link to central (its token read from the
keyring) is made there, not on the UI thread, and closed after the request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from pos.pickup.service import PickupOrder, PickupQuery
from pos.staff.access import StaffSession
from pos.store.db import Store
from ui.ops.changes import Change
from ui.ops.op import Op, network

if TYPE_CHECKING:
    from sync.pickup import PickupResult
    from sync.transport import CentralClient

ClientFactory = Callable[[], "CentralClient | None"]
T = TypeVar("T")


def _with_client(clients: ClientFactory, fn: Callable[[CentralClient | None], T]) -> T:
    client = clients()
    try:
        return fn(client)
    finally:
        if client is not None:
            client.close()


# sync (pydantic, requests) loads at the first pickup, not when the app starts.
def look_up(store: Store, clients: ClientFactory, query: PickupQuery) -> Op[tuple[PickupOrder, bool]]:
    """The order, and whether it came from the outlet's own copy (central unreachable)."""

    def work(client: CentralClient | None) -> tuple[PickupOrder, bool]:
        from sync.pickup import lookup

        return lookup(store, client, query)

    return network("pickup_lookup", lambda: _with_client(clients, work))


def hand_out(
    store: Store, clients: ClientFactory, *, query: PickupQuery, actor: StaffSession, now: datetime
) -> Op[PickupResult]:
    def work(client: CentralClient | None) -> PickupResult:
        from sync.pickup import collect

        return collect(store, client, query=query, actor=actor, now=now)

    return network("pickup_collect", lambda: _with_client(clients, work), Change.ORDERS)

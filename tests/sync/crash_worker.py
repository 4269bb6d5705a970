"""The terminal as a child process: sell, drain, sell, drain… until it is killed.

Started through a ``forkserver`` with this module preloaded, so that each of the hundreds
of restarts costs a fork, not a Python start-up.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from pos.cash.tenders import Tender
from pos.catalog.cache import free_allocated_seats
from pos.errors import NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession
from pos.store.db import open_store
from pos.terminal.identity import load_signer, terminal_info
from sync.enrol import connect
from sync.relay import drain


def run(data_dir: str, seed: int, ready: object) -> None:
    rng = random.Random(seed)
    store = open_store(Path(data_dir))
    info = terminal_info(store)
    signer = load_signer(store)
    client = connect(store)
    clerk = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))
    seats = list(
        free_allocated_seats(store, performance_id="P-CONCERT", outlet_id=info.outlet_id, limit=100_000)
    )
    rng.shuffle(seats)
    ready.set()  # type: ignore[attr-defined]
    while seats:
        for _ in range(rng.randint(1, 3)):
            items = [
                CartItem("adult", seat_id=seats.pop()) for _ in range(min(rng.randint(1, 4), len(seats)))
            ]
            if not items:
                break
            try:
                sell(
                    store,
                    performance_id="P-CONCERT",
                    items=items,
                    tenders=[Tender(kind="cash", amount=Money(500_000))],
                    actor=clerk,
                    signer=signer,
                )
            except NotSellable:
                continue
        drain(store, client, batch=rng.randint(1, 5), limit=rng.randint(1, 6))

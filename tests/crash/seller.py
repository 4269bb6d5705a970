"""A child process that sells as fast as it can until it is killed.

Started through a ``forkserver`` with this module preloaded (a restart costs a fork, not
a Python start-up); it sets ``ready`` once set up, so that the parent kills it while it is
committing, not while it starts.
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


def run(data_dir: str, seed: int, ready: object) -> None:
    rng = random.Random(seed)
    store = open_store(Path(data_dir))
    info = terminal_info(store)
    signer = load_signer(store)
    clerk = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))
    seats = list(
        free_allocated_seats(store, performance_id="P-CONCERT", outlet_id=info.outlet_id, limit=100_000)
    )
    rng.shuffle(seats)
    ready.set()  # type: ignore[attr-defined]
    floor_left = True  # until the outlet's standing quota runs out
    while True:
        n = rng.randint(1, 4)
        items = [CartItem("adult", seat_id=seats.pop()) for _ in range(min(n, len(seats)))]
        if floor_left and (rng.random() < 0.3 or not items):
            items.append(CartItem("adult", area_id="FLOOR"))
        tenders = [Tender(kind="cash", amount=Money(500_000))]
        if rng.random() < 0.3:
            tenders = [
                Tender(kind="card", amount=Money(1000), reference=f"AP{rng.randrange(10**6):06d}"),
                *tenders,
            ]
        try:
            sell(store, performance_id="P-CONCERT", items=items, tenders=tenders, actor=clerk, signer=signer)
        except NotSellable as exc:
            # The standing quota is used up: the cart's seats go back to the pool (a fast
            # machine must not run out of seats before the test has killed it often enough).
            if exc.details.get("reason") == "quota_exhausted":
                floor_left = False
                seats.extend(i.seat_id for i in items if i.seat_id)
            if not seats:
                return

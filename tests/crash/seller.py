"""A child process that sells as fast as it can until it is killed.

Run as ``python -m tests.crash.seller DATA_DIR SEED``. It prints ``ready`` once set up,
so that the parent kills it while it is committing, not while Python starts.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime
from pathlib import Path

from pos.catalog import free_allocated_seats
from pos.errors import NotSellable
from pos.money import Money
from pos.selling import CartItem, sell
from pos.staff import Role, StaffSession
from pos.store.db import open_store
from pos.tenders import Tender
from pos.terminal import load_signer, terminal_info


def main() -> None:
    data_dir, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    store = open_store(data_dir)
    info = terminal_info(store)
    signer = load_signer(store)
    clerk = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))
    seats = list(
        free_allocated_seats(store, performance_id="P-CONCERT", outlet_id=info.outlet_id, limit=100_000)
    )
    rng.shuffle(seats)
    print("ready", flush=True)
    while True:
        n = rng.randint(1, 4)
        items = [CartItem("adult", seat_id=seats.pop()) for _ in range(min(n, len(seats)))]
        if rng.random() < 0.3 or not items:
            items.append(CartItem("adult", area_id="FLOOR"))
        tenders = [Tender(kind="cash", amount=Money(500_000))]
        if rng.random() < 0.3:
            tenders = [
                Tender(kind="card", amount=Money(1000), reference=f"AP{rng.randrange(10**6):06d}"),
                *tenders,
            ]
        try:
            sell(store, performance_id="P-CONCERT", items=items, tenders=tenders, actor=clerk, signer=signer)
        except NotSellable:
            if not seats:
                print("sold out", flush=True)
                return


if __name__ == "__main__":
    main()

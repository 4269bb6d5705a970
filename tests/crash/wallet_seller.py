"""A child process that sells by wallet payment codes as fast as it can until it is killed.

Started through a ``forkserver`` with this module preloaded; it sets ``ready`` once set up,
so that the parent kills it while it is paying or committing, not while it starts. Offline
(the terminal's own allocation): the crash test is about the payment and the sale.
"""

from __future__ import annotations

import random
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.catalog.cache import free_allocated_seats
from pos.errors import PosError
from pos.money import Money
from pos.payments.checkout import sell_by_wallet
from pos.sales import CartItem
from pos.staff.access import Role, StaffSession
from pos.store.db import open_store
from pos.terminal.identity import load_signer, terminal_info
from tests.payments.conftest import alipay_for, wechat_for

# Mostly paid at once; some the customer confirms first; some whose reply is lost.
SCENARIOS = [Scenario.SUCCESS] * 6 + [Scenario.CONFIRM_THEN_PAID] * 2 + [Scenario.LOST_REPLY]
PRICE = 38_500  # an adult seat with its fee


def run(data_dir: str, merchant: Any, seed: int, ready: object) -> None:
    rng = random.Random(seed)
    store = open_store(Path(data_dir))
    info = terminal_info(store)
    signer = load_signer(store)
    clerk = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))
    wallets = {"wechat": wechat_for(merchant), "alipay": alipay_for(merchant)}
    seats = list(free_allocated_seats(store, performance_id="P-CONCERT", outlet_id=info.outlet_id, limit=400))
    rng.shuffle(seats)
    ready.set()  # type: ignore[attr-defined]
    while seats:
        n = min(rng.randint(1, 2), len(seats))
        items = [CartItem("adult", seat_id=seats.pop()) for _ in range(n)]
        wallet = rng.choice(("wechat", "alipay"))
        code = (WECHAT if wallet == "wechat" else ALIPAY)[rng.choice(SCENARIOS)]
        with suppress(PosError):  # refused (a demo code's refusal, say): the next cart
            sell_by_wallet(
                store, wallets=wallets, auth_code=code, amount=Money(PRICE * n), gateway=None,
                performance_id="P-CONCERT", items=items, actor=clerk, signer=signer, poll_seconds=0.0,
            )

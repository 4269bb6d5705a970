"""City-partner terminals (issue 24) against a real central on loopback: outlet BO-1 made a
partner (commission rules, credit limit), section A its allocation, section B sold online."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem
from pos.sales.cart import SaleResult
from pos.sales.selling import sell_cart
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import Store, open_store
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.online import CentralHoldGateway
from sync.pull import sync_once
from sync.transport import CentralClient
from tests.central.live import Live, live_server
from tests.factories import open_shift_for, small_catalog
from tests.sync.conftest import enrol_code

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))
PERF = "P-CONCERT"


def partner_catalog(*, credit_limit: int, commission_bps: int = 800, rows: int = 2, per_row: int = 5) -> dict[str, Any]:
    cat = small_catalog(datetime.now(UTC), rows_per_section=rows, seats_per_row=per_row)
    cat["outlets"][0].update(kind="partner", commission_bps=commission_bps, credit_limit=credit_limit)
    a_seats = [f"A-{r}-{n}" for r in range(1, rows + 1) for n in range(1, per_row + 1)]
    for ev in cat["events"]:
        for p in ev["performances"]:
            p["allocations"] = [{"outlet_id": "BO-1", "seat_ids": a_seats, "standing": {"FLOOR": 10}},
                                {"outlet_id": "BO-2", "seat_ids": ["B-2-1", "B-2-2"], "standing": {"FLOOR": 5}}]
            p["channel_rules"] = [{"outlet_kind": "partner", "allowed": True}, {"outlet_kind": "own", "allowed": True}]
            p["blocked_seats"] = []
    return cat


@contextmanager
def partner_central(db_url: str, **kw: Any) -> Iterator[Live]:
    with live_server(db_url, partner_catalog(**kw)) as live:
        yield live


def terminal(live: Live, data_dir: Path, outlet: str = "BO-1") -> tuple[Store, CentralClient]:
    enrol(data_dir, central_url=live.base, code=enrol_code(live, outlet), terminal_name=data_dir.name)
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK, now=datetime.now(UTC))
    client = connect(store)
    assert sync_once(store, client).online
    return store, client


def sell_seats(store: Store, client: CentralClient | None, seats: list[str]) -> SaleResult:
    """Through the one selling path: online under a hold at central, offline from the lease."""
    return sell_cart(
        store,
        gateway=CentralHoldGateway(store, client) if client is not None else None,
        performance_id=PERF,
        items=[CartItem("adult", seat_id=s) for s in seats],
        tenders=[Tender(kind="cash", amount=Money(5_000_000))],
        actor=CLERK,
        signer=load_signer(store),
    )

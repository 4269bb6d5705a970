"""The close-out travels to central through the outbox, idempotently, and central's count of
the terminal's period agrees with the Z-report's."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from pos.aftersales.reversal import refund
from pos.cash import closeout, shifts
from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import open_store
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.pull import sync_once
from sync.relay import drain, pending_count
from tests.central.live import Live
from tests.sync.conftest import enrol_code

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


def _central_rows(live: Live, sql: str) -> list[tuple[object, ...]]:
    with live.ctx.db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_close_out_is_uploaded_once_and_agrees_with_central(central: Live, tmp_path: Path) -> None:
    data_dir = tmp_path / "t"
    enrol(data_dir, central_url=central.base, code=enrol_code(central), terminal_name="till")
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    client = connect(store)
    sync_once(store, client)  # the catalog and this outlet's allocation
    shifts.open_shift(store, actor=CLERK, opening_float=20_000)
    signer = load_signer(store)
    orders = [
        sell(
            store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id=seat)],
            tenders=[Tender("cash", Money(50_000))],
            actor=CLERK,
            signer=signer,
        )
        for seat in ("A-1-1", "A-1-2", "B-1-1")
    ]
    refund(store, order=orders[0].order_id, actor=SUP)
    shifts.close_shift(store, actor=CLERK, counted=20_000 + 38_500 * 2 + 18_500 - 38_000)
    z = closeout.close_day(store, actor=SUP)
    # Nothing was synced before the close-out: it says so, by order number.
    assert sorted(u.label for u in z.unsynced if u.kind == "order") == sorted(o.order_number for o in orders)
    report = drain(store, client)
    assert report.attention == 0 and pending_count(store) == 0

    rows = _central_rows(central, "SELECT id, terminal_id, reply FROM closeouts")
    assert len(rows) == 1 and rows[0][0] == z.closeout_id
    reply = rows[0][2] if isinstance(rows[0][2], dict) else json.loads(str(rows[0][2]))
    assert reply["discrepancies"] == []
    assert reply["terminal"] == {"orders": 3, "tickets": 3, "gross": z.gross, "refunds": 38_000}
    assert reply["settlement"]["gross"] == z.gross and reply["settlement"]["refunds"] == 38_000

    # Sent again (a lost reply, a crash before marking it sent): central keeps one.
    with store.write() as session:
        session.execute(text("UPDATE outbox SET status = 'pending' WHERE id = :i"), {"i": z.closeout_id})
    assert drain(store, client).sent == 1
    assert len(_central_rows(central, "SELECT id FROM closeouts")) == 1
    store.close()

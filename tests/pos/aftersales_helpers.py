"""Shared by the core's tests: a sale at the counter, an approval, and a door scan in the local log."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime

from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, SaleResult, sell
from pos.staff.access import Override, Permission, override
from tests.factories import NOW, SUPERVISOR


def sale(counter, seats=("A-1-1", "A-1-2"), tenders=None, when: datetime = NOW) -> SaleResult:  # type: ignore[no-untyped-def]
    return sell(
        counter.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=s) for s in seats],
        tenders=tenders or [Tender(kind="cash", amount=Money(100000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=when,
    )


def approval(counter, permission: Permission, when: datetime = NOW) -> Override:  # type: ignore[no-untyped-def]
    return override(
        counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=permission, now=when
    )


def scan_at_door(counter, ticket_id: str, when: datetime, verdict: str = "valid") -> None:  # type: ignore[no-untyped-def]
    """A scan in the door's log (table ``scan``, migration 0007), as a door terminal writes it:
    verdict ``valid`` is an admission ('in'); anything else was refused."""
    con = sqlite3.connect(counter.store.path)
    try:
        con.execute(
            "INSERT INTO scan (nonce, ticket_id, performance_id, gate, direction, verdict, scanned_at,"
            " terminal_id, origin, uploaded) VALUES (?, ?, 'P-CONCERT', 'G1', 'in', ?, ?, 'D01', 'local', 0)",
            (str(uuid.uuid4()), ticket_id, verdict, when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
        )
        con.commit()
    finally:
        con.close()

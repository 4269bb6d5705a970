"""Refunds, voids and exchanges against the real central server on loopback: what central
refuses (door scans, late refunds without approval, sold seats) reaches "needs attention"
with its reason; retries of the same id change nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from central.services import admin
from central.services.doors import bind_door
from pos.aftersales.exchange import exchange
from pos.aftersales.reversal import refund, void_last_sale
from pos.cash.tenders import Tender
from pos.errors import NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.sales.sellability import OfflineAllocationPolicy
from pos.staff.access import Permission, Role, StaffSession, add_staff, override
from pos.store.db import Store, open_store
from pos.terminal.identity import load_signer
from sync.enrol import connect, enrol
from sync.protocol.scans import ScanBatch, ScanBatchReply, ScanIn
from sync.pull import sync_once
from sync.relay import drain, needs_attention
from sync.transport import CentralClient
from tests.central.live import Live, live_server
from tests.factories import open_shift_for, small_catalog
from tests.sync.conftest import enrol_code


def _now() -> datetime:
    return datetime.now(UTC)


def _staff(role: Role) -> StaffSession:
    return StaffSession("S1" if role is Role.SUPERVISOR else "C1", "x", role, _now())


class _IgnoresLease(OfflineAllocationPolicy):
    def check_seats(self, session: Session, *, performance_id: str, seat_ids: Sequence[str],
                    outlet_id: str) -> None:
        return None


def _terminal(live: Live, data_dir: Path) -> tuple[Store, CentralClient]:
    enrol(data_dir, central_url=live.base, code=enrol_code(live), terminal_name="till")
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=_staff(Role.SUPERVISOR))
    open_shift_for(store, _staff(Role.CLERK), now=_now())
    client = connect(store)
    sync_once(store, client)
    return store, client


def _sale(store: Store, seats: list[str]):  # type: ignore[no-untyped-def]
    return sell(
        store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=s) for s in seats],
        tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=_staff(Role.CLERK),
        signer=load_signer(store),
    )


def _central(live: Live, sql: str) -> list[Any]:
    with live.ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql)).all())


@pytest.fixture
def late_central(central_db: str) -> Iterator[Live]:
    """Central whose concert closes refunds 72 hours before the show (it starts in 48)."""
    catalog = small_catalog(_now())
    catalog["events"][0]["refund_cutoff_hours"] = 72
    with live_server(central_db, catalog) as live:
        yield live


def test_refund_after_the_door_scan_is_refused_by_central_with_the_reason(
    central: Live, data_dir: Path
) -> None:
    store, client = _terminal(central, data_dir)
    sold = _sale(store, ["A-1-1", "A-1-2"])
    assert drain(store, client).sent == 1
    scanned = sold.tickets[0].ticket_id
    # Another gate admitted the ticket; this terminal's scan log does not know. (This
    # terminal stands in for the gate: central takes scans only from the venue's doors.)
    [(terminal_id,)] = _central(central, "SELECT id FROM terminals")
    bind_door(central.ctx, terminal_id=terminal_id, venue_id="HALL")
    client.post(
        "/scans",
        ScanBatch(
            scans=[
                ScanIn(
                    nonce=uuid.uuid4(),
                    ticket_id=scanned,
                    performance_id="P-CONCERT",
                    gate_id="G1",
                    scanned_at=_now(),
                    verdict="admitted",
                )
            ]
        ),
        ScanBatchReply,
    )
    r = refund(store, order=sold.order_id, actor=_staff(Role.SUPERVISOR), ticket_ids=[scanned])
    report = drain(store, client)
    assert report.attention == 1
    [item] = needs_attention(store)
    assert item.message_id == r.reversal_id and "ticket_scanned" in item.error and scanned in item.error
    assert _central(central, f"SELECT status FROM tickets WHERE id = '{scanned}'") == [("valid",)]
    # The other ticket, never scanned, refunds at central.
    other = refund(
        store, order=sold.order_id, actor=_staff(Role.SUPERVISOR), ticket_ids=[sold.tickets[1].ticket_id]
    )
    assert drain(store, client).sent == 1
    assert _central(central, f"SELECT kind, amount FROM refunds WHERE id = '{other.reversal_id}'") == [
        ("refund", 38000)
    ]


def test_a_late_refund_needs_the_approval_at_central_too(late_central: Live, data_dir: Path) -> None:
    store, client = _terminal(late_central, data_dir)
    sold = _sale(store, ["A-1-1", "A-1-2"])
    drain(store, client)
    clerk = _staff(Role.CLERK)
    approval = override(store, supervisor_id="S1", pin="258036", permission=Permission.REFUND_LATE)
    r = refund(
        store, order=sold.order_id, actor=clerk, override=approval, ticket_ids=[sold.tickets[0].ticket_id]
    )
    assert r.late and r.approver_id == "S1"
    assert drain(store, client).sent == 1
    assert _central(late_central, f"SELECT amount FROM refunds WHERE id = '{r.reversal_id}'") == [(38000,)]
    # Without approved_by central refuses it: a terminal cannot skip the policy.
    from sync.protocol.orders import RefundReply, RefundUpload
    from sync.transport import CentralRejected

    with pytest.raises(CentralRejected) as err:
        client.put(
            f"/refunds/{uuid.uuid4()}",
            RefundUpload(
                order_id=sold.order_id,
                ticket_ids=[sold.tickets[1].ticket_id],
                amount=38000,
                refunded_at=_now(),
            ),
            RefundReply,
        )
    assert err.value.reason == "refund_window_closed"


def test_void_round_trip_gives_everything_back_once(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    sold = _sale(store, ["A-1-1"])
    drain(store, client)
    v = void_last_sale(store, actor=_staff(Role.SUPERVISOR), reason="wrong show")
    assert drain(store, client).sent == 1
    assert _central(central, f"SELECT kind, amount FROM refunds WHERE id = '{v.reversal_id}'") == [
        ("void", 38000)
    ]
    assert _central(central, f"SELECT status FROM tickets WHERE order_id = '{sold.order_id}'") == [
        ("revoked",)
    ]
    # The same void again: the stored answer, nothing doubles.
    from sync.protocol.aftersales import VoidReply
    from sync.uploads import void_upload

    with store.read() as session:
        payload = json.loads(
            session.execute(text(f"SELECT payload FROM outbox WHERE id = '{v.reversal_id}'")).scalar()
        )
    again = client.put(f"/voids/{v.reversal_id}", void_upload(payload), VoidReply)
    assert again.total == sold.total.amount
    assert _central(central, f"SELECT count(*) FROM refunds WHERE order_id = '{sold.order_id}'") == [(1,)]


def test_exchange_round_trip_and_an_exchange_onto_a_seat_sold_elsewhere(
    central: Live, data_dir: Path
) -> None:
    # Each till of the outlet leases 10 seats (issue 17): this one A-1-1 to B-1-1, the other
    # the rest of the allocation, B-1-2 included.
    admin.set_lease_terms(central.ctx, outlet_id="BO-1", seats_per_performance=10, standing_per_area=5,
                          idle_hours=48)
    store, client = _terminal(central, data_dir)
    sold = _sale(store, ["A-1-1", "A-1-2"])
    drain(store, client)
    sup = _staff(Role.SUPERVISOR)
    x = exchange(
        store,
        order=sold.order_id,
        ticket_ids=[sold.tickets[0].ticket_id],
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id="B-1-1")],
        actor=sup,
        signer=load_signer(store),
    )
    assert drain(store, client).sent == 1
    rows = dict(
        _central(
            central,
            f"SELECT id, status FROM tickets WHERE order_id IN ('{sold.order_id}', '{x.new_order_id}')",
        )
    )
    assert rows == {
        sold.tickets[0].ticket_id: "revoked",
        sold.tickets[1].ticket_id: "valid",
        x.new_ticket_ids[0]: "valid",
    }
    # A retry of the same exchange answers the same and changes nothing.
    from sync.protocol.orders import ExchangeReply
    from sync.uploads import exchange_upload

    with store.read() as session:
        payload = json.loads(
            session.execute(text(f"SELECT payload FROM outbox WHERE id = '{x.exchange_id}'")).scalar()
        )
    again = client.put(f"/exchanges/{x.exchange_id}", exchange_upload(payload), ExchangeReply)
    assert again.new_order.order_id == uuid.UUID(x.new_order_id) and again.difference == x.difference.amount
    assert _central(central, "SELECT count(*) FROM exchanges") == [(1,)]
    # B-1-2 is sold at central by another terminal of the outlet, from its own lease.
    other_dir = data_dir.parent / "other"
    other, other_client = _terminal(central, other_dir)
    _sale(other, ["B-1-2"])
    drain(other, other_client)
    onto_b12 = dict(order=sold.order_id, performance_id="P-CONCERT", items=[CartItem("adult", seat_id="B-1-2")],
                    actor=sup, signer=load_signer(store))
    with pytest.raises(NotSellable, match="not leased"):
        exchange(store, **onto_b12)  # type: ignore[arg-type]
    # A terminal that sells it anyway (stale or tampered) is refused by central.
    y = exchange(store, **onto_b12, policy=_IgnoresLease())  # type: ignore[arg-type]
    assert drain(store, client).attention == 1
    [item] = needs_attention(store)
    assert item.message_id == y.exchange_id and "seat_taken" in item.error
    # Nothing of the refused exchange happened at central: the old ticket is still valid.
    assert _central(central, f"SELECT status FROM tickets WHERE id = '{sold.tickets[1].ticket_id}'") == [
        ("valid",)
    ]


def test_an_online_exchange_sells_under_a_hold_like_an_order(central: Live, data_dir: Path) -> None:
    from sync.online import OnlineHoldPolicy, hold

    store, client = _terminal(central, data_dir)
    sold = _sale(store, ["A-1-1"])
    drain(store, client)
    # B-2-3 is in no outlet's allocation: only a hold from central lets the outlet sell it.
    held = hold(client, performance_id="P-CONCERT", seat_ids=["B-2-3"])
    x = exchange(
        store,
        order=sold.order_id,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id="B-2-3")],
        actor=_staff(Role.SUPERVISOR),
        signer=load_signer(store),
        policy=OnlineHoldPolicy(held),
    )
    assert drain(store, client).sent == 1
    assert _central(central, f"SELECT status FROM holds WHERE id = '{held.hold_id}'") == [("consumed",)]
    assert _central(
        central,
        "SELECT status, ticket_id FROM seats WHERE performance_id = 'P-CONCERT' AND seat_id = 'B-2-3'",
    ) == [("sold", x.new_ticket_ids[0])]

"""Pickup (取票) against the real central server on loopback: look-up by code or by order
number and phone digits, collected once (the second attempt says when and where), the
outlet's feed for offline pickup, and an offline collection uploaded later."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.errors import NotFound
from pos.pickup.service import AlreadyCollected, PickupUnavailable, parse_query
from pos.staff.access import Role, StaffSession
from pos.store.db import Store, open_store
from sync.enrol import connect, enrol
from sync.pickup import PickupRefused, collect, lookup
from sync.protocol.online import OnlineOrderReply, OnlineOrderRequest
from sync.pull import sync_once
from sync.relay import drain
from sync.transport import CentralClient
from tests.central.live import Live
from tests.sync.conftest import enrol_code

CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


def _terminal(live: Live, data_dir: Path, outlet: str = "BO-1") -> tuple[Store, CentralClient]:
    enrol(data_dir, central_url=live.base, code=enrol_code(live, outlet), terminal_name="till")
    store = open_store(data_dir)
    client = connect(store)
    sync_once(store, client)
    return store, client


def _web_order(
    live: Live, *, outlet: str | None = None, phone: str = "+86 138 0013 1234"
) -> OnlineOrderReply:
    web = CentralClient(live.base, token=live.platform)
    req = OnlineOrderRequest(
        performance_id="P-CONCERT",
        area_id="FLOOR",
        quantity=2,
        concession="adult",
        buyer_name="王小明",
        buyer_phone=phone,
        pickup_outlet_id=outlet,
    )
    return web.put(f"/online-orders/{uuid.uuid4()}", req, OnlineOrderReply)


def _dead(client: CentralClient) -> CentralClient:
    return CentralClient("http://127.0.0.1:9", token=client.token, retries=0)


def test_pickup_by_code_then_a_second_pickup_is_refused_with_when_and_where(
    central: Live, data_dir: Path
) -> None:
    store, client = _terminal(central, data_dir)
    web = _web_order(central)
    assert web.order_number and web.order_number.startswith("W") and web.buyer_phone_last4 == "1234"
    found, offline = lookup(store, client, parse_query(code=web.pickup_code))
    assert not offline and found.order_number == web.order_number and len(found.tickets) == 2
    done = collect(store, client, query=parse_query(code=web.pickup_code), actor=CLERK)
    assert not done.offline and done.order.collected is not None
    with central.ctx.db.engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT collected_outlet, collected_terminal FROM orders WHERE id = '{web.order_id}'")
        ).one()
    assert row[0] == "BO-1"
    with pytest.raises(AlreadyCollected, match=r"already collected on .* at outlet BO-1 \(terminal "):
        collect(store, client, query=parse_query(code=web.pickup_code), actor=CLERK)
    # Another terminal, which never saw the order, hears the same from central.
    other, other_client = _terminal(central, data_dir.parent / "other")
    with pytest.raises(AlreadyCollected, match="at outlet BO-1") as err:
        collect(
            other,
            other_client,
            query=parse_query(order_number=web.order_number, phone_last4="1234"),
            actor=CLERK,
        )
    assert err.value.details["outlet_id"] == "BO-1"


def test_pickup_by_order_number_and_phone_digits_and_bad_inputs(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    web = _web_order(central, phone="13900005678")
    assert web.order_number
    with pytest.raises(NotFound):  # wrong digits: the same answer as an unknown order
        lookup(store, client, parse_query(order_number=web.order_number, phone_last4="1234"))
    with pytest.raises(NotFound):
        lookup(store, client, parse_query(code="00000000" if web.pickup_code != "00000000" else "00000001"))
    done = collect(
        store, client, query=parse_query(order_number=web.order_number, phone_last4="5678"), actor=CLERK
    )
    assert done.order.pickup_code == web.pickup_code


def test_offline_pickup_from_the_outlets_feed_is_uploaded_later(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    mine = _web_order(central, outlet="BO-1")
    elsewhere = _web_order(central)  # no outlet chosen: not in this outlet's feed
    report = sync_once(store, client)
    assert report.applied["pickups"] == 1
    dead = _dead(client)
    when = datetime.now(UTC)
    done = collect(store, dead, query=parse_query(code=mine.pickup_code), actor=CLERK, now=when)
    assert done.offline
    with pytest.raises(AlreadyCollected):  # handed out once, even offline
        collect(store, dead, query=parse_query(code=mine.pickup_code), actor=CLERK)
    with pytest.raises(PickupUnavailable, match="not sent to this outlet for pickup"):
        collect(store, dead, query=parse_query(code=elsewhere.pickup_code), actor=CLERK)
    # Back online: the collection reaches central with the time it really happened.
    from sync.relay import needs_attention

    assert drain(store, client).sent == 1, needs_attention(store)
    with central.ctx.db.engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT collected_outlet, pickup_id FROM orders WHERE id = '{mine.order_id}'")
        ).one()
    assert row == ("BO-1", done.pickup_id)
    with pytest.raises(AlreadyCollected):
        collect(store, client, query=parse_query(code=mine.pickup_code), actor=CLERK)


def test_an_order_assigned_to_another_outlet_is_refused_here(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    theirs = _web_order(central, outlet="BO-2")
    with pytest.raises(PickupRefused, match="collected at outlet BO-2") as err:
        collect(store, client, query=parse_query(code=theirs.pickup_code), actor=CLERK)
    assert err.value.details["reason"] == "wrong_outlet"


def _cached_codes(store: Store, order_id: object) -> list[str]:
    from pos.pickup.service import cached_orders

    return [t.code for o in cached_orders(store) if o.order_id == str(order_id) for t in o.tickets]


def test_a_lookup_without_codes_never_wipes_the_feeds_codes_and_prints_come_from_the_pickup(
    central: Live, data_dir: Path
) -> None:
    """Issue 16, finding 4: central's look-up withholds the codes; the terminal keeps the ones
    its outlet's feed gave (offline pickup) and prints those of the committed pickup."""
    store, client = _terminal(central, data_dir)
    mine = _web_order(central, outlet="BO-1")
    codes = [t.code for t in mine.tickets]
    sync_once(store, client)
    assert _cached_codes(store, mine.order_id) == codes
    found, offline = lookup(store, client, parse_query(code=mine.pickup_code))
    assert not offline and [t.code for t in found.tickets] == ["", ""]  # the look-up carries none
    assert _cached_codes(store, mine.order_id) == codes  # and did not wipe the feed's
    done = collect(store, _dead(client), query=parse_query(code=mine.pickup_code), actor=CLERK)
    assert done.offline and [t.code for t in done.order.tickets] == codes  # printable offline
    # Online: the printed tickets are the committed pickup's, codes included.
    other = _web_order(central)
    found, _ = lookup(store, client, parse_query(code=other.pickup_code))
    assert all(not t.code for t in found.tickets)
    done = collect(store, client, query=parse_query(code=other.pickup_code), actor=CLERK)
    assert not done.offline and [t.code for t in done.order.tickets] == [t.code for t in other.tickets]
    assert _cached_codes(store, other.order_id) == [t.code for t in other.tickets]


def test_an_order_known_only_from_a_lookup_is_not_handed_out_offline(central: Live, data_dir: Path) -> None:
    store, client = _terminal(central, data_dir)
    mine = _web_order(central, outlet="BO-1")  # assigned here, but the feed was not pulled since
    lookup(store, client, parse_query(code=mine.pickup_code))
    with pytest.raises(PickupUnavailable, match="have not reached this outlet"):
        collect(store, _dead(client), query=parse_query(code=mine.pickup_code), actor=CLERK)


def test_a_locked_out_terminal_is_told_so(central: Live, data_dir: Path) -> None:
    from central.services import pickup_guard

    store, client = _terminal(central, data_dir)
    web = _web_order(central)
    for n in range(pickup_guard.TERMINAL_MISSES):
        code = f"{n:08d}"
        if code != web.pickup_code:
            with pytest.raises(NotFound):
                lookup(store, client, parse_query(code=code))
    with pytest.raises(PickupRefused, match="too many") as err:
        lookup(store, client, parse_query(code=web.pickup_code))
    assert err.value.details["reason"] == "pickup_throttled"

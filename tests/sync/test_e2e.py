"""The terminal against the real central server on loopback: enrol, sync, sell, drain."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.cash.tenders import Tender
from pos.catalog.cache import list_performances
from pos.errors import InvalidInput, NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession
from pos.store.db import open_store
from pos.terminal import connectivity
from pos.terminal.identity import known_keys, load_signer, terminal_info
from pos.tickets import verify
from sync.credentials import NoSecretStore
from sync.enrol import central_link, connect, enrol
from sync.online import OnlineHoldPolicy, hold, release
from sync.pull import cursor, sync_once
from sync.relay import needs_attention, pending_count
from sync.transport import CentralClient, CentralRejected
from tests.central.live import Live
from tests.factories import open_shift_for, small_catalog
from tests.sync.conftest import enrol_code

CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))


def _central_count(live: Live, sql: str) -> int:
    with live.ctx.db.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar() or 0)


def _enrolled(live: Live, data_dir: Path, outlet: str = "BO-1"):  # type: ignore[no-untyped-def]
    enrol(data_dir, central_url=live.base, code=enrol_code(live, outlet), terminal_name="till 1")
    store = open_store(data_dir)
    from pos.staff.access import add_staff

    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(
        store,
        staff_id="C1",
        name="Clerk",
        role="clerk",
        pin="1357",
        by=StaffSession("S1", "S", Role.SUPERVISOR, datetime.now(UTC)),
    )
    open_shift_for(store, CLERK)
    return store, connect(store)


def _sale(store, seats, *, policy=None, when=None):  # type: ignore[no-untyped-def]
    return sell(
        store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=s) for s in seats],
        tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=CLERK,
        signer=load_signer(store),
        policy=policy,
        now=when,
    )


def test_enrol_makes_the_terminal_and_keeps_the_token_in_the_keyring(
    central: Live, data_dir: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    result = enrol(data_dir, central_url=central.base, code=enrol_code(central), terminal_name="till 1")
    assert result.terminal.outlet_id == "BO-1"
    assert result.token_store.startswith("OS keyring")
    assert list(memory_keyring.secrets.values())  # the token is in the keyring
    store = open_store(data_dir)
    link = central_link(store)
    assert link is not None and link.terminal_id == result.terminal.terminal_id
    # Nowhere in the data folder in plain text.
    token = next(iter(memory_keyring.secrets.values()))
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    # Central knows the terminal's key.
    assert (
        _central_count(
            central, f"SELECT count(*) FROM signing_keys WHERE key_id = '{result.terminal.key_id}'"
        )
        == 1
    )


def test_enrol_refusals(central: Live, data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="enrolment code"):
        enrol(data_dir, central_url=central.base, code="nope")
    with pytest.raises(CentralRejected):
        enrol(data_dir, central_url=central.base, code="ABCD-EFGH-JKLM")
    assert not (data_dir / "pos.sqlite").exists()
    code = enrol_code(central)
    enrol(data_dir, central_url=central.base, code=code)
    with pytest.raises(InvalidInput, match="enrolled already"):
        enrol(data_dir, central_url=central.base, code=enrol_code(central))
    with pytest.raises(CentralRejected):  # single-use
        enrol(tmp_path / "other", central_url=central.base, code=code)


def test_no_keyring_needs_the_explicit_file_fallback(central: Live, data_dir: Path) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    with pytest.raises(NoSecretStore, match="--token-file"):
        enrol(data_dir, central_url=central.base, code=enrol_code(central))
    assert not (data_dir / "pos.sqlite").exists()
    result = enrol(data_dir, central_url=central.base, code=enrol_code(central), allow_token_file=True)
    assert "owner-only" in result.token_store
    token_file = data_dir / "central-token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert connect(open_store(data_dir)).token == token_file.read_text()


def test_full_then_delta_sync(central: Live, data_dir: Path) -> None:
    store, client = _enrolled(central, data_dir)
    progress: list[tuple[str, int]] = []
    report = sync_once(store, client, progress=lambda stage, done, _total: progress.append((stage, done)))
    assert report.online and report.applied["catalog"] > 0 and report.applied["keys"] >= 2
    assert any(stage == "catalog" for stage, _ in progress)
    assert {p.performance_id for p in list_performances(store)} >= {"P-CONCERT", "P-MATCH"}
    assert connectivity.state(store).online
    assert len(known_keys(store)) >= 2  # our key and central's
    first = cursor(store, "catalog")
    # Nothing changed: nothing moves.
    again = sync_once(store, client)
    assert again.applied["catalog"] == 0 and cursor(store, "catalog") == first
    # A price change at central arrives as a delta.
    from central.services.catalog import import_catalog as central_import
    from sync.protocol import CatalogFeed

    changed = small_catalog(datetime.now(UTC))
    changed["events"][0]["performances"][0]["price_zones"][0]["prices"]["adult"] = 41000
    central_import(central.ctx, CatalogFeed.model_validate(changed))
    delta = sync_once(store, client)
    assert 0 < delta.applied["catalog"] < report.applied["catalog"]
    with store.read() as session:
        price = session.execute(
            text(
                "SELECT amount FROM zone_price WHERE performance_id='P-CONCERT' AND zone_id='Z1' AND concession='adult'"
            )
        ).scalar()
    assert price == 41000


def test_offline_allocation_sale_drains_exactly_once(central: Live, data_dir: Path) -> None:
    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    sales = [_sale(store, [f"A-1-{n}"]) for n in (1, 2, 3)]
    assert pending_count(store) == 3
    report = sync_once(store, client)
    assert report.drained is not None and report.drained.sent == 3 and pending_count(store) == 0
    ids = ",".join(f"'{s.order_id}'" for s in sales)
    assert _central_count(central, f"SELECT count(*) FROM orders WHERE id IN ({ids})") == 3
    # Draining again sends nothing and central still has each order once.
    sync_once(store, client)
    assert _central_count(central, "SELECT count(*) FROM orders") == 3
    # The codes central learnt verify with the terminal's key.
    keys = known_keys(store)
    for s in sales:
        assert verify(s.tickets[0].code, keys=keys).claims.ticket_id == s.tickets[0].ticket_id


def test_online_seat_sale_through_a_hold(central: Live, data_dir: Path) -> None:
    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    # B-2-3 is allocated to no outlet: only a hold at central makes it sellable.
    with pytest.raises(NotSellable, match="not allocated"):
        _sale(store, ["B-2-3"])
    held = hold(client, performance_id="P-CONCERT", seat_ids=["B-2-3", "B-2-4"], ttl_seconds=120)
    assert 100 < held.seconds_left() <= 120
    # All or nothing: a second hold overlapping one seat gets nothing, and says which seat.
    with pytest.raises(NotSellable, match="seat_taken") as refused:
        hold(client, performance_id="P-CONCERT", seat_ids=["B-2-4", "B-2-5"])
    assert refused.value.details == {"reason": "sold", "seats": ("B-2-4",)}
    result = _sale(store, ["B-2-3", "B-2-4"], policy=OnlineHoldPolicy(held))
    assert result.mode == "online"
    report = sync_once(store, client)
    assert report.drained is not None and report.drained.sent == 1
    assert _central_count(central, f"SELECT count(*) FROM orders WHERE id = '{result.order_id}'") == 1
    assert _central_count(central, "SELECT count(*) FROM holds WHERE status = 'consumed'") == 1
    # A released hold frees its seats for the next customer.
    other = hold(client, performance_id="P-CONCERT", seat_ids=["B-2-5"])
    release(client, other)
    hold(client, performance_id="P-CONCERT", seat_ids=["B-2-5"])


def test_an_expired_hold_is_caught_before_payment(central: Live, data_dir: Path) -> None:
    from datetime import timedelta

    from tests.factories import table_counts

    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    held = hold(client, performance_id="P-CONCERT", seat_ids=["B-2-3"], ttl_seconds=10)
    before = table_counts(store)
    with pytest.raises(NotSellable, match="hold has expired"):
        _sale(store, ["B-2-3"], policy=OnlineHoldPolicy(held), when=held.expires_at - timedelta(seconds=1))
    assert table_counts(store) == before


def test_a_refused_order_lands_in_needs_attention(central: Live, data_dir: Path) -> None:
    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    # Central withdraws A-1-1 from the outlet's allocation; the terminal, offline, still sells it.
    from central.services.catalog import import_catalog as central_import
    from sync.protocol import CatalogFeed

    changed = small_catalog(datetime.now(UTC))
    alloc = changed["events"][0]["performances"][0]["allocations"][0]
    alloc["seat_ids"] = [s for s in alloc["seat_ids"] if s != "A-1-1"]
    central_import(central.ctx, CatalogFeed.model_validate(changed))
    refused = _sale(store, ["A-1-1"])
    fine = _sale(store, ["A-1-2"])
    from sync.relay import drain

    report = drain(store, client)
    assert report.sent == 1 and report.attention == 1 and pending_count(store) == 0
    items = needs_attention(store)
    assert [i.message_id for i in items] == [refused.order_id]
    assert "A-1-1" in items[0].error and ("not_allocated" in items[0].error or "no_hold" in items[0].error)
    assert _central_count(central, f"SELECT count(*) FROM orders WHERE id = '{fine.order_id}'") == 1
    # Never retried forever: the next drain leaves it alone.
    assert drain(store, client).attention == 0


def test_an_unreachable_central_switches_offline_and_the_queue_waits(central: Live, data_dir: Path) -> None:
    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    _sale(store, ["A-2-1"])
    dead = CentralClient("http://127.0.0.1:9", token=client.token, retries=0)
    report = sync_once(store, dead)
    assert not report.online and pending_count(store) == 1
    state = connectivity.state(store)
    assert not state.online
    back = sync_once(store, client)
    assert back.online and pending_count(store) == 0
    with store.read() as session:
        kinds = [
            r[0]
            for r in session.execute(text("SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq"))
        ]
    assert kinds[-2:] == ["offline", "online"]
    assert terminal_info(store).outlet_id == "BO-1"


def test_offline_caps_come_from_central(central: Live, data_dir: Path) -> None:
    from central.services import admin

    admin.upsert_outlet(
        central.ctx,
        outlet_id="BO-1",
        name_zh="测试售票处",
        name_en="Test box office",
        kind="own",
        offline_max_sale=40000,
        offline_max_total=60000,
        offline_max_hours=2,
    )
    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    caps = connectivity.caps(store)
    assert caps == connectivity.OfflineCaps(max_sale_value=40000, max_total_value=60000, max_hours=2)
    dead = CentralClient("http://127.0.0.1:9", token=client.token, retries=0)
    sync_once(store, dead)  # now offline
    _sale(store, ["A-1-1"])  # 385 yuan: within both caps
    with pytest.raises(NotSellable, match=r"cap of 600\.00"):
        _sale(store, ["A-1-2"])


def test_a_reprint_reaches_central_and_revokes_the_old_code(central: Live, data_dir: Path) -> None:
    from pos.tickets.printjobs import reprint_ticket
    from sync.protocol.feeds import RevocationsPage

    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    sale = _sale(store, ["A-1-1"])
    old = sale.tickets[0].ticket_id
    supervisor = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
    result = reprint_ticket(
        store, ticket_id=old, actor=supervisor, signer=load_signer(store), reason="jammed"
    )
    report = sync_once(store, client)
    assert report.drained is not None and report.drained.sent == 2 and report.drained.attention == 0
    with central.ctx.db.engine.connect() as conn:
        rows = dict(
            conn.execute(text(f"SELECT id, status FROM tickets WHERE order_id = '{sale.order_id}'")).all()
        )
    assert rows == {old: "revoked", result.new_ticket_id: "valid"}
    page = client.get("/feeds/revocations", RevocationsPage, params={"cursor": 0})
    assert any(i.ticket_id == old and i.reason == "reprint" for i in page.items)
    # A retry of the same reprint answers the stored result; nothing doubles.
    from sync.protocol.orders import ReprintReply
    from sync.uploads import reprint_upload

    with store.read() as session:
        payload = session.execute(
            text(f"SELECT payload FROM outbox WHERE id = '{result.reprint_id}'")
        ).scalar()
    import json

    again = client.put(f"/reprints/{result.reprint_id}", reprint_upload(json.loads(payload)), ReprintReply)
    assert again.ticket.ticket_id == result.new_ticket_id
    assert _central_count(central, f"SELECT count(*) FROM tickets WHERE order_id = '{sale.order_id}'") == 2


def test_an_event_withdrawn_from_the_outlet_stops_selling(central: Live, data_dir: Path) -> None:
    from central.services import admin
    from central.services.catalog import import_catalog as central_import
    from sync.protocol import CatalogFeed

    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    sold = _sale(store, ["A-1-1"])
    # Central narrows the outlet to sport; the concert's next change tells the terminal.
    admin.upsert_outlet(
        central.ctx,
        outlet_id="BO-1",
        name_zh="测试售票处",
        name_en="Test box office",
        kind="own",
        channel_rules={"categories": ["sport"], "event_ids": []},
    )
    changed = small_catalog(datetime.now(UTC))
    changed["events"][0]["performances"][0]["price_zones"][0]["prices"]["adult"] = 39000
    central_import(central.ctx, CatalogFeed.model_validate(changed))
    sync_once(store, client)
    with pytest.raises(NotSellable, match="withdrawn"):
        _sale(store, ["A-1-2"])
    with store.read() as session:
        assert (
            session.execute(text(f"SELECT status FROM sale_order WHERE id = '{sold.order_id}'")).scalar()
            == "paid"
        )


def test_review_fixes_against_central(central: Live, data_dir: Path) -> None:
    from pos.errors import InvalidInput as Bad
    from sync.relay import drain

    with pytest.raises(Bad):
        CentralClient("ftp://central.example.com")
    with pytest.raises(Bad, match="https"):
        CentralClient("http://central.example.com")
    store, client = _enrolled(central, data_dir)
    sync_once(store, client)
    held = hold(client, performance_id="P-CONCERT", area_id="FLOOR", quantity=2)
    floor = [CartItem("adult", area_id="FLOOR"), CartItem("adult", area_id="FLOOR")]

    def standing_sale() -> None:
        sell(
            store,
            performance_id="P-CONCERT",
            items=floor,
            tenders=[Tender(kind="cash", amount=Money(500000))],
            actor=CLERK,
            signer=load_signer(store),
            policy=OnlineHoldPolicy(held),
        )

    standing_sale()
    # One hold, one sale: the same hold cannot sell its places twice.
    with pytest.raises(NotSellable, match="used by a sale"):
        standing_sale()
    # A seat the local catalog does not know, under a hold: a clear refusal, not a crash.
    from sync.online import Hold

    fake = Hold(str(uuid.uuid4()), "P-CONCERT", ("Z-9-9",), None, 0, held.expires_at)
    with pytest.raises(NotSellable):
        _sale(store, ["Z-9-9"], policy=OnlineHoldPolicy(fake))
    # A revoked token stops the drain; the queue stays pending, nothing goes to attention.
    _sale(store, ["A-1-1"])
    bad = CentralClient(central.base, token="not-a-token")
    report = drain(store, bad)
    assert report.attention == 0 and pending_count(store) == 2
    assert drain(store, client).sent == 2

"""Issue 22 end to end against the real central over loopback: tier prices, points earned on
upload and seen in the member feed, points redeemed online only and released when the sale
fails, unknown members and forged member codes refused, and another outlet's terminal unable
to spend an authorisation it did not get."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from central.keys import ensure_central_key
from central.membercodes import encode as central_encode
from pos.cash.tenders import Tender, default_providers
from pos.errors import PaymentError
from pos.members.points import PointsRedemption
from pos.members.service import local_member
from pos.money import Money
from pos.sales import CartItem
from pos.sales.sellability import OfflineAllocationPolicy
from pos.sales.service import sell
from pos.store import sql
from pos.store.db import open_store
from pos.terminal import connectivity
from pos.terminal.identity import load_signer
from sync.enrol import connect
from sync.members import authorise_points
from sync.pull import sync_once
from sync.relay import drain
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.member_helpers import (
    GOLD,
    GOLD_PHONE,
    SILVER,
    authorisations,
    member_central,
    member_row,
)
from tests.sync.selling_helpers import CLERK, PERF, counter, pos_json

__all__ = ["member_central"]  # the fixture, used by name


def _sell(seats: list[str], *extra: str, tender: str = "cash:5000") -> list[str]:
    args = ["sell", "--performance", PERF, "--tender", tender, "--staff", "C1", "--pin", "1357"]
    for s in seats:
        args += ["--seat", s]
    return [*args, *extra]


def test_tier_price_applies_is_shown_and_points_are_earned_on_upload_and_fed_back(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(member_central, tmp_path / "a", memory_keyring)
    gold = local_member(store, GOLD)  # the member feed came with the first sync
    assert gold is not None and gold.tier == "gold" and gold.points == 50_000 and gold.phone_masked == "138****1111"
    code, quote = pos_json(tmp_path / "a", "quote", "--performance", PERF, "--seat", "A-1-1", "--member", GOLD)
    assert code == 0, quote
    line = quote["tickets"][0]
    assert line["promotion"] == "GOLD10" and line["discount"] == 3800  # 10% of 380 yuan, the reason shown
    code, silver = pos_json(tmp_path / "a", "quote", "--performance", PERF, "--seat", "A-1-1", "--member", SILVER)
    assert code == 0 and silver["tickets"][0]["discount"] == 0  # not their tier
    code, sale = pos_json(tmp_path / "a", *_sell(["A-1-1", "A-1-2"], "--member", GOLD.lower()))
    assert code == 0 and sale["mode"] == "online", sale
    assert sale["total"] == 2 * (34200 + 500)
    with store.read() as s:
        order = sql.row(s, "SELECT member_number, member_tier, points_expected, points_earned FROM sale_order")
    # Central credited a point per whole yuan paid, on upload (the sale went up at once).
    assert (order.member_number, order.member_tier, order.points_expected) == (GOLD, "gold", 694)
    assert order.points_earned == 694
    assert member_row(member_central, GOLD) == (50_694, 0, "gold")
    client = connect(store)
    try:
        assert sync_once(store, client).online
    finally:
        client.close()
    fed = local_member(store, GOLD)
    assert fed is not None and fed.points == 50_694


def test_offline_sale_takes_the_fed_tier_price_and_earns_its_points_on_upload(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(member_central, tmp_path / "a", memory_keyring)
    code, sale = pos_json(tmp_path / "a", *_sell(["A-1-1"], "--member", GOLD, "--offline"))
    assert code == 0 and sale["mode"] == "offline", sale
    assert sale["breakdown"]["tickets"][0]["promotion"] == "GOLD10"
    assert member_row(member_central, GOLD)[0] == 50_000  # not yet uploaded
    client = connect(store)
    try:
        assert drain(store, client).sent == 1
    finally:
        client.close()
    assert member_row(member_central, GOLD)[0] == 50_000 + 347
    with store.read() as s:
        assert sql.row(s, "SELECT points_earned FROM sale_order").points_earned == 347


def test_unknown_member_number_is_refused_with_the_reason(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    counter(member_central, tmp_path / "a", memory_keyring)
    code, refused = pos_json(tmp_path / "a", *_sell(["A-1-1"], "--member", "NOBODY1"))
    assert code == 2 and refused["reason"] == "unknown_member", refused
    code, refused = pos_json(tmp_path / "a", *_sell(["A-1-1"], "--member", "NOBODY1", "--offline"))
    assert code == 2 and refused["reason"] == "unknown_member", refused
    code, refused = pos_json(tmp_path / "a", "member", "find", "--number", "M123")
    assert code == 2 and refused["reason"] == "unknown_member"
    code, malformed = pos_json(tmp_path / "a", "member", "find", "--number", "M1")
    assert code == 2 and malformed["reason"] == "member_number"


def test_member_found_by_phone_online_only_and_by_signed_code_offline_forged_refused(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    counter(member_central, tmp_path / "a", memory_keyring)
    code, found = pos_json(tmp_path / "a", "member", "find", "--phone", GOLD_PHONE)
    assert code == 0 and found["number"] == GOLD and found["tier"] == "gold" and found["source"] == "online"
    assert GOLD_PHONE not in str(found)  # masked
    key = ensure_central_key(member_central.ctx)
    member_code = central_encode(key.private, key.key_id, member_number=GOLD, issued_at=1_700_000_000)
    code, by_code = pos_json(tmp_path / "a", "member", "find", "--code", member_code)
    assert code == 0 and by_code["number"] == GOLD and by_code["source"] == "code"
    # One character changed in the member number's bytes: the signature no longer matches.
    body = member_code[:12] + ("A" if member_code[12] != "A" else "B") + member_code[13:]
    code, forged = pos_json(tmp_path / "a", "member", "find", "--code", body)
    assert code == 2 and forged["reason"] in ("member_code_forged", "member_code_unreadable"), forged
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = Ed25519PrivateKey.generate()
    code, forged = pos_json(tmp_path / "a", "member", "find", "--code",
                            central_encode(other, key.key_id, member_number=GOLD, issued_at=1))
    assert code == 2 and forged["reason"] == "member_code_forged", forged
    # Offline: the code still reads (central's key is kept), the phone does not.
    connectivity.record_offline(open_store(tmp_path / "a"), reason="test")
    code, by_code = pos_json(tmp_path / "a", "member", "find", "--code", member_code)
    assert code == 0 and by_code["number"] == GOLD and by_code["source"] == "code"
    code, refused = pos_json(tmp_path / "a", "member", "find", "--phone", GOLD_PHONE)
    assert code == 2 and refused["reason"] == "phone_needs_online"


def test_points_redeemed_online_refused_offline_and_released_when_payment_fails(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(member_central, tmp_path / "a", memory_keyring)
    # 100 yuan in points (10,000 points), the rest in cash.
    args = _sell(["A-1-1"], "--member", GOLD.lower(), "--tender", "points:100", tender="cash:247")
    code, sale = pos_json(tmp_path / "a", *args)
    assert code == 0 and sale["mode"] == "online", sale
    # 50,000 - 10,000 redeemed + 247 earned on the 247 yuan paid in cash
    assert member_row(member_central, GOLD) == (40_247, 0, "gold")
    assert authorisations(member_central) == [(GOLD, 10_000, "consumed")]
    with store.read() as s:
        kinds = {r.kind: r.amount for r in sql.rows(s, "SELECT kind, amount FROM payment")}
    assert kinds == {"points": 10_000, "cash": 24_700}
    # Offline: refused with the reason, nothing authorised.
    code, refused = pos_json(tmp_path / "a", *_sell(["A-1-2"], "--member", GOLD, "--tender", "points:100",
                                                    "--offline", tender="cash:247"))
    assert code == 2 and refused["reason"] == "points_offline", refused
    # The card is refused after the points were authorised: the points go back.
    code, refused = pos_json(tmp_path / "a", *_sell(["A-1-2"], "--member", GOLD, "--tender", "points:100",
                                                    tender="card:247:!!"))
    assert code == 2 and refused["reason"] == "bad_reference", refused
    assert member_row(member_central, GOLD) == (40_247, 0, "gold")
    assert (GOLD, 10_000, "released") in authorisations(member_central)
    # More points than the member has: central refuses, nothing sold.
    code, refused = pos_json(tmp_path / "a", *_sell(["A-1-3"], "--member", SILVER, "--tender", "points:10",
                                                    tender="cash:337"))
    assert code == 2 and refused["reason"] == "points_insufficient", refused


def test_another_outlets_terminal_cannot_spend_a_replayed_authorisation(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a = counter(member_central, tmp_path / "a", memory_keyring)
    b = counter(member_central, tmp_path / "b", memory_keyring, outlet="BO-2")
    order_id = str(uuid.uuid4())
    auth_id = str(uuid.uuid4())
    client_a = connect(a)
    try:
        authorise_points(a, client_a, auth_id=auth_id, member_number=GOLD, points=10_000, order_id=order_id)
    finally:
        client_a.close()
    assert member_row(member_central, GOLD) == (50_000, 10_000, "gold")
    client_b = connect(b)
    try:
        # B cannot release it, nor take it over with the same request.
        from sync.members import release_points

        release_points(client_b, auth_id)
        assert member_row(member_central, GOLD) == (50_000, 10_000, "gold")
        with pytest.raises(PaymentError) as taken:
            authorise_points(b, client_b, auth_id=auth_id, member_number=GOLD, points=10_000, order_id=order_id)
        assert taken.value.details["reason"] == "idempotency_conflict"
        # B sells offline (its own allocation) naming A's authorisation and A's order id: central
        # refuses the order, and spends nothing.
        with b.write() as s:
            seat = sql.row(s, "SELECT seat_id FROM performance_seat WHERE performance_id = ? AND "
                           "allocated_outlet_id = 'BO-2' LIMIT 1", PERF)
        assert seat is not None
        result = sell(
            b, performance_id=PERF, items=[CartItem(concession="adult", seat_id=seat.seat_id)],
            tenders=[Tender("points", Money(10_000, "CNY"), auth_id), Tender("cash", Money(100_000, "CNY"))],
            actor=CLERK, signer=load_signer(b), member_number=GOLD, order_id=order_id,
            policy=OfflineAllocationPolicy(), providers={**default_providers(), "points": PointsRedemption({auth_id: 10_000})},
        )
        report = drain(b, client_b)
        assert report.attention == 1
        with b.read() as s:
            err = sql.row(s, "SELECT last_error FROM outbox WHERE id = ?", result.order_id).last_error
        assert err.startswith("points_invalid"), err
    finally:
        client_b.close()
    assert member_row(member_central, GOLD) == (50_000, 10_000, "gold")
    assert authorisations(member_central) == [(GOLD, 10_000, "active")]


def test_receipt_and_z_report_show_the_member_points_and_sales_by_tier(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    from pos.cash.closeout import preview
    from pos.tickets.printview import order_for_print
    from printing.layouts.receipt import receipt_layout
    from printing.zreport import csv_rows, z_document
    from tests.sync.selling_helpers import SUP

    store = counter(member_central, tmp_path / "a", memory_keyring)
    code, sale = pos_json(tmp_path / "a", *_sell(["A-1-1"], "--member", GOLD, "--tender", "points:100",
                                                 tender="cash:247"))
    assert code == 0, sale
    code, plain = pos_json(tmp_path / "a", *_sell(["A-1-2"], tender="cash:385"))
    assert code == 0, plain
    zh = receipt_layout(order_for_print(store, order=sale["order_id"], language="zh")).texts()
    assert "积分抵扣" in " ".join(zh) and "***0001 金卡会员" in zh
    assert zh[zh.index("本次使用积分") + 1] == "10000" and zh[zh.index("本次获得积分") + 1] == "247"
    en = receipt_layout(order_for_print(store, order=sale["order_id"], language="en")).texts()
    assert "***0001 Gold" in en and en[en.index("Points earned") + 1] == "247"
    assert "Gold 10% off" in " ".join(en)  # the tier price's reason, on paper too
    assert "Member" not in receipt_layout(order_for_print(store, order=plain["order_id"], language="en")).texts()
    z = preview(store, actor=SUP)
    points = next(t for t in z.tenders if t.kind == "points")
    assert (points.sales_count, points.sales) == (1, 10_000)
    assert [(ln.key, ln.count, ln.tickets, ln.amount) for ln in z.by_tier] == [("gold", 1, 1, 34_700)]
    texts = " ".join(z_document(z).texts())
    assert "积分抵扣" in texts or "Points" in texts
    assert "会员等级销售" in texts or "Member sales by tier" in texts
    rows = list(csv_rows(z))
    assert rows[[r[:2] for r in rows].index(("tender", "points"))][:2] == ("tender", "points")
    assert any(r[0] == "tier" and r[1] == "gold" and r[5] == 34_700 for r in rows)

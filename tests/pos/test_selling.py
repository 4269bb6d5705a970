"""Selling from the allocation: the happy paths, and every refusal leaves the store unchanged."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import timedelta

import pytest

from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NotFound, NotSellable, PaymentError, PermissionDenied, PricingError
from pos.money import Money
from pos.sales import CartItem, quote, sell, standing
from pos.staff.access import Permission, override
from pos.terminal.identity import known_keys
from pos.tickets import verify
from pos.tickets.realname import make_holder
from tests.factories import CLERK, NOW, SUPERVISOR, table_counts

CASH = Tender(kind="cash", amount=Money(500000))
ID_1 = "11010519491231002X"  # a valid GB 11643 number (check character X)
ID_2 = "110105198001011238"


def _sell(counter, items, tenders=(CASH,), perf="P-CONCERT", **kw):  # type: ignore[no-untyped-def]
    return sell(
        counter.store,
        performance_id=perf,
        items=items,
        tenders=list(tenders),
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
        **kw,
    )


def test_sale_writes_order_tickets_payments_journal_and_outbox_together(counter) -> None:  # type: ignore[no-untyped-def]
    result = _sell(
        counter,
        [
            CartItem("adult", seat_id="A-1-1"),
            CartItem("child", seat_id="A-1-2"),
            *standing("FLOOR", 2, "adult"),
        ],
    )
    # 380 + 190 + 2 x 280 yuan, plus a 5 yuan fee on each of 4 tickets.
    assert result.total == Money(113000 + 2000)
    assert result.change == Money(500000 - 115000)
    assert result.order_number == "T01-000001"
    assert len(result.tickets) == 4
    counts = table_counts(counter.store)
    assert (
        counts["sale_order"] == 1
        and counts["ticket"] == 4
        and counts["payment"] == 1
        and counts["outbox"] == 1
    )
    con = sqlite3.connect(counter.store.path)
    payload = json.loads(con.execute("SELECT payload FROM outbox").fetchone()[0])
    assert payload["order_id"] == result.order_id and payload["total"] == 115000
    assert [t["code"] for t in payload["tickets"]] == [t.code for t in result.tickets]
    kind, ref = con.execute(
        "SELECT json_extract(record,'$.kind'), json_extract(record,'$.ref') FROM journal ORDER BY seq DESC"
    ).fetchone()
    assert (kind, ref) == ("sale", result.order_id)
    keys = known_keys(counter.store)
    for t in result.tickets:
        v = verify(t.code, keys=keys)
        assert v.claims.ticket_id == t.ticket_id and v.claims.performance_id == "P-CONCERT"
    gates = {
        t.item_id if hasattr(t, "item_id") else t.seat_id or t.area_id: t.gate_id for t in result.tickets
    }
    assert gates["A-1-1"] == "G1" and gates["FLOOR"] == "G2"


def test_order_numbers_are_sequential_per_terminal(counter) -> None:  # type: ignore[no-untyped-def]
    a = _sell(counter, [CartItem("adult", seat_id="A-1-1")])
    b = _sell(counter, [CartItem("adult", seat_id="A-1-2")])
    assert (a.order_number, b.order_number) == ("T01-000001", "T01-000002")


def test_split_tender_card_and_cash(counter) -> None:  # type: ignore[no-untyped-def]
    result = _sell(
        counter,
        [CartItem("adult", seat_id="A-1-1")],
        tenders=[
            Tender(kind="card", amount=Money(20000), reference="AP1234"),
            Tender(kind="cash", amount=Money(20000)),
        ],
    )
    assert result.total == Money(38500)
    assert result.change == Money(1500)


def test_coupon_applies_and_counts_a_use(counter) -> None:  # type: ignore[no-untyped-def]
    result = _sell(counter, [CartItem("adult", seat_id="A-1-1")], coupon_code="WELCOME30")
    assert result.breakdown.discount_total == Money(3000)
    assert table_counts(counter.store)["coupon_used"] == 1


def test_quote_matches_sale_and_writes_nothing(counter) -> None:  # type: ignore[no-untyped-def]
    before = table_counts(counter.store)
    q = quote(counter.store, performance_id="P-CONCERT", items=[CartItem("adult", seat_id="A-1-1")], now=NOW)
    assert table_counts(counter.store) == before
    assert q.breakdown.total == _sell(counter, [CartItem("adult", seat_id="A-1-1")]).total


def test_sold_seat_is_sellable_in_no_second_order(counter) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, [CartItem("adult", seat_id="A-1-1")])
    before = table_counts(counter.store)
    with pytest.raises(NotSellable, match="already sold"):
        _sell(counter, [CartItem("adult", seat_id="A-1-2"), CartItem("adult", seat_id="A-1-1")])
    assert table_counts(counter.store) == before


def test_database_refuses_a_second_valid_ticket_for_a_seat(counter) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, [CartItem("adult", seat_id="A-1-1")])
    con = sqlite3.connect(counter.store.path)
    row = con.execute("SELECT * FROM ticket").fetchone()
    cols = [d[0] for d in con.execute("SELECT * FROM ticket").description]
    dup = dict(zip(cols, row, strict=True))
    dup["id"] = "DUPLICATE0000000"
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            f"INSERT INTO ticket ({','.join(dup)}) VALUES ({','.join('?' * len(dup))})", list(dup.values())
        )


@pytest.mark.parametrize(
    ("items", "perf", "error", "message"),
    [
        ([CartItem("adult", seat_id="A-1-1")], "P-NOPE", NotFound, "no performance"),
        ([CartItem("adult", seat_id="A-1-1")], "P-CANCELLED", NotSellable, "cancelled"),
        ([CartItem("adult", seat_id="A-1-1")], "P-PAST", NotSellable, "closed"),
        ([CartItem("adult", seat_id="B-2-1")], "P-CONCERT", NotSellable, "not allocated to this outlet"),
        ([CartItem("adult", seat_id="A-1-5")], "P-CONCERT", NotSellable, "blocked"),
        ([CartItem("adult", seat_id="Z-9-9")], "P-CONCERT", NotSellable, "does not exist"),
        (
            [CartItem("adult", seat_id="A-1-1"), CartItem("child", seat_id="A-1-1")],
            "P-CONCERT",
            InvalidInput,
            "twice",
        ),
        ([CartItem("vip", seat_id="A-1-1")], "P-CONCERT", InvalidInput, "unknown concession"),
        ([CartItem("member", seat_id="B-1-1")], "P-CONCERT", PricingError, "not sold in zone"),
        ([CartItem("member", seat_id="A-1-1")], "P-CONCERT", InvalidInput, "member number"),
        (list(standing("FLOOR", 11, "adult")), "P-CONCERT", NotSellable, "only 10 place"),
        ([CartItem("adult", area_id="NOPE")], "P-CONCERT", NotSellable, "no standing area"),
        (
            [CartItem("adult", seat_id=f"A-2-{n}") for n in range(1, 6)]
            + list(standing("FLOOR", 2, "adult")),
            "P-CONCERT",
            PricingError,
            "6",
        ),
        ([], "P-CONCERT", InvalidInput, "empty"),
        ([CartItem("adult", seat_id="A-1-1")], "P-MATCH", InvalidInput, "real-name"),
    ],
)
def test_refusals_change_nothing(counter, items, perf, error, message) -> None:  # type: ignore[no-untyped-def]
    before = table_counts(counter.store)
    with pytest.raises(error, match=message):
        _sell(counter, items, perf=perf)
    assert table_counts(counter.store) == before


@pytest.mark.parametrize(
    ("tenders", "message"),
    [
        ([Tender(kind="cash", amount=Money(100))], "underpaid"),
        ([Tender(kind="card", amount=Money(50000), reference="AP1234")], "card"),
        ([Tender(kind="card", amount=Money(38500), reference="x")], "approval"),
    ],
)
def test_payment_refusals_change_nothing(counter, tenders, message) -> None:  # type: ignore[no-untyped-def]
    before = table_counts(counter.store)
    with pytest.raises(PaymentError, match=message):
        _sell(counter, [CartItem("adult", seat_id="A-1-1")], tenders=tenders)
    assert table_counts(counter.store) == before


def test_coupon_used_up_is_refused(counter) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, [CartItem("adult", seat_id="A-1-1")], coupon_code="WELCOME30")
    _sell(counter, [CartItem("adult", seat_id="A-1-2")], coupon_code="WELCOME30")
    before = table_counts(counter.store)
    with pytest.raises(PricingError, match="used up") as used_up:
        _sell(counter, [CartItem("adult", seat_id="A-1-3")], coupon_code="WELCOME30")
    with pytest.raises(PricingError, match="unknown coupon") as unknown:
        _sell(counter, [CartItem("adult", seat_id="A-1-3")], coupon_code="NOSUCH")
    with pytest.raises(PricingError) as not_sold:
        _sell(counter, [CartItem("child", area_id="FLOOR")])  # no child price on the floor
    # Each names its reason, so the counter can say which (issue 20, item 9).
    assert used_up.value.details["reason"] == "used_up" and unknown.value.details["reason"] == "unknown_coupon"
    assert not_sold.value.details["reason"] == "concession_not_sold"
    assert table_counts(counter.store) == before


def test_sales_window_not_yet_open(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotSellable, match="open at"):
        sell(
            counter.store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id="A-1-1")],
            tenders=[CASH],
            actor=counter.clerk,
            signer=counter.signer,
            now=NOW - timedelta(days=31),
        )


def test_real_name_tickets_bind_holder_and_mask_it(counter) -> None:  # type: ignore[no-untyped-def]
    holders = [make_holder("张三", ID_1), make_holder("李四", ID_2)]
    result = _sell(
        counter,
        [
            CartItem("adult", seat_id="A-1-1", holder=holders[0]),
            CartItem("adult", seat_id="A-1-2", holder=holders[1]),
        ],
        perf="P-MATCH",
    )
    assert [t.holder_masked for t in result.tickets] == ["张*·002X", "李*·1238"]
    assert verify(result.tickets[0].code, keys=known_keys(counter.store)).claims.holder == "张*·002X"
    con = sqlite3.connect(counter.store.path)
    # Only the masked holder and a keyed digest are kept (issue 18), never the number.
    kept = con.execute(
        "SELECT holder_name, holder_id_number, holder_id_masked, length(holder_digest) FROM ticket ORDER BY line_no"
    ).fetchall()
    assert kept == [("张*", "", "110***********002X", 64), ("李*", "", "110***********1238", 64)]
    assert holders[0].masked_id == "110***********002X"
    # One ticket per ID document per performance.
    before = table_counts(counter.store)
    with pytest.raises(NotSellable, match="already holds a ticket"):
        _sell(counter, [CartItem("adult", seat_id="A-1-3", holder=make_holder("张三", ID_1))], perf="P-MATCH")
    assert table_counts(counter.store) == before


def test_real_name_bad_documents_are_refused() -> None:
    with pytest.raises(InvalidInput, match="not valid"):
        make_holder("张三", "110105194912310021")  # wrong check digit
    with pytest.raises(InvalidInput, match="name"):
        make_holder("  ", "11010519491231002X")
    with pytest.raises(InvalidInput, match="5 to 20"):
        make_holder("John Smith", "E1", "passport")


def test_price_override_needs_a_supervisor(counter, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    item = CartItem("adult", seat_id="A-1-1", override_price=10000)
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied, match="supervisor must approve"):
        _sell(counter, [item])
    assert table_counts(counter.store) == before
    ov = override(
        counter.store,
        supervisor_id=SUPERVISOR[0],
        pin=SUPERVISOR[1],
        permission=Permission.PRICE_OVERRIDE,
        now=NOW,
    )
    result = _sell(counter, [item], override=ov)
    assert result.total == Money(10000 + 500)
    con = sqlite3.connect(counter.store.path)
    staff, approver = con.execute(
        "SELECT json_extract(record,'$.staff'), json_extract(record,'$.approver') FROM journal ORDER BY seq DESC"
    ).fetchone()
    assert (staff, approver) == (CLERK[0], SUPERVISOR[0])
    # The upload carries the approval and the overridden ticket: central accepts the price
    # only then (issue 16), and reports it.
    from sync.uploads import order_upload

    payload = json.loads(con.execute("SELECT payload FROM outbox ORDER BY rowid DESC").fetchone()[0])
    up = order_upload(payload)
    assert up.approved_by == SUPERVISOR[0]
    assert up.price_overrides == [t.ticket_id for t in up.tickets] and up.tickets[0].price == 10000


def test_order_id_is_the_idempotency_key(counter) -> None:  # type: ignore[no-untyped-def]
    oid = str(uuid.uuid4())
    _sell(counter, [CartItem("adult", seat_id="A-1-1")], order_id=oid)
    before = table_counts(counter.store)
    with pytest.raises(InvalidInput, match="exists already"):
        _sell(counter, [CartItem("adult", seat_id="A-1-2")], order_id=oid)
    with pytest.raises(InvalidInput, match="UUID"):
        _sell(counter, [CartItem("adult", seat_id="A-1-2")], order_id="not-a-uuid")
    assert table_counts(counter.store) == before


def test_door_staff_cannot_sell(counter) -> None:  # type: ignore[no-untyped-def]
    from pos.staff.access import Role, add_staff, authenticate

    add_staff(counter.store, staff_id="D1", name="Door", role=Role.DOOR, pin="4826", by=counter.supervisor)
    door = authenticate(counter.store, staff_id="D1", pin="4826", now=NOW)
    with pytest.raises(PermissionDenied):
        sell(
            counter.store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id="A-1-1")],
            tenders=[CASH],
            actor=door,
            signer=counter.signer,
            now=NOW,
        )


def test_cart_item_must_name_seat_or_area() -> None:
    with pytest.raises(InvalidInput):
        CartItem("adult")
    with pytest.raises(InvalidInput):
        CartItem("adult", seat_id="A", area_id="B")

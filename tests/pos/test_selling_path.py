"""The one selling path's choices, with a fake hold gateway (no HTTP): when it asks central,
how often, and what it gives back. The end-to-end cases run against a live central in
tests/sync/test_one_selling_path.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pos.cash.tenders import Tender
from pos.errors import HoldUnavailable, NotSellable, PaymentError, SeatTaken
from pos.money import Money
from pos.sales import CartItem
from pos.sales.holds import Hold, HoldSpec
from pos.sales.selling import sell_cart
from pos.store import sql
from pos.terminal import connectivity
from tests.factories import NOW, Counter, table_counts

PERF = "P-CONCERT"
CASH = [Tender(kind="cash", amount=Money(500000))]


class FakeGateway:
    def __init__(self, answer: str = "grant") -> None:
        self.answer = answer
        self.asked: list[HoldSpec] = []
        self.released: list[str] = []
        self.committed: list[str] = []

    def hold(self, *, hold_id: str, spec: HoldSpec, ttl_seconds: int) -> Hold:
        self.asked.append(spec)
        if self.answer == "taken":
            raise SeatTaken("central refused the hold (seat_taken)", reason="sold")
        if self.answer == "silent":
            raise HoldUnavailable("no answer")
        return Hold(hold_id, spec.performance_id, spec.seat_ids, spec.area_id, spec.quantity,
                    NOW + timedelta(minutes=5))

    def release(self, held: Hold) -> None:
        self.released.append(held.hold_id)

    def order_committed(self, order_id: str) -> None:
        self.committed.append(order_id)


def _sell(c: Counter, gateway: FakeGateway | None, seats: list[str], **kw: object) -> object:
    return sell_cart(c.store, gateway=gateway, performance_id=PERF,
                     items=[CartItem("adult", seat_id=s) for s in seats], tenders=kw.pop("tenders", CASH),
                     actor=c.clerk, signer=c.signer, now=NOW, **kw)  # type: ignore[arg-type]


@pytest.fixture
def online(counter: Counter) -> Counter:
    connectivity.record_online(counter.store, now=NOW)
    return counter


def test_online_one_hold_per_sale_and_the_order_goes_up(online: Counter) -> None:
    gateway = FakeGateway()
    sale = _sell(online, gateway, ["A-1-1", "A-1-2"])
    assert sale.mode == "online"  # type: ignore[attr-defined]
    assert [s.seat_ids for s in gateway.asked] == [("A-1-1", "A-1-2")]
    assert gateway.committed == [sale.order_id]  # type: ignore[attr-defined]
    # A hold the caller has for exactly this cart (the app's): no request at all.
    held = Hold("11111111-2222-3333-4444-555555555555", PERF, ("A-1-3",), None, 0, NOW + timedelta(minutes=5))
    assert _sell(online, gateway, ["A-1-3"], held=held).mode == "online"  # type: ignore[attr-defined]
    assert len(gateway.asked) == 1
    # A hold for another cart does not cover this one: a new hold is asked for.
    assert _sell(online, gateway, ["A-1-4"], held=held).mode == "online"  # type: ignore[attr-defined]
    assert len(gateway.asked) == 2


def test_online_refusals_sell_nothing_and_give_the_hold_back(online: Counter) -> None:
    before = table_counts(online.store)
    with pytest.raises(SeatTaken):
        _sell(online, FakeGateway("taken"), ["A-1-1"])
    # Granted, then the sale fails (not enough cash): the seats go back at once.
    gateway = FakeGateway()
    with pytest.raises(PaymentError):
        _sell(online, gateway, ["A-1-1"], tenders=[Tender(kind="cash", amount=Money(1))])
    assert len(gateway.released) == 1 and gateway.committed == []
    # A mixed cart cannot be one hold: refused before any request.
    with pytest.raises(NotSellable) as mixed:
        sell_cart(online.store, gateway=gateway, performance_id=PERF, tenders=CASH, actor=online.clerk,
                  signer=online.signer, now=NOW,
                  items=[CartItem("adult", seat_id="A-1-1"), CartItem("adult", area_id="FLOOR")])
    assert mixed.value.details["reason"] == "online_cart" and len(gateway.asked) == 1
    # Online with no way to reach central: no silent offline sale.
    with pytest.raises(NotSellable) as nowhere:
        _sell(online, None, ["A-1-1"])
    assert nowhere.value.details["reason"] == "online_needs_hold"
    assert table_counts(online.store) == before


def test_offline_never_asks_and_silence_falls_back_only_to_offline_stock(counter: Counter) -> None:
    gateway = FakeGateway()
    connectivity.record_offline(counter.store, reason="cable", now=NOW)
    assert _sell(counter, gateway, ["A-1-1"]).mode == "offline"  # type: ignore[attr-defined]
    assert gateway.asked == []
    connectivity.record_online(counter.store, now=NOW)
    silent = FakeGateway("silent")
    with pytest.raises(NotSellable) as refused:
        _sell(counter, silent, ["B-2-1"])  # BO-2's seat: never this terminal's offline stock
    assert refused.value.details["reason"] == "not_allocated"
    sale = _sell(counter, silent, ["A-1-2"])
    assert sale.mode == "offline"  # type: ignore[attr-defined]
    with counter.store.read() as s:
        kinds = [r.kind for r in sql.rows(s, "SELECT kind FROM outbox ORDER BY seq")]
    assert kinds == ["order", "hold_release", "order"]  # the unheard hold goes before its order


def test_forced_offline_is_journaled_in_the_sale(online: Counter) -> None:
    gateway = FakeGateway()
    sale = _sell(online, gateway, ["A-1-1"], force_offline=True)
    assert sale.mode == "offline" and gateway.asked == []  # type: ignore[attr-defined]
    with online.store.read() as s:
        kinds = [r.k for r in sql.rows(s, "SELECT json_extract(record, '$.kind') AS k FROM journal ORDER BY seq")]
    assert kinds[-2:] == ["offline_forced", "sale"]

"""The core's side of leases (issue 17): a terminal never enrolled sells its whole allocation
offline; an enrolled one only its lease, and its seat map says which seats are online only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pos.cash.tenders import Tender
from pos.catalog.cache import free_allocated_seats
from pos.catalog.seatmap import left_for_outlet, load_seat_map, standing_areas
from pos.errors import NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.store import settings
from pos.terminal import lease
from tests.factories import NOW, OUTLET, Counter, make_counter

PERF = "P-CONCERT"


def _sell(c: Counter, items: list[CartItem]) -> str:
    return sell(c.store, performance_id=PERF, items=items, tenders=[Tender(kind="cash", amount=Money(500000))],
                actor=c.clerk, signer=c.signer, now=NOW).order_id


def _enrol_with_lease(c: Counter, seats: list[str], standing: int) -> None:
    """What enrolment and a first refill leave in the store (no central needed here)."""
    with c.store.write() as s:
        settings.write(s, lease.ENROLMENT_SETTING, {"url": "http://127.0.0.1:9"})
        lease.replace(s, lease.Lease(seats={PERF: seats}, standing={(PERF, "FLOOR"): standing}),
                      now=datetime.now(UTC))


def test_a_terminal_never_enrolled_sells_its_whole_allocation(tmp_path: Path) -> None:
    c = make_counter(tmp_path)
    assert not lease.summary(c.store).leasing
    states = {s.seat_id: s.state for s in load_seat_map(c.store, performance_id=PERF, outlet_id=OUTLET).seats}
    assert "online_only" not in states.values() and states["A-1-1"] == "available"
    _sell(c, [CartItem("adult", area_id="FLOOR")] * 6)  # more than any lease would give
    assert len(free_allocated_seats(c.store, performance_id=PERF, outlet_id=OUTLET, limit=100)) > 10


def test_an_enrolled_terminal_sells_only_its_lease_and_shows_the_rest_online_only(tmp_path: Path) -> None:
    c = make_counter(tmp_path)
    _enrol_with_lease(c, ["A-1-1", "A-1-2", "A-1-3"], standing=3)
    seat_map = load_seat_map(c.store, performance_id=PERF, outlet_id=OUTLET)
    states = {s.seat_id: s for s in seat_map.seats}
    assert states["A-1-1"].state == "available" and states["A-1-1"].sellable
    assert states["A-1-4"].state == "online_only" and not states["A-1-4"].sellable
    assert "online only" in states["A-1-4"].reason
    assert states["B-2-3"].state == "free"  # not the outlet's: unchanged
    assert [a.left_for_us for a in standing_areas(c.store, performance_id=PERF, outlet_id=OUTLET)] == [3]
    assert left_for_outlet(c.store, outlet_id=OUTLET)[PERF] == 3 + 3
    assert free_allocated_seats(c.store, performance_id=PERF, outlet_id=OUTLET, limit=10) == (
        "A-1-1", "A-1-2", "A-1-3")
    with pytest.raises(NotSellable) as refused:
        _sell(c, [CartItem("adult", seat_id="A-1-4")])
    assert refused.value.details["reason"] == "not_leased"
    _sell(c, [CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")])
    # Standing: granted 3, whatever was uploaded since.
    _sell(c, [CartItem("adult", area_id="FLOOR")] * 2)
    with pytest.raises(NotSellable) as refused:
        _sell(c, [CartItem("adult", area_id="FLOOR")] * 2)
    assert refused.value.details["reason"] == "not_leased"
    _sell(c, [CartItem("adult", area_id="FLOOR")])
    left = lease.summary(c.store, performance_id=PERF)
    assert (left.leasing, left.seats, left.standing) == (True, 1, 0)
    # A refill that grants 2 more units (central's count includes the 3 sold) lets 2 more go.
    with c.store.write() as s:
        lease.replace(s, lease.Lease(seats={PERF: ["A-1-3"]}, standing={(PERF, "FLOOR"): 5}), now=datetime.now(UTC))
    _sell(c, [CartItem("adult", area_id="FLOOR")] * 2)
    assert lease.summary(c.store, performance_id=PERF).standing == 0


def test_an_empty_lease_sells_nothing_offline(tmp_path: Path) -> None:
    c = make_counter(tmp_path)
    _enrol_with_lease(c, [], standing=0)
    with pytest.raises(NotSellable):
        _sell(c, [CartItem("adult", seat_id="A-1-1")])
    with pytest.raises(NotSellable):
        _sell(c, [CartItem("adult", area_id="FLOOR")])
    counts = load_seat_map(c.store, performance_id=PERF, outlet_id=OUTLET).counts()
    assert counts.get("available", 0) == 0 and counts["online_only"] > 0

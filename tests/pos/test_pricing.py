"""Pricing an order: discounts, promotion windows, members, coupons, refusals and the lines
(the property tests: test_pricing_properties)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from pos.errors import InvalidInput, PricingError
from pos.sales.pricing import (
    PromotionRule,
    TicketRequest,
)
from tests.pos.pricing_helpers import EVENT, NOW, cny, coupon, price, promo, ticket

# --- happy paths ----------------------------------------------------------------------


def test_plain_order_with_fees() -> None:
    b = price([ticket("A-1", 38000), ticket("A-2", 18000, "child")], fee_per_ticket=500, fee_per_order=200)
    assert [t.total for t in b.tickets] == [cny(38500), cny(18500)]
    assert b.subtotal == cny(56000)
    assert b.discount_total == cny(0)
    assert b.fee_total == cny(1200)
    assert b.order_fee == cny(200)
    assert b.total == cny(57200)
    assert b.coupon_code is None
    assert all(t.promotion_id is None for t in b.tickets)


def test_percent_discount_rounds_half_up() -> None:
    # 10% of 12345 fen is 1234.5 -> 1235; 10% of 12344 is 1234.4 -> 1234.
    b = price([ticket("A-1", 12345), ticket("A-2", 12344)], promotions=[promo(value=10)])
    assert [t.discount.amount for t in b.tickets] == [1235, 1234]
    assert b.tickets[0].promotion_id == "P1"


def test_amount_discount_is_per_ticket_and_capped_at_list_price() -> None:
    b = price([ticket("A-1", 5000), ticket("A-2", 2000)], promotions=[promo(kind="amount", value=3000)])
    assert [t.discount.amount for t in b.tickets] == [3000, 2000]
    assert [t.total.amount for t in b.tickets] == [2000, 0]


def test_hundred_percent_is_free_but_fees_still_apply() -> None:
    b = price(promotions=[promo(value=100)], fee_per_ticket=500, fee_per_order=100)
    assert b.tickets[0].discount == cny(38000)
    assert b.total == cny(600)


def test_comp_ticket_is_fine_and_records_no_promotion() -> None:
    b = price([ticket(price=0)], promotions=[promo(kind="amount", value=1000)], fee_per_ticket=300)
    t = b.tickets[0]
    assert t.discount == cny(0)
    assert t.promotion_id is None
    assert b.total == cny(300)


def test_best_single_promotion_wins_no_stacking() -> None:
    promos = [promo("P10", value=10), promo("P20", value=20), promo("AMT", kind="amount", value=5000)]
    b = price([ticket("A-1", 38000), ticket("A-2", 10000)], promotions=promos)
    # 20% of 380 = 76 > 50 off; 20% of 100 = 20 < 50 off.
    assert [(t.promotion_id, t.discount.amount) for t in b.tickets] == [("P20", 7600), ("AMT", 5000)]


def test_ties_go_to_the_lower_id() -> None:
    b = price(promotions=[promo("PB", kind="amount", value=3800), promo("PA", value=10)])
    assert b.tickets[0].promotion_id == "PA"


def test_event_and_concession_filters() -> None:
    promos = [
        promo("OTHER", value=50, event_ids=frozenset({"EV2"})),
        promo("STUDENT", value=30, event_ids=frozenset({EVENT, "EV2"}), concessions=frozenset({"student"})),
    ]
    b = price([ticket("A-1", 10000, "adult"), ticket("A-2", 10000, "student")], promotions=promos)
    assert [t.promotion_id for t in b.tickets] == [None, "STUDENT"]


# --- promotion windows ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "applies"),
    [
        (NOW, None, True),  # valid_from is inclusive
        (NOW + timedelta(microseconds=1), None, False),
        (None, NOW, False),  # valid_until is exclusive
        (None, NOW + timedelta(microseconds=1), True),
        (NOW - timedelta(days=1), NOW + timedelta(days=1), True),
        (NOW - timedelta(days=2), NOW - timedelta(days=1), False),
    ],
)
def test_promotion_window_bounds(
    valid_from: datetime | None, valid_until: datetime | None, applies: bool
) -> None:
    b = price(promotions=[promo(valid_from=valid_from, valid_until=valid_until)])
    assert (b.tickets[0].promotion_id == "P1") is applies


def test_window_compares_across_time_zones() -> None:
    shanghai = NOW.astimezone(timezone(timedelta(hours=8)))  # the same instant, written as 20:00+08:00
    b = price(promotions=[promo(valid_until=shanghai)])
    assert b.tickets[0].promotion_id is None


# --- members --------------------------------------------------------------------------


def test_members_only_needs_a_member_number() -> None:
    promos = [promo("MEM", value=15, members_only=True)]
    assert price(promotions=promos).tickets[0].promotion_id is None
    assert price(promotions=promos, member_number="M0001").tickets[0].promotion_id == "MEM"


def test_member_concession_is_just_a_price() -> None:
    b = price([ticket(concession="member", price=30000)], member_number="M0001")
    assert b.total == cny(30000)


def test_blank_member_number_is_invalid() -> None:
    with pytest.raises(InvalidInput):
        price(member_number="  ")


# --- coupons --------------------------------------------------------------------------


def test_coupon_unlocks_its_promotion_on_every_matching_ticket() -> None:
    promos = [promo("CPN", kind="amount", value=2000, requires_coupon=True, concessions=frozenset({"adult"}))]
    tickets = [ticket("A-1"), ticket("A-2"), ticket("A-3", concession="child")]
    without = price(tickets, promotions=promos)
    assert all(t.promotion_id is None for t in without.tickets)
    b = price(tickets, promotions=promos, coupon=coupon())
    assert [t.promotion_id for t in b.tickets] == ["CPN", "CPN", None]
    assert b.discount_total == cny(4000)
    assert b.coupon_code == "SPRING-10"


def test_coupon_used_up() -> None:
    promos = [promo("CPN", requires_coupon=True)]
    with pytest.raises(PricingError, match="coupon SPRING-10 has been used up"):
        price(promotions=promos, coupon=coupon(max_uses=3, used=3))


def test_coupon_with_one_use_left_is_fine() -> None:
    promos = [promo("CPN", requires_coupon=True)]
    assert price(promotions=promos, coupon=coupon(max_uses=3, used=2)).coupon_code == "SPRING-10"


@pytest.mark.parametrize(
    "promos",
    [
        [],  # its promotion is not loaded for this event
        [promo("CPN", requires_coupon=True, event_ids=frozenset({"EV2"}))],
        [promo("CPN", requires_coupon=True, concessions=frozenset({"student"}))],
        [promo("CPN", requires_coupon=True, valid_until=NOW)],
        [promo("CPN", requires_coupon=True, members_only=True)],
        # applicable, but a free promotion is as good on every ticket: spending the coupon gains nothing
        [promo("CPN", value=10, requires_coupon=True), promo("FREE", value=10)],
        # the coupon names a promotion that needs no coupon, so it changes nothing
        [promo("CPN", value=10)],
    ],
)
def test_coupon_does_not_apply(promos: list[PromotionRule]) -> None:
    with pytest.raises(PricingError, match="coupon SPRING-10 does not apply to this order"):
        price(promotions=promos, coupon=coupon())


def test_coupon_beats_a_smaller_free_promotion() -> None:
    promos = [promo("CPN", value=20, requires_coupon=True), promo("FREE", value=10)]
    b = price(promotions=promos, coupon=coupon())
    assert b.tickets[0].promotion_id == "CPN"


def test_coupon_for_another_promotion_does_not_unlock() -> None:
    promos = [promo("CPN", value=10, requires_coupon=True), promo("OTHER", value=50, requires_coupon=True)]
    b = price(promotions=promos, coupon=coupon(pid="CPN"))
    assert b.tickets[0].promotion_id == "CPN"


@pytest.mark.parametrize("code", ["spring-10", "SPRING 10", "", "SPRING_10", "A" * 33, "春节"])
def test_malformed_coupon_code(code: str) -> None:
    with pytest.raises(InvalidInput, match="coupon code"):
        price(promotions=[promo("CPN", requires_coupon=True)], coupon=coupon(code=code))


# --- refusals -------------------------------------------------------------------------


def test_empty_cart() -> None:
    with pytest.raises(PricingError, match="no tickets"):
        price([])


def test_too_many_tickets_names_the_limit() -> None:
    assert len(price([ticket(f"A-{i}") for i in range(6)]).tickets) == 6
    with pytest.raises(PricingError, match="at most 6 tickets") as exc:
        price([ticket(f"A-{i}") for i in range(7)])
    assert exc.value.details["limit"] == 6


@pytest.mark.parametrize(
    "kw",
    [
        {"tickets": [ticket(price=-1)]},
        {"tickets": [ticket(item="")]},
        {"tickets": [ticket(concession="")]},
        {"tickets": [TicketRequest("A-1", "Z1", "adult", 1.5)]},  # type: ignore[arg-type]
        {"tickets": [TicketRequest("A-1", "Z1", "adult", True)]},
        {"fee_per_ticket": -1},
        {"fee_per_order": -100},
        {"max_tickets": 0},
        {"event_id": ""},
        {"currency": "cny"},
        {"now": datetime(2024, 11, 25, 12, 0)},  # naive
        {"promotions": [promo(value=0)]},
        {"promotions": [promo(value=101)]},
        {"promotions": [promo(kind="amount", value=0)]},
        {"promotions": [promo(kind="fixed")]},
        {"promotions": [promo(), promo()]},
        {"promotions": [promo(valid_from=NOW, valid_until=NOW)]},
        {"promotions": [promo(valid_from=datetime(2024, 1, 1))]},
        {"coupon": coupon(used=-1)},
    ],
)
def test_odd_input_is_invalid(kw: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        price(**kw)


def test_invalid_input_is_checked_before_the_cart_size() -> None:
    with pytest.raises(InvalidInput):
        price([], fee_per_ticket=-1)


# --- presentation ---------------------------------------------------------------------


def test_lines() -> None:
    b = price(
        [ticket("A-1", 38000)],
        promotions=[promo("CPN", value=10, requires_coupon=True)],
        coupon=coupon(),
        fee_per_ticket=500,
        fee_per_order=200,
    )
    lines = b.lines()
    assert lines[0].startswith("A-1 adult (Z1)") and lines[0].endswith("380.00")
    assert any(line.startswith("  discount CPN") and line.endswith("-38.00") for line in lines)
    assert lines[-2].startswith("Total") and lines[-2].endswith("349.00")
    assert lines[-1] == "Coupon SPRING-10"
    assert all(len(line) == 40 for line in lines[:-1])


def test_breakdown_is_frozen() -> None:
    b = price()
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.total = cny(0)  # type: ignore[misc]

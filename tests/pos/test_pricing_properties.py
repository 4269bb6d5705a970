"""Properties of pricing: exact totals against an oracle, over random carts and promotions."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from pos.errors import PricingError
from pos.sales.pricing import (
    PromotionRule,
    TicketRequest,
    discount_for,
)
from tests.pos.pricing_helpers import EVENT, NOW, coupon, price, promo

prices = st.integers(min_value=0, max_value=10_000_000)
concessions = st.sampled_from(["adult", "child", "student", "senior", "member"])
times = st.one_of(st.none(), st.integers(min_value=-3, max_value=3).map(lambda h: NOW + timedelta(hours=h)))


@st.composite
def promotions(draw: st.DrawFn) -> list[PromotionRule]:
    out = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        kind = draw(st.sampled_from(["percent", "amount"]))
        value = draw(
            st.integers(min_value=1, max_value=100)
            if kind == "percent"
            else st.integers(min_value=1, max_value=200_000)
        )
        start, end = draw(times), draw(times)
        if start is not None and end is not None and start >= end:
            start = None
        out.append(
            promo(
                f"P{i}",
                kind=kind,
                value=value,
                event_ids=draw(st.sampled_from([frozenset(), frozenset({EVENT}), frozenset({"EV2"})])),
                concessions=frozenset(draw(st.lists(concessions, max_size=2))),
                valid_from=start,
                valid_until=end,
                requires_coupon=draw(st.booleans()),
                members_only=draw(st.booleans()),
            )
        )
    return out


def oracle_discount(p: PromotionRule, list_price: int) -> int:
    if p.kind == "amount":
        return min(p.value, list_price)
    exact = Fraction(list_price * p.value, 100)
    whole = int(exact)  # exact >= 0, so int() floors
    return whole + (1 if exact - whole >= Fraction(1, 2) else 0)


@given(
    tickets=st.lists(
        st.builds(TicketRequest, st.sampled_from(["A-1", "B-2", "GA"]), st.just("Z1"), concessions, prices),
        min_size=1,
        max_size=8,
    ),
    fees=st.tuples(st.integers(min_value=0, max_value=5_000), st.integers(min_value=0, max_value=5_000)),
    promos=promotions(),
    coupon_pid=st.one_of(st.none(), st.sampled_from(["P0", "P1", "P9"])),
    member=st.sampled_from([None, "M1"]),
)
def test_totals_are_exact(
    tickets: list[TicketRequest],
    fees: tuple[int, int],
    promos: list[PromotionRule],
    coupon_pid: str | None,
    member: str | None,
) -> None:
    fee_per_ticket, fee_per_order = fees
    cpn = coupon(pid=coupon_pid) if coupon_pid else None
    try:
        b = price(
            tickets,
            fee_per_ticket=fee_per_ticket,
            fee_per_order=fee_per_order,
            max_tickets=8,
            promotions=promos,
            coupon=cpn,
            member_number=member,
        )
    except PricingError as e:
        assert cpn is not None and "does not apply" in e.message
        return
    assert b.total == b.subtotal - b.discount_total + b.fee_total
    assert b.total == sum((t.total for t in b.tickets), b.order_fee)
    assert b.subtotal.amount == sum(t.list_price for t in tickets)
    assert b.fee_total.amount == fee_per_ticket * len(tickets) + fee_per_order
    by_id = {p.id: p for p in promos}
    for req, t in zip(tickets, b.tickets, strict=True):
        assert 0 <= t.discount.amount <= req.list_price
        assert t.total.amount == req.list_price - t.discount.amount + fee_per_ticket
        assert (t.promotion_id is None) == (t.discount.amount == 0)
        if t.promotion_id is not None:
            chosen = by_id[t.promotion_id]
            assert oracle_discount(chosen, req.list_price) == t.discount.amount
            assert not chosen.members_only or member is not None
            assert not chosen.requires_coupon or (cpn is not None and cpn.promotion_id == chosen.id)
            assert not chosen.concessions or req.concession in chosen.concessions
            assert not chosen.event_ids or EVENT in chosen.event_ids
        # No applicable promotion would have given more.
        for p in promos:
            applicable = (
                (p.valid_from is None or p.valid_from <= NOW)
                and (p.valid_until is None or p.valid_until > NOW)
                and (not p.event_ids or EVENT in p.event_ids)
                and (not p.concessions or req.concession in p.concessions)
                and (not p.members_only or member is not None)
                and (not p.requires_coupon or (cpn is not None and cpn.promotion_id == p.id))
            )
            if applicable:
                assert oracle_discount(p, req.list_price) <= t.discount.amount


@given(price_fen=prices, value=st.integers(min_value=1, max_value=100))
def test_percent_rounding_matches_exact_arithmetic(price_fen: int, value: int) -> None:
    p = promo(value=value)
    assert discount_for(p, price_fen) == oracle_discount(p, price_fen)

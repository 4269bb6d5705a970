"""Pricing an order: list prices, one promotion per ticket, a coupon, and fees.

Pure: frozen data in, frozen data out, no store access. The selling service resolves each
ticket's list price (zone price for the concession, after any channel override) and loads
the promotions and the coupon; this module only does the arithmetic, in integer fen.

Rules
-----
* Input that cannot be right is :class:`InvalidInput`: negative prices or fees, a
  ``max_tickets`` below 1, empty ids, naive datetimes, a malformed promotion (unknown kind,
  percent outside 1..100, amount below 1, ``valid_from`` not before ``valid_until``,
  duplicate id), a coupon code not made of upper-case letters, digits and dashes (at most
  32, the store's column), negative coupon counts, a blank member number.
* An empty cart is a :class:`PricingError`; so is a cart of more than ``max_tickets``
  tickets (the message names the limit).
* A promotion is *applicable* to a ticket when it is active at ``now``
  (``valid_from <= now < valid_until``; either bound may be absent), its ``event_ids`` is
  empty or holds the event, its ``concessions`` is empty or holds the ticket's concession,
  it is not ``members_only`` or a member number was given, its ``member_tiers`` is empty
  or holds the member's tier (a tier price, issue 22), and it does not
  ``requires_coupon`` or the coupon given names it.
* Each ticket gets the single applicable promotion with the largest discount; promotions
  never stack. Ties go to a promotion that needs no coupon (so a coupon is not spent for
  nothing), then to the lowest promotion id (so the price is deterministic). A promotion
  whose discount on this ticket is 0 (a comp, or 1% of 1 fen) is not recorded.
* Percent discount = ``list_price * value / 100`` rounded half up, in integers; an amount
  discount is ``value`` fen per ticket. Neither exceeds the list price.
* A coupon must have uses left (``used < max_uses``) and must actually lower the price of at
  least one ticket, i.e. its promotion needs a coupon and is the one chosen for some ticket;
  otherwise "coupon X does not apply to this order". A coupon discounts every ticket its
  promotion chooses, and ``coupon_code`` is set on the breakdown only when it was used, so
  the caller counts one use per order. An unknown code is the caller's to report.
* Fees are never discounted: ``fee_per_ticket`` on every ticket (comps included) and one
  ``fee_per_order``.
* Exact to the fen: ``total == subtotal - discount_total + fee_total`` and
  ``total == sum(ticket totals) + order_fee``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pos.errors import InvalidInput, PricingError
from pos.money import Money

PromotionKind = Literal["percent", "amount"]

COUPON_CODE = re.compile(r"[A-Z0-9-]{1,32}")


@dataclass(frozen=True, slots=True)
class TicketRequest:
    """One ticket in the cart, already resolved by the caller."""

    item_id: str  # seat id or standing-area id (repeats for several standing tickets)
    zone_id: str
    concession: str
    list_price: int  # fen: the zone's price for this concession, after channel-rule override


@dataclass(frozen=True, slots=True)
class PromotionRule:
    id: str
    name: str
    kind: PromotionKind
    value: int  # percent 1..100, or fen off per ticket
    event_ids: frozenset[str]  # empty = every event
    concessions: frozenset[str]  # empty = every concession
    valid_from: datetime | None  # inclusive
    valid_until: datetime | None  # exclusive
    requires_coupon: bool
    members_only: bool
    name_zh: str = ""  # the Chinese name, for the cart of a Chinese counter
    member_tiers: frozenset[str] = frozenset()  # a tier price: only these tiers (issue 22)


@dataclass(frozen=True, slots=True)
class CouponState:
    code: str
    promotion_id: str
    max_uses: int
    used: int


@dataclass(frozen=True, slots=True)
class PricedTicket:
    item_id: str
    zone_id: str
    concession: str
    list_price: Money
    discount: Money
    promotion_id: str | None
    fee: Money
    total: Money  # list_price - discount + fee
    promotion_name: str = ""  # the promotion's name (English), shown in the cart
    promotion_name_zh: str = ""


@dataclass(frozen=True, slots=True)
class PriceBreakdown:
    tickets: tuple[PricedTicket, ...]
    order_fee: Money
    subtotal: Money  # sum of list prices
    discount_total: Money
    fee_total: Money  # per-ticket fees plus the order fee
    total: Money
    coupon_code: str | None  # set only when the coupon lowered the price

    def lines(self, width: int = 40) -> tuple[str, ...]:
        """A plain English breakdown, one line per item, amounts right-aligned."""

        def row(label: str, amount: Money) -> str:
            text = amount.format()
            return f"{label[: max(1, width - len(text) - 1)]:<{width - len(text)}}{text}"

        out: list[str] = []
        for t in self.tickets:
            out.append(row(f"{t.item_id} {t.concession} ({t.zone_id})", t.list_price))
            if t.discount.amount:
                out.append(row(f"  discount {t.promotion_id}", -t.discount))
            if t.fee.amount:
                out.append(row("  fee", t.fee))
        if self.order_fee.amount:
            out.append(row("Order fee", self.order_fee))
        out.append(row("Subtotal", self.subtotal))
        if self.discount_total.amount:
            out.append(row("Discounts", -self.discount_total))
        if self.fee_total.amount:
            out.append(row("Fees", self.fee_total))
        out.append(row("Total", self.total))
        if self.coupon_code:
            out.append(f"Coupon {self.coupon_code}")
        return tuple(out)


def price_order(
    *,
    event_id: str,
    tickets: Sequence[TicketRequest],
    currency: str,
    fee_per_ticket: int,
    fee_per_order: int,
    max_tickets: int,
    promotions: Sequence[PromotionRule],
    coupon: CouponState | None,
    member_number: str | None,
    now: datetime,
    member_tier: str | None = None,
) -> PriceBreakdown:
    zero = Money.zero(currency)  # validates the currency code
    # Malformed input first (InvalidInput), before any refusal of the order itself.
    _check_terms(event_id, fee_per_ticket, fee_per_order, max_tickets, member_number, now)
    _check_tickets(tickets)
    _check_promotions(promotions)
    _check_coupon(coupon)
    if not tickets:
        raise PricingError("the order has no tickets", reason="empty")
    if len(tickets) > max_tickets:
        raise PricingError(
            f"at most {max_tickets} tickets per order for this event, this order has {len(tickets)}",
            limit=max_tickets, reason="too_many_tickets",
        )
    if coupon is not None and coupon.used >= coupon.max_uses:
        raise PricingError(f"coupon {coupon.code} has been used up", coupon=coupon.code, reason="used_up")

    # Filter once by what is the same for every ticket; concession is checked per ticket.
    candidates = [
        p
        for p in promotions
        if _active(p, now)
        and (not p.event_ids or event_id in p.event_ids)
        and (not p.members_only or member_number is not None)
        and (not p.member_tiers or member_tier in p.member_tiers)
        and (not p.requires_coupon or (coupon is not None and coupon.promotion_id == p.id))
    ]

    priced: list[PricedTicket] = []
    coupon_used = False
    for t in tickets:
        best: PromotionRule | None = None
        best_off = 0
        for p in candidates:
            if p.concessions and t.concession not in p.concessions:
                continue
            off = discount_for(p, t.list_price)
            if off > best_off or (off == best_off and off > 0 and best is not None and _wins_tie(p, best)):
                best, best_off = p, off
        if best is not None and best.requires_coupon:
            coupon_used = True
        fee = fee_per_ticket
        priced.append(
            PricedTicket(
                item_id=t.item_id,
                zone_id=t.zone_id,
                concession=t.concession,
                list_price=Money(t.list_price, currency),
                discount=Money(best_off, currency),
                promotion_id=best.id if best is not None else None,
                fee=Money(fee, currency),
                total=Money(t.list_price - best_off + fee, currency),
                promotion_name=best.name if best is not None and best_off else "",
                promotion_name_zh=best.name_zh if best is not None and best_off else "",
            )
        )

    if coupon is not None and not coupon_used:
        raise PricingError(
            f"coupon {coupon.code} does not apply to this order", coupon=coupon.code, reason="not_applicable"
        )

    subtotal = sum((p.list_price for p in priced), zero)
    discount_total = sum((p.discount for p in priced), zero)
    order_fee = Money(fee_per_order, currency)
    fee_total = sum((p.fee for p in priced), order_fee)
    total = subtotal - discount_total + fee_total
    # Both identities hold by construction; a failure here is a bug, not bad input.
    assert total == sum((p.total for p in priced), order_fee)
    return PriceBreakdown(
        tickets=tuple(priced),
        order_fee=order_fee,
        subtotal=subtotal,
        discount_total=discount_total,
        fee_total=fee_total,
        total=total,
        coupon_code=coupon.code if coupon is not None else None,
    )


def discount_for(promotion: PromotionRule, list_price: int) -> int:
    """The discount in fen that ``promotion`` gives on one ticket of ``list_price`` fen."""
    if promotion.kind == "amount":
        return min(promotion.value, list_price)
    # Round half up in integers; both operands are >= 0 so floor division is safe.
    return min((list_price * promotion.value + 50) // 100, list_price)


def _active(p: PromotionRule, now: datetime) -> bool:
    return (p.valid_from is None or p.valid_from <= now) and (p.valid_until is None or now < p.valid_until)


def _wins_tie(p: PromotionRule, best: PromotionRule) -> bool:
    # Prefer a promotion that needs no coupon, then the lower id.
    return (p.requires_coupon, p.id) < (best.requires_coupon, best.id)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_aware(value: datetime, what: str) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"{what} must be a time-zone-aware datetime, got {value!r}")


def _check_terms(
    event_id: str,
    fee_per_ticket: int,
    fee_per_order: int,
    max_tickets: int,
    member_number: str | None,
    now: datetime,
) -> None:
    if not event_id:
        raise InvalidInput("event id is empty")
    _check_aware(now, "now")
    for name, value in (("fee per ticket", fee_per_ticket), ("fee per order", fee_per_order)):
        if not _is_int(value) or value < 0:
            raise InvalidInput(f"{name} must be a whole number of fen >= 0, got {value!r}")
    if not _is_int(max_tickets) or max_tickets < 1:
        raise InvalidInput(f"max tickets per order must be at least 1, got {max_tickets!r}")
    if member_number is not None and not member_number.strip():
        raise InvalidInput("member number is blank")


def _check_tickets(tickets: Sequence[TicketRequest]) -> None:
    for t in tickets:
        if not (t.item_id and t.zone_id and t.concession):
            raise InvalidInput(f"ticket has an empty item, zone or concession: {t!r}")
        if not _is_int(t.list_price) or t.list_price < 0:
            raise InvalidInput(
                f"list price of {t.item_id} must be a whole number of fen >= 0, got {t.list_price!r}"
            )


def _check_promotions(promotions: Sequence[PromotionRule]) -> None:
    seen: set[str] = set()
    for p in promotions:
        if not p.id:
            raise InvalidInput("promotion with an empty id")
        if p.id in seen:
            raise InvalidInput(f"promotion {p.id} is given twice")
        seen.add(p.id)
        if p.kind not in ("percent", "amount"):
            raise InvalidInput(f"promotion {p.id} has unknown kind {p.kind!r}")
        if not _is_int(p.value):
            raise InvalidInput(f"promotion {p.id} value must be an integer, got {p.value!r}")
        if p.kind == "percent" and not 1 <= p.value <= 100:
            raise InvalidInput(f"promotion {p.id} percent must be 1..100, got {p.value}")
        if p.kind == "amount" and p.value < 1:
            raise InvalidInput(f"promotion {p.id} amount must be at least 1 fen, got {p.value}")
        if p.valid_from is not None:
            _check_aware(p.valid_from, f"promotion {p.id} valid_from")
        if p.valid_until is not None:
            _check_aware(p.valid_until, f"promotion {p.id} valid_until")
        if p.valid_from is not None and p.valid_until is not None and p.valid_from >= p.valid_until:
            raise InvalidInput(f"promotion {p.id} ends before it starts")


def _check_coupon(coupon: CouponState | None) -> None:
    if coupon is not None:
        if not isinstance(coupon.code, str) or not COUPON_CODE.fullmatch(coupon.code):
            raise InvalidInput(
                f"coupon code {coupon.code!r} is malformed: use upper-case letters, digits and dashes"
            )
        if not _is_int(coupon.max_uses) or not _is_int(coupon.used) or coupon.max_uses < 0 or coupon.used < 0:
            raise InvalidInput(f"coupon {coupon.code} has impossible use counts")

"""The price-order test's builders: a ticket, a promotion, a coupon, a priced order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pos.money import Money
from pos.sales.pricing import (
    CouponState,
    PriceBreakdown,
    PromotionRule,
    TicketRequest,
    price_order,
)

NOW = datetime(2024, 11, 25, 12, 0, tzinfo=UTC)
EVENT = "EV1"


def ticket(
    item: str = "A-1", price: int = 38000, concession: str = "adult", zone: str = "Z1"
) -> TicketRequest:
    return TicketRequest(item_id=item, zone_id=zone, concession=concession, list_price=price)


def promo(pid: str = "P1", kind: str = "percent", value: int = 10, **kw: Any) -> PromotionRule:
    base: dict[str, Any] = {
        "id": pid,
        "name": f"promotion {pid}",
        "kind": kind,
        "value": value,
        "event_ids": frozenset(),
        "concessions": frozenset(),
        "valid_from": None,
        "valid_until": None,
        "requires_coupon": False,
        "members_only": False,
    }
    base.update(kw)
    return PromotionRule(**base)


def price(tickets: list[TicketRequest] | None = None, **kw: Any) -> PriceBreakdown:
    args: dict[str, Any] = {
        "event_id": EVENT,
        "tickets": [ticket()] if tickets is None else tickets,
        "currency": "CNY",
        "fee_per_ticket": 0,
        "fee_per_order": 0,
        "max_tickets": 6,
        "promotions": [],
        "coupon": None,
        "member_number": None,
        "now": NOW,
    }
    args.update(kw)
    return price_order(**args)


def cny(fen: int) -> Money:
    return Money(fen, "CNY")


def coupon(code: str = "SPRING-10", pid: str = "CPN", max_uses: int = 5, used: int = 0) -> CouponState:
    return CouponState(code=code, promotion_id=pid, max_uses=max_uses, used=used)

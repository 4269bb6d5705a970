"""The prices of an outlet order: never more trusted than the catalog, the outlet's channel
rules and the promotion allow. Uses the catalog helpers of ``central.services.common``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from central.context import Caller
from central.errors import unprocessable
from central.member_models import Member
from central.models import Coupon
from central.services.common import catalog_item, half_up, price_for
from central.services.order_caps import override_allowed
from sync.protocol.orders import OrderUpload, TicketLine


def check_prices(
    s: Session,
    caller: Caller,
    up: OrderUpload,
    perfs: Mapping[str, Any],
    zones: Mapping[str, str | None],
    per_event: Mapping[str, int],
    sale_time: datetime,
    exchange_credit: int,
    overridden: list[dict[str, Any]] | None = None,
) -> tuple[int, bool]:
    """Check every price, the fees, the total and the payments. Returns the booking fees and
    whether the order uses its coupon. A supervisor-approved override (``order_caps``) is
    accepted and appended to ``overridden``."""
    tickets = up.tickets
    mismatches = []
    coupon_used = False
    for t in tickets:
        perf = perfs[t.performance_id]
        base = price_for(perf, zones.get(t.ticket_id), t.concession, (caller.outlet_id, caller.outlet_kind))
        if base is None:
            raise unprocessable("price_mismatch", f"concession {t.concession} is not sold there",
                                ticket_id=t.ticket_id)
        expected = base
        if t.promotion_id:
            expected = promo_price(s, up, t, perf.event_id, base, sale_time)
            coupon_used = coupon_used or bool(up.coupon_code)
        if t.price != expected and overridden is not None and override_allowed(up, t.ticket_id):
            overridden.append({"ticket_id": t.ticket_id, "expected": expected, "got": t.price})
        elif t.price != expected:
            mismatches.append({"ticket_id": t.ticket_id, "expected": expected, "got": t.price})
    if mismatches:
        raise unprocessable("price_mismatch", "ticket prices differ from the catalog", tickets=mismatches)
    fees = 0
    for event_id, n in per_event.items():
        perf = next(p for p in perfs.values() if p.event_id == event_id)
        fees += perf.fee_per_order + perf.fee_per_ticket * n
    if up.fees != fees:
        raise unprocessable("fees_mismatch", "booking fees differ", expected=fees, got=up.fees)
    prices = sum(t.price for t in tickets)
    if up.total != prices + fees:
        raise unprocessable("total_mismatch", "total is not prices plus fees", expected=prices + fees)
    if sum(p.amount for p in up.payments) != up.total:
        raise unprocessable("payment_mismatch", "payments do not add up to the total")
    if sum(p.amount for p in up.payments if p.method == "exchange") > exchange_credit:
        raise unprocessable("payment_mismatch", "exchange credit exceeds the refunded amount")
    return fees, coupon_used


def promo_price(
    s: Session, up: OrderUpload, t: TicketLine, event_id: str, base: int, at: datetime
) -> int:
    promo = catalog_item(s, "promotion", t.promotion_id or "")
    bad = unprocessable("promotion_invalid", f"promotion {t.promotion_id} does not apply",
                        ticket_id=t.ticket_id, promotion_id=t.promotion_id)
    if promo is None:
        raise bad
    if promo.get("event_ids") and event_id not in promo["event_ids"]:
        raise bad
    if promo.get("concessions") and t.concession not in promo["concessions"]:
        raise bad
    if promo.get("valid_from") and at < datetime.fromisoformat(promo["valid_from"]):
        raise bad
    if promo.get("valid_until") and at >= datetime.fromisoformat(promo["valid_until"]):
        raise bad
    if promo.get("requires_coupon"):
        coupon = s.get(Coupon, up.coupon_code or "")
        if coupon is None or coupon.promotion_id != promo["id"]:
            raise unprocessable("coupon_invalid", "this promotion needs a valid coupon",
                                ticket_id=t.ticket_id)
    # A member price (issue 22): the order's member must exist and hold one of its tiers.
    if promo.get("members_only"):
        member = s.get(Member, up.member_number) if up.member_number else None
        if member is None or not member.active or (
            promo.get("member_tiers") and member.tier not in promo["member_tiers"]
        ):
            raise unprocessable("promotion_invalid", f"promotion {t.promotion_id} is for members of "
                                f"{', '.join(promo.get('member_tiers') or ['any tier'])}",
                                ticket_id=t.ticket_id, promotion_id=t.promotion_id, reason_detail="member_tier")
    if promo["kind"] == "percent":
        return base - half_up(base, int(promo["value"]) * 100)
    return max(0, base - int(promo["value"]))

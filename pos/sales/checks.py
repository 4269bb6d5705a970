"""Before a sale: load the performance, check each ticket against the sales policy and
the channel rules, check the people (members, real-name holders), price the cart."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from pos.cash.drawer import DEFAULT_DRAWER, open_shift_id
from pos.errors import InvalidInput, NoOpenShift, NotFound, NotSellable, PricingError
from pos.members.service import member_tier
from pos.sales.cart import CartItem
from pos.sales.pricing import CouponState, PriceBreakdown, PromotionRule, TicketRequest, price_order
from pos.sales.sellability import SalesPolicy
from pos.store import sql
from pos.tickets import sealing


@dataclass(frozen=True, slots=True)
class Resolved:
    """A cart item with what the store says about it."""

    item: CartItem
    zone_id: str
    gate_id: str
    section_id: str
    row_label: str
    seat_number: str
    list_price: int


@dataclass
class SaleContext:
    terminal: Row[Any]
    outlet_kind: str | None
    event: Row[Any]
    performance: Row[Any]
    concessions: dict[str, Row[Any]] = field(default_factory=dict)
    resolved: list[Resolved] = field(default_factory=list)


# The sale path reads with Core statements on the session's connection: the ORM's
# per-object bookkeeping cost more than the fsync (see bench/bench_sale_commit.py).
def load_context(
    session: Session, *, performance_id: str, items: Sequence[CartItem], now: datetime
) -> SaleContext:
    terminal = sql.row(session, "SELECT * FROM terminal")
    if terminal is None:
        raise NotFound("this terminal is not initialised: run `pos init`")
    perf = sql.row(session, "SELECT * FROM performance WHERE id = ?", performance_id)
    if perf is None:
        raise NotFound(f"no performance {performance_id!r} in the catalog", performance=performance_id)
    event = sql.row(session, "SELECT * FROM event WHERE id = ?", perf.event_id)
    assert event is not None
    if perf.status != "on_sale":
        raise NotSellable(f"performance {performance_id} is {perf.status}", reason=perf.status)
    opens = sql.time_out(perf.sales_open_at)
    assert opens is not None
    if now < opens:
        raise NotSellable(f"sales for {performance_id} open at {opens:%Y-%m-%d %H:%M} UTC", reason="not_open")
    if sql.time_in(now) >= perf.sales_close_at:
        raise NotSellable(f"sales for {performance_id} have closed", reason="closed")
    if not items:
        raise InvalidInput("the cart is empty")
    outlet = sql.row(session, "SELECT kind FROM outlet WHERE id = ?", terminal.outlet_id)
    concessions = {c.code: c for c in sql.rows(session, "SELECT * FROM concession")}
    outlet_kind = outlet.kind if outlet else None
    return SaleContext(terminal, outlet_kind, event, perf, concessions)


def check_shift(session: Session, drawer: str = DEFAULT_DRAWER) -> str:
    """The open shift a sale belongs to; selling without one is refused (cash control)."""
    shift_id = open_shift_id(session, drawer)
    if shift_id is None:
        raise NoOpenShift(
            f"no shift is open on drawer {drawer}: open a shift (count the float) before selling",
            drawer=drawer,
        )
    return shift_id


def channel_rule(rules: Sequence[Row[Any]], ctx: SaleContext) -> Row[Any] | None:
    """The most specific rule for this outlet: by id beats by kind beats a catch-all."""
    outlet_id = ctx.terminal.outlet_id
    for test in (
        lambda r: r.outlet_id == outlet_id,
        lambda r: r.outlet_id is None and r.outlet_kind is not None and r.outlet_kind == ctx.outlet_kind,
        lambda r: r.outlet_id is None and r.outlet_kind is None,
    ):
        for rule in rules:
            if test(rule):
                return rule
    return None


def resolve(session: Session, ctx: SaleContext, items: Sequence[CartItem], policy: SalesPolicy) -> None:
    perf_id, outlet_id = ctx.performance.id, ctx.terminal.outlet_id
    rules = sql.rows(
        session, "SELECT * FROM channel_rule WHERE performance_id = ? ORDER BY position", perf_id
    )
    rule = channel_rule(rules, ctx)
    if rule is not None and not rule.allowed:
        raise NotSellable("this outlet's channel may not sell this performance", reason="channel")
    if rule is None and rules:
        raise NotSellable("no channel rule lets this outlet sell this performance", reason="channel")
    overrides: Mapping[str, Mapping[str, int]] = json.loads(rule.prices) if rule else {}

    seat_ids = [i.seat_id for i in items if i.seat_id is not None]
    dupes = [s for s, n in Counter(seat_ids).items() if n > 1]
    if dupes:
        raise InvalidInput(f"seat {dupes[0]} is in the cart twice")
    for item in items:
        if item.concession not in ctx.concessions:
            raise InvalidInput(f"unknown concession {item.concession!r}")
    if seat_ids:
        policy.check_seats(session, performance_id=perf_id, seat_ids=seat_ids, outlet_id=outlet_id)
    for area_id, qty in Counter(i.area_id for i in items if i.area_id is not None).items():
        policy.check_standing(
            session, performance_id=perf_id, area_id=area_id, quantity=qty, outlet_id=outlet_id
        )

    venue_id = ctx.event.venue_id
    seat_rows = (
        {
            r.seat_id: r
            for r in sql.rows(
                session,
                "SELECT ps.seat_id, ps.zone_id, s.section_id, s.row_label, s.number, sec.gate_id "
                "FROM performance_seat ps "
                "JOIN seat s ON s.venue_id = ? AND s.id = ps.seat_id "
                "JOIN section sec ON sec.venue_id = ? AND sec.id = s.section_id "
                f"WHERE ps.performance_id = ? AND ps.seat_id IN ({sql.marks(len(seat_ids))})",
                venue_id,
                venue_id,
                perf_id,
                *seat_ids,
            )
        }
        if seat_ids
        else {}
    )
    area_ids = sorted({i.area_id for i in items if i.area_id is not None})
    areas = (
        {
            r.area_id: r
            for r in sql.rows(
                session,
                "SELECT st.area_id, st.zone_id, sec.gate_id FROM performance_standing st "
                "JOIN section sec ON sec.venue_id = ? AND sec.id = st.area_id "
                f"WHERE st.performance_id = ? AND st.area_id IN ({sql.marks(len(area_ids))})",
                venue_id,
                perf_id,
                *area_ids,
            )
        }
        if area_ids
        else {}
    )
    prices = {
        (p.zone_id, p.concession): p.amount
        for p in sql.rows(
            session, "SELECT zone_id, concession, amount FROM zone_price WHERE performance_id = ?", perf_id
        )
    }
    for item in items:
        if item.seat_id is not None:
            r = seat_rows.get(item.seat_id)
            if r is None:
                raise NotSellable(
                    f"seat {item.seat_id} is not in this performance's seat map", reason="unknown_seat"
                )
            zone_id, gate_id, section_id, row_label, number = (
                r.zone_id,
                r.gate_id,
                r.section_id,
                r.row_label,
                r.number,
            )
        else:
            a = areas.get(item.area_id or "")
            if a is None:
                raise NotSellable(
                    f"no standing area {item.area_id} in this performance", reason="unknown_area"
                )
            zone_id, gate_id, section_id, row_label, number = a.zone_id, a.gate_id, a.area_id, "", ""
        price = overrides.get(zone_id, {}).get(item.concession, prices.get((zone_id, item.concession)))
        if price is None:
            raise PricingError(
                f"concession {item.concession} is not sold in zone {zone_id}",
                reason="concession_not_sold", concession=item.concession,
            )
        ctx.resolved.append(Resolved(item, zone_id, gate_id or "", section_id, row_label, number, price))


def check_people(
    session: Session,
    ctx: SaleContext,
    items: Sequence[CartItem],
    member_number: str | None,
    *,
    digest_key: bytes | None = None,
) -> None:
    """The cart's people. With ``digest_key`` (the signer's, at the sale) also this terminal's
    own tickets: one per ID document per performance (central checks every channel)."""
    for item in items:
        if ctx.concessions[item.concession].requires_member and not member_number:
            raise InvalidInput(f"the {item.concession} price needs a member number")
    if not ctx.event.real_name_required:
        if any(i.holder for i in items):
            raise InvalidInput("this event does not take holder names")
        return
    missing = [i.item_id for i in items if i.holder is None]
    if missing:
        raise InvalidInput(f"this is a real-name event: ticket {missing[0]} needs the holder's name and ID")
    holders = [i.holder for i in items if i.holder is not None]
    if len({(h.id_type, h.id_number) for h in holders}) != len(holders):
        raise InvalidInput("real-name events allow one ticket per ID document")
    if digest_key is None:
        return
    digests = [sealing.holder_digest(digest_key, h.id_type, h.id_number) for h in holders]
    taken = sql.row(
        session,
        "SELECT 1 FROM ticket WHERE performance_id = ? AND status = 'valid' "
        f"AND holder_digest IN ({sql.marks(len(digests))})",
        ctx.performance.id,
        *digests,
    )
    if taken:
        raise NotSellable(
            "this ID document already holds a ticket for this performance", reason="holder_has_ticket"
        )


def price_cart(
    session: Session,
    ctx: SaleContext,
    *,
    coupon_code: str | None,
    member_number: str | None,
    now: datetime,
) -> tuple[PriceBreakdown, Row[Any] | None]:
    coupon = None
    if coupon_code:
        coupon = sql.row(session, "SELECT * FROM coupon WHERE code = ?", coupon_code.strip().upper())
        if coupon is None:
            raise PricingError(f"unknown coupon {coupon_code!r}", reason="unknown_coupon", coupon=coupon_code)
    promotions = [
        PromotionRule(
            id=p.id,
            name=p.name_en,
            name_zh=p.name_zh,
            kind=p.kind,
            value=p.value,
            event_ids=frozenset(json.loads(p.event_ids)),
            concessions=frozenset(json.loads(p.concessions)),
            valid_from=sql.time_out(p.valid_from),
            valid_until=sql.time_out(p.valid_until),
            requires_coupon=p.requires_coupon,
            members_only=p.members_only,
            member_tiers=frozenset(json.loads(p.member_tiers or "[]")),
        )
        for p in sql.rows(session, "SELECT * FROM promotion")
    ]
    requests = [
        TicketRequest(
            item_id=r.item.item_id,
            zone_id=r.zone_id,
            concession=r.item.concession,
            list_price=r.item.override_price if r.item.override_price is not None else r.list_price,
        )
        for r in ctx.resolved
    ]
    breakdown = price_order(
        event_id=ctx.event.id,
        tickets=requests,
        currency=ctx.terminal.currency,
        fee_per_ticket=ctx.event.fee_per_ticket,
        fee_per_order=ctx.event.fee_per_order,
        max_tickets=ctx.event.max_tickets_per_order,
        promotions=promotions,
        coupon=CouponState(coupon.code, coupon.promotion_id, coupon.max_uses, coupon.used)
        if coupon
        else None,
        member_number=member_number,
        member_tier=member_tier(session, member_number),
        now=now,
    )
    return breakdown, coupon

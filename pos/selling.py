"""Selling: quote a cart, then commit the sale in one transaction.

The commit writes the order, its tickets (the order's lines), payments, coupon use, the
journal entry and the outbox message together, before anything is printed (invariant 2):
a crash leaves the whole sale or none of it. The database's unique index on valid seats is
the last word on double sales (invariant 1); the policy gives the reason first.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos import journal, outbox
from pos.errors import InvalidInput, NotFound, NotSellable, PricingError
from pos.money import Money
from pos.pricing import CouponState, PriceBreakdown, PromotionRule, TicketRequest, price_order
from pos.realname import Holder, make_holder
from pos.sellability import OfflineAllocationPolicy, SalesPolicy
from pos.staff import Override, Permission, StaffSession, authorise, spend
from pos.store import sql
from pos.store.db import Store
from pos.tenders import (
    PaymentProvider,
    Settlement,
    Tender,
    TenderKind,
    default_providers,
    settle,
)
from pos.tickets import TicketClaims, TicketSigner, new_ticket_id

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CartItem:
    """One ticket wanted: a seat, or one place in a standing area."""

    concession: str
    seat_id: str | None = None
    area_id: str | None = None
    holder: Holder | None = None
    override_price: int | None = None  # fen; needs the price-override permission

    def __post_init__(self) -> None:
        if (self.seat_id is None) == (self.area_id is None):
            raise InvalidInput("a ticket is for either a seat or a standing area")

    @property
    def item_id(self) -> str:
        return self.seat_id or self.area_id or ""


def standing(area_id: str, quantity: int, concession: str) -> tuple[CartItem, ...]:
    if quantity < 1:
        raise InvalidInput("a standing quantity is at least 1")
    return tuple(CartItem(concession=concession, area_id=area_id) for _ in range(quantity))


@dataclass(frozen=True, slots=True)
class Quote:
    performance_id: str
    items: tuple[CartItem, ...]
    breakdown: PriceBreakdown


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket_id: str
    code: str
    seat_id: str | None
    area_id: str | None
    section_id: str
    row_label: str
    seat_number: str
    gate_id: str
    concession: str
    price: Money
    holder_masked: str


@dataclass(frozen=True, slots=True)
class SaleResult:
    order_id: str
    order_number: str
    performance_id: str
    total: Money
    change: Money
    tickets: tuple[IssuedTicket, ...]
    settlement: Settlement
    breakdown: PriceBreakdown
    journal_seq: int
    mode: str


@dataclass(frozen=True, slots=True)
class _Resolved:
    """A cart item with what the store says about it."""

    item: CartItem
    zone_id: str
    gate_id: str
    section_id: str
    row_label: str
    seat_number: str
    list_price: int


@dataclass
class _Context:
    terminal: Row[Any]
    outlet_kind: str | None
    event: Row[Any]
    performance: Row[Any]
    concessions: dict[str, Row[Any]] = field(default_factory=dict)
    resolved: list[_Resolved] = field(default_factory=list)


# The sale path reads with Core statements on the session's connection: the ORM's
# per-object bookkeeping cost more than the fsync (see bench/bench_sale_commit.py).
def _load_context(
    session: Session, *, performance_id: str, items: Sequence[CartItem], now: datetime
) -> _Context:
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
    return _Context(terminal, outlet_kind, event, perf, concessions)


def _channel_rule(rules: Sequence[Row[Any]], ctx: _Context) -> Row[Any] | None:
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


def _resolve(session: Session, ctx: _Context, items: Sequence[CartItem], policy: SalesPolicy) -> None:
    perf_id, outlet_id = ctx.performance.id, ctx.terminal.outlet_id
    rules = sql.rows(
        session, "SELECT * FROM channel_rule WHERE performance_id = ? ORDER BY position", perf_id
    )
    rule = _channel_rule(rules, ctx)
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
            raise PricingError(f"concession {item.concession} is not sold in zone {zone_id}")
        ctx.resolved.append(_Resolved(item, zone_id, gate_id or "", section_id, row_label, number, price))


def _check_people(
    session: Session, ctx: _Context, items: Sequence[CartItem], member_number: str | None
) -> None:
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
    numbers = [i.holder.id_number for i in items if i.holder is not None]
    if len(set(numbers)) != len(numbers):
        raise InvalidInput("real-name events allow one ticket per ID document")
    taken = sql.row(
        session,
        "SELECT 1 FROM ticket WHERE performance_id = ? AND status = 'valid' "
        f"AND holder_id_number IN ({sql.marks(len(numbers))})",
        ctx.performance.id,
        *numbers,
    )
    if taken:
        raise NotSellable(
            "this ID document already holds a ticket for this performance", reason="holder_has_ticket"
        )


def _price(
    session: Session,
    ctx: _Context,
    *,
    coupon_code: str | None,
    member_number: str | None,
    now: datetime,
) -> tuple[PriceBreakdown, Row[Any] | None]:
    coupon = None
    if coupon_code:
        coupon = sql.row(session, "SELECT * FROM coupon WHERE code = ?", coupon_code.strip().upper())
        if coupon is None:
            raise PricingError(f"unknown coupon {coupon_code!r}")
    promotions = [
        PromotionRule(
            id=p.id,
            name=p.name_en,
            kind=p.kind,
            value=p.value,
            event_ids=frozenset(json.loads(p.event_ids)),
            concessions=frozenset(json.loads(p.concessions)),
            valid_from=sql.time_out(p.valid_from),
            valid_until=sql.time_out(p.valid_until),
            requires_coupon=p.requires_coupon,
            members_only=p.members_only,
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
        now=now,
    )
    return breakdown, coupon


def quote(
    store: Store,
    *,
    performance_id: str,
    items: Sequence[CartItem],
    coupon_code: str | None = None,
    member_number: str | None = None,
    policy: SalesPolicy | None = None,
    now: datetime | None = None,
) -> Quote:
    """Price a cart as it would be sold now, without selling it."""
    now = now or datetime.now(UTC)
    policy = policy or OfflineAllocationPolicy()
    with store.read() as session:
        ctx = _load_context(session, performance_id=performance_id, items=items, now=now)
        _resolve(session, ctx, items, policy)
        _check_people(session, ctx, items, member_number)
        breakdown, _ = _price(session, ctx, coupon_code=coupon_code, member_number=member_number, now=now)
    return Quote(performance_id, tuple(items), breakdown)


def sell(
    store: Store,
    *,
    performance_id: str,
    items: Sequence[CartItem],
    tenders: Sequence[Tender],
    actor: StaffSession,
    signer: TicketSigner,
    coupon_code: str | None = None,
    member_number: str | None = None,
    override: Override | None = None,
    policy: SalesPolicy | None = None,
    providers: Mapping[TenderKind, PaymentProvider] | None = None,
    order_id: str | None = None,
    now: datetime | None = None,
) -> SaleResult:
    """Sell a cart: check, price, take payment, and commit everything in one transaction."""
    now = now or datetime.now(UTC)
    policy = policy or OfflineAllocationPolicy()
    authorise(actor=actor, permission=Permission.SELL, now=now)
    approval = None
    if any(i.override_price is not None for i in items):
        if any(i.override_price is not None and i.override_price < 0 for i in items):
            raise InvalidInput("an override price cannot be negative")
        approval = authorise(actor=actor, permission=Permission.PRICE_OVERRIDE, override=override, now=now)
    approver = approval.approver_id if approval else None
    if member_number is not None and not member_number.strip():
        member_number = None
    order_id = order_id or str(uuid.uuid4())
    try:
        # One spelling per order: the id is central's idempotency key.
        order_id = str(uuid.UUID(order_id))
    except ValueError:
        raise InvalidInput(f"order id must be a UUID, got {order_id!r}") from None
    try:
        with store.write() as session:
            if sql.row(session, "SELECT 1 FROM sale_order WHERE id = ?", order_id) is not None:
                raise InvalidInput(f"order {order_id} exists already")
            if approval is not None:
                spend(session, approval, override, now=now)
            ctx = _load_context(session, performance_id=performance_id, items=items, now=now)
            _resolve(session, ctx, items, policy)
            _check_people(session, ctx, items, member_number)
            breakdown, coupon = _price(
                session, ctx, coupon_code=coupon_code, member_number=member_number, now=now
            )
            policy.check_order(session, total=breakdown.total.amount, now=now)
            settlement = settle(
                total=breakdown.total, tenders=tenders, providers=providers or default_providers()
            )
            return _commit(
                session,
                ctx,
                order_id=order_id,
                breakdown=breakdown,
                settlement=settlement,
                coupon=coupon,
                member_number=member_number,
                actor=actor,
                approver_id=approver,
                signer=signer,
                policy=policy,
                now=now,
            )
    except IntegrityError as exc:
        # Another writer took a seat between our check and our insert.
        if "uq_ticket_valid_seat" in str(exc.orig) or "ticket.performance_id, ticket.seat_id" in str(
            exc.orig
        ):
            raise NotSellable("a seat in the cart was sold a moment ago; pick again", reason="sold") from exc
        raise


def _commit(
    session: Session,
    ctx: _Context,
    *,
    order_id: str,
    breakdown: PriceBreakdown,
    settlement: Settlement,
    coupon: Row[Any] | None,
    member_number: str | None,
    actor: StaffSession,
    approver_id: str | None,
    signer: TicketSigner,
    policy: SalesPolicy,
    now: datetime,
) -> SaleResult:
    terminal = ctx.terminal
    seq_no = sql.row(
        session, "UPDATE terminal SET next_order_seq = next_order_seq + 1 RETURNING next_order_seq - 1"
    )
    assert seq_no is not None
    number = f"{terminal.terminal_id}-{seq_no[0]:06d}"
    if coupon is not None and breakdown.coupon_code:
        # The CHECK constraint refuses a use past max_uses, even from a concurrent writer.
        sql.run(session, "UPDATE coupon SET used = used + 1 WHERE code = ?", (coupon.code,))
    issued: list[IssuedTicket] = []
    ticket_rows: list[dict[str, object]] = []
    for line_no, (r, priced) in enumerate(zip(ctx.resolved, breakdown.tickets, strict=True), start=1):
        ticket_id = new_ticket_id()
        holder = r.item.holder
        claims = TicketClaims(
            ticket_id=ticket_id,
            performance_id=ctx.performance.id,
            item_id=r.item.item_id,
            gate_id=r.gate_id,
            concession=r.item.concession,
            issued_at=int(now.timestamp()),
            holder=holder.on_ticket if holder else "",
        )
        code = signer.sign(claims)
        ticket_rows.append(
            {
                "id": ticket_id,
                "order_id": order_id,
                "line_no": line_no,
                "performance_id": ctx.performance.id,
                "seat_id": r.item.seat_id,
                "area_id": r.item.area_id,
                "zone_id": r.zone_id,
                "gate_id": r.gate_id,
                "concession": r.item.concession,
                "list_price": priced.list_price.amount,
                "discount": priced.discount.amount,
                "promotion_id": priced.promotion_id,
                "fee": priced.fee.amount,
                "total": priced.total.amount,
                "holder_name": holder.name if holder else "",
                "holder_id_type": holder.id_type if holder else "",
                "holder_id_number": holder.id_number if holder else "",
                "code": code,
                "key_id": signer.key_id,
                "status": "valid",
                "issued_at": now,
            }
        )
        issued.append(
            IssuedTicket(
                ticket_id=ticket_id,
                code=code,
                seat_id=r.item.seat_id,
                area_id=r.item.area_id,
                section_id=r.section_id,
                row_label=r.row_label,
                seat_number=r.seat_number,
                gate_id=r.gate_id,
                concession=r.item.concession,
                price=priced.total,
                holder_masked=holder.on_ticket if holder else "",
            )
        )
    payments = [
        {
            "order_id": order_id,
            "kind": t.kind,
            "provider": t.provider,
            "amount": t.amount.amount,
            "tendered": t.tendered.amount,
            "reference": t.reference,
        }
        for t in settlement.tenders
    ]
    overridden = [
        {"item": r.item.item_id, "list_price": r.list_price, "override_price": r.item.override_price}
        for r in ctx.resolved
        if r.item.override_price is not None
    ]
    seq = journal.append(
        session,
        kind="sale",
        terminal_id=terminal.terminal_id,
        staff_id=actor.staff_id,
        approver_id=approver_id,
        ref=order_id,
        data={
            "number": number,
            "performance": ctx.performance.id,
            "tickets": [t["id"] for t in ticket_rows],
            "total": breakdown.total.amount,
            "currency": breakdown.total.currency,
            "payments": [{"kind": p["kind"], "amount": p["amount"]} for p in payments],
            "mode": policy.mode,
            "price_overrides": overridden,
        },
        now=now,
    )
    sql.insert(
        session,
        "sale_order",
        [
            dict(
                id=order_id,
                number=number,
                terminal_id=terminal.terminal_id,
                outlet_id=terminal.outlet_id,
                performance_id=ctx.performance.id,
                staff_id=actor.staff_id,
                approver_id=approver_id,
                created_at=now,
                mode=policy.mode,
                hold_id=policy.hold_id,
                status="paid",
                currency=breakdown.total.currency,
                subtotal=breakdown.subtotal.amount,
                discount_total=breakdown.discount_total.amount,
                fee_total=breakdown.fee_total.amount,
                total=breakdown.total.amount,
                change_given=settlement.change.amount,
                ticket_count=len(ticket_rows),
                coupon_code=breakdown.coupon_code,
                member_number=member_number,
                journal_seq=seq,
            )
        ],
    )
    sql.insert(session, "ticket", ticket_rows)
    sql.insert(session, "payment", payments)
    payload = {
        "order_id": order_id,
        "number": number,
        "terminal_id": terminal.terminal_id,
        "outlet_id": terminal.outlet_id,
        "performance_id": ctx.performance.id,
        "created_at": now.isoformat(),
        "mode": policy.mode,
        "hold_id": policy.hold_id,
        "staff_id": actor.staff_id,
        "currency": breakdown.total.currency,
        "subtotal": breakdown.subtotal.amount,
        "discount_total": breakdown.discount_total.amount,
        "fee_total": breakdown.fee_total.amount,
        "total": breakdown.total.amount,
        "coupon_code": breakdown.coupon_code,
        "member_number": member_number,
        "journal_seq": seq,
        "tickets": [
            {
                k: (v.isoformat() if isinstance(v, datetime) else v)
                for k, v in t.items()
                if k not in ("order_id", "status")
            }
            for t in ticket_rows
        ],
        "payments": [{k: v for k, v in p.items() if k != "order_id"} for p in payments],
    }
    outbox.enqueue(session, message_id=order_id, kind="order", payload=payload, now=now)
    return SaleResult(
        order_id=order_id,
        order_number=number,
        performance_id=ctx.performance.id,
        total=breakdown.total,
        change=settlement.change,
        tickets=tuple(issued),
        settlement=settlement,
        breakdown=breakdown,
        journal_seq=seq,
        mode=policy.mode,
    )


def holder_from_text(text: str) -> Holder:
    """CLI form ``NAME:ID_NUMBER`` or ``NAME:ID_TYPE:ID_NUMBER``."""
    parts = text.split(":")
    if len(parts) == 2:
        return make_holder(parts[0], parts[1])
    if len(parts) == 3:
        return make_holder(parts[0], parts[2], parts[1])
    raise InvalidInput("holder is NAME:ID_NUMBER or NAME:ID_TYPE:ID_NUMBER")


__all__ = [
    "CartItem",
    "IssuedTicket",
    "Quote",
    "SaleResult",
    "holder_from_text",
    "quote",
    "sell",
    "standing",
]

"""Selling: quote a cart, then sell it.

A crash leaves the whole sale or none of it. The database's unique index on valid seats is
the last word on double sales (invariant 1); the policy gives the reason first."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos.cash.tenders import (
    PaymentProvider,
    Tender,
    TenderKind,
    default_providers,
    settle,
)
from pos.customers.phone import mobile_number
from pos.errors import InvalidInput, NotSellable
from pos.sales.cart import CartItem, Quote, SaleResult
from pos.sales.checks import check_people, check_shift, load_context, price_cart, resolve
from pos.sales.commit import commit_sale
from pos.sales.sellability import OfflineAllocationPolicy, SalesPolicy
from pos.staff.access import Override, Permission, StaffSession, authorise, require_active, spend
from pos.store import sql
from pos.store.db import Store
from pos.tickets import TicketSigner

# Written in the sale's own transaction just before the sale (journal notes, outbox messages
# that must reach central before the order): (session, order id, now).
SaleHook = Callable[[Session, str, datetime], None]


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
        ctx = load_context(session, performance_id=performance_id, items=items, now=now)
        resolve(session, ctx, items, policy)
        check_people(session, ctx, items, member_number)
        breakdown, _ = price_cart(session, ctx, coupon_code=coupon_code, member_number=member_number, now=now)
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
    customer_phone: str | None = None,
    override: Override | None = None,
    policy: SalesPolicy | None = None,
    providers: Mapping[TenderKind, PaymentProvider] | None = None,
    order_id: str | None = None,
    now: datetime | None = None,
    hooks: Sequence[SaleHook] = (),
) -> SaleResult:
    """Sell a cart under ``policy``: check, price, take payment, and commit everything in one
    transaction. Callers that choose the policy themselves (online or offline) use
    :func:`pos.sales.selling.sell_cart`, the one selling path of the CLI and the app."""
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
    phone = mobile_number(customer_phone) if customer_phone else None
    member_number = member_number.strip().upper() if member_number is not None else None
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
            require_active(session, actor.staff_id)  # deactivated since signing in: no sale
            if approval is not None:
                spend(session, approval, override, now=now)
            ctx = load_context(session, performance_id=performance_id, items=items, now=now)
            shift_id = check_shift(session)
            resolve(session, ctx, items, policy)
            check_people(session, ctx, items, member_number, digest_key=signer.holder_digest_key())
            breakdown, coupon = price_cart(
                session, ctx, coupon_code=coupon_code, member_number=member_number, now=now
            )
            policy.check_order(session, total=breakdown.total.amount, now=now)
            settlement = settle(
                total=breakdown.total, tenders=tenders, providers=providers or default_providers()
            )
            for hook in hooks:
                hook(session, order_id, now)
            return commit_sale(
                session,
                ctx,
                order_id=order_id,
                breakdown=breakdown,
                settlement=settlement,
                coupon=coupon,
                member_number=member_number,
                customer_phone=phone,
                actor=actor,
                approver_id=approver,
                signer=signer,
                policy=policy,
                shift_id=shift_id,
                now=now,
            )
    except IntegrityError as exc:
        # Another writer took a seat between our check and our insert.
        if "uq_ticket_valid_seat" in str(exc.orig) or "ticket.performance_id, ticket.seat_id" in str(
            exc.orig
        ):
            raise NotSellable("a seat in the cart was sold a moment ago; pick again", reason="sold") from exc
        raise

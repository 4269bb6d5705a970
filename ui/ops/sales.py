"""Selling: price a cart (a read) and sell it (a write on the one writer)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pos import sales
from pos.cash.tenders import Tender
from pos.sales import CartItem, Quote, SaleResult
from pos.sales.sellability import SalesPolicy
from pos.staff.access import Override, StaffSession
from ui.context import AppContext
from ui.ops.changes import SALE
from ui.ops.op import Op, read, write

if TYPE_CHECKING:
    from pos.sales.holds import Hold


def _policy(held: Hold | None) -> SalesPolicy | None:
    if held is None:
        return None  # the core's default: the outlet's offline allocation
    from pos.sales.holds import OnlineHoldPolicy

    return OnlineHoldPolicy(held)


def _code(text: str) -> str | None:
    return text.strip().upper() or None


def quote(
    ctx: AppContext,
    performance_id: str,
    items: Sequence[CartItem],
    *,
    coupon: str = "",
    member: str = "",
    held: Hold | None = None,
) -> Op[Quote]:
    store, now, cart, policy = ctx.store, ctx.clock(), tuple(items), _policy(held)
    return read(
        "quote",
        lambda: sales.quote(
            store,
            performance_id=performance_id,
            items=cart,
            coupon_code=_code(coupon),
            member_number=member.strip() or None,
            now=now,
            policy=policy,
        ),
    )


def sell(
    ctx: AppContext,
    performance_id: str,
    items: Sequence[CartItem],
    tenders: Sequence[Tender],
    actor: StaffSession,
    *,
    coupon: str = "",
    member: str = "",
    phone: str = "",
    order_id: str | None = None,
    held: Hold | None = None,
    override: Override | None = None,
) -> Op[SaleResult]:
    """The one selling path (:func:`pos.sales.selling.sell_cart`), as the CLI uses it: online,
    under ``held`` when it covers the cart exactly (no round trip: the cart was held while
    the clerk picked), else under a hold asked for now; offline, the offline policy. The
    order goes up with the background sync the screen starts at once (``sync_now``)."""
    from ui.ops import wallet

    if wallet.scanned(tenders) is not None:  # a payment code was scanned: charged before the sale
        return wallet.sell(ctx, performance_id, items, tenders, actor, coupon=coupon, member=member,
                           phone=phone, order_id=order_id, held=held, override=override)
    now, cart, paid = ctx.clock(), tuple(items), tuple(tenders)
    store, signer = ctx.store, ctx.signer

    def run() -> SaleResult:
        from pos.sales.selling import sell_cart
        from sync.online import hold_gateway

        with hold_gateway(store, upload=False) as gateway:
            return sell_cart(
                store,
                gateway=gateway,
                performance_id=performance_id,
                items=cart,
                tenders=paid,
                actor=actor,
                signer=signer,
                coupon_code=_code(coupon),
                member_number=member.strip() or None,
                customer_phone=phone.strip() or None,
                order_id=order_id,
                held=held,
                override=override,
                now=now,
            )

    return write("sell", run, SALE)

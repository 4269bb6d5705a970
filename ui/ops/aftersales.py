"""After the sale: find an order, preview and make a refund, void the last sale, exchange."""

from __future__ import annotations

from collections.abc import Sequence

from pos.aftersales import exchange as exchanges
from pos.aftersales import lookup, reversal
from pos.aftersales.exchange import ExchangeResult
from pos.aftersales.lookup import OrderView
from pos.aftersales.reversal import Reversal
from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem
from pos.staff.access import Override, StaffSession
from ui.context import AppContext
from ui.ops.changes import SALE
from ui.ops.op import Op, read, write


def find_order(ctx: AppContext, text: str) -> Op[OrderView]:
    store, language = ctx.store, ctx.language
    return read("order_lookup", lambda: lookup.find_order_view(store, query=text, language=language))


def refund_preview(ctx: AppContext, order_id: str, amount: int) -> Op[tuple[tuple[str, Money, str], ...]]:
    """Where a refund of ``amount`` would go back (tender, amount, reference)."""
    store = ctx.store
    return read("refund_preview", lambda: lookup.refund_preview(store, order_id=order_id, amount=amount))


def refund(
    ctx: AppContext,
    order_id: str,
    actor: StaffSession,
    ticket_ids: Sequence[str] | None,
    grant: Override | None,
) -> Op[Reversal]:
    store, now, ids = ctx.store, ctx.clock(), None if ticket_ids is None else list(ticket_ids)
    return write(
        "refund",
        lambda: reversal.refund(store, order=order_id, actor=actor, ticket_ids=ids, override=grant, now=now),
        SALE,
    )


def void_last_sale(ctx: AppContext, actor: StaffSession, grant: Override | None) -> Op[Reversal]:
    store, now = ctx.store, ctx.clock()
    return write("void", lambda: reversal.void_last_sale(store, actor=actor, override=grant, now=now), SALE)


def exchange(
    ctx: AppContext,
    *,
    order_id: str,
    performance_id: str,
    items: Sequence[CartItem],
    ticket_ids: Sequence[str],
    tenders: Sequence[Tender],
    actor: StaffSession,
    grant: Override | None,
) -> Op[ExchangeResult]:
    from ui.ops import wallet

    if wallet.scanned(tenders) is not None:  # a payment code was scanned: charged before the exchange
        return wallet.exchange(ctx, order_id=order_id, performance_id=performance_id, items=items,
                               ticket_ids=ticket_ids, tenders=tenders, actor=actor, grant=grant)
    store, signer, now = ctx.store, ctx.signer, ctx.clock()
    new, old, paid = tuple(items), list(ticket_ids), tuple(tenders)
    return write(
        "exchange",
        lambda: exchanges.exchange(
            store,
            order=order_id,
            performance_id=performance_id,
            items=new,
            actor=actor,
            signer=signer,
            ticket_ids=old,
            tenders=paid,
            override=grant,
            now=now,
        ),
        SALE,
    )


def recent_orders(ctx: AppContext, limit: int = 30) -> Op[tuple[lookup.RecentOrder, ...]]:
    store, language = ctx.store, ctx.language
    return read("recent_orders", lambda: lookup.recent_orders(store, limit=limit, language=language))

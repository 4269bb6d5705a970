"""Mobile-wallet payments (issue 19): a sale paid by a scanned payment code, recovery of the
intents a crash left open, and the refunds queued for a wallet.

The payment screen and the thread paying share a :class:`pos.payments.checkout.ChargeWatch`
(the clerk's Cancel, the state the gateway reported): the screen makes it for the code it
read (:func:`watch_for`) before handing the tenders on, and the sale takes it here.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pos.cash.tenders import Tender
from pos.payments.checkout import ChargeWatch
from pos.payments.refunds import RefundOutcome
from pos.payments.wallet import wallet_for_code
from pos.sales import CartItem, SaleResult
from pos.staff.access import Override, StaffSession
from ui.context import AppContext
from ui.ops.changes import SALE, Change
from ui.ops.op import Op, network, write

if TYPE_CHECKING:
    from pos.aftersales.exchange import ExchangeResult
    from pos.payments.recovery import Recovered
    from pos.sales.holds import Hold

_watches: dict[str, ChargeWatch] = {}
_lock = threading.Lock()


def watch_for(auth_code: str) -> ChargeWatch:
    with _lock:
        watch = _watches[auth_code.strip()] = ChargeWatch()
    return watch


def _take_watch(auth_code: str) -> ChargeWatch:
    with _lock:
        return _watches.pop(auth_code.strip(), None) or ChargeWatch()


def scanned(tenders: Sequence[Tender]) -> Tender | None:
    """The mobile tender whose reference is a payment code the scanner read, if any."""
    return next((t for t in tenders if t.kind == "mobile" and wallet_for_code(t.reference)), None)


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
    """The sale with its wallet payment (:func:`pos.payments.checkout.sell_by_wallet`), on
    the writer lane like any sale; the gateway is called outside every write transaction."""
    code = scanned(tenders)
    assert code is not None
    others = tuple(t for t in tenders if t is not code)
    cart, now_clock, store, signer = tuple(items), ctx.clock, ctx.store, ctx.signer
    wallets, poll = dict(ctx.wallets), ctx.wallet_poll_seconds
    watch = _take_watch(code.reference)

    def run() -> SaleResult:
        from pos.payments.checkout import sell_by_wallet
        from sync.online import hold_gateway

        with hold_gateway(store, upload=False) as gateway:
            return sell_by_wallet(
                store,
                wallets=wallets,
                auth_code=code.reference,
                amount=code.amount,
                gateway=gateway,
                performance_id=performance_id,
                items=cart,
                tenders=others,
                actor=actor,
                signer=signer,
                coupon_code=coupon.strip().upper() or None,
                member_number=member.strip() or None,
                customer_phone=phone.strip() or None,
                override=override,
                order_id=order_id,
                held=held,
                watch=watch,
                clock=now_clock,
                poll_seconds=poll,
            )

    return write("sell", run, SALE)


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
    """An exchange's difference paid by a scanned code (:mod:`pos.payments.exchange_pay`), on
    the writer lane like any exchange; the gateway is called outside every write transaction."""
    code = scanned(tenders)
    assert code is not None
    others = tuple(t for t in tenders if t is not code)
    new, old, store, signer, clock = tuple(items), list(ticket_ids), ctx.store, ctx.signer, ctx.clock
    wallets, poll = dict(ctx.wallets), ctx.wallet_poll_seconds
    watch = _take_watch(code.reference)

    def run() -> ExchangeResult:
        from pos.payments.exchange_pay import exchange_by_wallet

        return exchange_by_wallet(
            store, wallets=wallets, auth_code=code.reference, amount=code.amount, order=order_id,
            performance_id=performance_id, items=new, ticket_ids=old, tenders=others, actor=actor,
            signer=signer, override=grant, watch=watch, clock=clock, poll_seconds=poll,
        )

    return write("exchange", run, SALE)


def recover(ctx: AppContext, *, include_live: bool = False) -> Op[list[Recovered]]:
    """Start-up: the intents a crash left open, resolved by asking their gateways."""
    store, signer, wallets, clock = ctx.store, ctx.signer, dict(ctx.wallets), ctx.clock

    def run() -> list[Recovered]:
        from pos.payments.recovery import recover as do_recover

        return do_recover(store, wallets=wallets, signer=signer, include_live=include_live, clock=clock)

    return network("wallet.recover", run, SALE)


def send_refunds(ctx: AppContext, reversal_id: str | None = None) -> Op[list[RefundOutcome]]:
    """Ask the gateways for the refunds queued (of one reversal, or all of them)."""
    store, wallets = ctx.store, dict(ctx.wallets)

    def run() -> list[RefundOutcome]:
        from pos.payments.refunds import send

        return send(store, wallets=wallets, reversal_id=reversal_id)

    return network("wallet.refunds", run, Change.ORDERS)

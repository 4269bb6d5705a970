"""The checks a city partner's sale passes before any seat is held (issue 24), called by the
one selling path (:func:`pos.sales.selling.sell_cart`) online and offline alike:

- the contract: outside its first and last day the terminal does not sell (pickups, refunds
  of its own orders and close-outs are other paths and go on);
- the credit: a sale whose amount owed (its total less the commission) passes the credit left
  now (:func:`pos.partner.account.credit_left`) is refused, saying how much is left. Offline
  this bound applies together with the offline caps (:mod:`pos.terminal.connectivity`).

A terminal that never heard its account from central (or an own box office) is not checked
here; central refuses on its side either way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from pos.errors import NotSellable
from pos.partner import account as acct
from pos.sales.cart import CartItem
from pos.sales.checks import load_context, price_cart, resolve
from pos.store.db import Store


class _PriceOnly:
    """Resolve a cart for its price without judging stock: that is the hold's or the offline
    policy's job, after this check."""

    mode = "online"
    hold_id = None

    def check_seats(self, session: Session, *, performance_id: str, seat_ids: Sequence[str], outlet_id: str) -> None:
        return None

    def check_standing(
        self, session: Session, *, performance_id: str, area_id: str, quantity: int, outlet_id: str
    ) -> None:
        return None

    def check_order(self, session: Session, *, total: int, now: datetime) -> None:
        return None


def check_contract(session: Session, account: acct.Account, now: datetime) -> None:
    state = acct.contract(account, acct.local_today(session, now))
    if state.state == "not_started":
        raise NotSellable(
            f"this partner's contract starts on {account.contract_start}: no sales before then "
            "(pickups and refunds still work)",
            reason="contract_not_started", contract_start=str(account.contract_start),
        )
    if state.state == "ended":
        raise NotSellable(
            f"this partner's contract ended on {account.contract_end}: no more sales "
            "(pickups, refunds of this outlet's orders and the close-out still work)",
            reason="contract_ended", contract_end=str(account.contract_end),
        )


def check_sale(
    store: Store,
    *,
    performance_id: str,
    items: Sequence[CartItem],
    coupon_code: str | None,
    member_number: str | None,
    now: datetime,
) -> None:
    with store.read() as session:
        account = acct.load_in(session)
        if account is None or not account.is_partner:
            return
        check_contract(session, account, now)
        if account.credit_left is None:
            return
        ctx = load_context(session, performance_id=performance_id, items=items, now=now)
        resolve(session, ctx, items, _PriceOnly())
        breakdown, _ = price_cart(session, ctx, coupon_code=coupon_code, member_number=member_number, now=now)
        total = breakdown.total.amount
        lines = [(t.list_price.amount - t.discount.amount, ctx.event.id, ctx.event.category)
                 for t in breakdown.tickets]
        owed = total - acct.commission(account, total, lines)
        left = acct.credit_left(session, account)
    assert left is not None
    if owed > left:
        raise NotSellable(
            f"this sale would pass the outlet's credit: {max(left, 0) / 100:.2f} left, "
            f"the sale would use {owed / 100:.2f}",
            reason="credit_limit", credit_left=left, needed=owed,
        )


def check_before_hold(store: Store, *, now: datetime) -> None:
    """What can be judged before the clerk's picks are held at central, with no price yet: the
    contract, and a credit that is already used up. The app holds seats as they are picked
    (the cart's hold), so this runs before each hold; the sale itself is checked in full by
    :func:`check_sale` before it commits."""
    with store.read() as session:
        account = acct.load_in(session)
        if account is None or not account.is_partner:
            return
        check_contract(session, account, now)
        left = acct.credit_left(session, account) if account.credit_left is not None else None
    if left is not None and left <= 0:
        raise NotSellable(
            f"this outlet's credit is used up: {max(left, 0) / 100:.2f} left",
            reason="credit_limit", credit_left=left, needed=0,
        )

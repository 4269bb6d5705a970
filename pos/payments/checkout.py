"""A sale paid by a wallet payment code (付款码): authorised before the sale commits, never a
charge without a ticket (invariant 10).

1. The cart is priced and its seats held (online: a hold at central; offline: the terminal's
   own allocation), exactly as :func:`pos.sales.selling.sell_cart` would sell it.
2. A payment intent (out-trade-number = order UUID + attempt, amount, wallet, deadline, and
   what finishing the sale needs) is written and journaled before the gateway hears of it.
3. The gateway is called outside any write transaction. ``USERPAYING`` (the customer must
   confirm with a password) and an unknown state (no reply) are queried until paid, refused,
   the deadline, or the clerk's Cancel.
4. Paid: the sale commits with the gateway's transaction id as its mobile tender's reference
   (provider ``wechat`` / ``alipay``), and the intent is committed in the same transaction.
5. Anything else after the charge may have been taken (the commit failed, Cancel, the
   deadline): the payment is reversed. A crash at any point is finished by
   :mod:`pos.payments.recovery` on the next start.

The other tenders of a split (cash, card) are settled with the sale, as ever. A member's
points (issue 22) are authorised at central before the intent (online only, as in
:func:`pos.sales.selling.sell_cart`); the intent keeps the authorisations' ids; the wallet is
charged the rest; anything that ends without the sale releases them, except an intent still
open (the process going down mid-charge), whose recovery sells with them or releases them.
Charge-then-commit (:func:`charge_then`) is shared with an exchange's difference
(:mod:`pos.payments.exchange_pay`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pos.cash.tenders import PaymentProvider, Tender, TenderKind, default_providers, settle
from pos.customers.kept_phone import seal_phone
from pos.customers.phone import mobile_number
from pos.errors import InvalidInput
from pos.members.redeem import redeeming
from pos.money import Money
from pos.partner import checks as partner_checks
from pos.payments import intents, settling
from pos.payments.charging import ChargeWatch, charge_then, provider_for, refuse_done
from pos.payments.settling import Clock
from pos.payments.wallet import (
    WalletName,
    WalletProvider,
    out_trade_no,
)
from pos.sales.cart import CartItem, SaleResult
from pos.sales.checks import check_shift
from pos.sales.holds import Hold, HoldGateway
from pos.sales.selling import Reservation, committed, fallback_refusal, release, reserve_cart
from pos.sales.service import quote
from pos.staff.access import Override, Permission, StaffSession, authorise
from pos.store.db import Store
from pos.tickets import TicketSigner

log = logging.getLogger(__name__)
CONFIRM_SECONDS = 60  # how long a customer has to confirm in the wallet app
POLL_SECONDS = 2.0


def _dry_run(total: Money, tenders: Sequence[Tender]) -> None:
    """The split's arithmetic, before anyone is charged (underpaid, mobile over what is due…)."""

    @dataclass(frozen=True)
    class _Later:  # paid later (the wallet), or authorised at central (points)
        kind: TenderKind
        name: str = "later"

        def authorise(self, *, amount: Money, reference: str) -> str:
            return reference

    providers: dict[TenderKind, PaymentProvider] = {
        **default_providers(), "mobile": _Later("mobile"), "points": _Later("points"),
    }
    settle(total=total, tenders=tenders, providers=providers)


def _sale_record(
    reserved: Reservation,
    items: Sequence[CartItem],
    others: Sequence[Tender],
    coupon_code: str | None,
    member_number: str | None,
    forced: bool,
    phone_sealed: str | None,
) -> dict[str, Any]:
    """What recovery needs to finish the sale. Holders' ID numbers are never stored (issue
    18) and an override was a single-use approval: such a cart is reversed, not finished.
    The customer's phone only sealed (``pos.customers.kept_phone``), until the intent settles."""
    held = reserved.held
    return {
        **({"phone_sealed": phone_sealed} if phone_sealed else {}),
        "items": [{"concession": i.concession, "seat_id": i.seat_id, "area_id": i.area_id} for i in items],
        "resellable": all(i.holder is None and i.override_price is None for i in items),
        "tenders": settling.tender_dicts(others),
        "coupon": coupon_code,
        "member": member_number,
        "mode": reserved.policy.mode,
        "forced": forced,
        "release_later": reserved.release_later,
        "hold": None
        if held is None
        else {
            "hold_id": held.hold_id,
            "seat_ids": list(held.seat_ids),
            "area_id": held.area_id,
            "quantity": held.quantity,
            "expires_at": held.expires_at.isoformat(),
        },
    }


def sell_by_wallet(
    store: Store,
    *,
    wallets: Mapping[WalletName, WalletProvider],
    auth_code: str,
    amount: Money,
    gateway: HoldGateway | None,
    performance_id: str,
    items: Sequence[CartItem],
    tenders: Sequence[Tender] = (),
    actor: StaffSession,
    signer: TicketSigner,
    coupon_code: str | None = None,
    member_number: str | None = None,
    customer_phone: str | None = None,
    override: Override | None = None,
    order_id: str | None = None,
    held: Hold | None = None,
    force_offline: bool = False,
    watch: ChargeWatch | None = None,
    clock: Clock | None = None,
    confirm_seconds: float = CONFIRM_SECONDS,
    poll_seconds: float = POLL_SECONDS,
) -> SaleResult:
    """Sell a cart with ``amount`` of it paid by the wallet whose payment code the scanner read
    (``auth_code``); ``tenders`` are the rest of a split (cash, card, a member's points). See
    the module.
    ``customer_phone`` goes with the upload; the intent keeps it sealed until it settles, so that
    a sale a recovery finishes after a crash goes up with it too (issue 19)."""
    clock = clock or (lambda: datetime.now(UTC))
    watch = watch or ChargeWatch()
    authorise(actor=actor, permission=Permission.SELL, now=clock())
    wallet, provider = provider_for(wallets, auth_code)
    if any(t.kind not in {"cash", "card", "points"} for t in tenders):
        raise InvalidInput("with a scanned payment code, the rest is paid in cash, by card or in points")
    if customer_phone:
        customer_phone = mobile_number(customer_phone)  # a bad number is refused before anyone is charged
    # A city partner: within its contract and its credit left, before anyone is charged.
    partner_checks.check_sale(store, performance_id=performance_id, items=items, coupon_code=coupon_code,
                              member_number=member_number, now=clock())
    try:
        order_id = str(uuid.UUID(order_id or str(uuid.uuid4())))
    except ValueError:
        raise InvalidInput(f"order id must be a UUID, got {order_id!r}") from None
    with store.read() as session:
        refuse_done(session, order_id)  # a replayed order: nobody charged, no points asked for
    reserved = reserve_cart(
        store, gateway=gateway, performance_id=performance_id, items=items, held=held, actor=actor,
        force_offline=force_offline,
    )
    phone_sealed = seal_phone(signer.phone_key(), order_id=order_id, phone=customer_phone) if customer_phone else None

    written: list[intents.Intent] = []

    def pay_and_sell(others: Sequence[Tender], by: Mapping[TenderKind, PaymentProvider] | None) -> SaleResult:
        # ``others``: the points tenders now name central's authorisations (pos.members.redeem),
        # which the intent keeps, so that a recovery sells with them or lets them go.
        intent = _intend(
            store, reserved, wallet=wallet, amount=amount, performance_id=performance_id, items=items,
            others=others, actor=actor, coupon_code=coupon_code, member_number=member_number,
            order_id=order_id, forced=force_offline, clock=clock, confirm_seconds=confirm_seconds,
            phone_sealed=phone_sealed,
        )
        written.append(intent)
        return charge_then(
            store, provider, intent, auth_code=auth_code, watch=watch, clock=clock, poll_seconds=poll_seconds,
            subject=performance_id, commit=lambda charge: settling.commit(
                store, intent, charge, policy=reserved.policy, hooks=reserved.hooks, items=items, others=others,
                actor=actor, signer=signer, coupon_code=coupon_code, member_number=member_number,
                override=override, now=clock(), customer_phone=customer_phone,
                points=(by or {}).get("points"),
            ),
        )

    try:
        # Points are authorised at central before the intent, and released if anything after
        # fails (refused, cancelled, reversed, the commit): the wallet never pays with them spent.
        result: SaleResult = redeeming(
            gateway, mode=reserved.policy.mode, tenders=tenders, member_number=member_number,
            order_id=order_id, providers=None, sell_with=pay_and_sell, keep_if=lambda: _still_open(store, written),
        )
    except BaseException as exc:
        if not _still_open(store, written):  # an open intent's recovery may still sell under the hold
            release(gateway, reserved)
        refusal = fallback_refusal(reserved, exc)
        if refusal is exc:
            raise
        raise refusal from exc
    committed(gateway, reserved, result)
    return result


def _still_open(store: Store, written: Sequence[intents.Intent]) -> bool:
    """An intent left pending (the process is going down mid-charge) may still be sold by a
    recovery, with its points: they are kept for it. Settled any other way, they go back."""
    now = intents.load(store, written[0].out_trade_no) if written else None
    return now is not None and now.state in ("pending", "committed")


def _intend(
    store: Store,
    reserved: Reservation,
    *,
    wallet: WalletName,
    amount: Money,
    performance_id: str,
    items: Sequence[CartItem],
    others: Sequence[Tender],
    actor: StaffSession,
    coupon_code: str | None,
    member_number: str | None,
    order_id: str,
    forced: bool,
    clock: Clock,
    confirm_seconds: float,
    phone_sealed: str | None,
) -> intents.Intent:
    """Price the cart under its policy, check the split, and write the intent."""
    now = clock()
    priced = quote(
        store, performance_id=performance_id, items=items, coupon_code=coupon_code,
        member_number=member_number, policy=reserved.policy, now=now,
    )
    _dry_run(priced.breakdown.total, [*others, Tender("mobile", amount, "wallet")])
    deadline = now + timedelta(seconds=confirm_seconds)
    with store.write() as session:
        check_shift(session)  # no open shift, no sale: refused before anyone is charged
        attempt = intents.next_attempt(session, order_id)
        trade_no = out_trade_no(order_id=order_id, attempt=attempt)
        intents.record(
            session, out_trade_no=trade_no, order_id=order_id, attempt=attempt, wallet=wallet,
            amount=amount, staff_id=actor.staff_id, performance_id=performance_id,
            sale=_sale_record(reserved, items, others, coupon_code, member_number, forced, phone_sealed),
            deadline=deadline, now=now,
        )
        found = intents.get(session, trade_no)
    assert found is not None
    return found

"""The steps a live sale and a recovery share: ask the gateway without ever raising, reverse
an intent, commit the sale with the charge as its mobile tender, and the vendor's refusal
codes in the core's words.

A reversal first moves the intent to ``reversing`` (compare and set), so that a sale which
commits at the same instant in another process either wins (the reversal is not sent) or
loses (its transaction finds the intent no longer ``pending`` and rolls back).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.cash.tenders import PaymentProvider, Tender, TenderKind, default_providers
from pos.errors import PaymentError
from pos.money import Money
from pos.payments import intents
from pos.payments.intents import Intent
from pos.payments.wallet import ChargeState, WalletCharge, WalletName, WalletProvider, WalletReversal
from pos.sales.cart import CartItem, SaleResult
from pos.sales.sellability import SalesPolicy
from pos.sales.service import SaleHook, sell
from pos.staff.access import Override, StaffSession
from pos.store.db import Store
from pos.tickets import TicketSigner

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
Wait = Callable[[float], bool]  # sleep up to N seconds; True if the clerk cancelled meanwhile
REVERSE_TRIES = 3

# The vendors' refusal codes, in the core's words (the screen words each of these).
_REASONS: dict[str, str] = {
    "NOTENOUGH": "insufficient_balance",
    "ACQ.BUYER_BALANCE_NOT_ENOUGH": "insufficient_balance",
    "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH": "insufficient_balance",
    "AUTHCODEEXPIRE": "code_expired",
    "AUTH_CODE_INVALID": "code_invalid",
    "AUTH_CODE_ERROR": "code_invalid",
    "ACQ.PAYMENT_AUTH_CODE_INVALID": "code_invalid",
    "ORDERPAID": "duplicate_trade",
    "OUT_TRADE_NO_USED": "duplicate_trade",
    "ACQ.TRADE_HAS_SUCCESS": "duplicate_trade",
    "ACQ.CONTEXT_INCONSISTENT": "duplicate_trade",
    "ORDERCLOSED": "trade_closed",
    "ORDERREVERSED": "trade_closed",
    "ACQ.TRADE_HAS_CLOSE": "trade_closed",
    "BUYER_MISMATCH": "account_restricted",
    "TRADE_ERROR": "account_restricted",
    "ACQ.BUYER_ENABLE_STATUS_FORBID": "account_restricted",
    "ACQ.PAYMENT_REQUEST_HAS_RISK": "account_restricted",
    "ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR": "limit_exceeded",
    "ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR": "limit_exceeded",
    "ACQ.TOTAL_FEE_EXCEED": "limit_exceeded",
}


def refusal_reason(vendor_code: str) -> str:
    return _REASONS.get(vendor_code.strip().upper(), "wallet_refused")


def ask(call: Callable[[], WalletCharge], wallet: WalletName, out_trade_no: str) -> WalletCharge:
    """A provider call that never raises: anything unexpected is an unknown state (the money
    may have moved), which the caller resolves by query or reversal."""
    try:
        return call()
    except Exception as exc:  # a bug or a broken SDK must not leave the intent unresolved
        log.exception("wallet %s call for %s failed", wallet, out_trade_no)
        return WalletCharge(wallet, out_trade_no, ChargeState.UNKNOWN, reason="client_error", message=str(exc))


def reverse(
    store: Store,
    provider: WalletProvider,
    intent: Intent,
    *,
    clock: Clock,
    why: str,
    wait: Wait | None = None,
    staff_id: str | None = None,
) -> bool:
    """Reverse the payment of an intent no sale took. True once the gateway confirmed it; False
    if it is left ``reversing`` for recovery to finish, or another process committed it."""
    if not intents.move_now(
        store, intent, to="reversing", frm=("pending", "reversing"), now=clock(), reason=why,
        journal_kind="payment_reversal" if intent.state == "pending" else None, staff_id=staff_id,
    ):
        return False
    for n in range(REVERSE_TRIES):
        try:
            answer = provider.reverse(out_trade_no=intent.out_trade_no)
        except Exception as exc:
            log.exception("wallet reversal of %s failed", intent.out_trade_no)
            answer = WalletReversal(intent.wallet, intent.out_trade_no, done=False, retry=True, reason=str(exc))
        if answer.done:
            intents.move_now(
                store, intent, to="reversed", frm=("reversing",), now=clock(), reason=why,
                journal_kind="payment_reversed", staff_id=staff_id,
            )
            return True
        if not answer.retry:
            log.error("wallet %s refused to reverse %s: %s", intent.wallet, intent.out_trade_no, answer.reason)
            break
        if n + 1 < REVERSE_TRIES and wait is not None:
            wait(1.0)
    log.warning("reversal of %s not confirmed: left for recovery", intent.out_trade_no)
    return False


def mark_failed(store: Store, intent: Intent, charge: WalletCharge, *, clock: Clock) -> bool:
    return intents.move_now(
        store, intent, to="failed", frm=("pending", "reversing"), now=clock(), charge=charge.state,
        reason=charge.reason or charge.state.value, journal_kind="payment_failed",
    )


@dataclass(frozen=True, slots=True)
class _Charged:
    """The mobile tender's provider at commit: the charge is already taken, so it only checks
    that the tender is that charge, and stores the gateway's transaction id."""

    name: WalletName
    transaction_id: str
    amount: Money
    out_trade_no: str
    kind: TenderKind = "mobile"

    def authorise(self, *, amount: Money, reference: str) -> str:
        if amount != self.amount or reference != self.transaction_id:
            raise PaymentError(
                f"the mobile tender ({amount.format()}) is not the charge taken ({self.amount.format()})",
                reason="charge_mismatch",
            )
        return self.transaction_id


def paid_hook(intent: Intent, charge: WalletCharge) -> SaleHook:
    """In the sale's transaction: the intent is committed with it, or the sale is not."""

    def hook(session: Session, order_id: str, now: datetime) -> None:
        if not intents.move(
            session, intent, to="committed", frm=("pending",), now=now, charge=ChargeState.PAID,
            transaction_id=charge.transaction_id, journal_kind="payment_paid",
        ):
            raise PaymentError(
                "this payment was settled elsewhere (a recovery): the sale is not made twice",
                reason="intent_settled",
            )

    return hook


def charged_providers(intent: Intent, charge: WalletCharge) -> dict[TenderKind, PaymentProvider]:
    """The providers of a commit paid by this charge: the mobile one only takes the charge."""
    assert charge.transaction_id
    providers: dict[TenderKind, PaymentProvider] = {**default_providers()}
    providers["mobile"] = _Charged(intent.wallet, charge.transaction_id, intent.amount, intent.out_trade_no)
    return providers


def charged_tender(intent: Intent, charge: WalletCharge) -> Tender:
    assert charge.transaction_id
    return Tender("mobile", intent.amount, charge.transaction_id)


def commit(
    store: Store,
    intent: Intent,
    charge: WalletCharge,
    *,
    policy: SalesPolicy,
    hooks: Sequence[SaleHook],
    items: Sequence[CartItem],
    others: Sequence[Tender],
    actor: StaffSession,
    signer: TicketSigner,
    coupon_code: str | None,
    member_number: str | None,
    override: Override | None,
    now: datetime,
    customer_phone: str | None = None,
    points: PaymentProvider | None = None,
) -> SaleResult:
    """The sale, with the charge as its mobile tender (kind ``mobile``, provider the wallet,
    reference the gateway's transaction id), and the intent committed in its transaction."""
    providers = charged_providers(intent, charge)
    if points is not None:  # the authorisations central granted this sale (pos.members.points)
        providers["points"] = points
    return sell(
        store,
        performance_id=intent.performance_id,
        items=items,
        tenders=[*others, charged_tender(intent, charge)],
        actor=actor,
        signer=signer,
        coupon_code=coupon_code,
        member_number=member_number,
        customer_phone=customer_phone,
        override=override,
        policy=policy,
        providers=providers,
        order_id=intent.order_id,
        now=now,
        hooks=[*hooks, paid_hook(intent, charge)],
    )


def tender_dicts(tenders: Sequence[Tender]) -> list[dict[str, Any]]:
    return [{"kind": t.kind, "amount": t.amount.amount, "reference": t.reference} for t in tenders]


def tenders_from(data: Sequence[Mapping[str, Any]], currency: str) -> list[Tender]:
    return [Tender(d["kind"], Money(int(d["amount"]), currency), str(d["reference"])) for d in data]

"""The wallet charge a sale and an exchange share (issue 19): which wallet a scanned code is
for, the clerk's Cancel and the state the gateway reported (:class:`ChargeWatch`), and
:func:`charge_then`: charge the intent written for it, then run the caller's commit, reversing
whatever no commit took. The intents' states: :mod:`pos.payments.intents`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from pos.errors import InvalidInput, PaymentError, PosError
from pos.payments import intents, settling
from pos.payments.settling import Clock, ask
from pos.payments.wallet import ChargeState, WalletCharge, WalletName, WalletProvider, wallet_for_code
from pos.store import sql
from pos.store.db import Store

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class ChargeWatch:
    """Shared by the clerk's screen and the thread paying: the clerk's Cancel, and the state
    the gateway last reported with its deadline (plain attributes, read by a timer)."""

    cancelled: threading.Event = field(default_factory=threading.Event)
    state: ChargeState | None = None
    wallet: WalletName | None = None
    deadline: datetime | None = None

    def cancel(self) -> None:
        self.cancelled.set()

    def wait(self, seconds: float) -> bool:
        return self.cancelled.wait(seconds)


def refuse_done(session: Session, order_id: str) -> None:
    """An order (or exchange) id already sold, or whose payment committed, is never charged
    again: a double tap or a replayed request."""
    if sql.row(session, "SELECT 1 FROM sale_order WHERE id = ?", order_id) or sql.row(
        session, "SELECT 1 FROM payment_intent WHERE order_id = ? AND state = 'committed'", order_id
    ):
        raise PaymentError("this is already done: nobody is charged again", reason="already_done")


def provider_for(wallets: Mapping[WalletName, WalletProvider], auth_code: str) -> tuple[WalletName, WalletProvider]:
    """The wallet a scanned code is for, and this terminal's account with it."""
    wallet = wallet_for_code(auth_code)
    if wallet is None:
        raise InvalidInput("that is not a WeChat Pay or Alipay payment code", reason="not_a_payment_code")
    provider = wallets.get(wallet)
    if provider is None:
        raise PaymentError(f"this terminal takes no {wallet} payments", reason="no_provider", wallet=wallet)
    return wallet, provider


def charge_then(
    store: Store,
    provider: WalletProvider,
    intent: intents.Intent,
    *,
    auth_code: str,
    watch: ChargeWatch,
    clock: Clock,
    poll_seconds: float,
    subject: str,
    commit: Callable[[WalletCharge], T],
) -> T:
    """Charge the intent written for it, then run ``commit`` with the paid charge (which must
    move the intent to ``committed`` in its own transaction: :func:`settling.paid_hook`). Not
    paid: a PaymentError, after reversing whatever may have been taken; ``commit`` failed:
    the charge is reversed (unless a recovery committed it meanwhile) and the error goes on."""
    watch.wallet, watch.deadline = intent.wallet, intent.deadline
    charge = _charge(store, provider, intent, auth_code, watch, clock, poll_seconds, subject)
    if charge.state is not ChargeState.PAID:
        raise _refused(store, provider, intent, charge, watch, clock)
    try:
        done = commit(charge)
        after = intents.load(store, intent.out_trade_no)
        if after is None or after.state != "committed":
            # A commit that did not take the payment (a replayed exchange answers what it did
            # before): the charge is nobody's, so it goes back.
            raise PaymentError("this was already done: the payment is given back", reason="already_done")
        return done
    except BaseException as exc:
        now_state = intents.load(store, intent.out_trade_no)
        if now_state is None or now_state.state != "committed":  # not taken by a recovery meanwhile
            back = settling.reverse(store, provider, intent, clock=clock, why="commit_failed", wait=watch.wait)
            if isinstance(exc, PosError):
                exc.details["payment_reversed"] = back
        raise


def _charge(
    store: Store,
    provider: WalletProvider,
    intent: intents.Intent,
    auth_code: str,
    watch: ChargeWatch,
    clock: Clock,
    poll_seconds: float,
    subject: str,
) -> WalletCharge:
    """Pay, then query while the customer confirms or the reply was lost: until a final state,
    the deadline or Cancel (the last state seen is returned)."""
    trade_no, wallet = intent.out_trade_no, intent.wallet
    charge = ask(
        lambda: provider.pay(out_trade_no=trade_no, auth_code=auth_code, amount=intent.amount, subject=subject),
        wallet, trade_no,
    )
    watch.state = charge.state
    # The wall clock gives the deadline recovery reads; the monotonic one bounds the wait
    # even if the terminal's clock is set back meanwhile.
    limit = time.monotonic() + (intent.deadline - intent.created_at).total_seconds()
    while charge.state in (ChargeState.USERPAYING, ChargeState.UNKNOWN):
        if watch.cancelled.is_set() or clock() >= intent.deadline or time.monotonic() >= limit:
            break
        left = min((intent.deadline - clock()).total_seconds(), limit - time.monotonic())
        if watch.wait(max(0.0, min(poll_seconds, left))):
            break  # the clerk cancelled
        charge = ask(lambda: provider.query(out_trade_no=trade_no), wallet, trade_no)
        if charge.state is ChargeState.FAILED:
            # A query's "no such trade" (or any refusal it reports) while our pay may still be
            # on its way is not a refusal of the pay: keep asking, and reverse at the end,
            # which also fences the trade number off against a pay arriving late.
            charge = WalletCharge(wallet, trade_no, ChargeState.UNKNOWN, reason=charge.reason)
        watch.state = charge.state
    if charge.state is ChargeState.PAID and charge.amount is not None and charge.amount != intent.amount:
        log.error("gateway took %s for %s, not %s", charge.amount, trade_no, intent.amount)
        return WalletCharge(wallet, trade_no, ChargeState.UNKNOWN, reason="amount_mismatch")
    if charge.state is ChargeState.PAID and not charge.transaction_id:
        return WalletCharge(wallet, trade_no, ChargeState.UNKNOWN, reason="no_transaction_id")
    return charge


def _refused(
    store: Store,
    provider: WalletProvider,
    intent: intents.Intent,
    charge: WalletCharge,
    watch: ChargeWatch,
    clock: Clock,
) -> PaymentError:
    """The charge did not end paid: record a refusal, or reverse what may have been taken."""
    if charge.state is ChargeState.FAILED:
        settling.mark_failed(store, intent, charge, clock=clock)
        reason = settling.refusal_reason(charge.reason)
        return PaymentError(
            f"{intent.wallet} refused the payment ({charge.reason or 'no reason given'}): nothing was charged",
            reason=reason, wallet=intent.wallet, wallet_reason=charge.reason,
        )
    why = "cancelled" if watch.cancelled.is_set() else "no_confirmation"
    if charge.state is ChargeState.CLOSED:
        why = "trade_closed"
    back = settling.reverse(store, provider, intent, clock=clock, why=why, wait=None)
    if why == "cancelled":
        text = "the payment was cancelled"
    elif why == "trade_closed":
        text = "the wallet closed the payment"
    else:
        text = "the customer did not confirm the payment in time"
    then = "any amount taken was given back" if back else "its reversal is not confirmed yet and will be retried"
    return PaymentError(f"{text}: {then}", reason=why, wallet=intent.wallet, reversed=back)

"""Finishing the payment intents a crash left open (on start-up and ``pos payment recover``).

Each open intent is resolved by asking its gateway:

- paid: the sale is committed (as the clerk who started it, under the same policy) if its
  seats are still held at central, or still this terminal's to sell offline; otherwise, or if
  the cart cannot be sold again here (holders' ID numbers are never stored, a price override
  was a single-use approval), the payment is reversed;
- anything else (still waiting for the customer, refused, never arrived): reversed, which
  also fences the trade number off at the gateway, so a request still in flight cannot
  charge afterwards;
- no answer: left open for the next try.

The paid intent of an exchange (:mod:`pos.payments.exchange_pay`) is reversed, not finished.

A sale paid partly in a member's points (issue 19 with issue 22) keeps in its intent the ids of
the points authorisations central granted before the charge. It is finished only under the
online policy (its seats still held at central, as points are never redeemed offline), with
exactly those authorisations; otherwise the payment is reversed like any other. Whenever an
intent ends reversed or failed (or is left reversing, which never sells), its authorisations
are released at central when a gateway is given; without one they expire there by
themselves (their TTL, about the seat hold's), and an authorisation released or expired is
never spent by an order that was not made.

An intent a live sale is still paying (its deadline not yet past) is left alone unless
``include_live`` (start-up, when no sale can be running: the app is single-instance).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pos.customers.kept_phone import open_phone
from pos.errors import PosError
from pos.members.points import PointsRedemption
from pos.payments import intents, settling
from pos.payments.intents import Intent
from pos.payments.settling import Clock, ask
from pos.payments.wallet import ChargeState, WalletCharge, WalletName, WalletProvider
from pos.sales.cart import CartItem
from pos.sales.holds import SAFETY_MARGIN, Hold, HoldGateway, OnlineHoldPolicy
from pos.sales.sellability import OfflineAllocationPolicy, SalesPolicy
from pos.sales.selling import offline_hooks
from pos.sales.service import SaleHook
from pos.staff.access import Role, StaffSession
from pos.store import sql
from pos.store.db import Store
from pos.tickets import TicketSigner

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Recovered:
    out_trade_no: str
    order_id: str
    wallet: WalletName
    outcome: str  # committed | reversed | failed | open (no answer, or reversal unconfirmed) | live
    detail: str = ""


def recover(
    store: Store,
    *,
    wallets: Mapping[WalletName, WalletProvider],
    signer: TicketSigner,
    gateway: HoldGateway | None = None,
    include_live: bool = False,
    clock: Clock | None = None,
) -> list[Recovered]:
    clock = clock or (lambda: datetime.now(UTC))
    done: list[Recovered] = []
    for intent in intents.open_intents(store):
        provider = wallets.get(intent.wallet)
        if provider is None:
            done.append(_out(intent, "open", f"no {intent.wallet} provider configured"))
            continue
        if intent.state == "pending" and not include_live and clock() < intent.deadline:
            done.append(_out(intent, "live"))
            continue
        try:
            done.append(_resolve(store, provider, intent, signer, gateway, clock))
        except Exception as exc:  # one intent's trouble must not stop the others
            log.exception("recovering %s failed", intent.out_trade_no)
            done.append(_out(intent, "open", str(exc)))
        _release_points(store, intent, gateway)
    for r in done:
        if r.outcome != "live":
            log.info("payment %s (%s): %s %s", r.out_trade_no, r.wallet, r.outcome, r.detail)
    return done


def _out(intent: Intent, outcome: str, detail: str = "") -> Recovered:
    return Recovered(intent.out_trade_no, intent.order_id, intent.wallet, outcome, detail)


def _resolve(
    store: Store,
    provider: WalletProvider,
    intent: Intent,
    signer: TicketSigner,
    gateway: HoldGateway | None,
    clock: Clock,
) -> Recovered:
    if intent.state == "reversing":
        return _reverse(store, provider, intent, clock, intent.reason or "recovery")
    charge = ask(lambda: provider.query(out_trade_no=intent.out_trade_no), intent.wallet, intent.out_trade_no)
    if charge.state is ChargeState.UNKNOWN:
        return _out(intent, "open", "the gateway did not answer")
    if charge.state is not ChargeState.PAID:
        # Also for a trade the gateway never saw: the reversal fences its number off.
        back = _reverse(store, provider, intent, clock, "recovery_" + charge.state.value)
        if back.outcome == "open" and charge.state in (ChargeState.FAILED, ChargeState.CLOSED):
            current = intents.load(store, intent.out_trade_no)
            if current is not None and settling.mark_failed(store, current, charge, clock=clock):
                return _out(intent, "failed", charge.reason)
        return back
    if not charge.transaction_id or (charge.amount is not None and charge.amount != intent.amount):
        return _reverse(store, provider, intent, clock, "recovery_charge_mismatch")
    why = _finish_sale(store, intent, charge, signer, gateway, clock)
    if why is None:
        return _out(intent, "committed", charge.transaction_id)
    current = intents.load(store, intent.out_trade_no)
    if current is not None and current.state == "committed":
        return _out(intent, "committed", "by the sale itself")
    return _reverse(store, provider, intent, clock, why)


def _reverse(store: Store, provider: WalletProvider, intent: Intent, clock: Clock, why: str) -> Recovered:
    if settling.reverse(store, provider, intent, clock=clock, why=why[:64]):
        return _out(intent, "reversed", why)
    current = intents.load(store, intent.out_trade_no)
    if current is not None and current.state == "committed":
        return _out(intent, "committed", "by the sale itself")
    return _out(intent, "open", f"reversal not confirmed ({why})")


def _points(intent: Intent) -> dict[str, int]:
    """The points authorisations the intent's sale was to be paid with (id -> fen)."""
    return {str(t["reference"]): int(t["amount"]) for t in intent.sale.get("tenders", ()) if t.get("kind") == "points"}


def _release_points(store: Store, intent: Intent, gateway: HoldGateway | None) -> None:
    """An intent that will never sell gives its points back now (best effort: they expire)."""
    points = _points(intent)
    if not points or gateway is None or not hasattr(gateway, "release_points"):
        return
    current = intents.load(store, intent.out_trade_no)
    if current is None or current.state in ("pending", "committed"):
        return
    for auth_id in points:
        gateway.release_points(auth_id)


def _policy(intent: Intent, actor: StaffSession, now: datetime) -> tuple[SalesPolicy, tuple[SaleHook, ...]]:
    """The seats still held at central (the hold has not expired), else the terminal's own
    offline stock (which central keeps for it), telling central to let the old hold go."""
    sale = intent.sale
    held = sale.get("hold")
    if held is not None:
        hold = Hold(
            hold_id=held["hold_id"], performance_id=intent.performance_id, seat_ids=tuple(held["seat_ids"]),
            area_id=held["area_id"], quantity=int(held["quantity"]),
            expires_at=datetime.fromisoformat(held["expires_at"]),
        )
        if now + SAFETY_MARGIN < hold.expires_at:
            return OnlineHoldPolicy(hold), ()
        return OfflineAllocationPolicy(), offline_hooks(
            actor, intent.performance_id, forced=False, release_later=hold.hold_id
        )
    return OfflineAllocationPolicy(), offline_hooks(
        actor, intent.performance_id, forced=bool(sale.get("forced")), release_later=sale.get("release_later")
    )


def _clerk(store: Store, staff_id: str, now: datetime) -> StaffSession | None:
    with store.read() as session:
        row = sql.row(session, "SELECT id, name, role FROM staff WHERE id = ?", staff_id)
    return StaffSession(row.id, row.name, Role(row.role), now) if row else None


def _finish_sale(
    store: Store,
    intent: Intent,
    charge: WalletCharge,
    signer: TicketSigner,
    gateway: HoldGateway | None,
    clock: Clock,
) -> str | None:
    """Commit the paid intent's sale; the reason it cannot be, or None once committed."""
    sale, now = intent.sale, clock()
    if sale.get("kind") == "exchange":
        return "exchange_not_finished"  # the clerk's to do again (pos.payments.exchange_pay)
    if not sale.get("resellable"):
        return "not_resellable"
    actor = _clerk(store, intent.staff_id, now)
    if actor is None:
        return "unknown_clerk"
    policy, hooks = _policy(intent, actor, now)
    points = _points(intent)
    if points and policy.mode != "online":
        return "points_offline"  # its seats' hold is gone: points are never redeemed offline
    items = [CartItem(i["concession"], seat_id=i["seat_id"], area_id=i["area_id"]) for i in sale["items"]]
    try:
        result = settling.commit(
            store, intent, charge, policy=policy, hooks=hooks, items=items,
            others=settling.tenders_from(sale["tenders"], intent.amount.currency),
            actor=actor, signer=signer, coupon_code=sale.get("coupon"), member_number=sale.get("member"),
            override=None, now=now, customer_phone=_phone(intent, signer),
            points=PointsRedemption(points) if points else None,
        )
    except PosError as exc:
        log.warning("paid intent %s cannot be sold now: %s", intent.out_trade_no, exc.message)
        return str(exc.details.get("reason") or exc.code)
    if gateway is not None and policy.mode == "online":
        gateway.order_committed(result.order_id)
    return None


def _phone(intent: Intent, signer: TicketSigner) -> str | None:
    """The customer's phone the live sale had (issue 19), opened from the intent; a phone that
    cannot be opened (a key changed since) does not stop the sale: it goes up without it."""
    sealed = intent.sale.get("phone_sealed")
    if not sealed:
        return None
    phone = open_phone(signer.phone_key(), order_id=intent.order_id, sealed=sealed)
    if phone is None:
        log.warning("the customer phone of %s could not be opened: the sale goes up without it", intent.out_trade_no)
    return phone

"""The one selling path: the CLI, the app and scripts sell through :func:`sell_cart`, which
chooses the policy the same way for all of them (invariant 1).

- Online (the terminal's last word from central was an answer), every cart is held at
  central first, all or nothing, and the order consumes the hold: one round trip before
  the local commit (none when the caller already holds exactly the cart, as the app does
  while the clerk picks seats). A refusal (``seat_taken``…) sells nothing.
- Offline, the offline policy sells only what this terminal may sell offline
  (:mod:`pos.sales.sellability`).
- ``force_offline`` (``pos sell --offline``, for a test or a drill) sells under the offline
  policy whatever the network says, and the journal records that it was forced, in the
  sale's own transaction.

Central unreachable in the middle of asking for the hold: the terminal goes offline (the
switch is journaled) and the cart is sold under the offline policy if, and only if, that
policy allows all of it: the same stock an offline terminal sells, which central keeps for
this terminal's outlet, so the fallback can never take a seat another terminal may sell
online. The hold may nevertheless have been granted without our hearing the answer; a
``hold_release`` message is queued in the sale's transaction, before the order, so central
lets that hold go before it takes the offline order (which would otherwise collide with
it). A cart the offline policy refuses is refused: nothing charged.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from pos.cash.tenders import PaymentProvider, Tender, TenderKind
from pos.errors import HoldUnavailable, NotSellable
from pos.journal import chain as journal
from pos.journal import outbox
from pos.members.redeem import redeeming
from pos.partner import checks as partner_checks
from pos.sales.cart import CartItem, SaleResult
from pos.sales.holds import Hold, HoldGateway, OnlineHoldPolicy, covers, spec_for
from pos.sales.sellability import OfflineAllocationPolicy, SalesPolicy
from pos.sales.service import SaleHook, sell
from pos.staff.access import Override, Permission, StaffSession, authorise
from pos.store import sql
from pos.store.db import Store
from pos.terminal import connectivity
from pos.tickets import TicketSigner, sealing

log = logging.getLogger(__name__)
HOLD_TTL_SECONDS = 300  # the order is sent right after the commit; this covers retries


def sell_cart(
    store: Store,
    *,
    gateway: HoldGateway | None,
    performance_id: str,
    items: Sequence[CartItem],
    tenders: Sequence[Tender],
    actor: StaffSession,
    signer: TicketSigner,
    coupon_code: str | None = None,
    member_number: str | None = None,
    customer_phone: str | None = None,
    override: Override | None = None,
    providers: Mapping[TenderKind, PaymentProvider] | None = None,
    order_id: str | None = None,
    held: Hold | None = None,
    force_offline: bool = False,
    ttl_seconds: int = HOLD_TTL_SECONDS,
    now: datetime | None = None,
) -> SaleResult:
    """Sell a cart under the policy the terminal's state calls for (see the module).

    ``gateway``: central's holds (``sync.online.CentralHoldGateway``); None only for a
    terminal with no central. ``held``: a hold the caller already has for exactly this cart.
    """
    now = now or datetime.now(UTC)
    # Before any network: a clerk who may not sell takes no seats at central.
    authorise(actor=actor, permission=Permission.SELL, now=now)
    # A city partner: within its contract and its credit left, before any seat is held.
    partner_checks.check_sale(store, performance_id=performance_id, items=items, coupon_code=coupon_code,
                              member_number=member_number, now=now)

    if any(t.kind == "points" for t in tenders):  # issue 22: the authorisation names the order
        order_id = order_id or str(uuid.uuid4())

    def under(policy: SalesPolicy, hooks: Sequence[SaleHook] = ()) -> SaleResult:
        result: SaleResult = redeeming(
            gateway, mode=policy.mode, tenders=tenders, member_number=member_number, order_id=order_id,
            providers=providers, sell_with=lambda paid, by: sell(
                store, performance_id=performance_id, items=items, tenders=paid, actor=actor, signer=signer,
                coupon_code=coupon_code, member_number=member_number, customer_phone=customer_phone,
                override=override, policy=policy,
                providers=by, order_id=order_id, now=now, hooks=hooks,
            ),
        )
        return result

    reserved = reserve_cart(
        store,
        gateway=gateway,
        performance_id=performance_id,
        items=items,
        held=held,
        actor=actor,
        force_offline=force_offline,
        ttl_seconds=ttl_seconds,
    )
    try:
        result = under(reserved.policy, reserved.hooks)
    except BaseException as exc:
        release(gateway, reserved)
        refusal = fallback_refusal(reserved, exc)
        if refusal is exc:
            raise
        raise refusal from exc
    committed(gateway, reserved, result)
    return result


@dataclass(frozen=True, slots=True)
class Reservation:
    """How a cart will be sold, decided before any money is taken: the policy (and the hold
    at central it sells under, online), and what the sale's transaction must also write."""

    policy: SalesPolicy
    hooks: tuple[SaleHook, ...] = ()
    held: Hold | None = None
    taken_here: bool = False  # the hold was asked for by this sale: released if it fails
    central_silent: str = ""  # central did not answer the hold: sold offline instead (why)
    release_later: str | None = None  # that hold's id: central is told to let it go first


def reserve_cart(
    store: Store,
    *,
    gateway: HoldGateway | None,
    performance_id: str,
    items: Sequence[CartItem],
    actor: StaffSession,
    held: Hold | None = None,
    force_offline: bool = False,
    ttl_seconds: int = HOLD_TTL_SECONDS,
) -> Reservation:
    """Choose the policy and hold the cart at central when online (see the module). A mobile
    payment is taken between this and the sale (:mod:`pos.payments.checkout`)."""
    if force_offline:
        return Reservation(OfflineAllocationPolicy(), (_journal_forced(actor, performance_id),))
    if held is not None and _covered(held, performance_id, items):
        _check_held_holders(store, gateway, held, items)
        return Reservation(OnlineHoldPolicy(held), held=held)
    if not connectivity.state(store).online:
        return Reservation(OfflineAllocationPolicy())
    if gateway is None:
        # Selling the outlet's stock without asking central while it answers is how a seat
        # gets sold twice; a script must pass a gateway or force the offline policy.
        raise NotSellable(
            "the terminal is online: a sale must be held at central first (no way to reach it here)",
            reason="online_needs_hold",
        )
    spec = spec_for(performance_id, items)  # a mixed cart is refused here, before any request
    spec = replace(spec, holders=_sealed_holders(store, items))
    hold_id = str(uuid.uuid4())
    try:
        taken = gateway.hold(hold_id=hold_id, spec=spec, ttl_seconds=ttl_seconds)
    except HoldUnavailable as exc:
        log.warning("central did not answer the hold (%s): trying the offline policy", exc.message)
        return Reservation(
            OfflineAllocationPolicy(), (_release_later(hold_id),), central_silent=exc.message, release_later=hold_id
        )
    return Reservation(OnlineHoldPolicy(taken), held=taken, taken_here=True)


def release(gateway: HoldGateway | None, reserved: Reservation) -> None:
    """Nothing sold: give the seats held for this sale back now, not at expiry."""
    if reserved.taken_here and reserved.held is not None and gateway is not None:
        gateway.release(reserved.held)


def committed(gateway: HoldGateway | None, reserved: Reservation, result: SaleResult) -> None:
    if reserved.held is not None and gateway is not None:
        gateway.order_committed(result.order_id)


def fallback_refusal(reserved: Reservation, exc: BaseException) -> BaseException:
    """A cart the offline fallback refuses is refused, saying central was not reachable."""
    if not reserved.central_silent or not isinstance(exc, NotSellable):
        return exc
    return NotSellable(
        f"central could not be reached and this cart cannot be sold offline ({exc.message}):"
        " nothing was charged",
        reason=str(exc.details.get("reason", "not_allocated")),
        central=reserved.central_silent,
    )


def _sealed_holders(store: Store, items: Sequence[CartItem]) -> tuple[str, ...]:
    holders = [i.holder for i in items if i.holder is not None]
    if not holders:
        return ()
    with store.read() as session:
        key = sealing.seal_key(session)
    return tuple(sealing.seal(key, h.id_type, h.id_number) for h in holders) if key else ()


def _check_held_holders(
    store: Store, gateway: HoldGateway | None, held: Hold, items: Sequence[CartItem]
) -> None:
    """Seats held before their holders were typed in (the app's seat map): central checks
    the holders now, before payment. A gateway without the check (a fake), or central gone
    quiet, leaves it to the upload, where a duplicate is refused and revoked."""
    check = getattr(gateway, "check_holders", None)
    sealed = _sealed_holders(store, items) if check is not None else ()
    if check is None or not sealed:
        return
    try:
        check(held, sealed)
    except HoldUnavailable as exc:
        log.warning("central did not answer the holders' check (%s): it checks them at upload", exc.message)


def _covered(held: Hold, performance_id: str, items: Sequence[CartItem]) -> bool:
    try:
        return covers(held, spec_for(performance_id, items))
    except NotSellable:
        return False  # a cart no hold can cover


def offline_hooks(actor: StaffSession, performance_id: str, *, forced: bool, release_later: str | None) -> tuple[SaleHook, ...]:
    """The hooks of an offline sale decided earlier (a recovery finishing a paid intent)."""
    hooks = [_journal_forced(actor, performance_id)] if forced else []
    return (*hooks, *([_release_later(release_later)] if release_later else []))


def _terminal_id(session: Session) -> str:
    row = sql.row(session, "SELECT terminal_id FROM terminal")
    return row.terminal_id if row else "?"


def _journal_forced(actor: StaffSession, performance_id: str) -> SaleHook:
    def hook(session: Session, order_id: str, now: datetime) -> None:
        state = connectivity.state_in(session)
        journal.append(
            session,
            kind="offline_forced",
            terminal_id=_terminal_id(session),
            staff_id=actor.staff_id,
            ref=order_id,
            data={
                "performance": performance_id,
                "reason": "offline policy forced (a test or a drill)",
                "central_state": "online" if state.online else "offline",
            },
            now=now,
        )

    return hook


def _release_later(hold_id: str) -> SaleHook:
    def hook(session: Session, order_id: str, now: datetime) -> None:
        outbox.enqueue(
            session,
            message_id=str(uuid.uuid4()),
            kind="hold_release",
            payload={"hold_id": hold_id, "order_id": order_id},
            now=now,
        )

    return hook

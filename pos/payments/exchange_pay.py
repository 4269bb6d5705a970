"""An exchange whose difference is paid by a scanned wallet code (issue 19): the same guarantee
as a sale (:mod:`pos.payments.checkout`), never a charge without the exchange.

1. Checked before anyone is charged: the code's wallet and this terminal's account with it,
   the other tenders (cash, card), the amount; an exchange id already done is refused; the
   old tickets (valid, not admitted) and the refund window with the clerk's approval.
2. An intent (the exchange id is its order id) is written and journaled before the gateway
   hears of it; the charge runs outside any write transaction
   (:func:`pos.payments.checkout.charge_then`).
3. Paid: :func:`pos.aftersales.exchange.exchange` runs with the charge as its mobile tender
   and commits the intent in its own transaction. The exchange refused (a seat sold meanwhile,
   the difference not what the clerk saw, the refund window closed): the charge is reversed.
4. A crash: recovery reverses a paid intent of an exchange rather than finishing it (an
   exchange's old tickets and approval are the clerk's, not the recovery's); the customer
   pays again when the clerk exchanges again.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from pos.aftersales.exchange import ExchangeResult, exchange
from pos.aftersales.policy import refuse_scanned
from pos.aftersales.steps import choose_tickets, find_order, may_give_back
from pos.cash.tenders import Tender
from pos.errors import InvalidInput
from pos.money import Money
from pos.payments import intents, settling
from pos.payments.charging import ChargeWatch, charge_then, provider_for, refuse_done
from pos.payments.checkout import CONFIRM_SECONDS, POLL_SECONDS
from pos.payments.settling import Clock
from pos.payments.wallet import WalletName, WalletProvider, out_trade_no
from pos.sales.cart import CartItem
from pos.sales.sellability import SalesPolicy
from pos.staff.access import Override, Permission, StaffSession, authorise
from pos.store.db import Store
from pos.tickets import TicketSigner


def exchange_by_wallet(
    store: Store,
    *,
    wallets: Mapping[WalletName, WalletProvider],
    auth_code: str,
    amount: Money,
    order: str,
    performance_id: str,
    items: Sequence[CartItem],
    actor: StaffSession,
    signer: TicketSigner,
    ticket_ids: Sequence[str] | None = None,
    tenders: Sequence[Tender] = (),
    override: Override | None = None,
    policy: SalesPolicy | None = None,
    exchange_id: str | None = None,
    watch: ChargeWatch | None = None,
    clock: Clock | None = None,
    confirm_seconds: float = CONFIRM_SECONDS,
    poll_seconds: float = POLL_SECONDS,
) -> ExchangeResult:
    """Exchange the tickets as :func:`pos.aftersales.exchange.exchange` does, ``amount`` of the
    difference paid by the wallet whose code was scanned; ``tenders``: the rest (cash, card)."""
    clock = clock or (lambda: datetime.now(UTC))
    watch = watch or ChargeWatch()
    authorise(actor=actor, permission=Permission.SELL, now=clock())
    wallet, provider = provider_for(wallets, auth_code)
    if any(t.kind not in {"cash", "card"} for t in tenders):
        raise InvalidInput("with a scanned payment code, the rest is paid in cash or by card")
    if amount.amount <= 0:
        raise InvalidInput("nothing is left to pay by mobile", reason="nothing_to_pay")
    if not items:
        raise InvalidInput("say what the tickets are exchanged for")
    try:
        exchange_id = str(uuid.UUID(exchange_id or str(uuid.uuid4())))
    except ValueError:
        raise InvalidInput(f"exchange id must be a UUID, got {exchange_id!r}") from None
    now = clock()
    deadline = now + timedelta(seconds=confirm_seconds)
    with store.write() as session:
        refuse_done(session, exchange_id)  # a done exchange answers its stored result, without its hooks
        # What the exchange will refuse anyway, refused before the charge: an unknown order,
        # tickets not valid or admitted, the refund window closed without approval.
        chosen, _whole = choose_tickets(session, find_order(session, order), ticket_ids)
        refuse_scanned(session, [t.id for t in chosen], action="exchanged")
        may_give_back(session, actor=actor, permission=Permission.EXCHANGE, override=override,
                      performance_ids=[t.performance_id for t in chosen], what="exchange", now=now)
        attempt = intents.next_attempt(session, exchange_id)
        trade_no = out_trade_no(order_id=exchange_id, attempt=attempt)
        intents.record(
            session, out_trade_no=trade_no, order_id=exchange_id, attempt=attempt, wallet=wallet, amount=amount,
            staff_id=actor.staff_id, performance_id=performance_id,
            sale={"kind": "exchange", "old_order": order, "resellable": False,
                  "tenders": settling.tender_dicts(tenders)},
            deadline=deadline, now=now,
        )
        intent = intents.get(session, trade_no)
    assert intent is not None
    return charge_then(
        store, provider, intent, auth_code=auth_code, watch=watch, clock=clock, poll_seconds=poll_seconds,
        subject=performance_id, commit=lambda charge: exchange(
            store, order=order, performance_id=performance_id, items=items, actor=actor, signer=signer,
            ticket_ids=ticket_ids, tenders=[*tenders, settling.charged_tender(intent, charge)], override=override,
            policy=policy, providers=settling.charged_providers(intent, charge), exchange_id=exchange_id,
            now=clock(), hooks=[settling.paid_hook(intent, charge)],
        ),
    )

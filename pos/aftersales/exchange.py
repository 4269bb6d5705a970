"""Exchange: tickets of an order given back for new ones (another performance, other seats).

One transaction does it all: the old tickets are revoked (reason ``exchange``), the new
cart is checked exactly as a sale is (:mod:`pos.sales.checks`, the same sales policy), the
new order is committed by the sale's own commit, and the difference is settled either way:
more is collected with tenders, or the excess goes back to the old order's original tenders.
The old tickets' prices (booking fees are not refunded) pay for the new order as tender
``exchange``. Journal (the new sale and the exchange) and one outbox message (``PUT
/v1/exchanges/{id}``, with the new order inside) are written in the same transaction.

A cash difference (collected or given back) goes through the drawer: it needs an open
shift, and the exchange's journal entry names it (``shift``), so that the shift's expected
cash counts it (:func:`pos.cash.drawer.cash_shift`); with no cash difference no shift is needed.
The new order belongs to no shift: it is an exchange, not a sale, and the Z-report counts
the carried credit as no tender (:mod:`pos.cash.closeout`).

The exchange id is also the new order's id: one UUID, one idempotency key. Calling again with
the same id answers the stored result and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy.exc import IntegrityError

from pos.aftersales.steps import (
    check_reversal_id,
    find_order,
    refund_tenders,
    replay,
    take_back,
)
from pos.cash.drawer import DEFAULT_DRAWER, cash_shift
from pos.cash.tenders import (
    PaymentProvider,
    SettledTender,
    Settlement,
    Tender,
    TenderKind,
    default_providers,
    settle,
)
from pos.errors import InvalidInput, NotSellable, PaymentError
from pos.journal import chain as journal
from pos.journal import outbox
from pos.money import Money
from pos.payments import refunds as wallet_refunds
from pos.sales.cart import CartItem
from pos.sales.checks import check_people, load_context, price_cart, resolve
from pos.sales.commit import commit_sale
from pos.sales.sellability import OfflineAllocationPolicy, SalesPolicy
from pos.sales.service import SaleHook
from pos.staff.access import Override, Permission, StaffSession, authorise
from pos.store import sql
from pos.store.db import Store
from pos.store.models import Payment, Revocation
from pos.tickets import TicketSigner


@dataclass(frozen=True, slots=True)
class ExchangeResult:
    exchange_id: str  # also the new order's id
    old_order_id: str
    old_order_number: str
    old_ticket_ids: tuple[str, ...]
    new_order_id: str
    new_order_number: str
    new_ticket_ids: tuple[str, ...]
    credit: Money  # the old tickets' prices
    new_total: Money
    difference: Money  # new total - credit: > 0 collected, < 0 given back
    collected: tuple[tuple[str, Money, str], ...]  # (tender, amount, reference)
    change: Money
    refunds: tuple[tuple[str, Money, str], ...]
    journal_seq: int
    approver_id: str | None
    late: bool


def _result(p: Mapping[str, Any]) -> ExchangeResult:
    r = p["result"]
    cur = r["currency"]

    def money_list(items: list[dict[str, Any]]) -> tuple[tuple[str, Money, str], ...]:
        return tuple((i["kind"], Money(i["amount"], cur), i["reference"]) for i in items)

    return ExchangeResult(
        exchange_id=p["exchange_id"],
        old_order_id=p["order_id"],
        old_order_number=r["old_number"],
        old_ticket_ids=tuple(p["old_ticket_ids"]),
        new_order_id=p["new_order_id"],
        new_order_number=r["new_number"],
        new_ticket_ids=tuple(t["id"] for t in p["new_order"]["tickets"]),
        credit=Money(p["refund_amount"], cur),
        new_total=Money(p["new_order"]["total"], cur),
        difference=Money(r["difference"], cur),
        collected=money_list(r["collected"]),
        change=Money(r["change"], cur),
        refunds=money_list(r["refunds"]),
        journal_seq=r["journal_seq"],
        approver_id=p.get("approver_id"),
        late=bool(r.get("late")),
    )


def exchange(
    store: Store,
    *,
    order: str,
    performance_id: str,
    items: Sequence[CartItem],
    actor: StaffSession,
    signer: TicketSigner,
    ticket_ids: Sequence[str] | None = None,
    tenders: Sequence[Tender] = (),
    override: Override | None = None,
    policy: SalesPolicy | None = None,
    providers: Mapping[TenderKind, PaymentProvider] | None = None,
    reason: str = "",
    exchange_id: str | None = None,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
    hooks: Sequence[SaleHook] = (),
) -> ExchangeResult:
    """Exchange the named tickets of ``order`` (all its valid ones by default) for ``items``
    of ``performance_id``. ``hooks`` run in its transaction (a wallet's payment intent is
    committed with it: :mod:`pos.payments.exchange_pay`); a replay runs none."""
    now = now or datetime.now(UTC)
    policy = policy or OfflineAllocationPolicy()
    exchange_id = check_reversal_id(exchange_id)
    authorise(actor=actor, permission=Permission.SELL, now=now)
    if override is None and not actor.can(Permission.EXCHANGE):
        authorise(actor=actor, permission=Permission.EXCHANGE, now=now)  # raises before any read
    if not items:
        raise InvalidInput("say what the tickets are exchanged for")
    try:
        with store.write() as session:
            old = find_order(session, order)
            stored = replay(session, exchange_id, "exchange", old.id)
            if stored is not None:
                return _result(stored)
            if sql.row(session, "SELECT 1 FROM sale_order WHERE id = ?", exchange_id):
                raise InvalidInput(f"id {exchange_id} was used for another action")
            taken = take_back(
                session,
                old,
                ticket_ids,
                actor=actor,
                permission=Permission.EXCHANGE,
                override=override,
                action="exchanged",
                what="exchange",
                now=now,
            )
            chosen, whole, auth = taken.tickets, taken.whole, taken.auth
            approver, is_late = taken.approver_id, taken.late
            # The old tickets go first, so that their seats and quota count as free for the
            # new cart, which is then checked exactly like a sale.
            for t in chosen:
                t.status = "revoked"
            session.flush()
            ctx = load_context(session, performance_id=performance_id, items=items, now=now)
            resolve(session, ctx, items, policy)
            check_people(session, ctx, items, None, digest_key=signer.holder_digest_key())
            breakdown, coupon = price_cart(session, ctx, coupon_code=None, member_number=None, now=now)
            policy.check_order(session, total=breakdown.total.amount, now=now)
            currency = breakdown.total.currency
            if currency != old.currency:
                raise InvalidInput("the new tickets are in another currency")
            credit = sum(t.total - t.fee for t in chosen)
            new_total = breakdown.total.amount
            difference = new_total - credit
            used = min(credit, new_total)
            if difference > 0:
                extra = settle(
                    total=Money(difference, currency),
                    tenders=tenders,
                    providers=providers or default_providers(),
                )
            else:
                if tenders:
                    raise PaymentError(
                        "the new tickets cost no more than the old ones: take no payment", reason="overpaid"
                    )
                extra = Settlement(tenders=(), total=Money(0, currency), change=Money(0, currency))
            # Back to the old order's original tenders, computed before the credit moves.
            refunds = refund_tenders(session, old.id, -difference) if difference < 0 else []
            wallet_refunds.queue(session, order_id=old.id, reversal_id=exchange_id, refunds=refunds, now=now)
            shift_id = cash_shift(
                session,
                cash=sum(t.amount.amount for t in extra.tenders if t.kind == "cash")
                + sum(fen for k, fen, _ in refunds if k == "cash"),
                what=f"this exchange of order {old.number}",
                drawer=drawer,
            )
            carried = (
                SettledTender(
                    cast(TenderKind, "exchange"),
                    Money(used, currency),
                    Money(used, currency),
                    old.number,
                    "exchange",
                ),
            )
            settlement = Settlement(
                tenders=(carried if used else ()) + extra.tenders, total=breakdown.total, change=extra.change
            )
            sale = commit_sale(
                session,
                ctx,
                order_id=exchange_id,
                breakdown=breakdown,
                settlement=settlement,
                coupon=coupon,
                member_number=None,
                actor=actor,
                approver_id=approver,
                signer=signer,
                policy=policy,
                now=now,
            )
            for hook in hooks:
                hook(session, exchange_id, now)
            # The sale travels inside the exchange, not as an order of its own.
            queued = sql.row(
                session, "SELECT payload FROM outbox WHERE id = ? AND kind = 'order'", exchange_id
            )
            assert queued is not None
            sql.run(session, "DELETE FROM outbox WHERE id = ? AND kind = 'order'", (exchange_id,))
            new_order = json.loads(queued.payload)

            replaced = [t.ticket_id for t in sale.tickets] if len(sale.tickets) == len(chosen) else []
            for i, t in enumerate(chosen):
                session.add(
                    Revocation(
                        ticket_id=t.id,
                        reason="exchange",
                        revoked_at=now,
                        replaced_by=replaced[i] if replaced else None,
                    )
                )
            # Off the old order: the credit carried on to the new one, then what went back.
            carried_out = [("exchange", used, sale.order_number)] if used else []
            for kind, fen, ref in carried_out + refunds:
                session.add(
                    Payment(
                        order_id=old.id,
                        kind=kind,
                        provider="exchange",
                        amount=-fen,
                        tendered=-fen,
                        reference=ref,
                    )
                )
            old.status = "exchanged" if whole else "part_exchanged"
            collected = [
                {"kind": t.kind, "amount": t.amount.amount, "reference": t.reference} for t in extra.tenders
            ]
            refund_list = [{"kind": k, "amount": a, "reference": r} for k, a, r in refunds]
            seq = journal.append(
                session,
                kind="exchange",
                terminal_id=ctx.terminal.terminal_id,
                staff_id=auth.actor_id,
                approver_id=approver,
                ref=old.id,
                data={
                    "exchange": exchange_id,
                    "number": old.number,
                    "tickets": [t.id for t in chosen],
                    "credit": credit,
                    "new_order": exchange_id,
                    "new_number": sale.order_number,
                    "new_tickets": [t.ticket_id for t in sale.tickets],
                    "new_total": new_total,
                    "difference": difference,
                    "collected": collected,
                    "refunds": refund_list,
                    "reason": reason.strip()[:200],
                    "late": is_late,
                    "shift": shift_id,
                },
                now=now,
            )
            payload = {
                "exchange_id": exchange_id,
                "order_id": old.id,
                "old_ticket_ids": [t.id for t in chosen],
                "refund_amount": credit,
                "new_order_id": exchange_id,
                "new_order": new_order,
                "reason": reason.strip()[:200],
                "approver_id": approver,
                "staff_id": auth.actor_id,
                "created_at": now.isoformat(),
                "result": {
                    "currency": currency,
                    "old_number": old.number,
                    "new_number": sale.order_number,
                    "difference": difference,
                    "collected": collected,
                    "change": extra.change.amount,
                    "refunds": refund_list,
                    "journal_seq": seq,
                    "late": is_late,
                },
            }
            outbox.enqueue(session, message_id=exchange_id, kind="exchange", payload=payload, now=now)
            session.flush()
            return _result(payload)
    except IntegrityError as exc:
        if "uq_ticket_valid_seat" in str(exc.orig) or "ticket.performance_id, ticket.seat_id" in str(
            exc.orig
        ):
            raise NotSellable("a seat was sold a moment ago; pick again", reason="sold") from exc
        raise

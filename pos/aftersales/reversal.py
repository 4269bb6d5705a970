"""Reversals of a sale: refund (whole order or some tickets) and void (the last sale).

A refund returns the tickets' prices; booking fees stay with the platform. A void, minutes
after the sale, returns everything.

Both are protected actions: :func:`pos.staff.access.authorise` runs first, so a clerk without a
supervisor's override changes nothing. A refund after the event's refund window needs the
``refund_late`` approval (a supervisor's, or a supervisor doing it), and a ticket already
admitted at the door is never given back (:mod:`pos.aftersales.policy`). Refunded and voided
ticket ids are revoked, the money goes back as new negative payments (payments are never
edited), and the journal and outbox get the reversal in the same transaction. The
reversal's UUID is its idempotency key here as at central: the same id again answers the
same result and changes nothing.

Cash given back leaves a drawer: a reversal that returns cash needs an open shift on the
drawer (``drawer``, default ``main``), and its journal entry names that shift (``shift``)
so the shift's expected cash includes it (:func:`pos.cash.drawer.cash_shift`). A reversal wholly
to card or mobile needs no shift (see there why).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.aftersales.policy import refuse_scanned
from pos.aftersales.steps import (
    already_returned,
    check_reversal_id,
    choose_tickets,
    find_order,
    refund_tenders,
    replay,
    take_back,
)
from pos.cash.drawer import DEFAULT_DRAWER, cash_shift
from pos.errors import NotFound, RefundWindowClosed, ReversalRefused, TicketScanned
from pos.journal import chain as journal
from pos.journal import outbox
from pos.money import Money
from pos.payments import refunds as wallet_refunds
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store import settings
from pos.store.db import Store
from pos.store.models import Order as OrderRow
from pos.store.models import Payment, Revocation, Terminal, Ticket

VOID_WINDOW = timedelta(minutes=10)  # default of the ``void_window_minutes`` setting
VOID_WINDOW_SETTING = "void_window_minutes"

__all__ = [
    "VOID_WINDOW",
    "RefundWindowClosed",
    "Reversal",
    "ReversalRefused",
    "TicketScanned",
    "refund",
    "void_last_sale",
]


@dataclass(frozen=True, slots=True)
class Reversal:
    reversal_id: str
    order_id: str
    order_number: str
    kind: str  # refund | void
    ticket_ids: tuple[str, ...]
    amount: Money
    refunds: tuple[tuple[str, Money, str], ...]  # (tender kind, amount, reference)
    journal_seq: int
    approver_id: str | None = None
    late: bool = False  # outside the refund window, approved


def _from_payload(p: dict[str, Any]) -> Reversal:
    cur = p.get("currency", "CNY")
    return Reversal(
        reversal_id=p["reversal_id"],
        order_id=p["order_id"],
        order_number=p.get("number", ""),
        kind=p.get("kind", "refund"),
        ticket_ids=tuple(p["ticket_ids"]),
        amount=Money(p["amount"], cur),
        refunds=tuple((r["kind"], Money(r["amount"], cur), r["reference"]) for r in p.get("refunds", [])),
        journal_seq=p.get("journal_seq", 0),
        approver_id=p.get("approver_id"),
        late=bool(p.get("late")),
    )


def refund(
    store: Store,
    *,
    order: str,
    actor: StaffSession,
    ticket_ids: Sequence[str] | None = None,
    override: Override | None = None,
    reason: str = "",
    reversal_id: str | None = None,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
) -> Reversal:
    """Refund the whole order, or the named tickets of it. Cash back needs an open shift."""
    now = now or datetime.now(UTC)
    reversal_id = check_reversal_id(reversal_id)
    if override is None and not actor.can(Permission.REFUND):
        authorise(actor=actor, permission=Permission.REFUND, now=now)  # raises: nothing is read
    with store.write() as session:
        row = find_order(session, order)
        stored = replay(session, reversal_id, "refund", row.id)
        if stored is not None:
            return _from_payload(stored)
        taken = take_back(
            session,
            row,
            ticket_ids,
            actor=actor,
            permission=Permission.REFUND,
            override=override,
            action="refunded",
            what="refund",
            now=now,
        )
        return _reverse(
            session,
            row,
            "refund",
            taken.auth.actor_id,
            taken.approver_id,
            taken.tickets,
            taken.whole,
            reason,
            reversal_id,
            now,
            taken.late,
            drawer,
        )


def void_window(store: Store) -> timedelta:
    minutes = settings.get(store, VOID_WINDOW_SETTING)
    return timedelta(minutes=int(minutes)) if isinstance(minutes, int) and minutes > 0 else VOID_WINDOW


def void_last_sale(
    store: Store,
    *,
    actor: StaffSession,
    override: Override | None = None,
    reason: str = "",
    reversal_id: str | None = None,
    drawer: str = DEFAULT_DRAWER,
    now: datetime | None = None,
) -> Reversal:
    """Void this terminal's most recent sale, within minutes of it (setting
    ``void_window_minutes``, default 10). Supervisors only: a clerk needs their approval."""
    now = now or datetime.now(UTC)
    reversal_id = check_reversal_id(reversal_id)
    window = void_window(store)
    auth = authorise(actor=actor, permission=Permission.VOID, override=override, now=now)
    with store.write() as session:
        stored = replay(session, reversal_id, "void", None)
        if stored is not None:
            return _from_payload(stored)
        spend(session, auth, override, now=now)
        row = session.scalar(
            select(OrderRow).order_by(OrderRow.created_at.desc(), OrderRow.number.desc()).limit(1)
        )
        if row is None:
            raise NotFound("there is no sale to void")
        if now - row.created_at > window:
            raise ReversalRefused(
                f"order {row.number} is older than {int(window.total_seconds()) // 60} minutes: refund it instead"
            )
        if row.status != "paid":
            raise ReversalRefused(f"order {row.number} is {row.status}: only an untouched sale can be voided")
        chosen, whole = choose_tickets(session, row, None)
        refuse_scanned(session, [t.id for t in chosen], action="voided")
        return _reverse(
            session,
            row,
            "void",
            auth.actor_id,
            auth.approver_id,
            chosen,
            whole,
            reason,
            reversal_id,
            now,
            False,
            drawer,
        )


def _reverse(
    session: Session,
    row: OrderRow,
    kind: str,
    actor_id: str,
    approver_id: str | None,
    chosen: list[Ticket],
    whole: bool,
    reason: str,
    reversal_id: str,
    now: datetime,
    is_late: bool,
    drawer: str,
) -> Reversal:
    reason = reason.strip()[:200]
    if kind == "void":
        # A void undoes the sale: everything paid goes back, booking fees included.
        amount = row.total + already_returned(session, row.id)
    else:
        # A refund returns the tickets' prices; booking fees are not refunded (central's rule).
        amount = sum(t.total - t.fee for t in chosen)
    refunds = refund_tenders(session, row.id, amount)
    wallet_refunds.queue(session, order_id=row.id, reversal_id=reversal_id, refunds=refunds, now=now)
    # Before anything is written: cash back with no shift open would leave no drawer's count.
    shift_id = cash_shift(
        session,
        cash=sum(fen for k, fen, _ in refunds if k == "cash"),
        what=f"this {kind} of order {row.number}",
        drawer=drawer,
    )
    for t in chosen:
        t.status = "revoked"
        session.add(Revocation(ticket_id=t.id, reason=kind, revoked_at=now, replaced_by=None))
    row.status = ("voided" if kind == "void" else "refunded") if whole else "part_refunded"
    for tender_kind, fen, ref in refunds:
        session.add(
            Payment(
                order_id=row.id, kind=tender_kind, provider=kind, amount=-fen, tendered=-fen, reference=ref
            )
        )
    terminal = session.scalar(select(Terminal))
    assert terminal is not None
    refund_list = [{"kind": k, "amount": a, "reference": r} for k, a, r in refunds]
    seq = journal.append(
        session,
        kind=kind,
        terminal_id=terminal.terminal_id,
        staff_id=actor_id,
        approver_id=approver_id,
        ref=row.id,
        data={
            "reversal": reversal_id,
            "number": row.number,
            "tickets": [t.id for t in chosen],
            "amount": amount,
            "refunds": refund_list,
            "reason": reason,
            "late": is_late,
            "shift": shift_id,
        },
        now=now,
    )
    outbox.enqueue(
        session,
        message_id=reversal_id,
        kind=kind,
        payload={
            "reversal_id": reversal_id,
            "kind": kind,
            "order_id": row.id,
            "number": row.number,
            "currency": row.currency,
            "ticket_ids": [t.id for t in chosen],
            "amount": amount,
            "ticket_amount": sum(t.total - t.fee for t in chosen),
            "refunds": refund_list,
            "staff_id": actor_id,
            "approver_id": approver_id,
            "late": is_late,
            "reason": reason,
            "journal_seq": seq,
            "created_at": now.isoformat(),
        },
        now=now,
    )
    session.flush()
    return Reversal(
        reversal_id=reversal_id,
        order_id=row.id,
        order_number=row.number,
        kind=kind,
        ticket_ids=tuple(t.id for t in chosen),
        amount=Money(amount, row.currency),
        refunds=tuple((k, Money(a, row.currency), r) for k, a, r in refunds),
        journal_seq=seq,
        approver_id=approver_id,
        late=is_late,
    )

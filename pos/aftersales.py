"""Reversals of a sale: refund (whole order or some tickets) and void (the last sale).

A refund returns the tickets' prices; booking fees stay with the platform. A void, minutes
after the sale, returns everything.

Both are protected actions: :func:`pos.staff.authorise` runs first, so a clerk without a
supervisor's override changes nothing. Refunded and voided ticket ids are revoked, the
money goes back as new negative payments (payments are never edited), and the journal and
outbox get the reversal in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos import journal, outbox
from pos.errors import InvalidInput, NotFound, PosError
from pos.money import Money
from pos.staff import Override, Permission, StaffSession, authorise, spend
from pos.store.db import Store
from pos.store.models import Order as OrderRow
from pos.store.models import Payment, Revocation, Terminal, Ticket

VOID_WINDOW = timedelta(minutes=10)


class ReversalRefused(PosError):
    code = "reversal_refused"


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


def _find_order(session: Session, order: str) -> OrderRow:
    row = session.get(OrderRow, order) or session.scalar(select(OrderRow).where(OrderRow.number == order))
    if row is None:
        raise NotFound(f"no order {order!r} on this terminal")
    return row


def refund(
    store: Store,
    *,
    order: str,
    actor: StaffSession,
    ticket_ids: Sequence[str] | None = None,
    override: Override | None = None,
    reason: str = "",
    reversal_id: str | None = None,
    now: datetime | None = None,
) -> Reversal:
    """Refund the whole order, or the named tickets of it."""
    now = now or datetime.now(UTC)
    auth = authorise(actor=actor, permission=Permission.REFUND, override=override, now=now)
    with store.write() as session:
        spend(session, auth, override, now=now)
        row = _find_order(session, order)
        return _reverse(
            session, row, "refund", auth.actor_id, auth.approver_id, ticket_ids, reason, reversal_id, now
        )


def void_last_sale(
    store: Store,
    *,
    actor: StaffSession,
    override: Override | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Reversal:
    """Void this terminal's most recent sale, within minutes of it."""
    now = now or datetime.now(UTC)
    auth = authorise(actor=actor, permission=Permission.VOID, override=override, now=now)
    with store.write() as session:
        spend(session, auth, override, now=now)
        row = session.scalar(
            select(OrderRow).order_by(OrderRow.created_at.desc(), OrderRow.number.desc()).limit(1)
        )
        if row is None:
            raise NotFound("there is no sale to void")
        if now - row.created_at > VOID_WINDOW:
            raise ReversalRefused(
                f"order {row.number} is older than {VOID_WINDOW.seconds // 60} minutes: refund it instead"
            )
        return _reverse(session, row, "void", auth.actor_id, auth.approver_id, None, reason, None, now)


def _reverse(
    session: Session,
    row: OrderRow,
    kind: str,
    actor_id: str,
    approver_id: str | None,
    ticket_ids: Sequence[str] | None,
    reason: str,
    reversal_id: str | None,
    now: datetime,
) -> Reversal:
    if row.status in ("refunded", "voided"):
        raise ReversalRefused(f"order {row.number} is already {row.status}")
    tickets = session.scalars(select(Ticket).where(Ticket.order_id == row.id).order_by(Ticket.line_no)).all()
    valid = {t.id: t for t in tickets if t.status == "valid"}
    if ticket_ids:
        unknown = [t for t in ticket_ids if t not in {x.id for x in tickets}]
        if unknown:
            raise InvalidInput(f"ticket {unknown[0]} is not in order {row.number}")
        gone = [t for t in ticket_ids if t not in valid]
        if gone:
            raise ReversalRefused(f"ticket {gone[0]} is no longer valid (refunded, or replaced by a reprint)")
        chosen = [valid[t] for t in dict.fromkeys(ticket_ids)]
    else:
        chosen = list(valid.values())
    if not chosen:
        raise ReversalRefused(f"order {row.number} has no valid tickets left")
    whole = len(chosen) == len(valid)
    already = -sum(
        p.amount
        for p in session.scalars(select(Payment).where(Payment.order_id == row.id, Payment.amount < 0))
    )
    if kind == "void":
        # A void undoes the sale: everything paid goes back, booking fees included.
        amount = row.total - already
    else:
        # A refund returns the tickets' prices; booking fees are not refunded (central's rule).
        amount = sum(t.total - t.fee for t in chosen)
    refunds = _refund_tenders(session, row.id, amount)
    for t in chosen:
        t.status = "revoked"
        session.add(Revocation(ticket_id=t.id, reason=kind, revoked_at=now, replaced_by=None))
    row.status = ("voided" if kind == "void" else "refunded") if whole else "part_refunded"
    for tender_kind, fen, ref in refunds:
        session.add(
            Payment(
                order_id=row.id,
                kind=tender_kind,
                provider=f"{kind}",
                amount=-fen,
                tendered=-fen,
                reference=ref,
            )
        )
    terminal = session.scalar(select(Terminal))
    assert terminal is not None
    reversal_id = reversal_id or str(uuid.uuid4())
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
            "refunds": [{"kind": k, "amount": a, "reference": r} for k, a, r in refunds],
            "reason": reason,
        },
        now=now,
    )
    outbox.enqueue(
        session,
        message_id=reversal_id,
        kind=kind,
        payload={
            "reversal_id": reversal_id,
            "order_id": row.id,
            "ticket_ids": [t.id for t in chosen],
            "amount": amount,
            "ticket_amount": sum(t.total - t.fee for t in chosen),
            "staff_id": actor_id,
            "approver_id": approver_id,
            "reason": reason,
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
    )


def _refund_tenders(session: Session, order_id: str, amount: int) -> list[tuple[str, int, str]]:
    """Back to the original tenders: card and mobile by reference first, cash for the rest."""
    paid = session.scalars(select(Payment).where(Payment.order_id == order_id).order_by(Payment.id)).all()
    remaining: dict[tuple[str, str], int] = {}
    for p in paid:
        key = (p.kind, p.reference)
        remaining[key] = remaining.get(key, 0) + p.amount
    out: list[tuple[str, int, str]] = []
    left = amount
    for (kind, ref), avail in sorted(remaining.items(), key=lambda kv: kv[0][0] == "cash"):
        if left <= 0:
            break
        take = min(avail, left)
        if take > 0:
            out.append((kind, take, ref))
            left -= take
    if left > 0:
        raise ReversalRefused("the refund is more than what was paid")
    return out


def open_drawer(
    store: Store,
    *,
    actor: StaffSession,
    override: Override | None = None,
    reason: str,
    now: datetime | None = None,
) -> int:
    """Record a drawer opened without a sale. The printer layer sends the kick after this."""
    now = now or datetime.now(UTC)
    if not reason.strip():
        raise InvalidInput("say why the drawer is opened")
    auth = authorise(actor=actor, permission=Permission.OPEN_DRAWER, override=override, now=now)
    with store.write() as session:
        spend(session, auth, override, now=now)
        terminal = session.scalar(select(Terminal))
        assert terminal is not None
        return journal.append(
            session,
            kind="drawer_open",
            terminal_id=terminal.terminal_id,
            staff_id=auth.actor_id,
            approver_id=auth.approver_id,
            data={"reason": reason.strip()},
            now=now,
        )

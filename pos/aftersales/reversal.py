"""Reversals of a sale: refund (whole order or some tickets) and void (the last sale).

A refund returns the tickets' prices; booking fees stay with the platform. A void, minutes
after the sale, returns everything.

Both are protected actions: :func:`pos.staff.authorise` runs first, so a clerk without a
supervisor's override changes nothing. A refund after the event's refund window needs the
``refund_late`` approval (a supervisor's, or a supervisor doing it), and a ticket already
admitted at the door is never given back (:mod:`pos.aftersales.policy`). Refunded and voided
ticket ids are revoked, the money goes back as new negative payments (payments are never
edited), and the journal and outbox get the reversal in the same transaction. The
reversal's UUID is its idempotency key here as at central: the same id again answers the
same result and changes nothing.

Cash given back leaves a drawer: a reversal that returns cash needs an open shift on the
drawer (``drawer``, default ``main``), and its journal entry names that shift (``shift``)
so the shift's expected cash includes it (:func:`pos.shifts.cash_shift`). A reversal wholly
to card or mobile needs no shift (see there why).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.aftersales.policy import RefundWindowClosed, ReversalRefused, TicketScanned, late, refuse_scanned
from pos.cash.shifts import DEFAULT_DRAWER, cash_shift
from pos.errors import InvalidInput, NotFound, PermissionDenied
from pos.journal import chain as journal
from pos.journal import outbox
from pos.money import Money
from pos.staff.access import Authorisation, Override, Permission, Role, StaffSession, authorise, spend
from pos.store import settings, sql
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
    "authorise_giving_back",
    "check_reversal_id",
    "choose_tickets",
    "find_order",
    "open_drawer",
    "refund",
    "refund_tenders",
    "replay",
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


def find_order(session: Session, order: str) -> OrderRow:
    order = (order or "").strip()
    if not order or len(order) > 40:
        raise InvalidInput("give an order number (e.g. T01-000001) or order id")
    row = session.get(OrderRow, order) or session.scalar(
        select(OrderRow).where(OrderRow.number == order.upper())
    )
    if row is None:
        raise NotFound(f"no order {order!r} on this terminal")
    return row


def check_reversal_id(reversal_id: str | None) -> str:
    if reversal_id is None:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(reversal_id))
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(f"a reversal id is a UUID, got {reversal_id!r}") from None


def replay(session: Session, reversal_id: str, kind: str, order_id: str | None) -> dict[str, Any] | None:
    """The stored payload of an earlier action with this id, or None. Another action under
    the same id is refused: an id names one action."""
    found = sql.row(session, "SELECT kind, payload FROM outbox WHERE id = ?", reversal_id)
    if found is None:
        return None
    payload: dict[str, Any] = json.loads(found.payload)
    if found.kind != kind or (order_id is not None and payload.get("order_id") != order_id):
        raise InvalidInput(f"id {reversal_id} was used for another action")
    return payload


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


def choose_tickets(
    session: Session, row: OrderRow, ticket_ids: Sequence[str] | None
) -> tuple[list[Ticket], bool]:
    """The valid tickets to give back, and whether they are all the order still has."""
    if row.status in ("refunded", "voided", "exchanged"):
        raise ReversalRefused(f"order {row.number} is already {row.status}")
    tickets = session.scalars(select(Ticket).where(Ticket.order_id == row.id).order_by(Ticket.line_no)).all()
    valid = {t.id: t for t in tickets if t.status == "valid"}
    if ticket_ids:
        wanted = [t.strip().upper() for t in ticket_ids]
        unknown = [t for t in wanted if t not in {x.id for x in tickets}]
        if unknown:
            raise InvalidInput(f"ticket {unknown[0]} is not in order {row.number}")
        gone = [t for t in wanted if t not in valid]
        if gone:
            raise ReversalRefused(f"ticket {gone[0]} is no longer valid (refunded, exchanged or reprinted)")
        chosen = [valid[t] for t in dict.fromkeys(wanted)]
    else:
        chosen = list(valid.values())
    if not chosen:
        raise ReversalRefused(f"order {row.number} has no valid tickets left")
    return chosen, len(chosen) == len(valid)


def authorise_giving_back(
    session: Session,
    *,
    actor: StaffSession,
    permission: Permission,
    override: Override | None,
    performance_ids: Sequence[str],
    what: str,
    now: datetime,
) -> tuple[Authorisation, str | None, bool]:
    """Permission and the refund window together: (authorisation, approver, late).

    Inside the window the action needs ``permission``; after it, ``refund_late``. An approval
    for ``refund_late`` covers the plain action too. A supervisor acting alone approves their
    own late refund, and the journal names them as the approver."""
    closed = late(session, performance_ids, now)
    needed = permission
    if closed is not None or (override is not None and override.permission is Permission.REFUND_LATE):
        needed = Permission.REFUND_LATE
    try:
        auth = authorise(actor=actor, permission=needed, override=override, now=now)
    except PermissionDenied as exc:
        if closed is None:
            raise
        raise RefundWindowClosed(
            f"the refund window of performance {closed.performance_id} closed at "
            f"{closed.cutoff:%Y-%m-%d %H:%M} UTC: a supervisor must approve this late {what} ({exc.message})",
            performance_id=closed.performance_id,
            cutoff=closed.cutoff.isoformat(),
        ) from None
    spend(session, auth, override, now=now)
    approver = auth.approver_id
    if closed is not None and approver is None and actor.role is Role.SUPERVISOR:
        approver = actor.staff_id
    return auth, approver, closed is not None


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
        chosen, whole = choose_tickets(session, row, ticket_ids)
        refuse_scanned(session, [t.id for t in chosen], action="refunded")
        auth, approver, is_late = authorise_giving_back(
            session,
            actor=actor,
            permission=Permission.REFUND,
            override=override,
            performance_ids=[t.performance_id for t in chosen],
            what="refund",
            now=now,
        )
        return _reverse(
            session,
            row,
            "refund",
            auth.actor_id,
            approver,
            chosen,
            whole,
            reason,
            reversal_id,
            now,
            is_late,
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


def already_returned(session: Session, order_id: str) -> int:
    """The (negative) sum of what went back or on to another order so far."""
    return sum(
        p.amount
        for p in session.scalars(select(Payment).where(Payment.order_id == order_id, Payment.amount < 0))
    )


def refund_tenders(session: Session, order_id: str, amount: int) -> list[tuple[str, int, str]]:
    """Back to the original tenders: card and mobile by reference first, cash for the rest.

    Credit carried over from an exchanged order (tender ``exchange``) is paid out last, in
    cash: it was the customer's money from an earlier order."""
    paid = session.scalars(select(Payment).where(Payment.order_id == order_id).order_by(Payment.id)).all()
    remaining: dict[tuple[str, str], int] = {}
    for p in paid:
        kind = "cash" if p.kind == "exchange" else p.kind
        key = (kind, "" if kind == "cash" else p.reference)
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

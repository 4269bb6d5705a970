"""The steps refund, void and exchange share: finding the order, answering a repeated id,
choosing the tickets to give back, authorising it (permission and refund window together),
and where the money goes back.

Used by :mod:`pos.aftersales.reversal` and :mod:`pos.aftersales.exchange`; uses the store,
staff (approvals) and the refund policy.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.aftersales.policy import late, refuse_scanned
from pos.errors import InvalidInput, NotFound, PermissionDenied, RefundWindowClosed, ReversalRefused
from pos.staff.access import Authorisation, Override, Permission, Role, StaffSession, authorise, spend
from pos.store import sql
from pos.store.models import Order as OrderRow
from pos.store.models import Payment, Ticket


@dataclass(frozen=True, slots=True)
class TakenBack:
    """The tickets a refund or an exchange takes back, and who may do it."""

    tickets: list[Ticket]
    whole: bool  # all the order still had
    auth: Authorisation
    approver_id: str | None
    late: bool  # after the refund window, approved


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
    auth, closed = may_give_back(session, actor=actor, permission=permission, override=override,
                                 performance_ids=performance_ids, what=what, now=now)
    spend(session, auth, override, now=now)
    approver = auth.approver_id
    if closed is not None and approver is None and actor.role is Role.SUPERVISOR:
        approver = actor.staff_id
    return auth, approver, closed is not None


def may_give_back(
    session: Session,
    *,
    actor: StaffSession,
    permission: Permission,
    override: Override | None,
    performance_ids: Sequence[str],
    what: str,
    now: datetime,
) -> tuple[Authorisation, Any]:
    """The check of :func:`authorise_giving_back` without spending the approval (a wallet
    asks it before charging: :mod:`pos.payments.exchange_pay`); with the closed window, if any."""
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
    return auth, closed


def take_back(
    session: Session,
    row: OrderRow,
    ticket_ids: Sequence[str] | None,
    *,
    actor: StaffSession,
    permission: Permission,
    override: Override | None,
    action: str,
    what: str,
    now: datetime,
) -> TakenBack:
    """The tickets to take back (none admitted at the door), authorised: ``action`` says
    what happens to them in a refusal ("refunded"), ``what`` names the action ("refund")."""
    chosen, whole = choose_tickets(session, row, ticket_ids)
    refuse_scanned(session, [t.id for t in chosen], action=action)
    auth, approver, is_late = authorise_giving_back(
        session,
        actor=actor,
        permission=permission,
        override=override,
        performance_ids=[t.performance_id for t in chosen],
        what=what,
        now=now,
    )
    return TakenBack(chosen, whole, auth, approver, is_late)


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

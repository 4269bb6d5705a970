"""A reprint: a ticket that did print replaced by a new code.

A protected action (:data:`Permission.REPRINT`, a clerk needs a supervisor's override). It
revokes the old code (ticket status, a revocation row with ``replaced_by``), signs a new
one, and writes the journal entry and the outbox message that tells central about the
revocation, all in one transaction. A failed print job needs no reprint: it is retried with
the same codes (:func:`pos.tickets.printjobs.begin_retry`).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from pos.errors import NotFound, PrintRefused
from pos.journal import chain as journal
from pos.journal import outbox
from pos.staff.access import Override, Permission, StaffSession, authorise, spend
from pos.store.db import Store
from pos.store.models import Order as OrderRow
from pos.store.models import Revocation, Terminal, Ticket
from pos.tickets.codec import TicketClaims, TicketSigner, new_ticket_id, peek

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReprintResult:
    order_id: str
    order_number: str
    old_ticket_id: str
    new_ticket_id: str
    new_code: str
    journal_seq: int
    reprint_id: str  # the outbox message's id: central's idempotency key


def reprint_ticket(
    store: Store,
    *,
    ticket_id: str,
    actor: StaffSession,
    signer: TicketSigner,
    override: Override | None = None,
    reason: str = "",
    reprint_id: str | None = None,
    now: datetime | None = None,
) -> ReprintResult:
    """Replace a ticket's code: revoke the old one, sign a new one, journal and outbox it.

    Checked first, so a clerk without a supervisor's override changes nothing.
    """
    now = now or datetime.now(UTC)
    auth = authorise(actor=actor, permission=Permission.REPRINT, override=override, now=now)
    reprint_id = reprint_id or str(uuid.uuid4())
    with store.write() as session:
        spend(session, auth, override, now=now)
        old = session.get(Ticket, ticket_id.strip().upper())
        if old is None:
            raise NotFound(f"no ticket {ticket_id!r} on this terminal", ticket=ticket_id)
        if old.status != "valid":
            raise PrintRefused(f"ticket {old.id} is {old.status}: only a valid ticket can be reprinted")
        order = session.get(OrderRow, old.order_id)
        terminal = session.scalar(select(Terminal))
        assert order is not None and terminal is not None
        _, old_claims = peek(old.code)
        new_id = new_ticket_id()
        claims = TicketClaims(
            ticket_id=new_id,
            performance_id=old.performance_id,
            item_id=old.seat_id or old.area_id or "",
            gate_id=old.gate_id,
            concession=old.concession,
            issued_at=int(now.timestamp()),
            holder=old_claims.holder,
        )
        code = signer.sign(claims)
        # Revoke first: the unique index allows one valid ticket per seat.
        old.status = "revoked"
        session.add(Revocation(ticket_id=old.id, reason="reprint", revoked_at=now, replaced_by=new_id))
        session.flush()
        copied = {c.name: getattr(old, c.key) for c in Ticket.__table__.columns}
        copied.update(id=new_id, code=code, key_id=signer.key_id, status="valid", issued_at=now)
        session.add(Ticket(**copied))
        seq = journal.append(
            session,
            kind="reprint",
            terminal_id=terminal.terminal_id,
            staff_id=auth.actor_id,
            approver_id=auth.approver_id,
            ref=order.id,
            data={
                "reprint": reprint_id,
                "number": order.number,
                "revoked": old.id,
                "replaced_by": new_id,
                "reason": reason,
            },
            now=now,
        )
        ticket_payload = {
            k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in copied.items()
            if k not in ("order_id", "status", "holder_digest")
        }
        outbox.enqueue(
            session,
            message_id=reprint_id,
            kind="reprint",
            payload={
                "reprint_id": reprint_id,
                "order_id": order.id,
                "revoked_ticket_id": old.id,
                "reason": "reprint",
                "replaced_by": new_id,
                "ticket": ticket_payload,
                "staff_id": auth.actor_id,
                "approver_id": auth.approver_id,
                "note": reason,
                "created_at": now.isoformat(),
            },
            now=now,
        )
        session.flush()
        log.info("ticket %s reprinted as %s by %s", old.id, new_id, auth.actor_id)
        return ReprintResult(order.id, order.number, old.id, new_id, code, seq, reprint_id)

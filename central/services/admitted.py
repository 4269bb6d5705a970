"""A ticket admitted at the door is never refunded, exchanged or voided."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.errors import unprocessable
from central.models import Scan


def refuse_admitted(s: Session, ticket_ids: list[str], action: str) -> None:
    """Refuse with ``ticket_scanned`` (when and where) if any ticket has an admitting scan.

    Re-entry events keep no admission row, so the scans themselves are the record."""
    if not ticket_ids:
        return
    first = s.scalars(
        select(Scan)
        .where(Scan.ticket_id.in_(sorted(ticket_ids)), Scan.verdict == "admitted",
               Scan.status.in_(("recorded", "conflict")))
        .order_by(Scan.scanned_at)
        .limit(1)
    ).first()
    if first is not None:
        raise unprocessable(
            "ticket_scanned",
            f"ticket {first.ticket_id} was scanned at the door at {first.scanned_at.isoformat()}: "
            f"it cannot be {'refunded' if action == 'refund' else action + 'ed'}",
            ticket_id=first.ticket_id, scanned_at=first.scanned_at.isoformat(), gate_id=first.gate_id,
            terminal_id=first.terminal_id,
        )

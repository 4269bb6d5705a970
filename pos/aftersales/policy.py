"""When a ticket may still be given back: the event's refund window and the door's scans.

One place for both checks, used by refund, exchange and void, so that the door's scan log
(store table ``scan``, migration 0007) is read in exactly one function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from pos.errors import RefundWindowClosed, TicketScanned
from pos.store import sql


@dataclass(frozen=True, slots=True)
class Admission:
    ticket_id: str
    scanned_at: datetime | None
    gate: str
    terminal_id: str


# The door's verdict for a ticket let in (pos.door.rules.Verdict.VALID, with direction 'in').
ADMITTED = "valid"


def _has_scan_table(session: Session) -> bool:
    return sql.row(session, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scan'") is not None


def admissions(session: Session, ticket_ids: Iterable[str]) -> dict[str, Admission]:
    """The first admission ('in', admitted) this terminal knows of for each ticket.

    Reads the door's local scan log. Until that table exists (migration 0007 of the door
    work) nothing is known locally; central still refuses scanned tickets on upload."""
    ids = sorted(set(ticket_ids))
    if not ids or not _has_scan_table(session):
        return {}
    found: dict[str, Admission] = {}
    for r in sql.rows(
        session,
        "SELECT ticket_id, scanned_at, gate, terminal_id FROM scan "
        f"WHERE ticket_id IN ({sql.marks(len(ids))}) AND verdict = ? "
        "AND (direction IS NULL OR direction = 'in') ORDER BY scanned_at",
        *ids,
        ADMITTED,
    ):
        found.setdefault(
            r.ticket_id, Admission(r.ticket_id, sql.time_out(r.scanned_at), r.gate or "", r.terminal_id or "")
        )
    return found


def refuse_scanned(session: Session, ticket_ids: Sequence[str], *, action: str) -> None:
    seen = admissions(session, ticket_ids)
    if seen:
        first = seen[sorted(seen)[0]]
        when = f" at {first.scanned_at:%Y-%m-%d %H:%M} UTC" if first.scanned_at else ""
        gate = f" through gate {first.gate}" if first.gate else ""
        raise TicketScanned(
            f"ticket {first.ticket_id} was already scanned at the door{when}{gate}: it cannot be {action}",
            ticket_id=first.ticket_id,
            scanned_at=first.scanned_at.isoformat() if first.scanned_at else "",
            gate=first.gate,
        )


@dataclass(frozen=True, slots=True)
class Window:
    performance_id: str
    starts_at: datetime
    cutoff: datetime
    cancelled: bool

    def open_at(self, now: datetime) -> bool:
        return self.cancelled or now < self.cutoff

    def started(self, now: datetime) -> bool:
        return not self.cancelled and now >= self.starts_at


def windows(session: Session, performance_ids: Iterable[str]) -> list[Window]:
    ids = sorted(set(performance_ids))
    if not ids:
        return []
    out = []
    for r in sql.rows(
        session,
        "SELECT p.id, p.starts_at, p.status, e.refund_cutoff_hours FROM performance p "
        f"JOIN event e ON e.id = p.event_id WHERE p.id IN ({sql.marks(len(ids))}) ORDER BY p.id",
        *ids,
    ):
        starts = sql.time_out(r.starts_at)
        assert starts is not None
        out.append(
            Window(r.id, starts, starts - timedelta(hours=r.refund_cutoff_hours), r.status == "cancelled")
        )
    return out


def late(session: Session, performance_ids: Iterable[str], now: datetime) -> Window | None:
    """The first performance whose refund window has closed, or None when all are open.

    A refund after the show has started is refused outright, approval or not."""
    closed = None
    for w in windows(session, performance_ids):
        if w.started(now):
            raise RefundWindowClosed(
                f"performance {w.performance_id} started at {w.starts_at:%Y-%m-%d %H:%M} UTC: "
                "its tickets can no longer be given back",
                performance_id=w.performance_id,
                cutoff=w.cutoff.isoformat(),
            )
        if not w.open_at(now) and closed is None:
            closed = w
    return closed

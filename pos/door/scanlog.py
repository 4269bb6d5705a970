"""The door's scan log (table ``scan``): what this door scanned, what its peers and central
told it, and the reports built from it (counts, double admissions of a split).

A scan's nonce is its identity everywhere (peers, central), so hearing the same scan twice
changes nothing. Times are stored as fixed-width UTC text like the rest of the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.door.rules import EntryRule, PastScan, Verdict
from pos.door.rules import double_admissions as _extra_admissions
from pos.errors import InvalidInput
from pos.store import sql
from pos.store.db import Store

ORIGINS = ("local", "peer", "central")
DIRECTIONS = ("in", "out")
_VERDICTS = frozenset(v.value for v in Verdict)


@dataclass(frozen=True, slots=True)
class ScanRecord:
    """One row of the log, as exchanged with peers and uploaded to central."""

    nonce: str
    ticket_id: str
    performance_id: str
    gate: str
    direction: str
    verdict: str
    scanned_at: datetime
    terminal_id: str
    reason: str = ""
    origin: str = "local"

    def check(self) -> None:
        """Refuse a record that could not come from a door (peers' data is input too)."""
        if self.direction not in DIRECTIONS or self.origin not in ORIGINS or self.verdict not in _VERDICTS:
            raise InvalidInput(f"scan {self.nonce!r}: bad direction, origin or verdict")
        for name in ("nonce", "ticket_id", "performance_id", "terminal_id"):
            value = getattr(self, name)
            if not isinstance(value, str) or not 0 < len(value) <= 64:
                raise InvalidInput(f"scan: {name} must be 1-64 characters")
        if not isinstance(self.gate, str) or len(self.gate) > 40 or len(self.reason) > 200:
            raise InvalidInput("scan: gate or reason too long")
        if self.scanned_at.tzinfo is None:
            raise InvalidInput("scan: scanned_at must carry a time zone")


_ACCEPTED = (
    "SELECT direction, gate, scanned_at, terminal_id FROM scan WHERE ticket_id = ? AND verdict = 'valid'"
)


def accepted(session: Session, ticket_id: str) -> list[PastScan]:
    """The ticket's accepted scans (admissions and exits), from every origin."""
    found = sql.rows(session, _ACCEPTED, ticket_id)
    return [PastScan(r.direction, r.gate, time_of(r.scanned_at), r.terminal_id) for r in found]


def accepted_on(cur: sqlite3.Cursor, ticket_id: str) -> list[PastScan]:
    """:func:`accepted` on a DB-API cursor already inside the scan's transaction (hot path)."""
    return [PastScan(d, g, time_of(t), term) for d, g, t, term in cur.execute(_ACCEPTED, (ticket_id,))]


_INSERT = (
    "INSERT OR IGNORE INTO scan (nonce, ticket_id, performance_id, gate, direction, verdict, reason,"
    " scanned_at, terminal_id, origin, uploaded) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)


def _row(r: ScanRecord, uploaded: bool) -> tuple[object, ...]:
    return (
        r.nonce,
        r.ticket_id,
        r.performance_id,
        r.gate,
        r.direction,
        r.verdict,
        r.reason,
        sql.time_in(r.scanned_at),
        r.terminal_id,
        r.origin,
        int(uploaded),
    )


def record(cur: sqlite3.Cursor, scan: ScanRecord, *, uploaded: bool = False) -> None:
    """Add this door's own scan, on a cursor inside the transaction that decided it."""
    cur.execute(_INSERT, _row(scan, uploaded))


def merge(store: Store, scans: Iterable[ScanRecord], *, origin: str) -> list[ScanRecord]:
    """Add scans heard from a peer or from central; returns the ones that were new."""
    if origin not in ("peer", "central"):
        raise InvalidInput("merge: origin must be peer or central")
    items = list(scans)
    for s in items:
        s.check()
    new: list[ScanRecord] = []
    with store.write() as session:
        for s in items:
            # Others' scans never go back to central from here: central has them already.
            if sql.run(session, _INSERT, _row(replace(s, origin=origin), True)).rowcount:
                new.append(s)
    return new


def time_of(text: str) -> datetime:
    """The store's fixed-width UTC text (``YYYY-MM-DDTHH:MM:SS.ffffffZ``) as an aware datetime. fromisoformat
    is C code, strptime is not: this runs for every earlier scan of a ticket at the door."""
    return datetime.fromisoformat(text)


def _records(rows: Sequence[Any]) -> list[ScanRecord]:
    return [
        ScanRecord(
            r.nonce,
            r.ticket_id,
            r.performance_id,
            r.gate,
            r.direction,
            r.verdict,
            time_of(r.scanned_at),
            r.terminal_id,
            r.reason,
            r.origin,
        )
        for r in rows
    ]


_COLUMNS = "rowid, nonce, ticket_id, performance_id, gate, direction, verdict, reason, scanned_at, terminal_id, origin"


def local_after(store: Store, after: int, *, limit: int = 500) -> tuple[list[ScanRecord], int]:
    """This door's accepted scans with a log position after ``after`` (for peers), and the
    position to ask from next. Rejections stay here: they change nobody's decision."""
    with store.read() as session:
        found = sql.rows(
            session,
            f"SELECT {_COLUMNS} FROM scan WHERE rowid > ? AND origin = 'local' AND verdict = 'valid'"
            " ORDER BY rowid LIMIT ?",
            after,
            limit,
        )
    return _records(found), (found[-1].rowid if found else after)


def pending_upload(store: Store, *, limit: int = 500) -> list[ScanRecord]:
    with store.read() as session:
        found = sql.rows(
            session,
            f"SELECT {_COLUMNS} FROM scan WHERE origin = 'local' AND uploaded = 0 ORDER BY rowid LIMIT ?",
            limit,
        )
    return _records(found)


def mark_uploaded(store: Store, nonces: Sequence[str]) -> None:
    if not nonces:
        return
    with store.write() as session:
        sql.run(session, "UPDATE scan SET uploaded = 1 WHERE nonce = ?", [(n,) for n in nonces])


@dataclass(frozen=True, slots=True)
class ScanCounts:
    admitted: int  # tickets admitted at least once, at any gate of the performance
    rejected: int  # this door's refusals
    exited: int  # tickets whose last accepted scan is an exit
    capacity: int


def counts(store: Store, performance_id: str) -> ScanCounts:
    with store.read() as session:
        admitted = sql.row(
            session,
            "SELECT count(DISTINCT ticket_id) AS n FROM scan"
            " WHERE performance_id = ? AND verdict = 'valid' AND direction = 'in'",
            performance_id,
        ).n
        rejected = sql.row(
            session,
            "SELECT count(*) AS n FROM scan WHERE performance_id = ? AND verdict <> 'valid' AND origin = 'local'",
            performance_id,
        ).n
        exited = sql.row(
            session,
            "SELECT count(*) AS n FROM (SELECT ticket_id, direction, max(scanned_at) FROM scan"
            " WHERE performance_id = ? AND verdict = 'valid' GROUP BY ticket_id) WHERE direction = 'out'",
            performance_id,
        ).n
        capacity = _capacity(session, performance_id)
    return ScanCounts(admitted, rejected, exited, capacity)


def _capacity(session: Session, performance_id: str) -> int:
    seats = sql.row(
        session,
        "SELECT count(*) AS n FROM performance_seat WHERE performance_id = ? AND blocked_reason IS NULL",
        performance_id,
    ).n
    standing = sql.row(
        session,
        "SELECT coalesce(sum(capacity), 0) AS n FROM performance_standing WHERE performance_id = ?",
        performance_id,
    ).n
    return int(seats) + int(standing)


@dataclass(frozen=True, slots=True)
class DoubleAdmission:
    """A ticket admitted more often than its entry rule allows: it happened while the gates
    (or a gate and central) could not hear each other."""

    ticket_id: str
    performance_id: str
    admissions: tuple[PastScan, ...]  # every admission of the ticket, earliest first
    extra: tuple[PastScan, ...]  # the ones the rule would have refused


def double_admissions(store: Store, performance_id: str | None = None) -> list[DoubleAdmission]:
    """Every double admission this door knows of (its own scans, peers', central's)."""
    with store.read() as session:
        where = "AND performance_id = ?" if performance_id else ""
        params = (performance_id,) if performance_id else ()
        candidates = sql.rows(
            session,
            "SELECT ticket_id, performance_id FROM scan WHERE verdict = 'valid' AND direction = 'in' "
            f"{where} GROUP BY ticket_id, performance_id HAVING count(*) > 1 ORDER BY ticket_id",
            *params,
        )
        rules = {
            r.id: EntryRule.of(r.entry_rule)
            for r in sql.rows(
                session, "SELECT p.id, e.entry_rule FROM performance p JOIN event e ON e.id = p.event_id"
            )
        }
        out: list[DoubleAdmission] = []
        for c in candidates:
            past = accepted(session, c.ticket_id)
            extra = _extra_admissions(past, rule=rules.get(c.performance_id, EntryRule.SINGLE))
            if extra:
                ins = sorted((p for p in past if p.direction == "in"), key=lambda p: p.scanned_at)
                out.append(DoubleAdmission(c.ticket_id, c.performance_id, tuple(ins), tuple(extra)))
    return out


def codes_for_order(store: Store, order: str) -> list[tuple[str, str]]:
    """(ticket id, code) of the order with this number or id, as sold on this terminal: the
    door's manual search when a guest has the order number but not the ticket."""
    text = order.strip()
    if not text or len(text) > 40:
        raise InvalidInput("an order number is 1-40 characters")
    with store.read() as session:
        found = sql.rows(
            session,
            "SELECT t.id, t.code FROM ticket t JOIN sale_order o ON o.id = t.order_id"
            " WHERE o.number = ? OR o.id = ? ORDER BY t.line_no",
            text,
            text.lower(),
        )
    return [(r.id, r.code) for r in found]

"""Scan uploads: idempotent per nonce; the earliest admission of a ticket wins.

Reconciliation after a split: when two doors admitted one single-entry ticket while they
could not hear each other (or central), the later admission comes back as ``conflict``
with the first one, and :func:`double_admissions` lists them for central's report. Every
accepted scan (admission or exit) also enters the scans feed, numbered, so that the doors
of a venue learn what the others (and other venues' doors, for a ticket) accepted.

Who may scan where (issue 16, invariant 9): a scan is taken only from a terminal the platform
bound as a door of the ticket's venue (``pos central door bind``), only for a ticket central
issued, dated no later than central's clock allows and not before the ticket's sale. Scans
refused for those reasons are not stored: they could not be true, and junk must not pile up.
The scans feed and the double-admission report are read only by the doors of the venue.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.errors import ApiError
from central.models import Admission, Order, Performance, Scan, Ticket
from central.services.common import bump, load_performances
from central.services.doors import door_venues
from central.services.keylife import outside_lifetime
from sync.protocol.scans import Admission as AdmissionOut
from sync.protocol.scans import (
    DoubleAdmission,
    DoubleAdmissionsReply,
    ScanBatch,
    ScanBatchReply,
    ScanIn,
    ScanItem,
    ScanResult,
    ScansPage,
)

# How far ahead of central's clock a door's clock may run (scans dated later are refused).
CLOCK_TOLERANCE = timedelta(minutes=5)
# Refused outright: nothing is stored for them.
_NOT_STORED = frozenset({"unknown_ticket", "wrong_venue", "scan_time_refused"})


def not_a_door(terminal_id: str, venue_id: str | None = None) -> ApiError:
    where = f"venue {venue_id}" if venue_id else "any venue"
    return ApiError(
        403, "not_a_door",
        f"terminal {terminal_id} is not bound as a door of {where}; a supervisor binds it at central: "
        f"pos central door bind {terminal_id} --venue VENUE",
        terminal_id=terminal_id, venue_id=venue_id,
    )


def _venues_of(s: Session, caller: Caller) -> frozenset[str]:
    return frozenset(door_venues(s, [caller.terminal_id]).get(caller.terminal_id, ()))


def _digest(scan: ScanIn, terminal_id: str) -> str:
    # An entry scan digests as before exit scans existed, so older uploads still match.
    fields = scan.model_dump(mode="json", exclude={"direction"} if scan.direction == "in" else None)
    body = json.dumps({**fields, "terminal": terminal_id}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _out(a: Admission) -> AdmissionOut:
    return AdmissionOut(nonce=UUID(a.nonce), terminal_id=a.terminal_id, gate_id=a.gate_id, scanned_at=a.scanned_at)


def upload_scans(ctx: Central, caller: Caller, batch: ScanBatch) -> ScanBatchReply:
    def tx(s: Session) -> ScanBatchReply:
        now = ctx.now()
        venues = _venues_of(s, caller)
        if not venues:  # a counter terminal (or a withdrawn door): not one scan is taken
            raise not_a_door(caller.terminal_id)
        results: dict[str, ScanResult] = {}
        # Ticket order = lock order of admissions.
        for scan in sorted(batch.scans, key=lambda x: (x.ticket_id, x.scanned_at, str(x.nonce))):
            key = str(scan.nonce)
            if key in results:
                results[key] = ScanResult(nonce=scan.nonce, status="nonce_reused")
                continue
            d = _digest(scan, caller.terminal_id)
            existing = s.get(Scan, key)
            if existing is not None:
                status = "duplicate" if existing.digest == d else "nonce_reused"
                first = None
                if status == "duplicate" and existing.status == "conflict":
                    adm = s.get(Admission, existing.ticket_id)
                    first = _out(adm) if adm else None
                results[key] = ScanResult(nonce=scan.nonce, status=status, first_admission=first)  # type: ignore[arg-type]
                continue
            status, first = _apply(s, caller, scan, venues, now)
            if status in _NOT_STORED:
                results[key] = ScanResult(nonce=scan.nonce, status=status)  # type: ignore[arg-type]
                continue
            accepted = scan.verdict == "admitted" and status in ("recorded", "conflict")
            s.add(Scan(nonce=key, ticket_id=scan.ticket_id, performance_id=scan.performance_id,
                       terminal_id=caller.terminal_id, gate_id=scan.gate_id, scanned_at=scan.scanned_at,
                       verdict=scan.verdict, reason=scan.reason, status=status, digest=d, received_at=now,
                       direction=scan.direction, seq=bump(s, "scans") if accepted else None))
            s.flush()
            results[key] = ScanResult(nonce=scan.nonce, status=status, first_admission=first)  # type: ignore[arg-type]
        return ScanBatchReply(results=[results[str(x.nonce)] for x in batch.scans], server_time=now)

    return ctx.db.run(tx)


def _apply(
    s: Session, caller: Caller, scan: ScanIn, venues: frozenset[str], now: datetime
) -> tuple[str, AdmissionOut | None]:
    ticket = s.get(Ticket, scan.ticket_id)
    if ticket is None or ticket.performance_id != scan.performance_id:
        return "unknown_ticket", None
    perf = s.get(Performance, ticket.performance_id)
    if perf is None or perf.venue_id not in venues:
        return "wrong_venue", None
    sold_at = s.scalar(select(Order.sold_at).where(Order.id == ticket.order_id))
    if scan.scanned_at > now + CLOCK_TOLERANCE or (sold_at is not None and scan.scanned_at < _aware(sold_at)):
        return "scan_time_refused", None
    if ticket.status != "valid":
        return "revoked_ticket", None
    if outside_lifetime(s, ticket.code) is not None:
        return "key_not_valid_then", None
    if scan.verdict != "admitted" or scan.direction == "out":
        return "recorded", None
    if perf.entry_rule == "reentry":
        return "recorded", None
    adm = s.scalars(select(Admission).where(Admission.ticket_id == ticket.id).with_for_update()).first()
    if adm is None:
        s.add(Admission(ticket_id=ticket.id, nonce=str(scan.nonce), terminal_id=caller.terminal_id,
                        gate_id=scan.gate_id, scanned_at=scan.scanned_at))
        s.flush()
        return "recorded", None
    if (scan.scanned_at, str(scan.nonce)) < (adm.scanned_at, adm.nonce):
        # This scan happened first (it was uploaded late): it becomes the winning admission and
        # the one on file is the conflicting one; report the conflict with the earlier one.
        adm.nonce, adm.terminal_id, adm.gate_id, adm.scanned_at = (
            str(scan.nonce), caller.terminal_id, scan.gate_id, scan.scanned_at)
        s.flush()
    return "conflict", _out(adm)


def _aware(at: datetime) -> datetime:
    # SQLite hands datetimes back without their zone; central stores UTC.
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _door_of_performance(s: Session, caller: Caller, performance_id: str) -> None:
    # Not the sales channel rules: a venue's doors scan tickets of every channel.
    load_performances(s, {performance_id}, None)
    perf = s.get(Performance, performance_id)
    venue = perf.venue_id if perf is not None else None
    if venue not in _venues_of(s, caller):
        raise not_a_door(caller.terminal_id, venue)


def scans_page(ctx: Central, caller: Caller, performance_id: str, cursor: int, limit: int) -> ScansPage:
    """Accepted scans of a performance after ``cursor``: what the doors need to refuse a
    ticket admitted elsewhere (another gate that was out of reach, another venue door)."""

    def tx(s: Session) -> ScansPage:
        _door_of_performance(s, caller, performance_id)
        rows = list(
            s.scalars(
                select(Scan)
                .where(Scan.performance_id == performance_id, Scan.seq.is_not(None), Scan.seq > cursor)
                .order_by(Scan.seq)
                .limit(limit + 1)
            )
        )
        more = len(rows) > limit
        rows = rows[:limit]
        items = [
            ScanItem(seq=r.seq or 0, nonce=r.nonce, ticket_id=r.ticket_id, performance_id=r.performance_id,  # type: ignore[arg-type]
                     terminal_id=r.terminal_id, gate_id=r.gate_id, direction=r.direction,  # type: ignore[arg-type]
                     scanned_at=r.scanned_at)
            for r in rows
        ]
        return ScansPage(performance_id=performance_id, items=items, more=more,
                         next_cursor=(rows[-1].seq or cursor) if rows else cursor, server_time=ctx.now())

    return ctx.db.run(tx)


def double_admissions(ctx: Central, caller: Caller, performance_id: str) -> DoubleAdmissionsReply:
    """Single-entry tickets admitted more than once: every admission of each, earliest first."""

    def tx(s: Session) -> DoubleAdmissionsReply:
        _door_of_performance(s, caller, performance_id)
        conflicted = select(Scan.ticket_id).where(Scan.performance_id == performance_id, Scan.status == "conflict")
        rows = s.scalars(
            select(Scan)
            .where(Scan.ticket_id.in_(conflicted), Scan.verdict == "admitted", Scan.direction == "in",
                   Scan.status.in_(("recorded", "conflict")))
            .order_by(Scan.ticket_id, Scan.scanned_at, Scan.nonce)
        )
        found: dict[str, list[AdmissionOut]] = {}
        for r in rows:
            found.setdefault(r.ticket_id, []).append(
                AdmissionOut(nonce=r.nonce, terminal_id=r.terminal_id, gate_id=r.gate_id, scanned_at=r.scanned_at)  # type: ignore[arg-type]
            )
        return DoubleAdmissionsReply(
            performance_id=performance_id,
            double_admissions=[DoubleAdmission(ticket_id=t, performance_id=performance_id, admissions=a)
                               for t, a in found.items()],
            server_time=ctx.now(),
        )

    return ctx.db.run(tx)

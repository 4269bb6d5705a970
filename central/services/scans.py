"""Scan uploads: idempotent per nonce; the earliest admission of a ticket wins."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.context import Caller, Central
from central.models import Admission, Performance, Scan, Ticket
from sync.protocol.scans import Admission as AdmissionOut
from sync.protocol.scans import ScanBatch, ScanBatchReply, ScanIn, ScanResult


def _digest(scan: ScanIn, terminal_id: str) -> str:
    body = json.dumps({**scan.model_dump(mode="json"), "terminal": terminal_id}, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def _out(a: Admission) -> AdmissionOut:
    return AdmissionOut(nonce=a.nonce, terminal_id=a.terminal_id, gate_id=a.gate_id, scanned_at=a.scanned_at)


def upload_scans(ctx: Central, caller: Caller, batch: ScanBatch) -> ScanBatchReply:
    def tx(s: Session) -> ScanBatchReply:
        now = ctx.now()
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
            status, first = _apply(s, caller, scan)
            s.add(Scan(nonce=key, ticket_id=scan.ticket_id, performance_id=scan.performance_id,
                       terminal_id=caller.terminal_id, gate_id=scan.gate_id, scanned_at=scan.scanned_at,
                       verdict=scan.verdict, reason=scan.reason, status=status, digest=d, received_at=now))
            s.flush()
            results[key] = ScanResult(nonce=scan.nonce, status=status, first_admission=first)  # type: ignore[arg-type]
        return ScanBatchReply(results=[results[str(x.nonce)] for x in batch.scans], server_time=now)

    return ctx.db.run(tx)


def _apply(s: Session, caller: Caller, scan: ScanIn) -> tuple[str, AdmissionOut | None]:
    ticket = s.get(Ticket, scan.ticket_id)
    if ticket is None or ticket.performance_id != scan.performance_id:
        return "unknown_ticket", None
    if ticket.status != "valid":
        return "revoked_ticket", None
    if scan.verdict != "admitted":
        return "recorded", None
    perf = s.get(Performance, ticket.performance_id)
    if perf is not None and perf.entry_rule == "reentry":
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

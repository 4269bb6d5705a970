"""The door and central: scans go up with their nonces when central is reachable, and the
accepted scans of the performance come down (the scans feed), so that a door also refuses
a ticket admitted at a gate it never heard from directly.

Reconciliation: central keeps the earliest admission of a single-entry ticket. A later
admission uploaded after a split comes back as ``conflict`` with the first one, which this
door then records (origin ``central``); the scans feed brings the other door the same news.
:func:`pos.door.scanlog.double_admissions` then reports the pair on both terminals, and
central reports it at ``GET /v1/scans/double-admissions``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from pos.door import scanlog
from pos.door.opened import open_doors
from pos.door.scanlog import ScanRecord
from pos.store import settings
from pos.store.db import Store
from sync.feeds import pull_keys, pull_revocations
from sync.protocol.scans import ScanBatch, ScanBatchReply, ScanIn, ScansPage
from sync.transport import CentralClient, CentralRejected

log = logging.getLogger(__name__)

BATCH = 500
# Set while central refuses this terminal's scans because it is not bound as a door (issue 16);
# the Door tab shows it. Cleared by the next upload central takes.
NOT_A_DOOR = "door:not_a_door"


def not_a_door(store: Store) -> bool:
    """Whether central last refused this terminal's scans: no door of a venue (a supervisor
    binds it at central: ``pos central door bind TERMINAL --venue VENUE``)."""
    return bool(settings.get(store, NOT_A_DOOR))


@dataclass(frozen=True, slots=True)
class ScanUploadReport:
    uploaded: int
    conflicts: int  # admissions of ours that central found were not the first
    refused: int  # unknown or revoked tickets, reused nonces: recorded at central, nothing to redo


def _scan_in(r: ScanRecord) -> ScanIn:
    return ScanIn(
        nonce=r.nonce,  # type: ignore[arg-type]
        ticket_id=r.ticket_id,
        performance_id=r.performance_id,
        gate_id=r.gate or None,
        scanned_at=r.scanned_at,
        verdict="admitted" if r.verdict == "valid" else "rejected",
        reason=r.verdict,
        direction=r.direction,  # type: ignore[arg-type]
    )


def upload_scans(store: Store, client: CentralClient) -> ScanUploadReport:
    """Upload this door's scans not yet at central. Raises CentralUnreachable & co. like the
    other sync calls; what was acknowledged before stays marked."""
    uploaded = conflicts = refused = 0
    while True:
        pending = scanlog.pending_upload(store, limit=BATCH)
        if not pending:
            return ScanUploadReport(uploaded, conflicts, refused)
        by_nonce = {r.nonce: r for r in pending}
        try:
            reply = client.post("/scans", ScanBatch(scans=[_scan_in(r) for r in pending]), ScanBatchReply)
        except CentralRejected as exc:
            if exc.reason == "not_a_door":
                settings.put(store, NOT_A_DOOR, True)
            raise
        if not_a_door(store):
            settings.put(store, NOT_A_DOOR, False)
        firsts: list[ScanRecord] = []
        for res in reply.results:
            mine = by_nonce.get(str(res.nonce))
            if res.status == "conflict" and res.first_admission is not None and mine is not None:
                conflicts += 1
                a = res.first_admission
                firsts.append(
                    ScanRecord(
                        str(a.nonce),
                        mine.ticket_id,
                        mine.performance_id,
                        a.gate_id or "",
                        "in",
                        "valid",
                        a.scanned_at,
                        a.terminal_id,
                        "first admission, reported by central",
                        "central",
                    )
                )
            elif res.status in ("unknown_ticket", "revoked_ticket", "nonce_reused", "key_not_valid_then",
                                "wrong_venue", "scan_time_refused"):
                refused += 1
                log.warning("central recorded scan %s as %s", res.nonce, res.status)
        if firsts:
            scanlog.merge(store, firsts, origin="central")
        scanlog.mark_uploaded(store, list(by_nonce))
        uploaded += len(pending)


def pull_scans(store: Store, client: CentralClient, performance_id: str) -> int:
    """Accepted scans of the performance from central's feed; returns how many were new."""
    key = f"cursor:scans:{performance_id}"
    at = int(settings.get(store, key) or 0)
    new = 0
    while True:
        page = client.get("/feeds/scans", ScansPage, params={"performance_id": performance_id, "cursor": at})
        records = [
            ScanRecord(
                str(i.nonce),
                i.ticket_id,
                i.performance_id,
                i.gate_id or "",
                i.direction,
                "valid",
                i.scanned_at,
                i.terminal_id,
                "from central",
                "central",
            )
            for i in page.items
        ]
        new += len(scanlog.merge(store, records, origin="central")) if records else 0
        settings.put(store, key, page.next_cursor)
        if not page.more or page.next_cursor <= at:
            return new
        at = page.next_cursor


@dataclass(frozen=True, slots=True)
class DoorSyncReport:
    keys: int
    revocations: int
    upload: ScanUploadReport
    scans_pulled: int


def sync_door(store: Store, client: CentralClient, performance_id: str) -> DoorSyncReport:
    """What a door needs from central, in the order that makes verdicts right soonest:
    keys and revocations first (new tickets validate, refunded ones stop), then the scans
    up and down."""
    keys = pull_keys(store, client)
    revocations = pull_revocations(store, client)
    up = upload_scans(store, client)
    return DoorSyncReport(keys, revocations, up, pull_scans(store, client, performance_id))


def sync_scans(store: Store, client: CentralClient, *, now: datetime) -> tuple[ScanUploadReport, int]:
    """The door part of the terminal's background sync: this terminal's scans up (nothing is
    sent when there are none), then the accepted scans of each performance it keeps a door
    for (:mod:`pos.door.opened`) down. Returns the upload report and how many scans came."""
    try:
        up = upload_scans(store, client)
    except CentralRejected as exc:
        if exc.reason != "not_a_door":
            raise
        # A counter terminal whose Door tab was used but that central never bound as a door:
        # its scans stay here (the Door tab's own sync says so); the rest of the sync goes on.
        log.warning("scans not uploaded: %s", exc.message)
        return ScanUploadReport(0, 0, 0), 0
    pulled = 0
    for performance_id in open_doors(store, now=now):
        try:
            pulled += pull_scans(store, client, performance_id)
        except CentralRejected as exc:  # e.g. a performance central withdrew: the others go on
            log.warning("scans of %s refused: %s", performance_id, exc.message)
    return up, pulled

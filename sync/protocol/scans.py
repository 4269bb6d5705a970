"""Door scans, uploaded in batches; each scan carries a nonce made at the door."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from sync.protocol.common import AwareDatetime, Id, Reply, Request

ScanStatus = Literal[
    "recorded",  # stored; for an admission, it is the first (winning) one
    "duplicate",  # this nonce was already uploaded with the same content
    "conflict",  # admitted here, but another admission of the ticket came first
    "unknown_ticket",
    "revoked_ticket",
    "nonce_reused",  # nonce already used for a different scan
    "key_not_valid_then",  # the ticket's code was signed outside its key's lifetime
    # Refused and not stored (issue 16): the ticket's venue is not one this door is bound
    # to; or the scan is dated ahead of central's clock or before the ticket's sale.
    "wrong_venue",
    "scan_time_refused",
]


class ScanIn(Request):
    nonce: UUID
    ticket_id: Id
    performance_id: Id
    gate_id: Id | None = None
    scanned_at: AwareDatetime
    verdict: Literal["admitted", "rejected"]
    reason: str | None = Field(default=None, pattern=r"^[a-z_]{1,40}$")
    # "out": an exit scan ("admitted" then means the exit was accepted). Absent means "in",
    # so scans uploaded before exits existed keep their digests.
    direction: Literal["in", "out"] = "in"


class ScanBatch(Request):
    scans: list[ScanIn] = Field(min_length=1, max_length=500)


class Admission(Reply):
    nonce: UUID
    terminal_id: Id
    gate_id: Id | None = None
    scanned_at: datetime


class ScanResult(Reply):
    nonce: UUID
    status: ScanStatus
    first_admission: Admission | None = None  # set on "conflict"


class ScanBatchReply(Reply):
    results: list[ScanResult]
    server_time: datetime


# --- the door's view of the venue, and the double admissions of a split (issue 8) ------------


class ScanItem(Reply):
    """An accepted scan (admission or exit) as central knows it, in the scans feed."""

    seq: int
    nonce: UUID
    ticket_id: Id
    performance_id: Id
    terminal_id: Id
    gate_id: Id | None = None
    direction: Literal["in", "out"] = "in"
    scanned_at: datetime


class ScansPage(Reply):
    feed: Literal["scans"] = "scans"
    performance_id: Id
    items: list[ScanItem]
    next_cursor: int = Field(ge=0)
    more: bool
    server_time: datetime


class DoubleAdmission(Reply):
    """A single-entry ticket admitted more than once (during a split); earliest first."""

    ticket_id: Id
    performance_id: Id
    admissions: list[Admission]


class DoubleAdmissionsReply(Reply):
    performance_id: Id
    double_admissions: list[DoubleAdmission]
    server_time: datetime

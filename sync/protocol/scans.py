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
]


class ScanIn(Request):
    nonce: UUID
    ticket_id: Id
    performance_id: Id
    gate_id: Id | None = None
    scanned_at: AwareDatetime
    verdict: Literal["admitted", "rejected"]
    reason: str | None = Field(default=None, pattern=r"^[a-z_]{1,40}$")


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

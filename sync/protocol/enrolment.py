"""Enrolment of a terminal: one-time code plus its ticket-signing key, for a bearer token."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from sync.protocol.common import Id, KeyId, Reply, Request, ShortText

EnrolCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{4}(-?[A-Z0-9]{4}){1,5}$")]


def _ed25519_b64(value: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ValueError("public_key must be standard base64") from exc
    if len(raw) != 32:
        raise ValueError("public_key must be a raw 32-byte Ed25519 public key")
    return value


PublicKeyB64 = Annotated[str, StringConstraints(min_length=44, max_length=44), AfterValidator(_ed25519_b64)]


def key_id_of(public_key_raw: bytes) -> str:
    """Key id of a public key: first 4 bytes of SHA-256 of the raw key, upper-case hex."""
    return hashlib.sha256(public_key_raw).digest()[:4].hex().upper()


class EnrolRequest(Request):
    code: EnrolCode
    public_key: PublicKeyB64  # raw 32-byte Ed25519 public key, base64
    terminal_name: ShortText


class EnrolReply(Reply):
    terminal_id: Id
    outlet_id: Id
    token: str  # bearer token; shown once, central keeps only its hash
    key_id: KeyId
    central_key_id: KeyId
    server_time: datetime
    # Central's X25519 public key (raw, base64) that holders' ID numbers are sealed to.
    holder_seal_key: str | None = None


class OfflineCaps(Reply):
    """What a terminal of the outlet may sell while central is unreachable."""

    max_sale_value: int  # fen, one sale
    max_total_value: int  # fen, sold since going offline
    max_hours: int


class WhoAmI(Reply):
    terminal_id: Id
    terminal_name: str
    outlet_id: Id
    outlet_kind: str
    key_id: KeyId
    server_time: datetime
    offline_caps: OfflineCaps | None = None
    holder_seal_key: str | None = None  # as in ``EnrolReply``: refreshed at every sync

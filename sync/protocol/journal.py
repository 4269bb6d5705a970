"""Journal anchors: the terminal's journal head, signed by the terminal, acknowledged by
central with a receipt signed by central.

A terminal's journal is hash-chained, but a chain alone cannot show that history was
rewritten when the whole chain was recomputed after the edit, or that the tail was cut
off. An anchor fixes the head (sequence number and hash) at central: once central has
acknowledged entry #N with hash H, a local chain whose #N is not H, or that ends before #N,
was tampered with. The receipt is signed by central so that the terminal can keep it and
check it offline without trusting its own store to have kept it honestly.

Both signatures cover a domain-separated text (``outlet-pos.journal-…/1``), never the
binary layout of a ticket code (which starts with its version byte, 1), so neither a
terminal's nor central's anchor signature can ever be passed off as a ticket's, and the
reverse.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Annotated

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import AfterValidator, Field, StrictInt, StringConstraints, model_validator

from sync.protocol.catalog import Id
from sync.protocol.common import KeyId, Reply, Request

GENESIS = "0" * 64  # the hash before a journal's first entry
MAX_ENTRIES = 500  # entries per anchor request; a longer way goes in several requests
HEAD_DOMAIN = "outlet-pos.journal-head/1"
RECEIPT_DOMAIN = "outlet-pos.journal-receipt/1"
MAX_SEQ = 2**53  # a JSON-safe integer; a journal never gets near it


def _b64_bytes(length: int, what: str) -> AfterValidator:
    def check(value: str) -> str:
        try:
            raw = base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise ValueError(f"{what} must be standard base64") from exc
        if len(raw) != length:
            raise ValueError(f"{what} must be {length} bytes")
        return value

    return AfterValidator(check)


ChainHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
SignatureB64 = Annotated[str, StringConstraints(min_length=88, max_length=88), _b64_bytes(64, "signature")]
PublicKeyB64 = Annotated[str, StringConstraints(min_length=44, max_length=44), _b64_bytes(32, "public key")]
Seq = Annotated[StrictInt, Field(ge=1, le=MAX_SEQ)]


def _ts(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("an anchor's time must be aware")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def link_hash(prev_hash: str, record_json: str) -> str:
    """One link of the chain, exactly as ``pos.journal.chain.chain_hash`` makes it."""
    return hashlib.sha256(f"{prev_hash}\n{record_json}".encode()).hexdigest()


def head_message(terminal_id: str, seq: int, chain_hash: str) -> bytes:
    """What the terminal signs: its central terminal id binds the head to this terminal."""
    return f"{HEAD_DOMAIN}\n{terminal_id}\n{seq}\n{chain_hash}".encode()


def receipt_message(terminal_id: str, seq: int, chain_hash: str, acknowledged_at: datetime) -> bytes:
    """What central signs when it acknowledges a head."""
    return f"{RECEIPT_DOMAIN}\n{terminal_id}\n{seq}\n{chain_hash}\n{_ts(acknowledged_at)}".encode()


def signature_ok(public_key_raw: bytes, signature_b64: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(base64.b64decode(signature_b64), message)
    except (InvalidSignature, ValueError):
        return False
    return True


EntryText = Annotated[str, StringConstraints(min_length=2, max_length=900_000)]  # the body limit bounds it


class JournalHead(Request):
    """Body of ``PUT /v1/journal/anchor``: the last entry of the terminal's journal, signed
    with the terminal's registered key over :func:`head_message`, and the way from the head
    central acknowledged last (``since``, 0 for none) to it: the canonical records of entries
    ``since + 1 … seq``, which central chains from its own hash of ``since``. So a head is
    acknowledged only if it extends the acknowledged history: a journal rewritten before an
    anchor can never be anchored again, however far it grows."""

    seq: Seq
    hash: ChainHash
    since: StrictInt = Field(ge=0, le=MAX_SEQ)
    entries: list[EntryText] = Field(default_factory=list, max_length=MAX_ENTRIES)
    key_id: KeyId
    signature: SignatureB64

    @model_validator(mode="after")
    def _way(self) -> JournalHead:
        if self.since > self.seq:
            raise ValueError("since must not be after seq")
        if len(self.entries) != self.seq - self.since:
            raise ValueError("entries must be exactly the records of entries since + 1 to seq")
        return self


class AnchorReceipt(Reply):
    """Central's acknowledgement of a head (also the reply of ``GET /v1/journal/anchor``:
    the last head central acknowledged for the caller). ``signature`` is central's over
    :func:`receipt_message`; ``central_public_key`` lets the terminal pin central's key the
    first time, over its authenticated connection."""

    terminal_id: Id
    seq: int
    hash: str
    acknowledged_at: datetime
    central_key_id: str
    central_public_key: str
    signature: str

    def message(self) -> bytes:
        return receipt_message(self.terminal_id, self.seq, self.hash, self.acknowledged_at)

    def signed_by(self, public_key_raw: bytes) -> bool:
        return signature_ok(public_key_raw, self.signature, self.message())

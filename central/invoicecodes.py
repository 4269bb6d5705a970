"""Invoice-request tokens (issue 22), as central reads them: the terminal's format
(``pos.tickets.invoice``) written again here, since central imports only ``sync.protocol``.

A receipt is printed offline, so its token is signed by the terminal's own Ed25519 key, like
its tickets, and checked here with the public key the terminal registered at enrolment::

    version(1) = 0x49 "I"   key_id(4)   order UUID(16)   issued_at(u32)   signature(64)

The signature covers ``DOMAIN`` + the 25 bytes before it: the domain separates it from a
ticket code or a journal head signed by the same key. Upper-case base32 without padding
(143 characters): the QR carries it at the end of the invoice page's URL. Tests hold the
two to the same bytes (tests/central/test_invoices.py, tests/sync/test_invoice_requests.py)."""

from __future__ import annotations

import base64
import re
import struct
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

VERSION = 0x49
DOMAIN = b"outlet-pos invoice-request v1\x00"
_BODY = struct.Struct(">B4s16sI")
RAW_BYTES = _BODY.size + 64  # 89
TOKEN_CHARS = -(-RAW_BYTES * 8 // 5)  # 143
_BASE32 = re.compile(r"[A-Z2-7]+")


@dataclass(frozen=True, slots=True)
class InvoiceClaims:
    key_id: str  # 8 upper-case hex characters
    order_id: str  # the order's UUID, as text
    issued_at: int


def read(token: str) -> tuple[InvoiceClaims, bytes, bytes] | None:
    """(claims, signed message, signature) of a well-formed token, signature NOT checked;
    None when the text cannot be a token (any other length, character, padding or version)."""
    text = token.strip().upper()
    if len(text) != TOKEN_CHARS or not _BASE32.fullmatch(text):
        return None
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError:
        return None
    if len(raw) != RAW_BYTES or base64.b32encode(raw).decode().rstrip("=") != text:
        return None  # not canonical: a signer never writes those trailing bits
    body, signature = raw[: _BODY.size], raw[_BODY.size :]
    version, key_id, order, issued_at = _BODY.unpack(body)
    if version != VERSION:
        return None
    claims = InvoiceClaims(key_id.hex().upper(), str(uuid.UUID(bytes=order)), issued_at)
    return claims, DOMAIN + body, signature


def verify(public_key_raw: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True

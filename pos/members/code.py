"""Member codes (issue 22): the QR on a member card or in the member's app, signed by
central's Ed25519 key so that a counter (or a door) reads it offline.

Never confused with a ticket: the text starts with ``MB1``, and ``1`` is not a base32 letter,
so the ticket decoder calls a member code ``unreadable`` before it looks at any key; the
signature also covers a context string of its own, so no ticket signature verifies as a
member code or the other way round. Layout after the prefix (base32, no padding)::

    0   1    version            MEMBER_CODE_VERSION (0x4D, "M")
    1   4    key id             central's key id (first 4 bytes of SHA-256 of the public key)
    5   4    issued_at          u32, unix seconds
    9   1+n  member number      1-byte length, then n ASCII bytes ([A-Z0-9], 4..20)
    end 64   signature          Ed25519 over CONTEXT + every byte before it

Central has its own encoder (``central.membercodes``, central imports nothing of ``pos``);
the tests hold the two to the same bytes.
"""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos.tickets.keys import _load_public_key, _raw_public_bytes, key_id_for

PREFIX = "MB1"
MEMBER_CODE_VERSION = 0x4D
CONTEXT = b"outlet-pos member code v1\x00"
NUMBER = re.compile(r"[A-Z0-9]{4,20}")
_HEADER = struct.Struct(">B4sI")
_SIG = 64
_BASE32 = re.compile(r"[A-Z2-7]+")


class MemberCodeError(ValueError):
    """A code that is not a valid member code; ``reason`` says why (stable, for the UI)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # unreadable | wrong_version | unknown_key | forged


@dataclass(frozen=True, slots=True)
class MemberCodeClaims:
    member_number: str
    issued_at: int
    key_id: str


def is_member_code(text: str) -> bool:
    """Whether a scanned text is meant as a member code (a ticket code never starts so)."""
    return text.strip().upper().startswith(PREFIX)


def encode(private_key: Ed25519PrivateKey, *, member_number: str, issued_at: int) -> str:
    if not NUMBER.fullmatch(member_number):
        raise ValueError("a member number is 4-20 upper-case letters and digits")
    key_id = key_id_for(_raw_public_bytes(private_key.public_key()))
    body = _HEADER.pack(MEMBER_CODE_VERSION, bytes.fromhex(key_id), issued_at)
    body += bytes([len(member_number)]) + member_number.encode("ascii")
    raw = body + private_key.sign(CONTEXT + body)
    return PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=")


def read(code: str) -> tuple[MemberCodeClaims, bytes, bytes]:
    """Parse without verifying: the claims, the signed body and the signature."""
    text = code.strip().upper()
    if not text.startswith(PREFIX):
        raise MemberCodeError("unreadable", "not a member code")
    b32 = text[len(PREFIX):]
    if not _BASE32.fullmatch(b32) or len(b32) > 200:
        raise MemberCodeError("unreadable", "a member code holds only A-Z and 2-7 after MB1")
    try:
        raw = base64.b32decode(b32 + "=" * (-len(b32) % 8))
    except ValueError as exc:
        raise MemberCodeError("unreadable", f"not base32: {exc}") from None
    if len(raw) < _HEADER.size + 1 + _SIG:
        raise MemberCodeError("unreadable", "too short for a member code")
    version, key_raw, issued_at = _HEADER.unpack_from(raw)
    if version != MEMBER_CODE_VERSION:
        raise MemberCodeError("wrong_version", f"member code version {version} is not known here")
    n = raw[_HEADER.size]
    body_end = _HEADER.size + 1 + n
    if len(raw) != body_end + _SIG:
        raise MemberCodeError("unreadable", "member code length does not add up")
    number = raw[_HEADER.size + 1: body_end].decode("ascii", errors="replace")
    if not NUMBER.fullmatch(number):
        raise MemberCodeError("unreadable", "the member number in the code is malformed")
    claims = MemberCodeClaims(number, issued_at, key_raw.hex().upper())
    return claims, raw[:body_end], raw[body_end:]


def verify(code: str, keys: dict[str, bytes]) -> MemberCodeClaims:
    """Check a member code against central's public keys (key id -> raw key). Raises
    :class:`MemberCodeError` (``unreadable``, ``wrong_version``, ``unknown_key``, ``forged``)."""
    claims, body, signature = read(code)
    raw_key = keys.get(claims.key_id)
    if raw_key is None:
        raise MemberCodeError("unknown_key", f"member code signed by unknown key {claims.key_id}")
    try:
        _load_public_key(raw_key).verify(signature, CONTEXT + body)
    except InvalidSignature:
        raise MemberCodeError("forged", "the member code's signature does not match: forged or altered") from None
    return claims

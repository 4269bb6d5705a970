"""Central's ticket codes, in the terminals' own format (pos.tickets.codec, version 1).

Central may import only ``sync.protocol``, so the encoder is written again here, byte for
byte the layout documented in ``pos/tickets/codec.py``::

    version(1) key_id(4) ticket_id(10) issued_at(u32) then five length-prefixed UTF-8
    fields (performance_id, item_id, gate_id, concession, holder), then an Ed25519
    signature over everything before it; upper-case base32 without padding.

A test (tests/door/test_central_codes.py) proves that the door's validator accepts a ticket
central issued for an online order and refuses a tampered one, so the two encoders cannot
drift apart silently. Tickets sold online then validate offline at any door that has
central's key from the keys feed, exactly like an outlet's.
"""

from __future__ import annotations

import base64
import re
import struct
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

CODE_VERSION = 1
TRAINING_CODE_VERSION = 0x54  # a terminal in training mode: never a real ticket (pos.training)
MAX_CODE_CHARS = 221
FIELDS = ("performance_id", "item_id", "gate_id", "concession", "holder")
MAX_FIELD_BYTES = {"performance_id": 12, "item_id": 12, "gate_id": 5, "concession": 8, "holder": 13}
_OPTIONAL = frozenset({"gate_id", "holder"})
_HEADER = struct.Struct(">B4s10sI")
_ID = re.compile(r"[A-Za-z0-9_.:\-]*")
_TICKET_ID = re.compile(r"[A-Z2-7]{16}")


def encode(
    private_key: Ed25519PrivateKey,
    key_id: str,
    *,
    ticket_id: str,
    performance_id: str,
    item_id: str,
    concession: str,
    gate_id: str = "",
    holder: str = "",
    issued_at: int | None = None,
    version: int = CODE_VERSION,
) -> str:
    """The signed code; ValueError naming the field that does not fit. ``version`` is
    :data:`TRAINING_CODE_VERSION` only for a training sandbox's central (issue 25)."""
    if not _TICKET_ID.fullmatch(ticket_id):
        raise ValueError("ticket_id must be 16 upper-case base32 characters")
    when = int(time.time()) if issued_at is None else issued_at
    if not 0 <= when < 1 << 32:
        raise ValueError("issued_at out of range")
    body = _HEADER.pack(version, bytes.fromhex(key_id), base64.b32decode(ticket_id), when)
    values = {
        "performance_id": performance_id,
        "item_id": item_id,
        "gate_id": gate_id,
        "concession": concession,
        "holder": holder,
    }
    for name in FIELDS:
        value = values[name]
        if not value and name not in _OPTIONAL:
            raise ValueError(f"{name} must not be empty")
        if name == "holder":
            if not value.isprintable():
                raise ValueError("holder has non-printable characters")
        elif not _ID.fullmatch(value):
            raise ValueError(f"{name} {value!r} may contain only A-Z a-z 0-9 _ . : -")
        data = value.encode("utf-8")
        if len(data) > MAX_FIELD_BYTES[name]:
            raise ValueError(f"{name} is too long for a ticket code ({len(data)} bytes)")
        body += bytes((len(data),)) + data
    code = base64.b32encode(body + private_key.sign(body)).decode("ascii").rstrip("=")
    if len(code) > MAX_CODE_CHARS:
        raise ValueError("ticket code too long")
    return code


def decode(code: str, public_key_raw: bytes, *, version: int = CODE_VERSION) -> dict[str, object]:
    """Check the signature and return the fields (central's own checks and tests); ValueError."""
    text = code.strip().upper()
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError as exc:
        raise ValueError(f"not a ticket code: {exc}") from None
    if len(raw) < _HEADER.size + len(FIELDS) + 64:
        raise ValueError("ticket code is truncated")
    body, signature = raw[:-64], raw[-64:]
    try:
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(signature, body)
    except InvalidSignature:
        raise ValueError("signature does not match") from None
    out: dict[str, object] = dict(read_body(body, version=version))
    out["ticket_id"] = text[8:24]
    out["issued_at"] = _HEADER.unpack_from(body)[3]
    return out


MIN_RAW_BYTES = _HEADER.size + len(FIELDS) + 64  # the shortest possible signed code


def read_body(body: bytes, *, version: int = CODE_VERSION) -> dict[str, str]:
    """The key id and text fields of a signed body (signature already checked); ValueError,
    IndexError or UnicodeDecodeError when it is not one a signer could have written, or not of
    ``version`` (a real central reads version 1 only, a training sandbox training codes only)."""
    found, key_id, _tid, _issued_at = _HEADER.unpack_from(body)
    if found != version:
        raise ValueError(f"unsupported code version {found}")
    out: dict[str, str] = {"key_id": key_id.hex().upper()}
    offset = _HEADER.size
    for name in FIELDS:
        n = body[offset]
        if offset + 1 + n > len(body):
            raise ValueError(f"{name} runs past the end")
        out[name] = body[offset + 1 : offset + 1 + n].decode("utf-8")
        offset += 1 + n
    if offset != len(body):
        raise ValueError("ticket code has extra bytes")
    return out


_MIN_CHARS = -(-(_HEADER.size + len(FIELDS) + 64) * 8 // 5)  # the shortest possible code


def is_training(code: object) -> bool:
    """Whether ``code`` is a training code (its version byte), whatever its signature."""
    if not isinstance(code, str):
        return False
    text = code.strip().upper()
    if not _MIN_CHARS <= len(text) <= MAX_CODE_CHARS or not text.isascii():
        return False
    try:
        return base64.b32decode(text[:8])[0] == TRAINING_CODE_VERSION
    except (ValueError, IndexError):
        return False


def header(code: object, *, version: int = CODE_VERSION) -> tuple[str, int] | None:
    """(key id, issued_at) from a code's header without checking its signature, or None when
    the text is not a version-1 code. Only the first 32 characters (20 bytes) are decoded:
    this runs for every ticket of every upload."""
    if not isinstance(code, str):
        return None
    text = code.strip().upper()
    if not _MIN_CHARS <= len(text) <= MAX_CODE_CHARS or not text.isascii():
        return None
    try:
        head = base64.b32decode(text[:32])
    except ValueError:
        return None
    found, key_id, _tid, issued_at = _HEADER.unpack_from(head)
    if found != version:
        return None
    return key_id.hex().upper(), issued_at

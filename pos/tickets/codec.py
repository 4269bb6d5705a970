"""Signed ticket codes: the text inside a ticket's QR, verifiable offline (invariant 4).

A code is a compact binary payload signed with Ed25519, written as upper-case
RFC 4648 base32 without ``=`` padding, so that it holds only ``A-Z`` and ``2-7``:
a keyboard-wedge scanner types it safely and QR alphanumeric mode stores it at
5.5 bits per character.

Binary layout, version 1 (integers big-endian)::

    offset  size  field
    0       1     version            CODE_VERSION (1)
    1       4     key id             first 4 bytes of SHA-256 of the raw signing public key
    5       10    ticket id          10 random bytes; base32 of them is the printed ticket id
    15      4     issued_at          u32, unix seconds
    19      1+n   performance_id     each text field: 1-byte length n, then n bytes of UTF-8
            1+n   item_id
            1+n   gate_id            may be empty
            1+n   concession
            1+n   holder             may be empty; the only field that may be non-ASCII
    end-64  64    signature          Ed25519 over every byte before it (version and key id included)

Size budget. The whole code must fit a QR code of version 8 at error correction
level M in alphanumeric mode, which holds 221 characters (the ISO/IEC 18004
capacity table; the tests check it with the ``qrcode`` library). 221 base32 characters carry 138 bytes; the
fixed part above is 88 bytes, which leaves 50 bytes for the five text fields,
split by ``MAX_FIELD_BYTES``. The limits are per field, not a shared budget, so
that what can be signed never depends on the other fields: the catalog can check
its ids once, at import, instead of a sale failing at the printer.

Decoding is strict and canonical: the only normalisation is stripping surrounding
ASCII whitespace and accepting lower case; everything a signer could not have
produced (bad characters, padding, non-zero trailing bits, lengths that overrun or
leave bytes over, invalid UTF-8, ids outside their character set or limit) is
``unreadable``. Checks run in the order unreadable -> wrong_version ->
unknown_key -> bad_signature, so a later version must keep this envelope (version
byte first, signature last) to be reported as ``wrong_version`` rather than
``unreadable``; any change to the layout or the limits needs a new CODE_VERSION.
"""

from __future__ import annotations

import base64
import logging
import re
import secrets
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from pos.errors import TicketCodeError
from pos.tickets.keys import (  # noqa: F401  (the codec's API names them too)
    _load_public_key,
    _raw_public_bytes,
    generate_private_key,
    key_id_for,
    private_key_from_pem,
    private_key_to_pem,
)

log = logging.getLogger(__name__)

CODE_VERSION = 1

#: A code printed in training mode (``pos.training``): the same layout, refused by every door
#: as ``training_ticket`` before any key is looked up (the training key is registered nowhere).
TRAINING_CODE_VERSION = 0x54  # "T"

#: Longest code that fits QR version 8, level M, alphanumeric mode.
MAX_CODE_CHARS = 221

#: Longest value of each text field, in UTF-8 bytes (ASCII for all but ``holder``).
MAX_FIELD_BYTES: Mapping[str, int] = {
    "performance_id": 12,
    "item_id": 12,
    "gate_id": 5,
    "concession": 8,
    "holder": 13,  # "欧阳*·1234": two-character surname, mask, last four of the ID
}

_ID_FIELDS = ("performance_id", "item_id", "gate_id", "concession")
_OPTIONAL_FIELDS = frozenset({"gate_id", "holder"})
_TEXT_FIELDS = (*_ID_FIELDS, "holder")

_HEADER = struct.Struct(">B4s10sI")  # version, key id, ticket id, issued_at
_SIGNATURE_BYTES = 64
_FIXED_BYTES = _HEADER.size + len(_TEXT_FIELDS) + _SIGNATURE_BYTES  # 88
_MIN_CODE_CHARS = -(-_FIXED_BYTES * 8 // 5)  # 141: anything shorter cannot be a code
_TICKET_ID_BYTES = 10
_U32_LIMIT = 1 << 32

_ID_RE = re.compile(r"[A-Za-z0-9_.:\-]*")
_ID_BYTES_RE = re.compile(rb"[A-Za-z0-9_.:\-]*")
_BASE32_RE = re.compile(r"[A-Z2-7]*")
_TICKET_ID_RE = re.compile(r"[A-Z2-7]{16}")
_ASCII_WHITESPACE = " \t\r\n\f\v"
_TO_BASE32HEX = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHIJKLMNOPQRSTUV")


@dataclass(frozen=True, slots=True)
class TicketClaims:
    """What a ticket code states; signed as a whole."""

    ticket_id: str  # 16 upper-case base32 chars = 10 random bytes; printed under the QR too
    performance_id: str  # catalog ids: [A-Za-z0-9_.:-], short (see MAX_FIELD_BYTES)
    item_id: str  # seat id or standing-area id
    gate_id: str  # "" if none
    concession: str  # e.g. "adult"
    issued_at: int  # unix seconds
    holder: str = ""  # real-name events: masked holder, e.g. "张*·1234", else ""


@dataclass(frozen=True, slots=True)
class VerifiedTicket:
    """A code whose signature checked out against a known key."""

    claims: TicketClaims
    key_id: str  # 8 upper-case hex chars
    code: str  # normalised: upper case, no surrounding whitespace


# --- keys (pos.tickets.keys; named here too, as the codec's own API) --------------------


def new_ticket_id() -> str:
    """16 upper-case base32 characters from 10 random bytes (no padding needed: 80 bits)."""
    return base64.b32encode(secrets.token_bytes(_TICKET_ID_BYTES)).decode("ascii")


# --- signing ---------------------------------------------------------------------------


class TicketSigner:
    """Signs ticket codes with one terminal's (or central's) Ed25519 key."""

    def __init__(self, private_key: Ed25519PrivateKey, *, training: bool = False) -> None:
        if not isinstance(private_key, Ed25519PrivateKey):
            raise TypeError("TicketSigner needs an Ed25519PrivateKey")
        self._private_key = private_key
        self._version = TRAINING_CODE_VERSION if training else CODE_VERSION
        self._public_key = _raw_public_bytes(private_key.public_key())
        self._key_id = key_id_for(self._public_key)

    @property
    def key_id(self) -> str:
        return self._key_id

    @property
    def public_key(self) -> bytes:
        return self._public_key

    def holder_digest_key(self) -> bytes:
        """The key of the terminal's holder digests (``pos.tickets.sealing``): derived from
        this private key, so that it is kept wherever the key is, never in the store."""
        from cryptography.hazmat.primitives.hashes import SHA256
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        raw = self._private_key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return HKDF(SHA256(), 32, salt=None, info=b"outlet-pos holder digest v1").derive(raw)

    def phone_key(self) -> bytes:
        """The key that seals a customer's phone in an open payment intent
        (``pos.customers.kept_phone``): derived like the holder digests' key, never stored."""
        from cryptography.hazmat.primitives.hashes import SHA256
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        raw = self._private_key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return HKDF(SHA256(), 32, salt=None, info=b"outlet-pos intent phone v1").derive(raw)

    def sign(self, claims: TicketClaims) -> str:
        """The code for ``claims``; ValueError naming the field if one does not fit."""
        body = _encode_body(claims, self._key_id, self._version)
        raw = body + self._private_key.sign(body)
        code = base64.b32encode(raw).decode("ascii").rstrip("=")
        if len(code) > MAX_CODE_CHARS:  # unreachable while MAX_FIELD_BYTES fits the budget
            raise ValueError(f"ticket code is {len(code)} characters; at most {MAX_CODE_CHARS}")
        return code


def _encode_body(claims: TicketClaims, key_id: str, version: int = CODE_VERSION) -> bytes:
    if not isinstance(claims.ticket_id, str) or not _TICKET_ID_RE.fullmatch(claims.ticket_id):
        raise ValueError("ticket_id must be 16 upper-case base32 characters (A-Z, 2-7)")
    issued_at = claims.issued_at
    if isinstance(issued_at, bool) or not isinstance(issued_at, int):
        raise ValueError("issued_at must be an int (unix seconds)")
    if not 0 <= issued_at < _U32_LIMIT:
        raise ValueError(f"issued_at {issued_at} is outside 0..2**32-1")
    header = _HEADER.pack(
        version,
        bytes.fromhex(key_id),
        base64.b32decode(claims.ticket_id),
        issued_at,
    )
    fields = [_encode_field(name, getattr(claims, name)) for name in _TEXT_FIELDS]
    return header + b"".join(fields)


def _encode_field(name: str, value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str, not {type(value).__name__}")
    if not value and name not in _OPTIONAL_FIELDS:
        raise ValueError(f"{name} must not be empty")
    if name == "holder":
        if not value.isprintable():
            raise ValueError("holder contains control or non-printable characters")
    elif not _ID_RE.fullmatch(value):
        raise ValueError(f"{name} {value!r} may contain only A-Z a-z 0-9 _ . : -")
    data = value.encode("utf-8")
    limit = MAX_FIELD_BYTES[name]
    if len(data) > limit:
        raise ValueError(f"{name} is too long for a ticket code: {len(data)} bytes, at most {limit}")
    return bytes((len(data),)) + data


# --- reading ---------------------------------------------------------------------------


class _Parsed(NamedTuple):  # a tuple: built once per scan, on the hot path
    version: int
    key_id: str
    claims: TicketClaims
    body: bytes  # the signed bytes
    signature: bytes
    code: str


def _unreadable(message: str) -> TicketCodeError:
    return TicketCodeError("unreadable", message)


def _normalise(code: object) -> str:
    """Strip surrounding ASCII whitespace and upper-case; nothing else is forgiven."""
    if not isinstance(code, str):
        raise _unreadable("not a ticket code: expected text")
    text = code.strip(_ASCII_WHITESPACE)
    if len(text) < _MIN_CODE_CHARS:
        raise _unreadable("not a ticket code: too short")
    if len(text) > MAX_CODE_CHARS:
        raise _unreadable("not a ticket code: too long")
    # isascii first: str.upper() maps some non-ASCII letters (e.g. 'ı', 'ſ') onto A-Z.
    if not text.isascii():
        raise _unreadable("not a ticket code: unexpected characters")
    text = text.upper()
    if not _BASE32_RE.fullmatch(text):
        raise _unreadable("not a ticket code: unexpected characters")
    return text


def _base32_decode(text: str) -> bytes:
    """Strict, canonical decoding of unpadded base32 that is already known to be A-Z2-7.

    base64.b32decode is pure Python in 3.11 and cost more than the signature check;
    mapping the alphabet onto base32hex lets int() do the work in C.
    """
    size, spare_bits = divmod(len(text) * 5, 8)
    if spare_bits >= 5:  # a whole character too many or too few: lengths 1, 3, 6 mod 8
        raise _unreadable("ticket code is truncated or has extra characters")
    number = int(text.translate(_TO_BASE32HEX), 32)
    # The last character's unused low bits must be zero, as a signer writes them:
    # otherwise one ticket would have several valid spellings.
    if number & ((1 << spare_bits) - 1):
        raise _unreadable("ticket code is damaged: last character is not canonical")
    return (number >> spare_bits).to_bytes(size, "big")


def _parse(code: object) -> _Parsed:
    text = _normalise(code)
    raw = _base32_decode(text)
    if len(raw) < _FIXED_BYTES:
        raise _unreadable("ticket code is truncated")
    body, signature = raw[:-_SIGNATURE_BYTES], raw[-_SIGNATURE_BYTES:]
    version, key_id, _, issued_at = _HEADER.unpack_from(body)
    values = _decode_fields(body, _HEADER.size)
    # Bytes 5-14 start on bit 40, a character boundary: characters 8-23 are the ticket id.
    claims = TicketClaims(ticket_id=text[8:24], issued_at=issued_at, **values)
    return _Parsed(version, key_id.hex().upper(), claims, body, signature, text)


def _decode_fields(body: bytes, offset: int) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in _TEXT_FIELDS:
        if offset >= len(body):
            raise _unreadable("ticket code is truncated")
        start, offset = offset + 1, offset + 1 + body[offset]
        if offset > len(body):
            raise _unreadable(f"ticket code is damaged: {name} runs past the end")
        values[name] = _decode_field(name, body[start:offset])
    if offset != len(body):
        raise _unreadable("ticket code is damaged: extra bytes after the fields")
    return values


def _decode_field(name: str, data: bytes) -> str:
    """The exact inverse of _encode_field: anything a signer would refuse is unreadable."""
    if len(data) > MAX_FIELD_BYTES[name]:
        raise _unreadable(f"ticket code is damaged: {name} is too long")
    if not data and name not in _OPTIONAL_FIELDS:
        raise _unreadable(f"ticket code is damaged: {name} is empty")
    if name != "holder":
        if not _ID_BYTES_RE.fullmatch(data):
            raise _unreadable(f"ticket code is damaged: {name} has invalid characters")
        return data.decode("ascii")
    try:
        value = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _unreadable("ticket code is damaged: holder is not valid UTF-8") from exc
    if not value.isprintable():
        raise _unreadable("ticket code is damaged: holder has non-printable characters")
    return value


def _check_version(parsed: _Parsed, *, training_ok: bool = False) -> None:
    if parsed.version == TRAINING_CODE_VERSION:
        if training_ok:
            return
        raise TicketCodeError("training_ticket", "a training ticket (培训): never valid for entry")
    if parsed.version != CODE_VERSION:
        raise TicketCodeError(
            "wrong_version",
            f"ticket code version {parsed.version} is not supported "
            f"(this terminal reads version {CODE_VERSION})",
        )


def peek(code: str) -> tuple[str, TicketClaims]:
    """Key id and claims WITHOUT checking the signature: only to show a rejected code, or to
    find a ticket in the store that printed it (training codes too). Raises TicketCodeError
    ``unreadable`` or ``wrong_version``."""
    parsed = _parse(code)
    _check_version(parsed, training_ok=True)
    return parsed.key_id, parsed.claims


def is_training_code(code: object) -> bool:
    """Whether ``code`` reads as a training code (no signature check: for the printed layout)."""
    try:
        return _parse(code).version == TRAINING_CODE_VERSION
    except TicketCodeError:
        return False


def issued_at_of(code: str) -> int:
    """The issue time of a code that already decodes (e.g. inside a key lookup during
    :func:`verify`), read straight from its text: bytes 15-18 start on bit 120, character
    24, so characters 24-31 hold them in their first 32 bits. No checks: the caller has them."""
    text = code.strip(_ASCII_WHITESPACE)[24:32].upper()
    return int(text.translate(_TO_BASE32HEX), 32) >> 8


def verify(code: str, *, keys: Mapping[str, bytes]) -> VerifiedTicket:
    """Check ``code`` against ``keys`` (key id -> raw 32-byte Ed25519 public key).

    Raises TicketCodeError only: unreadable, training_ticket, wrong_version, unknown_key or
    bad_signature, in that order of checking. A training code is refused whatever the keys.
    """
    parsed = _parse(code)
    _check_version(parsed)
    public_key = _public_key_for(parsed.key_id, keys)
    try:
        public_key.verify(parsed.signature, parsed.body)
    except InvalidSignature:
        raise TicketCodeError(
            "bad_signature",
            f"signature does not match key {parsed.key_id}: the code was altered or forged",
        ) from None
    return VerifiedTicket(claims=parsed.claims, key_id=parsed.key_id, code=parsed.code)


def _public_key_for(key_id: str, keys: Mapping[str, bytes]) -> Ed25519PublicKey:
    raw = keys.get(key_id)
    if raw is None:
        raise TicketCodeError("unknown_key", f"signed by unknown key {key_id}")
    try:
        return _load_public_key(bytes(raw))
    except (TypeError, ValueError):
        # A broken entry in the key feed must not crash the door: reject, and say so.
        log.warning("key %s in the key list is not a raw Ed25519 public key", key_id)
        raise TicketCodeError("unknown_key", f"key {key_id} in this terminal's key list is invalid") from None

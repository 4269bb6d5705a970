"""Shared by the ticket-code tests: claims, the worst case, base32 and re-signing, a known signer."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pos.errors import TicketCodeError
from pos.tickets import (
    MAX_FIELD_BYTES,
    TicketClaims,
    TicketSigner,
    generate_private_key,
    verify,
)

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# RFC 8032, section 7.1, test 1.
RFC8032_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC8032_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")


# Module-level so that hypothesis tests can use them too; the key is kept for re-signing.
SIGNER_KEY = generate_private_key()
SIGNER = TicketSigner(SIGNER_KEY)


def claims(**changes: object) -> TicketClaims:
    values: dict[str, object] = {
        "ticket_id": "ABCDEFGHIJKLMN23",
        "performance_id": "P20240815A",
        "item_id": "A-12-07",
        "gate_id": "N3",
        "concession": "adult",
        "issued_at": 1_723_700_000,
        "holder": "",
    }
    values.update(changes)
    return TicketClaims(**values)  # type: ignore[arg-type]


def worst_case() -> TicketClaims:
    holder = "欧阳*·1234"
    assert len(holder.encode()) == MAX_FIELD_BYTES["holder"]
    return claims(
        performance_id="P" * MAX_FIELD_BYTES["performance_id"],
        item_id="S:-." * (MAX_FIELD_BYTES["item_id"] // 4),
        gate_id="G" * MAX_FIELD_BYTES["gate_id"],
        concession="c" * MAX_FIELD_BYTES["concession"],
        issued_at=2**32 - 1,
        holder=holder,
    )


def b32decode(code: str) -> bytes:
    return base64.b32decode(code + "=" * (-len(code) % 8))


def b32encode(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def resign(raw: bytes, key: Ed25519PrivateKey) -> str:
    """Replace the signature of a decoded code with one made by ``key``."""
    body = raw[:-64]
    return b32encode(body + key.sign(body))


def reason(code: str, keys: dict[str, bytes]) -> str:
    with pytest.raises(TicketCodeError) as info:
        verify(code, keys=keys)
    return info.value.reason

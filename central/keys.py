"""Central's own Ed25519 signing key (online orders' tickets) and its ticket codes.

Central's ticket code (``C1.<payload>.<signature>``, both base32 upper-case without padding;
payload is compact JSON ``{"t": ticket_id, "p": performance_id, "s": seat or area, "c":
concession, "k": key_id}``) uses only QR-alphanumeric characters. The terminal's own codec
lives in ``pos``; a door verifies central's codes with the key from the keys feed.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central.context import Central
from central.models import SigningKey
from central.services.common import bump
from sync.protocol.enrolment import key_id_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CentralKey:
    key_id: str
    private: Ed25519PrivateKey

    def sign_ticket(self, ticket_id: str, performance_id: str, item: str, concession: str) -> str:
        payload = json.dumps(
            {"t": ticket_id, "p": performance_id, "s": item, "c": concession, "k": self.key_id},
            separators=(",", ":"),
        ).encode()
        sig = self.private.sign(payload)
        return f"C1.{_b32(payload)}.{_b32(sig)}"


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def verify_central_code(code: str, public_key_raw: bytes) -> dict[str, str]:
    """Check a central ticket code's signature; returns its payload. Raises ValueError."""
    try:
        tag, payload_b32, sig_b32 = code.split(".")
        if tag != "C1":
            raise ValueError("not a central ticket code")
        payload = base64.b32decode(payload_b32 + "=" * (-len(payload_b32) % 8))
        sig = base64.b32decode(sig_b32 + "=" * (-len(sig_b32) % 8))
        Ed25519PublicKey.from_public_bytes(public_key_raw).verify(sig, payload)
        data: dict[str, str] = json.loads(payload)
    except Exception as exc:
        raise ValueError(f"invalid central ticket code: {exc}") from exc
    return data


def ensure_central_key(ctx: Central) -> CentralKey:
    """Load central's signing key, creating it on first start."""

    def load(s: Session) -> SigningKey | None:
        return s.scalars(
            select(SigningKey)
            .where(SigningKey.owner == "central", SigningKey.revoked_at.is_(None))
            .order_by(SigningKey.valid_from.desc())
        ).first()

    row = ctx.db.run(load)
    if row is None:
        private = Ed25519PrivateKey.generate()
        raw_pub = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        raw_priv = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())

        def create(s: Session) -> SigningKey:
            existing = load(s)
            if existing is not None:
                return existing
            key = SigningKey(
                key_id=key_id_of(raw_pub),
                public_key=base64.b64encode(raw_pub).decode(),
                owner="central",
                private_key=base64.b64encode(raw_priv).decode(),
                valid_from=ctx.now(),
                seq=bump(s, "keys"),
            )
            s.add(key)
            return key

        try:
            row = ctx.db.run(create)
        except IntegrityError:  # another worker created it at the same instant
            row = ctx.db.run(load)
        assert row is not None
        log.info("created central signing key %s", row.key_id)
    assert row.private_key is not None
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(row.private_key))
    return CentralKey(row.key_id, private)

"""Central's own Ed25519 signing key (online orders' tickets) and its ticket codes.

Central signs in the terminals' format (see :mod:`central.ticketcodes`), so that a door
validates an online ticket offline with the same validator as an outlet's, given central's
key from the keys feed.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central import ticketcodes
from central.context import Central
from central.models import SigningKey
from central.services.common import bump, serialize
from sync.protocol.enrolment import key_id_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CentralKey:
    key_id: str
    private: Ed25519PrivateKey
    version: int = ticketcodes.CODE_VERSION  # training codes in a training sandbox (issue 25)

    def sign_ticket(
        self,
        ticket_id: str,
        performance_id: str,
        item: str,
        concession: str,
        *,
        gate_id: str = "",
        holder: str = "",
        issued_at: int | None = None,  # unix seconds by central's clock (default: the machine's)
    ) -> str:
        return ticketcodes.encode(
            self.private,
            self.key_id,
            ticket_id=ticket_id,
            performance_id=performance_id,
            item_id=item,
            concession=concession,
            gate_id=gate_id,
            holder=holder,
            issued_at=issued_at,
            version=self.version,
        )


def verify_central_code(code: str, public_key_raw: bytes) -> dict[str, str]:
    """Check a central ticket code's signature; returns ``{"t", "p", "s", "c", "k"}``
    (ticket, performance, seat or area, concession, key id). Raises ValueError."""
    try:
        data = ticketcodes.decode(code, public_key_raw)
    except (ValueError, IndexError, UnicodeDecodeError) as exc:
        raise ValueError(f"invalid central ticket code: {exc}") from exc
    return {
        "t": str(data["ticket_id"]),
        "p": str(data["performance_id"]),
        "s": str(data["item_id"]),
        "c": str(data["concession"]),
        "k": str(data["key_id"]),
    }


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
            # Two nodes starting at once on one PostgreSQL: the second waits here for the
            # first to commit, then finds its key (else each would make and sign with its own).
            serialize(s, "central-signing-key")
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
    return CentralKey(row.key_id, private, ctx.code_version)

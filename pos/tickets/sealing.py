"""ID numbers leave the terminal sealed for central (issue 18, invariant 11).

At the sale the terminal keeps only what the door and the receipt need (masked name and ID,
the document type) and :func:`holder_digest`; the full number goes into the order's upload
sealed to central's X25519 key (:func:`seal`) and is deleted from the outbox once central
has acknowledged it (:func:`forget_sealed`).

Design and limits, honestly:

* The box is an ECIES-style sealed box from ``cryptography``'s primitives (PyNaCl is not a
  dependency): a fresh X25519 key per box, HKDF-SHA256 salted with both public keys, then
  ChaCha20-Poly1305 (the key is used once, so a zero nonce is safe). Only central's private
  key opens it; the terminal cannot read its own boxes back. ``central.holder_keys`` opens
  it; the two sides share the format, not code (the layers may not import each other).
* The terminal's digest is ``HMAC-SHA256`` under a key derived (HKDF) from the terminal's
  ticket-signing key (``TicketSigner.holder_digest_key``), which lives outside the store
  (keyring or owner-only file): a copy of the store alone cannot be brute-forced. A backup
  file carries the signing key, so backups carry no digests (``pos.field.backup``). It serves the terminal's own offline check (one
  ticket per ID per performance among its own sales) only. Central never trusts it: it
  derives its own keyed digest from the sealed number, so a forged digest buys nothing. A
  digest central could compare across outlets offline would need one key on every terminal:
  one stolen PC would then make every outlet's digests brute-forceable, so there is none.
  Offline, a duplicate across outlets is therefore caught at upload, not at the counter.
* A new signing key (key rotation) starts a new digest key: the local check does not see
  sales made under the old key (central still does).
* A terminal not enrolled (no seal key) keeps no full number at all and uploads none.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.orm import Session

from pos.store import settings, sql
from pos.store.db import Store

log = logging.getLogger(__name__)
SEAL_KEY_SETTING = "central.holder_seal_key"  # central's X25519 public key, base64 (enrolment)
SEALED_FIELD = "holder_sealed"
SEAL_VERSION = b"\x01"
SEAL_INFO = b"outlet-pos holder seal v1"


def seal(public_b64: str, id_type: str, number: str) -> str:
    """``type|number`` sealed to central's key, as base64."""
    recipient = base64.b64decode(public_b64, validate=True)
    ephemeral = X25519PrivateKey.generate()
    eph_raw = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    key = HKDF(SHA256(), 32, salt=eph_raw + recipient, info=SEAL_INFO).derive(shared)
    sealed = ChaCha20Poly1305(key).encrypt(b"\x00" * 12, f"{id_type}|{number}".encode(), SEAL_VERSION)
    return base64.b64encode(SEAL_VERSION + eph_raw + sealed).decode("ascii")


def holder_digest(key: bytes, id_type: str, number: str) -> str:
    return hmac.new(key, f"{id_type}|{number}".encode(), hashlib.sha256).hexdigest()


def seal_key(session: Session) -> str | None:
    """Central's seal key as enrolment stored it (None: not enrolled, nothing is sealed)."""
    value = settings.read(session, SEAL_KEY_SETTING)
    if not isinstance(value, str):
        return None
    try:
        if len(base64.b64decode(value, validate=True)) == 32:
            return value
    except ValueError:
        pass
    log.warning("central's holder seal key in the store is damaged: holders are not sealed")
    return None


def write_seal_key(session: Session, public_b64: str) -> None:
    """Keep central's seal key (enrolment, and every sync: central may have a new one)."""
    try:
        ok = len(base64.b64decode(public_b64, validate=True)) == 32
    except ValueError:
        ok = False
    if not ok:
        log.warning("central sent a holder seal key that is not a raw X25519 key: ignored")
        return
    if settings.read(session, SEAL_KEY_SETTING) != public_b64:
        settings.write(session, SEAL_KEY_SETTING, public_b64)


def keep_seal_key(store: Store, public_b64: str) -> None:
    with store.read() as session:
        if settings.read(session, SEAL_KEY_SETTING) == public_b64:
            return
    with store.write() as session:
        write_seal_key(session, public_b64)


def _drop_sealed(node: Any) -> bool:
    changed = False
    if isinstance(node, dict):
        if SEALED_FIELD in node:
            del node[SEALED_FIELD]
            changed = True
        items = list(node.values())
    elif isinstance(node, list):
        items = node
    else:
        return False
    for value in items:
        changed = _drop_sealed(value) or changed
    return changed


def forget_sealed(session: Session, seqs: list[int]) -> int:
    """Central has acknowledged these outbox messages: delete the sealed ID numbers from
    their payloads (the terminal needs them for nothing else). Returns the messages changed."""
    if not seqs:
        return 0
    rows = sql.rows(
        session,
        f"SELECT seq, payload FROM outbox WHERE seq IN ({sql.marks(len(seqs))}) AND payload LIKE ?",
        *seqs,
        f'%"{SEALED_FIELD}"%',
    )
    changed = []
    for r in rows:
        data = json.loads(r.payload)
        if _drop_sealed(data):
            changed.append((json.dumps(data, sort_keys=True, ensure_ascii=False), r.seq))
    if changed:
        sql.run(session, "UPDATE outbox SET payload = ? WHERE seq = ?", changed)
    return len(changed)


"""Central's holder keys (issue 18): what protects ID numbers at central, kept outside the
database.

* ``seal``: an X25519 key pair. Terminals get the public half at enrolment and seal each
  holder's ID number to it (``pos.tickets.sealing``); only central opens the box.
* ``digest``: an HMAC-SHA256 key. Central compares holders by ``HMAC(digest, type|number)``:
  a dump of the database alone cannot be brute-forced (18-digit IDs with a birth date and a
  check digit are only ~10^11 guesses, trivial for a plain hash).
* ``at_rest``: a Fernet key; the ID number is stored encrypted with it.

The three live in one owner-only file named by ``POS_CENTRAL_HOLDER_KEYS`` (or beside a
SQLite database, ``<db>.holder-keys``, for the demo), created on first start. Losing it
loses the ability to compare new holders with old ones and to read stored numbers; a copy of
the database with the file is as good as the numbers in clear (keep them apart: backups too).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

log = logging.getLogger(__name__)
ENV = "POS_CENTRAL_HOLDER_KEYS"
# The sealed-box format, shared with ``pos.tickets.sealing`` (the packages may not import each
# other): version | ephemeral X25519 public key (32) | ChaCha20-Poly1305 ciphertext and tag.
# The AEAD key comes from HKDF-SHA256 over the shared secret, salted with both public keys;
# every box has a fresh ephemeral key, so the all-zero nonce is used once per key.
SEAL_VERSION = b"\x01"
SEAL_INFO = b"outlet-pos holder seal v1"


class Unsealable(ValueError):
    """Not a box sealed to this central's key (damaged, forged, or for another key)."""


@dataclass(frozen=True)
class HolderKeys:
    seal: X25519PrivateKey
    digest_key: bytes
    at_rest: Fernet

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.seal.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()

    def unseal(self, box: str) -> str:
        try:
            raw = base64.b64decode(box, validate=True)
        except ValueError as exc:
            raise Unsealable("the sealed holder is not base64") from exc
        if len(raw) < 1 + 32 + 16 or raw[:1] != SEAL_VERSION:
            raise Unsealable("the sealed holder has an unknown format")
        eph_raw, sealed = raw[1:33], raw[33:]
        mine = self.seal.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        try:
            shared = self.seal.exchange(X25519PublicKey.from_public_bytes(eph_raw))
            key = HKDF(SHA256(), 32, salt=eph_raw + mine, info=SEAL_INFO).derive(shared)
            plain = ChaCha20Poly1305(key).decrypt(b"\x00" * 12, sealed, SEAL_VERSION)
            return plain.decode("utf-8")
        except Exception as exc:  # InvalidTag, a low-order point, bad UTF-8: all one answer
            raise Unsealable("the sealed holder does not open with central's key") from exc

    def digest(self, id_type: str, number: str) -> str:
        return hmac.new(self.digest_key, f"{id_type}|{number}".encode(), hashlib.sha256).hexdigest()

    def encrypt(self, number: str) -> str:
        return self.at_rest.encrypt(number.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        return self.at_rest.decrypt(token.encode("ascii")).decode()


def generate() -> HolderKeys:
    return HolderKeys(X25519PrivateKey.generate(), os.urandom(32), Fernet(Fernet.generate_key()))


def _read(path: Path) -> HolderKeys:
    try:
        data = json.loads(path.read_bytes())
        return HolderKeys(
            X25519PrivateKey.from_private_bytes(base64.b64decode(data["seal"])),
            base64.b64decode(data["digest"]),
            Fernet(data["at_rest"].encode()),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RuntimeError(f"central's holder keys in {path} cannot be read: {exc}") from exc


def load_or_create(path: Path) -> HolderKeys:
    """The keys in ``path``; a new set written there (0600, created so) when it is missing."""
    path = Path(path)
    if path.exists():
        return _read(path)
    seal = X25519PrivateKey.generate()
    digest_key = os.urandom(32)
    fernet_key = Fernet.generate_key()
    body = json.dumps({
        "seal": base64.b64encode(seal.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode(),
        "digest": base64.b64encode(digest_key).decode(),
        "at_rest": fernet_key.decode(),
    }).encode()
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(body)
        f.flush()
        os.fsync(f.fileno())
    try:
        os.link(part, path)  # never replaces a file another worker made meanwhile
    except FileExistsError:
        return _read(path)
    finally:
        part.unlink()
    log.warning("created central's holder keys in %s: keep this file apart from the database", path)
    return HolderKeys(seal, digest_key, Fernet(fernet_key))


def for_database(db_url: str) -> HolderKeys:
    """The keys for this central: ``$POS_CENTRAL_HOLDER_KEYS``, else beside a SQLite file,
    else (an in-memory or server database without the variable) a set for this process only,
    with a warning: holders sealed to it cannot be opened after a restart."""
    named = os.environ.get(ENV)
    if named:
        return load_or_create(Path(named))
    if db_url.startswith("sqlite:///") and ":memory:" not in db_url and len(db_url) > len("sqlite:///"):
        return load_or_create(Path(db_url[len("sqlite:///"):] + ".holder-keys"))
    log.warning("no %s: central's holder keys live only as long as this process", ENV)
    return generate()

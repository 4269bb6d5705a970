"""The terminal's Ed25519 ticket-signing keys: make, store as PEM, name by id, load for
verification (cached: a door sees a handful of keys). Split from :mod:`pos.tickets.codec`."""

from __future__ import annotations

import functools
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_to_pem(key: Ed25519PrivateKey) -> bytes:
    """PKCS8 PEM, unencrypted: the caller protects the file."""
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def private_key_from_pem(data: bytes) -> Ed25519PrivateKey:
    """Load an unencrypted PKCS8 PEM Ed25519 key; ValueError if it is anything else."""
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:  # TypeError: the file is encrypted
        raise ValueError(f"not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"not an Ed25519 private key: {type(key).__name__}")
    return key


def key_id_for(public_key: bytes) -> str:
    """First 4 bytes of SHA-256 of the raw 32-byte public key, as 8 upper-case hex chars."""
    return hashlib.sha256(public_key).digest()[:4].hex().upper()


def _raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)


@functools.lru_cache(maxsize=64)
def _load_public_key(raw: bytes) -> Ed25519PublicKey:
    # Saves building an OpenSSL key object per scan (a few µs); a door sees a handful of keys.
    return Ed25519PublicKey.from_public_bytes(raw)

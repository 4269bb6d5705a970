"""PIN rules and PIN hashes, peppered with a secret kept outside the store.

A PIN has 4 to 8 digits (a supervisor's at least 6, since a supervisor approves refunds and
voids), so its hash alone is cheap to brute-force whatever Argon2's cost: 10^4 PINs took
about 8 minutes on 2 cores. Each PIN is therefore first keyed with HMAC-SHA256 under the
terminal's *pepper*, 32 random bytes in an owner-only file beside the ticket-signing key
(stored exactly as that key is, and carried by backups as it is), and the HMAC goes into
Argon2id. A copy of ``pos.sqlite`` alone then holds nothing that can be tried offline.

Hashes written before the pepper (plain Argon2id of the PIN) still verify and are rewritten
peppered at their owner's next successful sign-in (``needs_upgrade``).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from pos.errors import InvalidInput, StoreError
from pos.store.private import PRIVATE_FILE

PEPPER_FILE = "pin-pepper"
PEPPER_BYTES = 32
PEPPERED = "p1"  # prefix of a peppered hash: "p1$argon2id$..."
SUPERVISOR_MIN_DIGITS = 6

# Argon2id at OWASP's minimum (19 MiB, 2 passes): the pepper stops an offline attack on a
# copied store; the lock-out stops guessing at the counter; Argon2 covers a stolen pepper.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY = _hasher.hash("0" * 64)  # equalises timing for unknown staff ids
_PIN = re.compile(r"^[0-9]{4,8}$")


def check_shape(pin: str, *, supervisor: bool) -> None:
    """Refuse a PIN that breaks the rules (for a supervisor: at least six digits)."""
    if not isinstance(pin, str) or not _PIN.match(pin):
        raise InvalidInput("a PIN is 4 to 8 digits")
    if supervisor and len(pin) < SUPERVISOR_MIN_DIGITS:
        raise InvalidInput(f"a supervisor's PIN is {SUPERVISOR_MIN_DIGITS} to 8 digits")
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise InvalidInput("that PIN is too easy to guess: no repeated or consecutive digits")


def pepper_path(data_dir: Path) -> Path:
    return Path(data_dir) / PEPPER_FILE


def read_pepper(data_dir: Path) -> bytes | None:
    try:
        raw = pepper_path(data_dir).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"the PIN pepper {pepper_path(data_dir)} cannot be read: {exc.strerror}") from exc
    if len(raw) != PEPPER_BYTES:
        raise StoreError(f"the PIN pepper {pepper_path(data_dir)} is damaged: restore it from a backup")
    return raw


def write_pepper(data_dir: Path, pepper: bytes | None = None) -> bytes:
    """Create the pepper file (owner-only from its first byte); never overwrite one."""
    pepper = pepper if pepper is not None else secrets.token_bytes(PEPPER_BYTES)
    path = pepper_path(data_dir)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        existing = read_pepper(data_dir)  # another process made it first: use theirs
        assert existing is not None
        return existing
    with os.fdopen(fd, "wb") as fh:
        fh.write(pepper)
        fh.flush()
        os.fsync(fh.fileno())
    return pepper


def _keyed(pepper: bytes, pin: str) -> str:
    return hmac.new(pepper, pin.encode(), hashlib.sha256).hexdigest()


def hash_pin(pepper: bytes, pin: str) -> str:
    return f"{PEPPERED}{_hasher.hash(_keyed(pepper, pin))}"


def is_peppered(pin_hash: str) -> bool:
    return pin_hash.startswith(PEPPERED + "$")


def verify_pin(pin_hash: str, pin: str, *, pepper: bytes | None) -> bool:
    """Check a PIN against a peppered or a legacy hash. A peppered hash with no pepper file
    is an error to fix (restore the file), not a wrong PIN."""
    try:
        if is_peppered(pin_hash):
            if pepper is None:
                raise StoreError(
                    f"the PIN pepper file ({PEPPER_FILE}) is missing from the data folder, so no PIN "
                    "can be checked: restore it from a backup (`pos restore FILE`)"
                )
            return _hasher.verify(pin_hash[len(PEPPERED) :], _keyed(pepper, pin))
        return _hasher.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn(pin: str) -> None:
    """Spend the time a real check takes (unknown or inactive staff id)."""
    with contextlib.suppress(VerifyMismatchError, VerificationError, InvalidHashError):
        _hasher.verify(_DUMMY, _keyed(b"\0" * PEPPER_BYTES, pin))

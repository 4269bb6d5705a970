"""Where the terminal's bearer token lives: the OS keyring, or, only when asked for, a file.

On a headless Linux box there is no Secret Service and keyring's backend is the ``fail``
one. Then the token goes to a file readable only by its owner, but only when the operator
said so (``--token-file``); never into a config file, never silently.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Protocol

import keyring
import keyring.errors

from pos.errors import PosError

log = logging.getLogger(__name__)

SERVICE = "outlet-pos"
TOKEN_FILE = "central-token"


class NoSecretStore(PosError):
    code = "no_secret_store"


class TokenStore(Protocol):
    description: str

    def get(self) -> str | None: ...
    def put(self, token: str) -> None: ...
    def delete(self) -> None: ...


class KeyringTokenStore:
    def __init__(self, account: str) -> None:
        self.account = account
        self.description = f"OS keyring ({type(keyring.get_keyring()).__name__})"

    def get(self) -> str | None:
        try:
            return keyring.get_password(SERVICE, self.account)
        except keyring.errors.KeyringError as exc:
            raise NoSecretStore(f"the OS keyring failed: {exc}") from exc

    def put(self, token: str) -> None:
        try:
            keyring.set_password(SERVICE, self.account, token)
        except keyring.errors.KeyringError as exc:
            raise NoSecretStore(f"the OS keyring refused the token: {exc}") from exc

    def delete(self) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, self.account)


class FileTokenStore:
    """The explicit fallback: a file of its own, mode 0600, next to the signing key."""

    def __init__(self, data_dir: Path, name: str = TOKEN_FILE) -> None:
        self.path = Path(data_dir) / name
        self.description = f"file {self.path} (owner-only; no OS keyring on this machine)"

    def get(self) -> str | None:
        try:
            return self.path.read_text().strip() or None
        except FileNotFoundError:
            return None

    def put(self, token: str) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(token)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


def keyring_usable() -> bool:
    backend = keyring.get_keyring()
    return "fail" not in type(backend).__module__ and getattr(backend, "priority", 1) > 0


def token_store(data_dir: Path, account: str, *, allow_file: bool) -> TokenStore:
    """The keyring when there is one; the file only if ``allow_file`` (and then say so)."""
    file_store = FileTokenStore(data_dir)
    if file_store.path.exists():
        return file_store  # chosen at enrolment; keep using it
    if keyring_usable():
        return KeyringTokenStore(account)
    if not allow_file:
        raise NoSecretStore(
            "no OS keyring is available to keep the terminal's token; "
            "run again with --token-file to keep it in an owner-only file in the data folder"
        )
    log.warning("no OS keyring: the central token is kept in %s (owner-only)", file_store.path)
    return file_store

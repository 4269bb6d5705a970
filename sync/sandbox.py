"""Where a training store's central is: only ever its sandbox, running in this very process.

A training store (issue 25) is enrolled with a sandbox central made for it in its training
folder. The address it was enrolled at is never used again: the sandbox listens on a free
loopback port chosen anew by each process that opens the training store, and says so here
(:func:`register`). :func:`sync.enrol.central_link` asks this registry, and nothing else,
for a training store's address; when no sandbox of that folder runs in this process, the
training store has no central at all (it sells from its training lease, offline), so not
one request of training can ever reach the real central, whatever its settings say.

The sandbox itself (central's app on SQLite, served by uvicorn on a thread) is built by the
wiring point (``poscli.sandbox``): this layer may not import central.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pos.errors import InvalidInput
from pos.training.mode import SANDBOX_FILES

#: The training folder's file with the sandbox's token (the OS keyring is for real centrals).
SANDBOX_TOKEN_FILE = SANDBOX_FILES[0]


@dataclass(frozen=True, slots=True)
class SandboxAddress:
    url: str
    central_key_id: str  # the sandbox's own signing key: never a real central's


#: Opens (preparing it on first use) the sandbox of a training folder; closing stops it.
SandboxStarter = Callable[[Path], AbstractContextManager[SandboxAddress]]

_lock = threading.Lock()
_running: dict[Path, SandboxAddress] = {}


def _key(folder: Path) -> Path:
    return Path(folder).resolve()


def register(folder: Path, address: SandboxAddress) -> None:
    """Say that the sandbox of training folder ``folder`` serves at ``address`` in this process."""
    host = urlsplit(address.url).hostname
    if urlsplit(address.url).scheme != "http" or host not in ("127.0.0.1", "::1", "localhost"):
        raise InvalidInput(f"a training sandbox serves on loopback only, not {address.url}")
    with _lock:
        _running[_key(folder)] = address


def unregister(folder: Path) -> None:
    with _lock:
        _running.pop(_key(folder), None)


def address(folder: Path) -> SandboxAddress | None:
    """The sandbox of ``folder`` running in this process, or None."""
    with _lock:
        return _running.get(_key(folder))

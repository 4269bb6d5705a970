"""Files and folders private to the POS user (invariant 11): the data folder 0700, the store,
its WAL and SHM, logs, backups and secrets 0600.

Each is created with its mode (``os.open``/``mkdir`` modes), never made first and tightened
afterwards, so there is no moment when another user of the PC could open it. SQLite gives the
``-wal`` and ``-shm`` files the mode of the database file, so creating ``pos.sqlite`` 0600
before SQLite first opens it is enough for all three.

On Windows these modes mean nothing: a folder made here gets an ACL of its own instead, with
``icacls`` (part of every Windows): inheritance removed, full control for the signed-in user
and SYSTEM only (SYSTEM: backups and the virus scanner). Written to icacls's documented
syntax and tested here by the command it builds: these machines run no Windows.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
POSIX = os.name == "posix"


def make_private_dir(path: Path, *, parents: bool = True) -> Path:
    """Create ``path`` (0700) if missing; an existing folder is left as it is (doctor reports it)."""
    path = Path(path)
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        if not path.is_dir():
            raise
        return path
    if os.name == "nt":
        restrict_to_user(path)
    return path


def windows_acl_command(path: Path, user: str) -> list[str]:
    """``icacls`` arguments that leave ``path`` (and what is made in it: ``(OI)(CI)``) to
    ``user`` and SYSTEM: inherited entries removed (``/inheritance:r``), grants replaced
    (``/grant:r``). ``*S-1-5-18`` is SYSTEM by its well-known SID, in any language."""
    if not user or any(c in user for c in '":*?<>|'):
        raise ValueError(f"not a Windows account name: {user!r}")
    return ["icacls", str(path), "/inheritance:r", "/grant:r", f"{user}:(OI)(CI)F", "/grant:r", "*S-1-5-18:(OI)(CI)F"]


def restrict_to_user(path: Path) -> bool:
    """Windows: limit ``path`` to the signed-in user (see :func:`windows_acl_command`). False,
    logged, when it could not be done (the folder stays as its parent made it)."""
    domain, user = os.environ.get("USERDOMAIN", ""), os.environ.get("USERNAME", "")
    try:
        command = windows_acl_command(path, f"{domain}\\{user}" if domain else user)
        subprocess.run(command, check=True, capture_output=True, timeout=30)
    except (ValueError, OSError, subprocess.SubprocessError) as exc:
        log.warning("could not limit %s to this Windows user: %s", path, exc)
        return False
    return True


def create_private_file(path: Path) -> bool:
    """Create an empty ``path`` 0600 unless it exists; True when it was created here."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def open_private_append(path: Path) -> int:
    """A file descriptor for appending to ``path``, created 0600 if missing (log files)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)


def tighten_dir(path: Path) -> None:
    """Make a folder we just made ours private even when it already existed (``pos init``)."""
    if POSIX and Path(path).stat().st_mode & 0o077:
        os.chmod(path, PRIVATE_DIR)
    elif os.name == "nt":
        restrict_to_user(Path(path))

"""Files and folders private to the POS user (invariant 11): the data folder 0700, the store,
its WAL and SHM, logs, backups and secrets 0600.

Each is created with its mode (``os.open``/``mkdir`` modes), never made first and tightened
afterwards, so there is no moment when another user of the PC could open it. SQLite gives the
``-wal`` and ``-shm`` files the mode of the database file, so creating ``pos.sqlite`` 0600
before SQLite first opens it is enough for all three.

On Windows these modes mean nothing (the user's profile folder already limits access; an
ACL of our own would need pywin32), so the helpers only create there.
"""

from __future__ import annotations

import os
from pathlib import Path

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

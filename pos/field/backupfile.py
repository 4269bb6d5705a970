"""A backup file of the terminal's store: what it holds and how it is checked, and the
careful file handling that taking and restoring one share (fsync, rename, plain errors).

A backup is one SQLite file with a ``backup_meta`` table (when, which terminal, the
ticket-signing key). :func:`inspect` checks it is whole and one of ours; :func:`verify_backup`
also checks its schema and its journal's hash chain. Uses the store and the journal.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine

from pos.errors import BackupError, InvalidInput, PosError
from pos.store.db import SCHEMA_HEAD, Store


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    size: int
    taken_at: datetime
    terminal_id: str
    schema: str
    journal_entries: int
    orders: int
    unsynced: int


# --- small file-system helpers -------------------------------------------------------------


def fsync_dir(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def os_error(exc: OSError | sqlite3.Error, what: str) -> PosError:
    text = str(exc).lower()
    errno = getattr(exc, "errno", None)
    if errno == 28 or "full" in text or "no space" in text:
        return BackupError(f"{what}: the disk is full; nothing was written. Free space and retry")
    if errno in (13, 30, 1) or "readonly" in text or "read-only" in text or "permission" in text:
        return BackupError(f"{what}: the folder is read-only or not writable; nothing was written")
    return BackupError(f"{what}: {exc}")


def key_file(data_dir: Path) -> Path:
    from pos.terminal.identity import SIGNING_KEY_FILE

    return data_dir / SIGNING_KEY_FILE


# --- reading and checking a backup ---------------------------------------------------------


def open_ro(path: Path) -> sqlite3.Connection:
    # as_uri() percent-encodes, so a folder named "a?b#c" or with spaces still works.
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def inspect(path: Path) -> BackupInfo:
    """Check a backup file (integrity, that it is an Outlet POS backup) and describe it."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"no backup file at {path}")
    try:
        with closing(open_ro(path)) as con:
            result = con.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise BackupError(f"{path} is damaged: {result[0][0]}")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"backup_meta", "terminal", "journal", "outbox", "alembic_version"} <= tables:
                raise BackupError(f"{path} is not an Outlet POS backup")
            meta = dict(con.execute("SELECT key, value FROM backup_meta"))
            schema = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            return BackupInfo(
                path=path,
                size=path.stat().st_size,
                taken_at=datetime.fromisoformat(str(meta.get("taken_at"))),
                terminal_id=str(meta.get("terminal_id", "")),
                schema=str(schema),
                journal_entries=con.execute("SELECT count(*) FROM journal").fetchone()[0],
                orders=con.execute("SELECT count(*) FROM sale_order").fetchone()[0],
                unsynced=con.execute("SELECT count(*) FROM outbox WHERE status != 'sent'").fetchone()[0],
            )
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable backup ({exc})") from exc


def _store_over(path: Path) -> Store:
    """A read-only Store over one SQLite file, for the journal's own verify."""
    engine = create_engine("sqlite://", creator=lambda: open_ro(path))
    return Store(data_dir=path.parent, engine=engine)


def verify_backup(path: Path) -> BackupInfo:
    """:func:`inspect` plus the schema and the journal's whole hash chain."""
    from pos.journal import chain as journal

    info = inspect(path)
    if info.schema > SCHEMA_HEAD:
        raise BackupError(
            f"{path} was made by a newer version of Outlet POS (schema {info.schema}); install it first"
        )
    store = _store_over(Path(path))
    try:
        journal.verify(store)
    except PosError as exc:
        raise BackupError(f"{path}: the journal in the backup does not verify: {exc.message}") from exc
    finally:
        store.close()
    return info

"""Backups of the terminal's store, taken and restored while the app runs.

A backup is one SQLite file made with SQLite's online backup API (``sqlite3.Connection.backup``):
it copies a consistent snapshot page by page while the app keeps committing sales, because
the API restarts or waits on SQLite's own locks rather than copying a half-written page.
The copy gets a ``backup_meta`` table (when, which terminal, the ticket-signing key, the PIN
pepper) so a replacement PC can be brought back from the file alone, and is switched to a rollback
journal so that it is one self-contained file.

Taking a backup writes ``FILE.part`` beside the target, checks it, fsyncs it and renames it:
a crash or a full disk never leaves a truncated file under the backup's name.

Checking a backup file is :mod:`pos.field.backupfile`, restoring one :mod:`pos.field.restore`
(both re-exported here).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pos.errors import InvalidInput, PosError, StoreError
from pos.field.backupfile import (
    BackupError,
    BackupInfo,
    discard,
    fsync_dir,
    fsync_file,
    inspect,
    key_file,
    os_error,
    verify_backup,
)
from pos.field.restore import RestoreRefused, RestoreResult, restore
from pos.staff.pins import read_pepper
from pos.store import settings
from pos.store.db import BUSY_TIMEOUT_MS, Store
from pos.store.private import create_private_file, make_private_dir

log = logging.getLogger(__name__)

__all__ = [
    "BACKUP_FOLDER",
    "BackupError",
    "BackupInfo",
    "BackupSchedule",
    "RestoreRefused",
    "RestoreResult",
    "backup",
    "backup_folder",
    "inspect",
    "local_backups",
    "restore",
    "rotate",
    "schedule",
    "scheduled_backup",
    "set_schedule",
    "verify_backup",
]

BACKUP_SETTING = "backup"
BACKUP_FOLDER = "backups"
SUFFIX = ".posbak"
DEFAULT_KEEP = 7
DEFAULT_EVERY_HOURS = 24
_PAGES_PER_STEP = 256  # small steps let the app's writers in between (the API retries around them)


@dataclass(frozen=True, slots=True)
class BackupSchedule:
    keep: int = DEFAULT_KEEP
    every_hours: float = DEFAULT_EVERY_HOURS
    folder: str = ""  # empty: <data folder>/backups

    def __post_init__(self) -> None:
        if not isinstance(self.keep, int) or not 1 <= self.keep <= 365:
            raise InvalidInput("backups to keep: a whole number from 1 to 365")
        if not 0.05 <= float(self.every_hours) <= 24 * 31:
            raise InvalidInput("backup interval: between 0.05 and 744 hours")


# --- taking a backup -----------------------------------------------------------------------


def _copy(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    src.backup(dst, pages=_PAGES_PER_STEP)


def backup(store: Store, *, dest: Path, now: datetime | None = None) -> BackupInfo:
    """Write a consistent copy of the live store to ``dest`` (replacing an older file there)."""
    now = now or datetime.now(UTC)
    dest = Path(dest)
    if dest.exists() and dest.is_dir():
        raise InvalidInput(f"{dest} is a folder: name the backup file, e.g. {dest / 'pos.posbak'}")
    if not dest.parent.is_dir():
        raise InvalidInput(f"the folder {dest.parent} does not exist")
    part = dest.with_name(dest.name + ".part")
    key = key_file(store.data_dir)
    try:
        part.unlink(missing_ok=True)
        create_private_file(part)  # it holds the signing key: owner-only from its first byte
        pem = key.read_bytes() if key.exists() else b""
        pepper = read_pepper(store.data_dir) or b""
        with (
            closing(sqlite3.connect(store.path, timeout=BUSY_TIMEOUT_MS / 1000)) as src,
            closing(sqlite3.connect(part)) as dst,
        ):
            _copy(src, dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            # The copy holds the signing key, from which the holder digests' key is derived:
            # with both, a digest could be brute-forced. A restored terminal's own duplicate
            # check then misses those tickets; central's does not (issue 18).
            dst.execute("PRAGMA secure_delete = ON")
            with dst:
                dst.execute("UPDATE ticket SET holder_digest = '' WHERE holder_digest != ''")
            terminal = dst.execute("SELECT terminal_id FROM terminal").fetchone()
            with dst:
                dst.execute("CREATE TABLE backup_meta (key TEXT PRIMARY KEY, value BLOB)")
                dst.executemany(
                    "INSERT INTO backup_meta VALUES (?, ?)",
                    [
                        ("taken_at", now.astimezone(UTC).isoformat()),
                        ("terminal_id", terminal[0] if terminal else ""),
                        ("signing_key", pem),
                        ("pin_pepper", pepper),  # without it no PIN in the copy verifies
                    ],
                )
        info = inspect(part)
        fsync_file(part)
        os.replace(part, dest)
        fsync_dir(dest.parent)
    except (OSError, sqlite3.Error) as exc:
        discard(part)
        raise os_error(exc, f"backup to {dest} failed") from exc
    except BaseException:
        discard(part)
        raise
    log.info("backup written to %s (%d bytes)", dest, info.size)
    return dataclasses.replace(info, path=dest)


# --- scheduled local backups ----------------------------------------------------------------


def schedule(store: Store) -> BackupSchedule:
    raw = settings.get(store, BACKUP_SETTING) or {}
    try:
        return BackupSchedule(**{k: raw[k] for k in ("keep", "every_hours", "folder") if k in raw})
    except (TypeError, PosError):
        log.warning("the backup setting is invalid; using the defaults")
        return BackupSchedule()


def set_schedule(store: Store, *, keep: int, every_hours: float, folder: str = "") -> BackupSchedule:
    sched = BackupSchedule(keep=keep, every_hours=every_hours, folder=folder)
    settings.put(store, BACKUP_SETTING, {"keep": keep, "every_hours": every_hours, "folder": folder})
    return sched


def backup_folder(store: Store, sched: BackupSchedule | None = None) -> Path:
    sched = sched or schedule(store)
    return Path(sched.folder).expanduser() if sched.folder else store.data_dir / BACKUP_FOLDER


def local_backups(folder: Path) -> list[Path]:
    """Scheduled backups in ``folder``, oldest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"pos-*{SUFFIX}") if p.is_file())


def scheduled_backup(store: Store, *, now: datetime | None = None, force: bool = False) -> BackupInfo | None:
    """Take a local backup if the last one is older than the interval (or ``force``), then
    keep only the newest N. The app calls this on a timer; returns None when not due."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    sched = schedule(store)
    folder = backup_folder(store, sched)
    existing = local_backups(folder)
    if existing and not force:
        last = _taken_at(existing[-1])
        if last is not None and now - last < timedelta(hours=sched.every_hours):
            return None
    try:
        make_private_dir(folder)
    except OSError as exc:
        raise os_error(exc, f"cannot create the backup folder {folder}") from exc
    name = f"pos-{now:%Y%m%dT%H%M%S%f}Z{SUFFIX}"
    info = backup(store, dest=folder / name, now=now)
    rotate(folder, keep=sched.keep)
    return info


def _taken_at(path: Path) -> datetime | None:
    stamp = path.name.removeprefix("pos-").removesuffix(SUFFIX)
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def rotate(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` scheduled backups; returns what was deleted."""
    backups = local_backups(folder)
    gone = backups[: max(0, len(backups) - keep)]
    for path in gone:
        try:
            path.unlink()
        except OSError as exc:
            raise StoreError(f"cannot remove the old backup {path}: {exc.strerror}") from exc
    for stale in folder.glob(f"*{SUFFIX}.part"):
        stale.unlink(missing_ok=True)  # left by a backup cut short (power cut, full disk)
    return gone

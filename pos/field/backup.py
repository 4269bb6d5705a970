"""Backups of the terminal's store, taken and restored while the app runs.

A backup is one SQLite file made with SQLite's online backup API (``sqlite3.Connection.backup``):
it copies a consistent snapshot page by page while the app keeps committing sales, because
the API restarts or waits on SQLite's own locks rather than copying a half-written page.
The copy gets a ``backup_meta`` table (when, which terminal, the ticket-signing key) so a
replacement PC can be brought back from the file alone, and is switched to a rollback
journal so that it is one self-contained file.

Taking a backup writes ``FILE.part`` beside the target, checks it, fsyncs it and renames it:
a crash or a full disk never leaves a truncated file under the backup's name.

Restoring checks the backup first (``PRAGMA integrity_check``, the schema, the journal's hash
chain), refuses when this terminal holds unsynced orders the backup does not (``force``
overrides), prepares the restored store beside the live one and fsyncs it, and only then
installs it. The install copies the prepared file into the live store with the same backup
API, in one write transaction: SQLite's WAL makes it all-or-nothing, and a running app's
connections see the restored data instead of a file swapped from under them (renaming over
an open WAL database pairs the old ``-wal`` file with the new database and corrupts it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine

from pos.errors import InvalidInput, PosError, StoreError
from pos.store import settings
from pos.store.db import BUSY_TIMEOUT_MS, SCHEMA_HEAD, Store, open_store

log = logging.getLogger(__name__)

BACKUP_SETTING = "backup"
BACKUP_FOLDER = "backups"
SUFFIX = ".posbak"
DEFAULT_KEEP = 7
DEFAULT_EVERY_HOURS = 24
_PAGES_PER_STEP = 256  # small steps let the app's writers in between (the API retries around them)


class BackupError(PosError):
    code = "backup_failed"


class RestoreRefused(PosError):
    """The restore would lose something (unsynced orders, another terminal's data)."""

    code = "restore_refused"


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


@dataclass(frozen=True, slots=True)
class RestoreResult:
    backup: BackupInfo
    lost_unsynced: tuple[str, ...]  # outbox ids only this terminal had (non-empty only with force)
    key_restored: bool


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


# --- small file-system helpers -------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
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


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _os_error(exc: OSError | sqlite3.Error, what: str) -> PosError:
    text = str(exc).lower()
    errno = getattr(exc, "errno", None)
    if errno == 28 or "full" in text or "no space" in text:
        return BackupError(f"{what}: the disk is full; nothing was written. Free space and retry")
    if errno in (13, 30, 1) or "readonly" in text or "read-only" in text or "permission" in text:
        return BackupError(f"{what}: the folder is read-only or not writable; nothing was written")
    return BackupError(f"{what}: {exc}")


def _key_file(data_dir: Path) -> Path:
    from pos.terminal.identity import SIGNING_KEY_FILE

    return data_dir / SIGNING_KEY_FILE


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
    key = _key_file(store.data_dir)
    try:
        part.unlink(missing_ok=True)
        pem = key.read_bytes() if key.exists() else b""
        with (
            closing(sqlite3.connect(store.path, timeout=BUSY_TIMEOUT_MS / 1000)) as src,
            closing(sqlite3.connect(part)) as dst,
        ):
            _copy(src, dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            terminal = dst.execute("SELECT terminal_id FROM terminal").fetchone()
            with dst:
                dst.execute("CREATE TABLE backup_meta (key TEXT PRIMARY KEY, value BLOB)")
                dst.executemany(
                    "INSERT INTO backup_meta VALUES (?, ?)",
                    [
                        ("taken_at", now.astimezone(UTC).isoformat()),
                        ("terminal_id", terminal[0] if terminal else ""),
                        ("signing_key", pem),
                    ],
                )
        os.chmod(part, 0o600)  # it holds the signing key
        info = inspect(part)
        _fsync_file(part)
        os.replace(part, dest)
        _fsync_dir(dest.parent)
    except (OSError, sqlite3.Error) as exc:
        _discard(part)
        raise _os_error(exc, f"backup to {dest} failed") from exc
    except BaseException:
        _discard(part)
        raise
    log.info("backup written to %s (%d bytes)", dest, info.size)
    return dataclasses.replace(info, path=dest)


# --- reading and checking a backup ---------------------------------------------------------


def _open_ro(path: Path) -> sqlite3.Connection:
    # as_uri() percent-encodes, so a folder named "a?b#c" or with spaces still works.
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def inspect(path: Path) -> BackupInfo:
    """Check a backup file (integrity, that it is an Outlet POS backup) and describe it."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"no backup file at {path}")
    try:
        with closing(_open_ro(path)) as con:
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
    engine = create_engine("sqlite://", creator=lambda: _open_ro(path))
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


# --- restoring -----------------------------------------------------------------------------


def _unsynced_ids(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT id FROM outbox WHERE status != 'sent'")}


def _all_outbox_ids(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT id FROM outbox")}


@contextmanager
def _beside(data_dir: Path) -> Iterator[Path]:
    """A scratch folder inside the data folder (same file system, so fsync means the disk)."""
    folder = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def restore(data_dir: Path, *, source: Path, force: bool = False) -> RestoreResult:
    """Replace the store in ``data_dir`` with a backup, all or nothing (a running app's
    connections then see the restored data). ``data_dir`` may be empty: a replacement PC.

    Refuses (``RestoreRefused``) when this terminal has orders or refunds not yet sent to
    central that the backup lacks, or when the backup is another terminal's; ``force``
    restores anyway and reports what was given up.
    """
    from pos.store.db import STORE_FILENAME

    data_dir = Path(data_dir)
    info = verify_backup(Path(source))
    live_path = data_dir / STORE_FILENAME
    here, live_unsynced = None, set()
    if live_path.exists():
        try:
            with closing(sqlite3.connect(live_path, timeout=BUSY_TIMEOUT_MS / 1000)) as live:
                row = live.execute("SELECT terminal_id FROM terminal").fetchone()
                here = row[0] if row else None
                live_unsynced = _unsynced_ids(live)
        except sqlite3.DatabaseError as exc:
            if not force:
                raise RestoreRefused(
                    f"the store in {data_dir} cannot be read ({exc}); restore with --force to replace it"
                ) from exc
    with closing(_open_ro(Path(source))) as con:
        in_backup = _all_outbox_ids(con)
    lost = tuple(sorted(live_unsynced - in_backup))
    if here and info.terminal_id and here != info.terminal_id and not force:
        raise RestoreRefused(
            f"the backup is of terminal {info.terminal_id}, this is terminal {here}; "
            "use --force only if you mean to turn this PC into that terminal"
        )
    if lost and not force:
        raise RestoreRefused(
            f"this terminal has {len(lost)} order(s) or refund(s) not yet sent to central that the "
            "backup does not hold; run `pos sync` first, or restore with --force to give them up",
            unsynced=len(lost),
        )
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with _beside(data_dir) as scratch:
            prepared = scratch / STORE_FILENAME
            with closing(_open_ro(Path(source))) as src, closing(sqlite3.connect(prepared)) as dst:
                src.backup(dst)
                pem = dict(src.execute("SELECT key, value FROM backup_meta")).get("signing_key") or b""
                with dst:
                    dst.execute("DROP TABLE backup_meta")
            # An older backup is brought to this version's schema before it goes live.
            open_store(scratch).close()
            with closing(sqlite3.connect(prepared)) as dst:
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                dst.execute("PRAGMA journal_mode = DELETE")
                if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError("the prepared store failed its integrity check; nothing was changed")
            _fsync_file(prepared)
            key_restored = _restore_key(data_dir, pem if isinstance(pem, bytes) else b"", force=force)
            if live_path.exists():
                _install(prepared, live_path)
            else:
                # Nothing runs on a store that does not exist yet: a rename is atomic.
                os.replace(prepared, live_path)
                _fsync_dir(data_dir)
    except (OSError, sqlite3.Error) as exc:
        raise _os_error(exc, "restore failed, the store is unchanged") from exc
    if lost:
        log.warning("restore with --force gave up %d unsynced message(s): %s", len(lost), ", ".join(lost))
    log.info("store restored from %s (taken %s)", source, info.taken_at.isoformat())
    return RestoreResult(backup=info, lost_unsynced=lost, key_restored=key_restored)


def _install(prepared: Path, live_path: Path) -> None:
    """Copy the prepared store into the live one in a single write transaction."""
    with closing(_open_ro(prepared)) as src, closing(sqlite3.connect(live_path, timeout=BUSY_TIMEOUT_MS / 1000)) as dst:
        dst.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dst.execute("PRAGMA synchronous = FULL")
        # pages=-1: one step, so the destination is written in one transaction.
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode = WAL")
        dst.execute("PRAGMA wal_checkpoint(FULL)")


def _restore_key(data_dir: Path, pem: bytes, *, force: bool) -> bool:
    """Bring back the signing key when it is missing (a replacement PC); never overwrite a
    different key unless forced, since tickets already printed here were signed with it."""
    if not pem:
        return False
    key = _key_file(data_dir)
    if key.exists():
        if key.read_bytes() == pem:
            return False
        if not force:
            raise RestoreRefused(
                f"{key} holds a different signing key from the backup's; use --force to replace it"
            )
    tmp = key.with_name(key.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, key)
    _fsync_dir(data_dir)
    return True


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
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, f"cannot create the backup folder {folder}") from exc
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

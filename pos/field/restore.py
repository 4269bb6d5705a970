"""Restoring the terminal's store from a backup, all or nothing, while the app runs.

Restoring checks the backup first (``PRAGMA integrity_check``, the schema, the journal's hash
chain), refuses when this terminal holds unsynced orders the backup does not (``force``
overrides), prepares the restored store beside the live one and fsyncs it, and only then
installs it. The install copies the prepared file into the live store with the same backup
API, in one write transaction: SQLite's WAL makes it all-or-nothing, and a running app's
connections see the restored data instead of a file swapped from under them (renaming over
an open WAL database pairs the old ``-wal`` file with the new database and corrupts it).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from pos.errors import RestoreRefused
from pos.field.backupfile import (
    BackupError,
    BackupInfo,
    fsync_dir,
    fsync_file,
    key_file,
    open_ro,
    os_error,
    verify_backup,
)
from pos.staff.pins import pepper_path
from pos.store.db import BUSY_TIMEOUT_MS, open_store
from pos.store.private import create_private_file, make_private_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RestoreResult:
    backup: BackupInfo
    lost_unsynced: tuple[str, ...]  # outbox ids only this terminal had (non-empty only with force)
    key_restored: bool


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
    with closing(open_ro(Path(source))) as con:
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
        make_private_dir(data_dir)
        with _beside(data_dir) as scratch:
            prepared = scratch / STORE_FILENAME
            create_private_file(prepared)  # it becomes the live store: owner-only from the start
            with closing(open_ro(Path(source))) as src, closing(sqlite3.connect(prepared)) as dst:
                src.backup(dst)
                meta = dict(src.execute("SELECT key, value FROM backup_meta"))
                pem = meta.get("signing_key") or b""
                pepper = meta.get("pin_pepper") or b""
                with dst:
                    dst.execute("DROP TABLE backup_meta")
            # An older backup is brought to this version's schema before it goes live.
            open_store(scratch).close()
            with closing(sqlite3.connect(prepared)) as dst:
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                dst.execute("PRAGMA journal_mode = DELETE")
                if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError("the prepared store failed its integrity check; nothing was changed")
            fsync_file(prepared)
            key_restored = _restore_secret(
                key_file(data_dir), pem if isinstance(pem, bytes) else b"", force=force, what="signing key"
            )
            _restore_secret(
                pepper_path(data_dir), pepper if isinstance(pepper, bytes) else b"", force=force, what="PIN pepper"
            )
            if live_path.exists():
                _install(prepared, live_path)
            else:
                # Nothing runs on a store that does not exist yet: a rename is atomic.
                os.replace(prepared, live_path)
                fsync_dir(data_dir)
    except (OSError, sqlite3.Error) as exc:
        raise os_error(exc, "restore failed, the store is unchanged") from exc
    if lost:
        log.warning("restore with --force gave up %d unsynced message(s): %s", len(lost), ", ".join(lost))
    log.info("store restored from %s (taken %s)", source, info.taken_at.isoformat())
    return RestoreResult(backup=info, lost_unsynced=lost, key_restored=key_restored)


def _install(prepared: Path, live_path: Path) -> None:
    """Copy the prepared store into the live one in a single write transaction."""
    with (
        closing(open_ro(prepared)) as src,
        closing(sqlite3.connect(live_path, timeout=BUSY_TIMEOUT_MS / 1000)) as dst,
    ):
        dst.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dst.execute("PRAGMA synchronous = FULL")
        # pages=-1: one step, so the destination is written in one transaction.
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode = WAL")
        dst.execute("PRAGMA wal_checkpoint(FULL)")


def _restore_secret(key: Path, pem: bytes, *, force: bool, what: str) -> bool:
    """Bring back the signing key (or the PIN pepper) when it is missing (a replacement PC);
    never overwrite a different one unless forced, since tickets already printed here were
    signed with the key, and the PINs in the store are hashed with the pepper."""
    if not pem:
        return False
    if key.exists():
        if key.read_bytes() == pem:
            return False
        if not force:
            raise RestoreRefused(
                f"{key} holds a different {what} from the backup's; use --force to replace it"
            )
    tmp = key.with_name(key.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, key)
    fsync_dir(key.parent)
    return True

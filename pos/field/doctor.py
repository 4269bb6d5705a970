"""``pos doctor``'s checks that need no network and no printer: the data folder, the store,
the journal, the signing key, disk space, local backups.

Each check returns a :class:`Check` with a status (ok, warn, fail), what it found, and what
to do about it; the network and printer checks live in ``sync.doctor`` and
``printing.doctor`` (the core does no HTTP and no printer I/O).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pos.errors import PosError
from pos.store.db import SCHEMA_HEAD, STORE_FILENAME, Store

log = logging.getLogger(__name__)

OK, WARN, FAIL = "ok", "warn", "fail"
DISK_WARN_BYTES = 500 * 1024 * 1024
DISK_FAIL_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""


def guarded(name: str, fn: Callable[[], Check]) -> Check:
    """Run one check; an unexpected error is a failed check, never a crashed doctor."""
    try:
        return fn()
    except PosError as exc:
        return Check(name, FAIL, exc.message)
    except Exception as exc:  # the doctor reports; it must not die on what it diagnoses
        log.exception("check %s crashed", name)
        return Check(name, FAIL, f"{type(exc).__name__}: {exc}", "report this to support with the log file")


def check_folder(data_dir: Path) -> Check:
    if not data_dir.is_dir():
        return Check("data folder", FAIL, f"{data_dir} does not exist", "run `pos setup` or `pos init`")
    try:
        with tempfile.TemporaryFile(dir=data_dir):
            pass
    except OSError as exc:
        return Check(
            "data folder",
            FAIL,
            f"{data_dir} is not writable ({exc.strerror})",
            "mount it read-write and give the POS user write permission",
        )
    return Check("data folder", OK, str(data_dir))


def check_disk(data_dir: Path) -> Check:
    folder = data_dir if data_dir.exists() else data_dir.parent
    free = shutil.disk_usage(folder).free
    mb = free // (1024 * 1024)
    if free < DISK_FAIL_BYTES:
        return Check("disk space", FAIL, f"{mb} MB free", "free disk space now: sales cannot be saved")
    if free < DISK_WARN_BYTES:
        return Check("disk space", WARN, f"{mb} MB free", "free disk space (old backups, logs, downloads)")
    return Check("disk space", OK, f"{mb} MB free")


def check_store(data_dir: Path) -> Check:
    path = data_dir / STORE_FILENAME
    if not path.exists():
        return Check("store", FAIL, f"no store in {data_dir}", "run `pos setup` (or `pos restore FILE`)")
    try:
        with contextlib.closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)) as con:
            result = con.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                return Check(
                    "store", FAIL, f"damaged: {result[0][0]}", "restore the latest backup: `pos restore FILE`"
                )
            schema = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        return Check("store", FAIL, f"unreadable: {exc}", "restore the latest backup: `pos restore FILE`")
    version = schema[0] if schema else "none"
    if version != SCHEMA_HEAD:
        status = FAIL if version > SCHEMA_HEAD else WARN
        fix = "install the newer Outlet POS" if status == FAIL else "start the app once to migrate it"
        return Check("store", status, f"schema {version}, this version expects {SCHEMA_HEAD}", fix)
    return Check("store", OK, f"integrity ok, schema {version}")


def check_journal(store: Store) -> Check:
    from pos.journal import chain as journal

    try:
        report = journal.verify(store)
    except PosError as exc:
        return Check(
            "journal",
            FAIL,
            exc.message,
            "do not sell on this terminal; keep the data folder as evidence and call support",
        )
    return Check("journal", OK, f"{report.entries} entries, chain intact")


def check_signing_key(store: Store) -> Check:
    from pos.terminal.identity import load_signer, terminal_info

    signer = load_signer(store)
    info = terminal_info(store)
    if signer.key_id != info.key_id:
        return Check(
            "signing key",
            FAIL,
            f"the key file is {signer.key_id}, the terminal expects {info.key_id}",
            "restore the key from a backup (`pos restore FILE`)",
        )
    return Check("signing key", OK, f"{signer.key_id} for terminal {info.terminal_id}")


def check_pin_pepper(store: Store) -> Check:
    from sqlalchemy import func, select

    from pos.staff import pins
    from pos.store.models import Staff

    name = "PIN pepper"
    pepper = pins.read_pepper(store.data_dir)  # raises on a damaged file: a failed check
    with store.read() as session:
        peppered = session.scalar(
            select(func.count()).select_from(Staff).where(Staff.pin_hash.like(pins.PEPPERED + "$%"))
        )
    if pepper is None and peppered:
        return Check(
            name,
            FAIL,
            f"{pins.pepper_path(store.data_dir)} is missing: no PIN can be checked",
            "restore it from a backup (`pos restore FILE`)",
        )
    if pepper is None:
        return Check(name, OK, "made at the next sign-in (PINs from before it are upgraded then)")
    return Check(name, OK, f"{peppered} PIN(s) peppered")


def check_backups(store: Store, *, now: datetime | None = None) -> Check:
    from pos.field import backup

    now = now or datetime.now(UTC)
    sched = backup.schedule(store)
    folder = backup.backup_folder(store, sched)
    found = backup.local_backups(folder)
    if not found:
        return Check("backups", WARN, f"no local backup in {folder}", "run `pos backup --local` (the app backs up on a timer)")
    age = now - datetime.fromtimestamp(found[-1].stat().st_mtime, UTC)
    if age > timedelta(hours=2 * sched.every_hours):
        return Check(
            "backups",
            WARN,
            f"the newest local backup is {age.total_seconds() / 3600:.0f} h old",
            "start the app (it backs up on a timer) or run `pos backup --local`",
        )
    return Check("backups", OK, f"{len(found)} kept in {folder}, newest {found[-1].name}")


def check_permissions(data_dir: Path, *, backups: Iterable[Path] = (), repair: bool = False) -> Check:
    from pos.field import permissions

    name = "permissions"
    if not permissions.POSIX:
        return Check(name, OK, "not checked on Windows (the user's profile folder limits access)")
    loose = permissions.find_loose(data_dir, backups)
    if not loose:
        return Check(name, OK, "the data folder is private to its user")
    listed = ", ".join(f"{item.path} ({item.mode:o})" for item in loose[:5])
    more = f" and {len(loose) - 5} more" if len(loose) > 5 else ""
    if not repair:
        return Check(
            name,
            WARN,
            f"open to other users of this PC: {listed}{more}",
            "run `pos doctor --repair` to make them owner-only",
        )
    failed = permissions.repair(loose)
    if failed:
        return Check(
            name,
            FAIL,
            "could not make owner-only: " + ", ".join(str(item.path) for item in failed),
            "run `pos doctor --repair` as the user who owns the data folder",
        )
    return Check(name, WARN, f"made owner-only ({len(loose)}): {listed}{more}", "find who loosened them")


def _backup_files(store: Store) -> list[Path]:
    from pos.field import backup

    return backup.local_backups(backup.backup_folder(store))


def core_checks(
    data_dir: Path, open_store: Callable[[], Store], *, repair: bool = False
) -> Iterable[Check]:
    """The local checks, in order; the store-based ones only when the store opens.

    ``repair`` lets the permission check tighten what it finds open to other users."""
    yield guarded("data folder", lambda: check_folder(data_dir))
    if data_dir.is_dir() and not (data_dir / STORE_FILENAME).exists():
        yield guarded("permissions", lambda: check_permissions(data_dir, repair=repair))
    yield guarded("disk space", lambda: check_disk(data_dir))
    store_check = guarded("store", lambda: check_store(data_dir))
    yield store_check
    if store_check.status == FAIL:
        return
    store = open_store()
    try:
        yield guarded("journal", lambda: check_journal(store))
        yield guarded("signing key", lambda: check_signing_key(store))
        yield guarded("PIN pepper", lambda: check_pin_pepper(store))
        yield guarded("backups", lambda: check_backups(store))
        yield guarded(
            "permissions", lambda: check_permissions(data_dir, backups=_backup_files(store), repair=repair)
        )
    finally:
        store.close()


def worst(checks: Iterable[Check]) -> str:
    statuses = {c.status for c in checks}
    return FAIL if FAIL in statuses else WARN if WARN in statuses else OK


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK)

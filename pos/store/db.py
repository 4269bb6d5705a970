"""Opening the local store: SQLite in WAL mode, synchronous=FULL, foreign keys on,
migrated to the current schema on open.

Writes go through :meth:`Store.write`, which starts ``BEGIN IMMEDIATE`` so that two
writers (the app and a ``pos`` command, say) queue on SQLite's lock instead of failing
half-way through a sale.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from pos.errors import DiskFull, StoreError, StoreReadOnly, StoreTooNew
from pos.store.private import create_private_file, make_private_dir, tighten_dir

log = logging.getLogger(__name__)

STORE_FILENAME = "pos.sqlite"
_MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


# The newest migration. Checked against Alembic's scripts by a test; kept here so that
# opening an up-to-date store does not import Alembic at all (a quick `pos` stays quick).
SCHEMA_HEAD = "0019"


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred and late).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        # Deleted and overwritten personal data (holders, purged by retention) is zeroed in the
        # file, not left in free space; some builds (Debian's) default to it, others do not.
        cur.execute("PRAGMA secure_delete = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


@dataclass(frozen=True)
class Store:
    """A handle on one terminal's data folder. Cheap to pass around; holds no session."""

    data_dir: Path
    engine: Engine

    @property
    def path(self) -> Path:
        return self.data_dir / STORE_FILENAME

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction. Commits on success, rolls back on any exception."""
        bind = self.engine.execution_options(write=True)
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise _translate(exc) from exc

    def close(self) -> None:
        self.engine.dispose()


def _translate(exc: DBAPIError) -> Exception:
    """Turn the SQLite failures a person can act on into store errors; keep the rest."""
    msg = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if "database or disk is full" in msg or "disk i/o" in msg:
        return DiskFull("the disk is full or failing: nothing was saved; free space and retry")
    if "readonly" in msg or "read-only" in msg:
        return StoreReadOnly("the data folder is read-only: nothing was saved")
    if "database is locked" in msg:
        return StoreError("the store is busy in another program: nothing was saved; retry")
    return exc


def open_store(data_dir: Path, *, create: bool = False) -> Store:
    """Open (and migrate) the store in ``data_dir``.

    Refuses a store written by a newer version of the app rather than guessing.
    """
    data_dir = Path(data_dir)
    path = data_dir / STORE_FILENAME
    if not path.exists() and not create:
        from pos.errors import StoreNotInitialised

        raise StoreNotInitialised(f"no store in {data_dir}: run `pos init` first")
    try:
        make_private_dir(data_dir)
        if create and create_private_file(path):
            # A new store: the folder is the terminal's own, whoever made it first.
            tighten_dir(data_dir)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {data_dir}: {exc.strerror}") from exc
    # SQLite in WAL mode writes its -wal/-shm files beside the store even to read, so a
    # read-only folder would otherwise surface as a puzzling "unable to open database".
    if not os.access(data_dir, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise StoreReadOnly(
            f"the data folder {data_dir} is read-only: remount it read-write or give the POS user "
            "write permission; nothing was changed"
        )
    engine = _make_engine(path)
    try:
        _migrate(engine)
    except Exception:
        engine.dispose()
        raise
    return Store(data_dir=data_dir, engine=engine)


def _current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            has_table = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
            ).first()
            if not has_table:
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        raise StoreError(
            f"the store cannot be read ({exc.orig}): is this an Outlet POS data folder?"
        ) from exc


def _migrate(engine: Engine) -> None:
    current = _current_revision(engine)
    if current == SCHEMA_HEAD:
        return
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    head = script.get_current_head()
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreTooNew(
            f"this store was written by a newer version of Outlet POS (schema {current}); "
            "install that version or newer, this one only knows up to " + str(head)
        )
    log.info("migrating store from %s to %s", current, head)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        from alembic import command

        command.upgrade(cfg, "head")

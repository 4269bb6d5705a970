"""One hold sweeper for every worker and every node of a central (issue 23).

Each server process runs a sweeper thread, but only the one that holds a PostgreSQL session
advisory lock sweeps: the lock is taken with ``pg_try_advisory_lock`` on a connection of
its own, kept for as long as the process lives, and let go when it stops (or by the
database, when its connection dies with the process), after which another process takes it
at its next tick. SQLite is one process: it always sweeps. The lazy sweep of a performance
before its seats are touched (``central.services.holds.sweep_performance``) still runs
everywhere: it is cheap, and each expiry locks and re-checks its hold, so two sweeps never
release a hold twice.
"""

from __future__ import annotations

import contextlib
import logging
import threading

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from central.context import Central
from central.db import Database
from central.services.holds import sweep

log = logging.getLogger(__name__)
LOCK_KEY = 7418220302  # beside the migration lock (7418220301)


class SweeperLock:
    """Whether this process is the sweeper now."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._conn: Connection | None = None

    def held(self) -> bool:
        if not self.db.is_postgres:
            return True
        if self._conn is not None:
            try:
                self._conn.exec_driver_sql("SELECT 1")
                return True
            except DBAPIError:
                log.warning("hold sweeper: lost its database connection; trying again")
                self._close()
        conn = self.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = bool(conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({LOCK_KEY})").scalar())
        except DBAPIError:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        log.info("hold sweeper: this process sweeps expired holds for the whole central")
        return True

    def release(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(DBAPIError):  # the connection is gone: so is the lock
                self._conn.exec_driver_sql(f"SELECT pg_advisory_unlock({LOCK_KEY})")
            self._close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.invalidate()  # never back to the pool still holding the lock
            finally:
                conn.close()


def run(central: Central, stop: threading.Event, interval: float) -> None:
    """The sweeper thread: every ``interval`` seconds, sweep if this process holds the lock."""
    lock = SweeperLock(central.db)
    try:
        while not stop.wait(interval):
            try:
                if lock.held():
                    sweep(central)
            except Exception:  # the sweeper must survive a bad moment of the database
                log.exception("hold sweeper failed")
    finally:
        lock.release()

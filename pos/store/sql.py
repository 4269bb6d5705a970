"""Plain SQL on the session's own sqlite3 connection, for the sale path.

SQLAlchemy Core spends ~200 µs building and caching each statement, its driver-SQL path
~50 µs, the sqlite3 cursor itself ~5 µs. A 4-ticket sale runs about twenty statements, so
the hot path goes straight to the cursor, inside the transaction the session began.
Errors are raised as SQLAlchemy's (IntegrityError, OperationalError…) so that callers and
``Store.write`` handle one family. Times are stored as fixed-width UTC text
(see :mod:`pos.store.types`).
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from pos.store.types import from_db_time, to_db_time


@lru_cache(maxsize=256)
def _row_type(names: tuple[str, ...]) -> Any:
    return namedtuple("Row", names, rename=True)


def _cursor(session: Session) -> Any:
    # The DB-API connection under the session's connection: same transaction, no Core layer.
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    return raw.cursor()


def _execute(session: Session, sql: str, params: Any, many: bool = False) -> Any:
    cur = _cursor(session)
    try:
        if many:
            cur.executemany(sql, params)
        else:
            cur.execute(sql, params)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, params, exc, sqlite3.Error) from exc
    return cur


def rows(session: Session, sql: str, *params: Any) -> list[Any]:
    cur = _execute(session, sql, params)
    found = cur.fetchall()
    if not found:
        return []
    kind = _row_type(tuple(d[0] for d in cur.description))
    return [kind._make(r) for r in found]


def row(session: Session, sql: str, *params: Any) -> Any:
    cur = _execute(session, sql, params)
    found = cur.fetchone()
    if found is None:
        return None
    return _row_type(tuple(d[0] for d in cur.description))._make(found)


def run(session: Session, sql: str, params: Sequence[Any] | Sequence[Sequence[Any]] = ()) -> Any:
    """Execute; a list of tuples runs as executemany. Returns the cursor (``rowcount``)."""
    many = bool(params) and isinstance(params, list) and isinstance(params[0], (tuple, list))
    return _execute(session, sql, params if params else (), many=many)


def marks(n: int) -> str:
    return ",".join("?" * n)


def time_in(value: datetime) -> str:
    return to_db_time(value)


def time_out(value: str | None) -> datetime | None:
    return from_db_time(value)


def _value(v: Any) -> Any:
    if isinstance(v, datetime):
        return to_db_time(v)
    if isinstance(v, bool):
        return int(v)
    return v


def insert(session: Session, table: str, records: Sequence[dict[str, Any]]) -> None:
    """Insert dicts that all have the same keys (names are ours, never user input)."""
    if not records:
        return
    cols = list(records[0])
    statement = f"INSERT INTO {table} ({','.join(cols)}) VALUES ({marks(len(cols))})"
    params = [tuple(_value(r[c]) for c in cols) for r in records]
    _execute(session, statement, params, many=True)

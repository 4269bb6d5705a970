"""Plain SQL on the session's connection, for the sale path.

SQLAlchemy Core spends ~200 µs building and caching each statement; the driver runs it
in ~50 µs. A 4-ticket sale runs about twenty statements, so the hot path uses these.
Times are stored as fixed-width UTC text (see :mod:`pos.store.types`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from pos.store.types import UtcDateTime, to_db_time

_TIME = UtcDateTime()


def rows(session: Session, sql: str, *params: Any) -> Sequence[Row[Any]]:
    return session.connection().exec_driver_sql(sql, params).all()


def row(session: Session, sql: str, *params: Any) -> Row[Any] | None:
    return session.connection().exec_driver_sql(sql, params).first()


def run(session: Session, sql: str, params: Sequence[Any] | Sequence[Sequence[Any]] = ()) -> Any:
    """Execute; a list of tuples runs as executemany."""
    return session.connection().exec_driver_sql(sql, params if params else ())


def marks(n: int) -> str:
    return ",".join("?" * n)


def time_in(value: datetime) -> str:
    return to_db_time(value)


def time_out(value: str | None) -> datetime | None:
    return _TIME.process_result_value(value, None)  # type: ignore[arg-type]


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
    session.connection().exec_driver_sql(statement, params if len(params) > 1 else params[0])

"""How the catalog feed is written: rows upserted by primary key or inserted in chunks, and
the feed's times made aware UTC (a time without a zone refuses the feed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from pos.errors import CatalogError

_CHUNK = 5000


def upsert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table: Table = model.__table__
    keys = [c.name for c in table.primary_key.columns]
    stmt = insert(table)
    updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def bulk(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for i in range(0, len(rows), _CHUNK):
        session.execute(insert(model.__table__), rows[i : i + _CHUNK])


def feed_time(value: Any) -> datetime:
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        raise CatalogError(f"time without a time zone in catalog: {value}")
    return dt.astimezone(UTC)


def optional_time(value: Any) -> datetime | None:
    return None if value is None else feed_time(value)

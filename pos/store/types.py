"""Column types shared by the models, and the stored form of a time for raw SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_db_time(value: datetime) -> str:
    """The stored text form of a time, for raw SQL comparisons."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the store; use an aware datetime")
    return value.astimezone(UTC).strftime(_FORMAT)


def from_db_time(value: str | None) -> datetime | None:
    """A stored time read back, aware, in UTC."""
    if value is None:
        return None
    return datetime.strptime(value, _FORMAT).replace(tzinfo=UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as fixed-width ISO 8601 UTC text.

    SQLite has no time zone type; fixed-width UTC text sorts and compares correctly.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else to_db_time(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return from_db_time(value)

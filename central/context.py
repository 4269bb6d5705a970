"""What every service call gets: the database, the clock and the caller."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from central.db import Database

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Central:
    db: Database
    clock: Clock = system_clock
    # Last lazy sweep of expired holds per performance (by the central clock).
    last_sweep: dict[str, datetime] = field(default_factory=dict)

    def now(self) -> datetime:
        value = self.clock()
        if value.tzinfo is None:
            raise ValueError("central clock must return aware datetimes")
        return value.astimezone(UTC)


@dataclass(frozen=True)
class Caller:
    """An enrolled terminal, as authenticated by its bearer token."""

    terminal_id: str
    terminal_name: str
    outlet_id: str
    outlet_kind: str
    key_id: str
    outlet_rules: dict[str, Any]
    commission_bps: int

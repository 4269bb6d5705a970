"""What every service call gets: the database, the clock and the caller."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from central.db import Database
from central.holder_keys import HolderKeys, for_database
from central.ticketcodes import CODE_VERSION, TRAINING_CODE_VERSION

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Central:
    db: Database
    clock: Clock = system_clock
    # Last lazy sweep of expired holds per performance (by the central clock).
    last_sweep: dict[str, datetime] = field(default_factory=dict)
    # Authenticated callers by token hash, with the monotonic time they were read: saves a
    # transaction per request. A revocation or an outlet change made through this process
    # clears it at once; one made elsewhere (another worker, the CLI) takes effect within
    # ``auth_cache_seconds``.
    auth_cache_seconds: float = 2.0
    _callers: dict[str, tuple[float, Caller]] = field(default_factory=dict, repr=False)
    _callers_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Performance rows (read-only Core rows) by id, with the monotonic time they were read:
    # saves a statement per hold and order. Only a catalog import changes them: one through
    # this process clears the cache at once, one elsewhere (the CLI, another worker) takes
    # effect within ``catalog_cache_seconds``, as for callers.
    catalog_cache_seconds: float = 2.0
    _perfs: dict[str, tuple[float, Any]] = field(default_factory=dict, repr=False)
    catalog_generation: int = 0  # bumped by every import through this process
    # When this process last wrote each terminal's contact (central clock): see
    # ``central.services.contacts``.
    contacts_noted: dict[str, datetime] = field(default_factory=dict, repr=False)

    # Keys that protect ID numbers (``central.holder_keys``), kept outside the database; read
    # on first use when not given.
    holder_keys: HolderKeys | None = None
    # Whether each event is real-name, with the monotonic time it was read (as ``_perfs``).
    real_name_events: dict[str, tuple[float, bool]] = field(default_factory=dict, repr=False)
    # Issue 25: a training sandbox (in the terminal's own process, on its training folder's
    # SQLite): it takes and signs training codes only, as a real central takes none of them.
    sandbox: bool = False

    @property
    def code_version(self) -> int:
        return TRAINING_CODE_VERSION if self.sandbox else CODE_VERSION

    def holders(self) -> HolderKeys:
        if self.holder_keys is None:
            self.holder_keys = for_database(self.db.engine.url.render_as_string(hide_password=False))
        return self.holder_keys

    def note_contact(self, terminal_id: str, at: datetime) -> None:
        with self._callers_lock:
            if len(self.contacts_noted) >= 10_000:  # bounded: forgetting costs one write
                self.contacts_noted.clear()
            self.contacts_noted[terminal_id] = at

    def cached_caller(self, token_hash: str) -> Caller | None:
        hit = self._callers.get(token_hash)
        if hit is None or time.monotonic() - hit[0] >= self.auth_cache_seconds:
            return None
        return hit[1]

    def remember_caller(self, token_hash: str, caller: Caller, read_at: float) -> None:
        with self._callers_lock:
            if len(self._callers) >= 10_000:  # bounded: stale entries are useless anyway
                self._callers.clear()
            self._callers[token_hash] = (read_at, caller)

    def forget_callers(self) -> None:
        with self._callers_lock:
            self._callers.clear()

    def cached_performance(self, performance_id: str) -> Any | None:
        hit = self._perfs.get(performance_id)
        if hit is None or time.monotonic() - hit[0] >= self.catalog_cache_seconds:
            return None
        return hit[1]

    def remember_performances(self, rows: list[Any], read_at: float, generation: int) -> None:
        with self._callers_lock:
            if generation != self.catalog_generation:
                return  # an import ran while they were read: they may be stale
            if len(self._perfs) >= 10_000:
                self._perfs.clear()
            for row in rows:
                self._perfs[row.id] = (read_at, row)

    def forget_performances(self) -> None:
        with self._callers_lock:
            self.catalog_generation += 1
            self._perfs.clear()
            self.real_name_events.clear()

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
    # A city partner's terms (issue 24): commission by event or category, the contract's days.
    commission_rules: dict[str, Any] = field(default_factory=dict)
    contract_start: date | None = None
    contract_end: date | None = None

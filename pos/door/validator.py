"""The door validator: one scan, checked in order and recorded in one write transaction.

Checks, in this order (the first that fails is the verdict):
  1. the code decodes                         -> unreadable
  2. the key is known and valid when it signed -> unknown_key / key_not_valid_then
  3. the signature holds                       -> forged
  4. not revoked                               -> refunded / exchanged / reprinted / cancelled /
                                                 refused_by_central
  5. this performance and this gate            -> wrong_performance / wrong_gate
  6. inside the admission window               -> not_yet_open / closed
  7. the scan log and the entry rule           -> already_admitted / not_inside, else valid

Everything is read from this terminal's own store (keys and revocations pulled from
central, peers' scans merged in), so a ticket sold a minute ago anywhere validates
offline: no per-ticket download. Steps 2-7 and the insert of the scan run inside one
``BEGIN IMMEDIATE`` transaction, so two scans of one ticket on this terminal (two
threads, or the app and ``pos door check``) are serialised: only one can admit.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pos.door import rules, scanlog
from pos.door.keylife import StoreKeys
from pos.door.rules import Direction, EntryRule, Verdict
from pos.errors import InvalidInput, NotFound, StoreError, TicketCodeError
from pos.store import sql
from pos.store.db import Store
from pos.terminal.identity import terminal_info
from pos.tickets import verify
from pos.tickets.codec import TicketClaims

log = logging.getLogger(__name__)

_CODE_VERDICTS = {
    "unreadable": Verdict.UNREADABLE,
    "wrong_version": Verdict.UNREADABLE,
    "unknown_key": Verdict.UNKNOWN_KEY,
    "bad_signature": Verdict.FORGED,
    "training_ticket": Verdict.TRAINING_TICKET,
}
_CODE_WORDS = {
    Verdict.UNREADABLE: "unreadable: this is not a ticket code, or it is damaged",
    Verdict.UNKNOWN_KEY: "unknown key: not signed by any outlet or by the platform",
    Verdict.FORGED: "forged: the code was altered or made up",
    Verdict.TRAINING_TICKET: "training ticket (培训): printed in training mode, never valid for entry",
}


@dataclass(frozen=True, slots=True)
class DoorScan:
    """The verdict of one scan, with what the steward needs to see."""

    verdict: Verdict
    reason: str  # plain words
    direction: Direction
    nonce: str
    scanned_at: datetime
    gate: str
    ticket_id: str | None = None  # None when the code could not be trusted
    performance_id: str | None = None  # as the ticket claims it
    item_id: str | None = None
    ticket_gate: str | None = None
    concession: str | None = None
    holder_name: str = ""  # real-name events: masked name, e.g. "张*"
    holder_id: str = ""  # masked ID number, e.g. "310***********1234"
    first_gate: str | None = None  # already_admitted: where and when
    first_at: datetime | None = None
    replaced_by: str | None = None  # reprinted or exchanged: the ticket that replaced it
    detail: str = ""  # the codec's own words, for the log

    @property
    def green(self) -> bool:
        return self.verdict is Verdict.VALID

    @property
    def admitted(self) -> bool:
        return self.green and self.direction is Direction.IN

    def to_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict.value,
            "green": self.green,
            "admitted": self.admitted,
            "reason": self.reason,
            "direction": self.direction.value,
            "nonce": self.nonce,
            "scanned_at": self.scanned_at.isoformat(),
            "gate": self.gate,
            "ticket_id": self.ticket_id,
            "performance_id": self.performance_id,
            "item_id": self.item_id,
            "ticket_gate": self.ticket_gate,
            "concession": self.concession,
            "holder_name": self.holder_name,
            "holder_id": self.holder_id,
            "first_gate": self.first_gate,
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "replaced_by": self.replaced_by,
        }


@dataclass(frozen=True, slots=True)
class _Door:
    performance_id: str
    venue_id: str
    doors_open_at: datetime
    ends_at: datetime
    status: str
    rule: EntryRule
    real_name: bool
    event_name: str


class DoorValidator:
    """Validates scans for one performance at one gate of this terminal."""

    def __init__(
        self,
        store: Store,
        *,
        performance_id: str,
        gate: str,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))
        info = terminal_info(store)
        self.terminal_id = info.terminal_id
        self.tz = ZoneInfo(info.timezone)
        self.door = self._load_door(performance_id)
        self.gate = self._check_gate(gate)
        self._perf_names: dict[str, str] = {}
        self._local = threading.local()
        self._held: list[Any] = []

    def _load_door(self, performance_id: str) -> _Door:
        with self.store.read() as session:
            r = sql.row(
                session,
                "SELECT p.id, p.doors_open_at, p.ends_at, p.status, e.venue_id, e.entry_rule,"
                " e.real_name_required, e.name_en FROM performance p JOIN event e ON e.id = p.event_id"
                " WHERE p.id = ?",
                performance_id,
            )
        if r is None:
            raise NotFound(f"no performance {performance_id!r} in this terminal's catalog: sync first")
        return _Door(
            r.id,
            r.venue_id,
            scanlog.time_of(r.doors_open_at),
            scanlog.time_of(r.ends_at),
            r.status,
            EntryRule.of(r.entry_rule),
            bool(r.real_name_required),
            r.name_en,
        )

    def _check_gate(self, gate: str) -> str:
        with self.store.read() as session:
            gates = [
                g.id for g in sql.rows(session, "SELECT id FROM gate WHERE venue_id = ?", self.door.venue_id)
            ]
        if gate not in gates:
            raise InvalidInput(
                f"gate {gate!r} is not a gate of venue {self.door.venue_id}: one of {', '.join(gates)}"
            )
        return gate

    # --- the scan -----------------------------------------------------------------------

    def check(self, code: object, *, direction: Direction | str = Direction.IN) -> DoorScan:
        """Validate one scan and record it. Never raises for a bad code: that is a verdict."""
        try:
            way = Direction(direction)
        except ValueError:
            raise InvalidInput("direction must be 'in' or 'out'") from None
        with self._transaction(write=True) as cur:
            now = self._clock()
            result = self._decide(cur, code, way, now, nonce=str(uuid.uuid4()))
            scanlog.record(
                cur,
                scanlog.ScanRecord(
                    nonce=result.nonce,
                    ticket_id=result.ticket_id or "",
                    performance_id=result.performance_id or self.door.performance_id,
                    gate=self.gate,
                    direction=way.value,
                    verdict=result.verdict.value,
                    scanned_at=now,
                    terminal_id=self.terminal_id,
                    reason=result.reason[:200],
                ),
                # A code that is not a genuine ticket means nothing to central.
                uploaded=result.ticket_id is None,
            )
        if not result.green:
            log.info("refused %s: %s", result.ticket_id or "?", result.reason)
        return result

    def evaluate(self, code: object, *, direction: Direction | str = Direction.IN) -> DoorScan:
        """What :meth:`check` would say now, without recording a scan (a preview for a
        manual search; the fuzz tests). Only :meth:`check` may admit anyone."""
        try:
            way = Direction(direction)
        except ValueError:
            raise InvalidInput("direction must be 'in' or 'out'") from None
        with self._transaction(write=False) as cur:
            return self._decide(cur, code, way, self._clock(), nonce="")  # a preview is no scan

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sqlite3.Cursor]:
        """A transaction on a pooled DB-API connection: the scan is a handful of point
        lookups, and a Session per scan costs more than the signature check. Writes start
        with BEGIN IMMEDIATE (as Store.write does), which serialises deciding and recording
        against every other writer of this store, in any thread or process."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # One connection per thread, kept: checking one out of the pool per scan cost a
            # tenth of the scan. close() gives them back.
            conn = self._local.conn = self.store.engine.raw_connection()
            self._held.append(conn)
        try:
            cur: sqlite3.Cursor = conn.cursor()  # type: ignore[assignment]
            cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
            raise StoreError(
                f"the scan could not be recorded ({exc}): nothing was saved; scan again"
            ) from exc

    def close(self) -> None:
        """Give this validator's connections back to the store's pool."""
        held, self._held = self._held, []
        for conn in held:
            with contextlib.suppress(Exception):
                conn.close()
        self._local = threading.local()

    def _decide(
        self, cur: sqlite3.Cursor, code: object, way: Direction, now: datetime, *, nonce: str
    ) -> DoorScan:
        base = {"direction": way, "nonce": nonce, "scanned_at": now, "gate": self.gate}
        keys = StoreKeys(cur, code)
        # 1-3: decodes, known key valid when it signed, signature (in this order).
        try:
            ticket = verify(code, keys=keys)  # type: ignore[arg-type]
        except TicketCodeError as exc:
            verdict = _CODE_VERDICTS.get(exc.reason, Verdict.UNREADABLE)
            words = _CODE_WORDS[verdict]
            if keys.not_valid_then:  # step 2: a known key, but not when this code was signed
                verdict, words = Verdict.KEY_NOT_VALID_THEN, f"key not valid then: {keys.not_valid_then}"
            return DoorScan(verdict, words, detail=exc.message, **base)  # type: ignore[arg-type]
        c = ticket.claims
        facts = {
            "ticket_id": c.ticket_id,
            "performance_id": c.performance_id,
            "item_id": c.item_id,
            "ticket_gate": c.gate_id,
            "concession": c.concession,
            **self._holder(cur, c),
        }

        def say(verdict: Verdict, reason: str, **more: object) -> DoorScan:
            return DoorScan(verdict, reason, **base, **facts, **more)  # type: ignore[arg-type]

        # 4: revocations (refund, exchange, reprint, refused order), from here or central's feed.
        rev = cur.execute(
            "SELECT reason, replaced_by FROM revocation WHERE ticket_id = ?", (c.ticket_id,)
        ).fetchone()
        if rev is not None:
            verdict, words = rules.revoked(rev[0], rev[1])
            return say(verdict, words, replaced_by=rev[1])
        # 5: performance, then gate.
        if c.performance_id != self.door.performance_id:
            return say(
                Verdict.WRONG_PERFORMANCE,
                f"wrong event or date: this ticket is for {self._perf_name(cur, c.performance_id)}",
            )
        if c.gate_id and c.gate_id != self.gate:
            return say(Verdict.WRONG_GATE, f"wrong gate: this ticket enters by gate {c.gate_id}")
        # 6: the admission window.
        window = rules.admission_window(
            now,
            doors_open_at=self.door.doors_open_at,
            ends_at=self.door.ends_at,
            status=self.door.status,
            direction=way,
            tz=self.tz,
        )
        if window is not None:
            return say(*window)
        # 7: the scan log (own, peers', central's) under the event's entry rule.
        decision = rules.from_log(
            scanlog.accepted_on(cur, c.ticket_id), rule=self.door.rule, direction=way, tz=self.tz
        )
        first = decision.first
        return say(
            decision.verdict,
            decision.reason,
            first_gate=first.gate if first else None,
            first_at=first.scanned_at if first else None,
        )

    def _holder(self, cur: sqlite3.Cursor, c: TicketClaims) -> dict[str, str]:
        if not self.door.real_name and not c.holder:
            return {}
        # Sold here: the full record, masked for the screen. Else what the code carries.
        r = cur.execute(
            "SELECT holder_name, holder_id_masked FROM ticket WHERE id = ?", (c.ticket_id,)
        ).fetchone()
        if r is not None and r[0]:
            return {"holder_name": r[0], "holder_id": r[1]}  # kept masked (issue 18)
        name, _, last4 = c.holder.partition("·")
        return {"holder_name": name, "holder_id": f"****{last4}" if last4 else ""}

    def _perf_name(self, cur: sqlite3.Cursor, performance_id: str) -> str:
        if performance_id not in self._perf_names:
            r = cur.execute(
                "SELECT e.name_en, p.starts_at FROM performance p JOIN event e ON e.id = p.event_id WHERE p.id = ?",
                (performance_id,),
            ).fetchone()
            if r is None:
                self._perf_names[performance_id] = f"another performance ({performance_id})"
            else:
                starts = sql.time_out(r[1])
                assert starts is not None
                self._perf_names[performance_id] = (
                    f"{r[0]} on {starts.astimezone(self.tz):%Y-%m-%d %H:%M} ({performance_id})"
                )
        return self._perf_names[performance_id]


def gates_for(store: Store, performance_id: str) -> list[str]:
    """The gates of the performance's venue, for the door's choice of gate."""
    with store.read() as session:
        found = sql.rows(
            session,
            "SELECT g.id FROM performance p JOIN event e ON e.id = p.event_id JOIN gate g ON g.venue_id = e.venue_id"
            " WHERE p.id = ? ORDER BY g.id",
            performance_id,
        )
    return [r.id for r in found]

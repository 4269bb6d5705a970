"""The journal: append-only, numbered without gaps, SHA-256 chained over canonical records.

Every entry's hash covers the previous entry's hash and the entry's canonical JSON, so an
edit, a deletion or a reordering anywhere breaks the chain from that point on. Database
triggers refuse UPDATE and DELETE; :func:`verify` catches what gets past them (someone
dropping the triggers, or editing the file by hand).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.errors import JournalCorrupt
from pos.store import sql
from pos.store.db import Store
from pos.store.models import JournalEntry, Order

GENESIS = "0" * 64

# What the journal records. Kept as a closed set so a typo is a bug, not a new kind.
KINDS = frozenset(
    {
        "init",
        "enrol",
        "catalog_import",
        "staff_added",
        "staff_deactivated",
        "staff_reactivated",
        "staff_role_changed",
        "pin_reset",
        "pin_changed",
        "privacy_purge",
        "privacy_retention_set",
        "auth_lockout",
        "override",
        "sale",
        "void",
        "refund",
        "exchange",
        "reprint",
        "drawer_open",
        "cash_in",
        "cash_out",
        "shift_open",
        "shift_close",
        "offline",
        "online",
        "close_out",
        "sync_resolve",
        "pickup",
        "training_started",  # a supervisor switched the terminal into training (pos.training)
        "training_stopped",
        "offline_forced",  # a sale forced onto the offline policy (``pos sell --offline``)
        "order_refused",  # central refused an uploaded order: its tickets were made void
        "print_confirmed",  # a clerk said the tickets of an unconfirmed print job came out
        # Mobile-wallet payments (pos.payments): the intent before the gateway is called, the
        # charge taken (in the sale's transaction), refused, reversal asked for and confirmed,
        # and each refund to a wallet once the gateway answered it.
        "payment_intent",
        "payment_paid",
        "payment_failed",
        "payment_reversal",
        "payment_reversed",
        "wallet_refund",
    }
)


@dataclass(frozen=True, slots=True)
class JournalRecord:
    seq: int
    ts: str
    terminal: str
    kind: str
    staff: str | None
    approver: str | None
    ref: str
    data: Mapping[str, Any]
    hash: str


@dataclass(frozen=True, slots=True)
class JournalReport:
    entries: int
    head_hash: str


def canonical(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, record_json: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{record_json}".encode()).hexdigest()


def append(
    session: Session,
    *,
    kind: str,
    terminal_id: str,
    staff_id: str | None,
    approver_id: str | None = None,
    ref: str = "",
    data: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Append one entry inside the caller's write transaction and return its number."""
    if kind not in KINDS:
        raise ValueError(f"unknown journal kind {kind!r}")
    # Plain SQL: this runs inside every sale's transaction (see pos.store.sql).
    last = sql.row(session, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
    when = (now or datetime.now(UTC)).astimezone(UTC)
    record = {
        "seq": seq,
        "ts": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "terminal": terminal_id,
        "kind": kind,
        "staff": staff_id,
        "approver": approver_id,
        "ref": ref,
        "data": dict(data or {}),
    }
    text = canonical(record)
    sql.insert(
        session, "journal", [{"seq": seq, "record": text, "prev_hash": prev, "hash": chain_hash(prev, text)}]
    )
    return seq


def _parse(row: JournalEntry) -> JournalRecord:
    rec = json.loads(row.record)
    return JournalRecord(
        seq=rec["seq"],
        ts=rec["ts"],
        terminal=rec["terminal"],
        kind=rec["kind"],
        staff=rec["staff"],
        approver=rec["approver"],
        ref=rec["ref"],
        data=rec["data"],
        hash=row.hash,
    )


def entries(store: Store, *, after: int = 0, limit: int = 100) -> tuple[JournalRecord, ...]:
    with store.read() as session:
        rows = session.scalars(
            select(JournalEntry).where(JournalEntry.seq > after).order_by(JournalEntry.seq).limit(limit)
        ).all()
        return tuple(_parse(r) for r in rows)


def verify(store: Store) -> JournalReport:
    """Walk the whole chain. Raises :class:`JournalCorrupt` naming the first bad entry."""
    expected_seq, prev, count = 1, GENESIS, 0
    refs: dict[int, str] = {}
    with store.read() as session:
        rows = session.execute(
            select(JournalEntry.seq, JournalEntry.record, JournalEntry.prev_hash, JournalEntry.hash).order_by(
                JournalEntry.seq
            )
        )
        for seq, record, prev_hash, hash_ in rows:
            if seq != expected_seq:
                raise JournalCorrupt(
                    f"entry #{expected_seq} is missing (next present is #{seq}): entries were deleted",
                    seq=expected_seq,
                )
            if prev_hash != prev:
                raise JournalCorrupt(
                    f"entry #{seq} does not follow entry #{seq - 1}: entries were removed, reordered or edited",
                    seq=seq,
                )
            if chain_hash(prev, record) != hash_:
                raise JournalCorrupt(f"entry #{seq} was edited: its content does not match its hash", seq=seq)
            try:
                parsed = json.loads(record)
                recorded_seq = parsed["seq"]
            except (ValueError, KeyError, TypeError):
                raise JournalCorrupt(f"entry #{seq} is unreadable", seq=seq) from None
            if recorded_seq != seq:
                raise JournalCorrupt(f"entry #{seq} was moved: it records itself as #{recorded_seq}", seq=seq)
            if parsed.get("kind") == "sale":
                refs[seq] = parsed.get("ref", "")
            prev, expected_seq, count = hash_, expected_seq + 1, count + 1
        # A sale whose journal entry is gone means the tail was cut off.
        for order_id, journal_seq in session.execute(select(Order.id, Order.journal_seq)):
            if refs.get(journal_seq) != order_id:
                raise JournalCorrupt(
                    f"order {order_id} names journal entry #{journal_seq}, which is missing or not its sale",
                    seq=journal_seq,
                )
    return JournalReport(entries=count, head_hash=prev)

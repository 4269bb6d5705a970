"""The journal's anchors: heads central acknowledged, kept here, and the local chain held
against them.

A hash chain alone proves only that it is consistent with itself: whoever holds the file can
edit an entry and recompute every hash after it, delete an entry and renumber the rest, or
cut the tail, and :func:`pos.journal.chain.verify` still passes. An anchor is a head
(number and hash) that left the terminal and that central acknowledged; a chain whose entry
#N no longer has the anchored hash, or that ends before #N, was rewritten. What comes after
the last anchor is protected by the chain alone until the next sync anchors it.

This module only compares and stores: the receipts' signatures are checked by the caller
(``sync.anchor``), which knows central's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos.errors import JournalCorrupt
from pos.journal.chain import GENESIS
from pos.store import sql
from pos.store.db import Store


@dataclass(frozen=True, slots=True)
class StoredAnchor:
    seq: int
    hash: str
    acknowledged_at: datetime | None
    central_key_id: str
    receipt: str  # central's reply as JSON: its signature is what can be trusted


def head(store: Store) -> tuple[int, str]:
    """The journal's last entry: (number, hash); (0, GENESIS) when it is empty."""
    with store.read() as session:
        last = sql.row(session, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
    return (int(last.seq), str(last.hash)) if last else (0, GENESIS)


def way_after(store: Store, *, since: int, limit: int, max_bytes: int) -> list[tuple[int, str, str]]:
    """Entries after ``since`` as (number, canonical record, hash), at most ``limit`` of them
    and about ``max_bytes`` of records (at least one): what central chains an anchor with."""
    with store.read() as session:
        rows = sql.rows(
            session, "SELECT seq, record, hash FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", since, limit
        )
    out: list[tuple[int, str, str]] = []
    size = 0
    for r in rows:
        size += len(r.record.encode())
        if out and size > max_bytes:
            break
        out.append((int(r.seq), str(r.record), str(r.hash)))
    return out


def record(
    store: Store, *, seq: int, hash: str, acknowledged_at: datetime, central_key_id: str, receipt: str
) -> None:
    """Keep an acknowledged head (once per number: central never acknowledges two)."""
    with store.write() as session:
        sql.run(
            session,
            "INSERT OR IGNORE INTO journal_anchor (seq, hash, acknowledged_at, central_key_id, receipt) "
            "VALUES (?, ?, ?, ?, ?)",
            (seq, hash, sql.time_in(acknowledged_at), central_key_id, receipt),
        )


def stored(store: Store, *, limit: int = 50) -> tuple[StoredAnchor, ...]:
    """The anchors kept here, the highest first."""
    with store.read() as session:
        rows = sql.rows(
            session,
            "SELECT seq, hash, acknowledged_at, central_key_id, receipt FROM journal_anchor "
            "ORDER BY seq DESC LIMIT ?",
            limit,
        )
    return tuple(
        StoredAnchor(
            int(r.seq), str(r.hash), sql.time_out(r.acknowledged_at), str(r.central_key_id), str(r.receipt)
        )
        for r in rows
    )


def compare(store: Store, *, seq: int, hash: str, source: str) -> None:
    """Hold the local chain against an acknowledged head; :class:`JournalCorrupt` when the
    chain was cut before it or differs at it. ``source`` says where the head came from
    (e.g. "asked just now"), in brackets after the message."""
    with store.read() as session:
        at = sql.row(session, "SELECT hash FROM journal WHERE seq = ?", seq)
        last = sql.row(session, "SELECT max(seq) AS seq FROM journal")
        end = int(last.seq) if last and last.seq is not None else 0
        if at is None:
            missing = f"entry #{seq} is" if end + 1 == seq else f"{seq - end} entries are"
            raise JournalCorrupt(
                f"the journal ends at entry #{end} but central acknowledged entry #{seq} ({source}): "
                f"{missing} missing (deleted and the rest renumbered, or cut off)",
                seq=end + 1,
            )
        if at.hash == hash:
            return
        # Narrow it down with the older anchors kept here that still match (a hint only:
        # they live in the same file as the journal).
        good = 0
        for row in sql.rows(
            session, "SELECT seq, hash FROM journal_anchor WHERE seq < ? ORDER BY seq DESC", seq
        ):
            mine = sql.row(session, "SELECT hash FROM journal WHERE seq = ?", row.seq)
            if mine is not None and mine.hash == row.hash:
                good = int(row.seq)
                break
    raise JournalCorrupt(
        f"entry #{seq} is not the one central acknowledged ({source}): the history up to it was rewritten "
        f"(an entry edited, deleted or moved, and the chain recomputed) somewhere in #{good + 1}–#{seq}",
        seq=good + 1,
    )

"""The journal (append-only, hash-chained) and the outbox of what must reach central."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


class JournalEntry(Base):
    """Append-only, gap-free, SHA-256 chained. Triggers in the migration refuse changes."""

    __tablename__ = "journal"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    record: Mapped[str] = mapped_column(Text)  # canonical JSON of the entry
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxMessage(Base):
    """What must reach central, in order. Written in the same transaction as its cause."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)  # idempotency key at central
    kind: Mapped[str] = mapped_column(String(24))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | sent | attention
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class JournalAnchor(Base):
    """A journal head central acknowledged, with central's signed receipt (the JSON it sent).
    Only ever added to; the receipt, not this row, is what ``pos journal verify`` trusts."""

    __tablename__ = "journal_anchor"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime] = mapped_column(UtcDateTime)
    central_key_id: Mapped[str] = mapped_column(String(8))
    receipt: Mapped[str] = mapped_column(Text)

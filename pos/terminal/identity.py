"""Who this terminal is: its id, its outlet, its language, and its ticket-signing key."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from pos.errors import InvalidInput, StoreError, StoreNotInitialised
from pos.journal import chain as journal
from pos.staff.pins import PEPPER_FILE, write_pepper
from pos.store.db import STORE_FILENAME, Store, open_store
from pos.store.models import KnownKey, Terminal
from pos.tickets import TicketSigner, generate_private_key, private_key_from_pem, private_key_to_pem

log = logging.getLogger(__name__)

SIGNING_KEY_FILE = "ticket-signing-key.pem"
#: A setting only a training store holds (pos.training): its codes are training codes.
TRAINING_STORE_MARK = "training.store"
LANGUAGES = ("zh", "en")
_TERMINAL_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,15}$")


@dataclass(frozen=True, slots=True)
class TerminalInfo:
    terminal_id: str
    outlet_id: str
    language: str
    currency: str
    timezone: str
    key_id: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def init_terminal(
    data_dir: Path,
    *,
    terminal_id: str,
    outlet_id: str,
    language: str = "zh",
    currency: str = "CNY",
    timezone: str = "Asia/Shanghai",
    private_key: Ed25519PrivateKey | None = None,
    now: datetime | None = None,
) -> TerminalInfo:
    """Create the store and the terminal's signing key (or take the one enrolment made).
    Refuses to run twice."""
    if not _TERMINAL_ID.match(terminal_id):
        raise InvalidInput("terminal id: 1-16 upper-case letters, digits or dashes, e.g. T01")
    if not re.match(r"^[A-Za-z0-9_.:-]{1,40}$", outlet_id):
        raise InvalidInput("outlet id: 1-40 letters, digits or _.:-")
    if language not in LANGUAGES:
        raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}")
    if not re.match(r"^[A-Z]{3}$", currency):
        raise InvalidInput("currency must be an ISO 4217 code such as CNY")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {timezone!r}") from None
    data_dir = Path(data_dir)
    if (data_dir / STORE_FILENAME).exists():
        if _has_terminal(data_dir):
            raise InvalidInput(f"{data_dir} already holds a terminal store; use another --data-dir")
        # An init that died half-way: a store with no terminal can hold nothing else
        # (no catalog, staff or sale without one), so start it again.
        log.warning("finishing an interrupted init in %s", data_dir)
        for name in (STORE_FILENAME, STORE_FILENAME + "-wal", STORE_FILENAME + "-shm", SIGNING_KEY_FILE, PEPPER_FILE):
            (data_dir / name).unlink(missing_ok=True)
    now = now or datetime.now(UTC)
    key = private_key or generate_private_key()
    signer = TicketSigner(key)
    store = open_store(data_dir, create=True)
    try:
        _write_key(data_dir / SIGNING_KEY_FILE, private_key_to_pem(key))
        write_pepper(data_dir)  # beside the key: what makes the store's PIN hashes uncrackable alone
        with store.write() as session:
            session.add(
                Terminal(
                    id=1,
                    terminal_id=terminal_id,
                    outlet_id=outlet_id,
                    language=language,
                    currency=currency,
                    timezone=timezone,
                    key_id=signer.key_id,
                    next_order_seq=1,
                    created_at=now,
                )
            )
            session.add(
                KnownKey(
                    key_id=signer.key_id,
                    public_key=signer.public_key,
                    owner=f"terminal:{terminal_id}",
                    valid_from=now,
                    valid_until=None,
                )
            )
            journal.append(
                session,
                kind="init",
                terminal_id=terminal_id,
                staff_id=None,
                data={"outlet": outlet_id, "key_id": signer.key_id},
                now=now,
            )
    finally:
        store.close()
    return TerminalInfo(terminal_id, outlet_id, language, currency, timezone, signer.key_id)


def _has_terminal(data_dir: Path) -> bool:
    import sqlite3

    if (data_dir / STORE_FILENAME).stat().st_size == 0:
        return False  # created owner-only, then the init stopped before SQLite wrote it
    con = sqlite3.connect(data_dir / STORE_FILENAME)
    try:
        return con.execute("SELECT count(*) FROM terminal").fetchone()[0] > 0
    except sqlite3.DatabaseError:
        return True  # unreadable or foreign: never delete it
    finally:
        con.close()


def _write_key(path: Path, pem: bytes) -> None:
    # Owner-only from the first byte: never a moment where the key is world-readable.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise StoreError(f"{path} already exists; refusing to overwrite a signing key") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())


def terminal_info(store: Store) -> TerminalInfo:
    with store.read() as session:
        row = session.scalar(select(Terminal))
        if row is None:
            raise StoreNotInitialised(f"{store.data_dir} has no terminal: run `pos init`")
        return TerminalInfo(
            row.terminal_id, row.outlet_id, row.language, row.currency, row.timezone, row.key_id
        )


def load_signer(store: Store) -> TicketSigner:
    """The terminal's ticket signer; a training store's writes training codes, which every
    door refuses (``training_ticket``)."""
    from pos.store import settings

    return TicketSigner(load_private_key(store), training=bool(settings.get(store, TRAINING_STORE_MARK)))


def load_private_key(store: Store) -> Ed25519PrivateKey:
    """The terminal's key itself, for what it signs besides tickets (its journal's head):
    callers sign only domain-separated messages, never a ticket code's layout."""
    path = store.data_dir / SIGNING_KEY_FILE
    try:
        return private_key_from_pem(path.read_bytes())
    except FileNotFoundError:
        raise StoreError(f"the ticket-signing key {path} is missing: restore it from backup") from None
    except (ValueError, TypeError) as exc:
        raise StoreError(f"the ticket-signing key {path} is unreadable: {exc}") from exc


def known_keys(store: Store) -> dict[str, bytes]:
    with store.read() as session:
        return {k: bytes(pk) for k, pk in session.execute(select(KnownKey.key_id, KnownKey.public_key))}

"""A door terminal for tests: a real store with the small catalog, known seller keys, and
tickets signed like an outlet (or central) would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pos.catalog.cache import import_catalog
from pos.store import sql
from pos.store.db import Store, open_store
from pos.terminal.identity import init_terminal
from pos.tickets import TicketClaims, TicketSigner, generate_private_key, new_ticket_id
from tests.factories import NOW, small_catalog, validated

START = NOW + timedelta(days=2)  # P-CONCERT starts here; doors open an hour before
DOORS_OPEN = START - timedelta(hours=1)


@dataclass
class Door:
    store: Store
    seller: TicketSigner  # an outlet terminal's key, known to the door

    def ticket(
        self,
        *,
        performance: str = "P-CONCERT",
        item: str = "A-1-1",
        gate: str = "G1",
        holder: str = "",
        issued: datetime | None = None,
        signer: TicketSigner | None = None,
        ticket_id: str | None = None,
        concession: str = "adult",
    ) -> tuple[str, str]:
        tid = ticket_id or new_ticket_id()
        claims = TicketClaims(
            ticket_id=tid,
            performance_id=performance,
            item_id=item,
            gate_id=gate,
            concession=concession,
            issued_at=int((issued or NOW).timestamp()),
            holder=holder,
        )
        return (signer or self.seller).sign(claims), tid


def add_key(store: Store, signer: TicketSigner, *, owner: str, valid_until: datetime | None = None) -> None:
    with store.write() as session:
        sql.run(
            session,
            "INSERT OR REPLACE INTO known_key (key_id, public_key, owner, valid_from, valid_until) VALUES (?,?,?,?,?)",
            (
                signer.key_id,
                signer.public_key,
                owner,
                sql.time_in(NOW - timedelta(days=30)),
                sql.time_in(valid_until) if valid_until else None,
            ),
        )


def revoke(store: Store, ticket_id: str, reason: str, replaced_by: str | None = None) -> None:
    with store.write() as session:
        sql.run(
            session,
            "INSERT INTO revocation (ticket_id, reason, revoked_at, replaced_by) VALUES (?,?,?,?)",
            (ticket_id, reason, sql.time_in(NOW), replaced_by),
        )


def make_door(
    data_dir: Path,
    *,
    terminal_id: str = "D01",
    catalog: dict | None = None,
    seller: TicketSigner | None = None,
) -> Door:
    init_terminal(data_dir, terminal_id=terminal_id, outlet_id="VENUE-HALL", now=NOW - timedelta(days=1))
    store = open_store(data_dir)
    import_catalog(store, validated(catalog or small_catalog()))
    seller = seller or TicketSigner(generate_private_key())
    add_key(store, seller, owner="terminal:T01")
    return Door(store, seller)


class Clock:
    def __init__(self, at: datetime = DOORS_OPEN + timedelta(minutes=5)) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def tick(self, seconds: float = 1) -> None:
        self.at += timedelta(seconds=seconds)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)

"""Which terminals a door trusts as peers on the venue's LAN (issue 17: doors trust only doors).

Every terminal key is known to every door (tickets are signed with them), but only some of
those terminals are doors: central binds a terminal as a door of a venue, and the keys feed
carries each key's venues (table ``door_key_venue``). A peer is trusted when its key is
known, not withdrawn, speaks for its own terminal, and is bound as a door of a venue this
terminal is itself a door of. Anything else is refused with the reason, for the log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.errors import PosError
from pos.store import sql
from pos.store.db import Store

log = logging.getLogger(__name__)


class PeerRefused(PosError):
    """A peer's request or reply that this door will not act on."""

    code = "peer_refused"


class NotADoor(PosError):
    """This terminal is not bound as a door of any venue: it cannot share scans."""

    code = "not_a_door"


@dataclass(frozen=True, slots=True)
class PeerKey:
    key_id: str
    public_key: bytes
    owner: str  # "terminal:<id>" or "central"
    withdrawn: bool
    shared_venues: frozenset[str]  # venues both this door and the peer's terminal are doors of

    def check(self, terminal_id: object) -> str:
        """The peer's terminal id once its signature held; raises PeerRefused."""
        if self.withdrawn:
            raise PeerRefused(f"peer key {self.key_id} was withdrawn")
        if not isinstance(terminal_id, str) or self.owner != f"terminal:{terminal_id}":
            raise PeerRefused(f"key {self.key_id} does not belong to terminal {terminal_id!r}")
        if not self.shared_venues:
            raise PeerRefused(f"terminal {terminal_id} is not a door of this door's venue")
        return terminal_id


def save_key_venues(session: Session, key_id: str, venue_ids: Iterable[str]) -> None:
    """Replace the key's door bindings with what the keys feed says (empty: not a door)."""
    sql.run(session, "DELETE FROM door_key_venue WHERE key_id = ?", (key_id,))
    rows = [(key_id, v) for v in dict.fromkeys(venue_ids)]
    if rows:
        sql.run(session, "INSERT INTO door_key_venue (key_id, venue_id) VALUES (?, ?)", rows)


def _venues(session: Session, key_id: str) -> frozenset[str]:
    found = sql.rows(session, "SELECT venue_id FROM door_key_venue WHERE key_id = ?", key_id)
    return frozenset(r.venue_id for r in found)


def door_venues(store: Store, key_id: str) -> frozenset[str]:
    """The venues the key's terminal is a door of, as central last said."""
    with store.read() as session:
        return _venues(session, key_id)


def require_door(store: Store, own_key_id: str) -> frozenset[str]:
    """This terminal's venues; NotADoor when central has bound it to none (or the keys feed
    has not brought the binding yet)."""
    venues = door_venues(store, own_key_id)
    if not venues:
        raise NotADoor(
            "this terminal is not bound as a door of any venue: the platform binds it "
            "(`pos central door bind TERMINAL --venue V`), then sync this terminal"
        )
    return venues


def peer_key(store: Store, key_id: object, *, own_key_id: str) -> PeerKey:
    """The key a peer signed with, and the venues it shares with this door; raises
    PeerRefused for a key this door does not know."""
    if not isinstance(key_id, str):
        raise PeerRefused("not a signed peer message")
    with store.read() as session:
        row = sql.row(
            session, "SELECT public_key, owner, valid_until FROM known_key WHERE key_id = ?", key_id
        )
        if row is None:
            raise PeerRefused(f"peer key {key_id} is not known here")
        shared = _venues(session, key_id) & _venues(session, own_key_id)
    return PeerKey(key_id, bytes(row.public_key), row.owner, row.valid_until is not None, shared)

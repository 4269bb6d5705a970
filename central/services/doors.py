"""Door bindings (issue 17, "doors trust only doors"): the platform binds a door terminal to
the venues where it scans. The keys feed carries each terminal key's bindings, so that a
door shares scans on the LAN only with the doors of its own venue: a counter terminal of an
outlet, or a door of another venue, holds a key every door knows (it signs tickets) but is
not a peer. Binding or unbinding re-sends the terminal's key on the feed (a new ``seq``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from central.context import Central
from central.door_models import DoorBinding
from central.errors import ApiError
from central.models import CatalogItem, SigningKey, Terminal
from central.services.common import bump

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DoorInfo:
    terminal_id: str
    outlet_id: str
    venue_ids: tuple[str, ...]  # empty: not a door (a counter)


def _terminal(s: Session, terminal_id: str) -> Terminal:
    terminal = s.get(Terminal, terminal_id)
    if terminal is None:
        raise ApiError(404, "not_found", f"terminal {terminal_id} not found")
    return terminal


def _resend_key(s: Session, terminal: Terminal) -> None:
    key = s.get(SigningKey, terminal.key_id)
    if key is not None:
        key.seq = bump(s, "keys")


def _info(s: Session, terminal: Terminal) -> DoorInfo:
    venues = door_venues(s, [terminal.id]).get(terminal.id, [])
    return DoorInfo(terminal.id, terminal.outlet_id, tuple(venues))


def bind_door(ctx: Central, *, terminal_id: str, venue_id: str) -> DoorInfo:
    """Bind the terminal as a door of the venue (idempotent). A withdrawn terminal or a
    venue the catalog does not know is refused."""

    def tx(s: Session) -> DoorInfo:
        terminal = _terminal(s, terminal_id)
        if terminal.revoked_at is not None:
            raise ApiError(409, "terminal_revoked", f"terminal {terminal_id} was withdrawn")
        venue = s.get(CatalogItem, ("venue", venue_id))
        if venue is None or venue.deleted:
            raise ApiError(404, "not_found", f"venue {venue_id} is not in the published catalog")
        if s.get(DoorBinding, (terminal_id, venue_id)) is None:
            s.add(DoorBinding(terminal_id=terminal_id, venue_id=venue_id, bound_at=ctx.now()))
            s.flush()
            _resend_key(s, terminal)
            log.info("terminal %s bound as a door of venue %s", terminal_id, venue_id)
        return _info(s, terminal)

    return ctx.db.run(tx)


def unbind_door(ctx: Central, *, terminal_id: str, venue_id: str | None = None) -> DoorInfo:
    """Remove the terminal's binding to the venue (``None``: to every venue)."""

    def tx(s: Session) -> DoorInfo:
        terminal = _terminal(s, terminal_id)
        unbind(s, terminal, venue_id)
        return _info(s, terminal)

    return ctx.db.run(tx)


def unbind(s: Session, terminal: Terminal, venue_id: str | None = None) -> None:
    """In the caller's transaction (e.g. a terminal withdrawn: its token revoked, its key
    perhaps still valid for the tickets it sold, but no longer a door anyone shares with)."""
    stmt = delete(DoorBinding).where(DoorBinding.terminal_id == terminal.id)
    if venue_id is not None:
        stmt = stmt.where(DoorBinding.venue_id == venue_id)
    if s.execute(stmt).rowcount:  # type: ignore[attr-defined]
        _resend_key(s, terminal)
        log.info("terminal %s unbound from %s", terminal.id, venue_id or "every venue")


def list_doors(ctx: Central) -> list[DoorInfo]:
    def tx(s: Session) -> list[DoorInfo]:
        venues = door_venues(s, None)
        rows = s.scalars(select(Terminal).where(Terminal.id.in_(venues)).order_by(Terminal.id))
        return [DoorInfo(t.id, t.outlet_id, tuple(venues[t.id])) for t in rows]

    return ctx.db.run(tx)


def door_venues(s: Session, terminal_ids: Iterable[str] | None) -> dict[str, list[str]]:
    """terminal id -> the venues it is a door of (sorted); only terminals with bindings."""
    stmt = select(DoorBinding.terminal_id, DoorBinding.venue_id).order_by(DoorBinding.venue_id)
    if terminal_ids is not None:
        ids = sorted(set(terminal_ids))
        if not ids:
            return {}
        stmt = stmt.where(DoorBinding.terminal_id.in_(ids))
    out: dict[str, list[str]] = {}
    for terminal_id, venue in s.execute(stmt):
        out.setdefault(terminal_id, []).append(venue)
    return out

"""How this terminal's doors share scans with the venue's other doors, as set in Settings:
the address to answer peers on, and the peers' addresses (see :mod:`sync.door.peers`).
Unset: the door works alone (and still syncs with central)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pos.errors import InvalidInput
from pos.store import settings
from pos.store.db import Store

log = logging.getLogger(__name__)

KEY = "door.sharing"
DEFAULT_PORT = 7300
MAX_PEERS = 32  # a stadium has a few dozen lanes; more is a typo


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (an IPv6 host in brackets) -> (host, port). Raises InvalidInput."""
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InvalidInput(f"address {text!r}: expected HOST:PORT, e.g. 192.168.1.20:{DEFAULT_PORT}")
    return host.strip("[]"), int(port)


@dataclass(frozen=True, slots=True)
class DoorSharing:
    listen: str = ""  # HOST:PORT, or "" for no sharing
    peers: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.listen or self.peers)


def door_sharing(store: Store) -> DoorSharing:
    """What Settings saved; a stored value that does not check out (written by something
    else) means no sharing, with a warning, rather than a door that cannot open."""
    value = settings.get(store, KEY)
    if value is None:
        return DoorSharing()
    try:
        if not isinstance(value, dict) or not isinstance(value.get("peers", []), list):
            raise InvalidInput("not a mapping with a list of peers")
        return check_sharing(
            listen=str(value.get("listen", "")), peers=[str(p) for p in value.get("peers", [])]
        )
    except InvalidInput as exc:
        log.warning("ignoring the stored door sharing %r: %s", value, exc)
        return DoorSharing()


def check_sharing(*, listen: str, peers: Sequence[str]) -> DoorSharing:
    """The sharing these addresses describe; raises InvalidInput for one that cannot work."""
    listen = listen.strip()
    cleaned = list(dict.fromkeys(p.strip() for p in peers if p.strip()))
    if listen:
        parse_address(listen)
    for p in cleaned:
        parse_address(p)
    if len(cleaned) > MAX_PEERS:
        raise InvalidInput(f"at most {MAX_PEERS} other doors, not {len(cleaned)}")
    if cleaned and not listen:
        raise InvalidInput("to share with other doors, this door must answer them too: give its address")
    if listen and listen in cleaned:
        raise InvalidInput(f"{listen} is this door's own address, not another door's")
    return DoorSharing(listen, tuple(cleaned))


def set_door_sharing(store: Store, *, listen: str, peers: Sequence[str]) -> DoorSharing:
    """Check every address first, then save: a bad one changes nothing."""
    sharing = check_sharing(listen=listen, peers=peers)
    settings.put(store, KEY, {"listen": sharing.listen, "peers": list(sharing.peers)})
    return sharing

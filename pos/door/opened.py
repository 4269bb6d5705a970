"""The performances this terminal keeps a door for. The background sync pulls their scans
from central (what other gates admitted) and pushes this door's own; a counter terminal that
never opened a door pulls none. A door counts for a day after it was last opened."""

from __future__ import annotations

from datetime import datetime, timedelta

from pos import settings
from pos.store.db import Store

KEY = "door:performances"
KEEP = timedelta(hours=24)


def note_open(store: Store, performance_id: str, *, now: datetime) -> None:
    """Remember that a door for ``performance_id`` was opened at ``now``."""
    with store.write() as session:
        opened = dict(settings.read(session, KEY) or {})
        opened[performance_id] = now.isoformat()
        cutoff = now - KEEP
        settings.write(
            session, KEY, {pid: at for pid, at in opened.items() if datetime.fromisoformat(at) >= cutoff}
        )


def open_doors(store: Store, *, now: datetime) -> list[str]:
    """The performances with a door opened here in the last day, newest first."""
    opened = settings.get(store, KEY) or {}
    cutoff = now - KEEP
    recent = [(at, pid) for pid, at in opened.items() if datetime.fromisoformat(at) >= cutoff]
    return [pid for _at, pid in sorted(recent, reverse=True)]

"""The performances this terminal keeps a door for. The background sync pulls their scans
of other gates from central and pushes this door's own; a counter terminal that
never opened a door pulls none. A door counts for a day after it was last opened."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from pos.store import settings
from pos.store.db import Store

log = logging.getLogger(__name__)

KEY = "door:performances"
KEEP = timedelta(hours=24)


def _recent(value: Any, now: datetime) -> dict[str, datetime]:
    """The well-formed entries of the stored value opened since ``now - KEEP``; anything else
    (written by an older or broken version) is left out with a warning, never obeyed."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        log.warning("ignoring the stored %s: not a mapping", KEY)
        return {}
    found: dict[str, datetime] = {}
    for pid, at in value.items():
        try:
            when = datetime.fromisoformat(at)
            if when.tzinfo is None:
                raise ValueError("no time zone")
        except (TypeError, ValueError) as exc:
            log.warning("ignoring the stored door of %r: %s", pid, exc)
            continue
        if when >= now - KEEP:
            found[str(pid)] = when
    return found


def note_open(store: Store, performance_id: str, *, now: datetime) -> None:
    """Remember that a door for ``performance_id`` was opened at ``now``."""
    with store.write() as session:
        opened = _recent(settings.read(session, KEY), now)
        opened[performance_id] = now
        settings.write(session, KEY, {pid: at.isoformat() for pid, at in opened.items()})


def open_doors(store: Store, *, now: datetime) -> list[str]:
    """The performances with a door opened here in the last day, newest first."""
    recent = _recent(settings.get(store, KEY), now)
    return [pid for pid, _at in sorted(recent.items(), key=lambda kv: kv[1], reverse=True)]

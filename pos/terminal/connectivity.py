"""Online or offline: the terminal's view of central, the offline caps, and the switch.

The sync layer reports what it sees (:func:`record_online`, :func:`record_offline`); the
switch is journaled both ways. Offline, the caps central set for the outlet limit the value
of one sale, the value sold since going offline, and how long the terminal may sell offline
(invariant 1 is the allocation; these caps bound the money at risk).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from pos.errors import NotSellable
from pos.journal import chain as journal
from pos.store import settings, sql
from pos.store.db import Store

_STATE = "connectivity"
STALE_AFTER = timedelta(minutes=2)  # several sync intervals without an answer
_CAPS = "offline_caps"


@dataclass(frozen=True, slots=True)
class OfflineCaps:
    max_sale_value: int  # fen, one sale
    max_total_value: int  # fen, sold since going offline
    max_hours: int  # after this long offline, selling stops


@dataclass(frozen=True, slots=True)
class Connectivity:
    online: bool
    since: datetime | None  # when the current state began; None: never synced
    reason: str
    last_success: datetime | None


def _parse(session: Session) -> Connectivity:
    raw = settings.read(session, _STATE)
    if raw is None:
        return Connectivity(online=False, since=None, reason="never synced", last_success=None)
    since = raw.get("since")
    last = raw.get("last_success")
    return Connectivity(
        online=bool(raw["online"]),
        since=datetime.fromisoformat(str(since)) if since else None,
        reason=str(raw.get("reason", "")),
        last_success=datetime.fromisoformat(str(last)) if last else None,
    )


def state(store: Store) -> Connectivity:
    with store.read() as session:
        return _parse(session)


def state_in(session: Session) -> Connectivity:
    """:func:`state` inside the caller's transaction."""
    return _parse(session)


def caps(store: Store) -> OfflineCaps | None:
    with store.read() as session:
        return _caps(session)


def _caps(session: Session) -> OfflineCaps | None:
    raw = settings.read(session, _CAPS)
    return OfflineCaps(**raw) if raw else None


def set_caps(store: Store, value: OfflineCaps) -> None:
    with store.write() as session:
        settings.write(session, _CAPS, asdict(value))


def record_online(store: Store, *, now: datetime | None = None) -> bool:
    """Central answered. Returns True when this switched the terminal online."""
    return _record(store, online=True, reason="central answered", now=now)


def record_offline(store: Store, *, reason: str, now: datetime | None = None) -> bool:
    """Central is unreachable. Returns True when this switched the terminal offline."""
    return _record(store, online=False, reason=reason, now=now)


def _record(store: Store, *, online: bool, reason: str, now: datetime | None) -> bool:
    now = now or datetime.now(UTC)
    with store.write() as session:
        current = _parse(session)
        changed = current.online != online or current.since is None
        last = now if online else current.last_success
        settings.write(
            session,
            _STATE,
            {
                "online": online,
                "since": (now if changed else current.since or now).isoformat(),
                "reason": reason if changed else current.reason,
                "last_success": last.isoformat() if last else None,
            },
        )
        if changed:
            terminal = sql.row(session, "SELECT terminal_id FROM terminal")
            journal.append(
                session,
                kind="online" if online else "offline",
                terminal_id=terminal.terminal_id if terminal else "?",
                staff_id=None,
                data={"reason": reason},
                now=now,
            )
        return changed


def check_offline_sale(session: Session, *, total: int, now: datetime) -> None:
    """Refuse an offline sale beyond the caps central set. No caps (never enrolled): no limit."""
    limits = _caps(session)
    if limits is None:
        return
    current = _parse(session)
    fresh = current.last_success is not None and now - current.last_success < STALE_AFTER
    if current.online and fresh:
        return  # selling the allocation while central answers: nothing is at risk
    # Offline, or "online" but silent for a while (sync stopped, cable pulled): the caps
    # apply, counted from the last time central answered.
    since = (current.since if not current.online else current.last_success) or now
    if now - since > timedelta(hours=limits.max_hours):
        raise NotSellable(
            f"offline for more than {limits.max_hours} hours: selling is stopped until central is reachable",
            reason="offline_too_long",
        )
    if total > limits.max_sale_value:
        raise NotSellable(
            f"offline, one sale may be at most {limits.max_sale_value / 100:.2f}: split the order or go online",
            reason="offline_sale_cap",
        )
    sold = sql.row(
        session,
        "SELECT coalesce(sum(total), 0) AS v FROM sale_order WHERE mode = 'offline' AND created_at >= ?",
        sql.time_in(since),
    )
    already = int(sold.v) if sold else 0
    if already + total > limits.max_total_value:
        raise NotSellable(
            f"offline sales would pass the cap of {limits.max_total_value / 100:.2f} since going offline",
            reason="offline_total_cap",
        )

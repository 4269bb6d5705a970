"""What a performance offers beside its seats: standing areas and this outlet's quota of
them, the concessions priced in it, and what this outlet may still sell offline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pos.catalog.names import Named
from pos.store import sql
from pos.store.db import Store
from pos.terminal import lease


@dataclass(frozen=True, slots=True)
class StandingArea(Named):
    area_id: str
    name_zh: str
    name_en: str
    zone_id: str
    left_for_us: int  # what this terminal may still sell offline: its lease, or the quota


def standing_areas(store: Store, *, performance_id: str, outlet_id: str) -> tuple[StandingArea, ...]:
    """Standing areas of a performance and what this terminal may still sell offline of
    each (its lease; the outlet's quota when never enrolled)."""
    with store.read() as session:
        leasing = lease.leasing(session)

        def left(r: Any) -> int:
            if leasing:
                return lease.standing_left(session, performance_id=performance_id, area_id=r.area_id)
            return max(0, int(r.quota) - int(r.sold))

        return tuple(
            StandingArea(r.area_id, r.name_zh, r.name_en, r.zone_id, left(r))
            for r in sql.rows(
                session,
                "SELECT ps.area_id, sec.name_zh, sec.name_en, ps.zone_id, "
                "coalesce(sa.quantity, 0) AS quota, "
                "(SELECT count(*) FROM ticket t WHERE t.performance_id = ps.performance_id "
                " AND t.area_id = ps.area_id AND t.status = 'valid') AS sold "
                "FROM performance_standing ps JOIN performance p ON p.id = ps.performance_id "
                "JOIN event e ON e.id = p.event_id "
                "JOIN section sec ON sec.venue_id = e.venue_id AND sec.id = ps.area_id "
                "LEFT JOIN standing_allocation sa ON sa.performance_id = ps.performance_id "
                " AND sa.area_id = ps.area_id AND sa.outlet_id = ? "
                "WHERE ps.performance_id = ? ORDER BY ps.area_id",
                outlet_id,
                performance_id,
            )
        )


def left_for_outlet(store: Store, *, outlet_id: str) -> dict[str, int]:
    """Per performance: seats and standing places this terminal may still sell offline
    (0 means sold out here): its lease, or the outlet's allocation when never enrolled."""
    with store.read() as session:
        out: dict[str, int] = defaultdict(int)
        if lease.leasing(session):
            for r in sql.rows(
                session,
                "SELECT l.performance_id, count(*) AS n FROM lease_seat l WHERE NOT EXISTS ("
                " SELECT 1 FROM ticket t WHERE t.performance_id = l.performance_id AND t.seat_id = l.seat_id"
                " AND t.status = 'valid') GROUP BY l.performance_id",
            ):
                out[r.performance_id] += int(r.n)
            for r in sql.rows(session, "SELECT performance_id, area_id FROM lease_standing"):
                out[r.performance_id] += lease.standing_left(
                    session, performance_id=r.performance_id, area_id=r.area_id
                )
            return dict(out)
        for r in sql.rows(
            session,
            "SELECT ps.performance_id, count(*) AS n FROM performance_seat ps "
            "WHERE ps.allocated_outlet_id = ? AND ps.blocked_reason IS NULL AND NOT EXISTS ("
            " SELECT 1 FROM ticket t WHERE t.performance_id = ps.performance_id AND t.seat_id = ps.seat_id"
            " AND t.status = 'valid') GROUP BY ps.performance_id",
            outlet_id,
        ):
            out[r.performance_id] += int(r.n)
        for r in sql.rows(
            session,
            "SELECT sa.performance_id, sa.quantity - (SELECT count(*) FROM ticket t "
            " WHERE t.performance_id = sa.performance_id AND t.area_id = sa.area_id AND t.status = 'valid') AS n "
            "FROM standing_allocation sa WHERE sa.outlet_id = ?",
            outlet_id,
        ):
            out[r.performance_id] += max(0, int(r.n))
        return dict(out)


@dataclass(frozen=True, slots=True)
class ConcessionOption(Named):
    code: str
    name_zh: str
    name_en: str
    requires_member: bool
    requires_id_check: bool
    zone_ids: frozenset[str]  # zones that have a price for it in this performance


def concessions_for(store: Store, *, performance_id: str) -> tuple[ConcessionOption, ...]:
    """The concessions priced in a performance, adult first."""
    with store.read() as session:
        zones: dict[str, set[str]] = defaultdict(set)
        for r in sql.rows(
            session, "SELECT zone_id, concession FROM zone_price WHERE performance_id = ?", performance_id
        ):
            zones[r.concession].add(r.zone_id)
        found = sql.rows(
            session,
            "SELECT code, name_zh, name_en, requires_member, requires_id_check FROM concession ORDER BY code",
        )
    options = [
        ConcessionOption(
            r.code,
            r.name_zh,
            r.name_en,
            bool(r.requires_member),
            bool(r.requires_id_check),
            frozenset(zones[r.code]),
        )
        for r in found
        if r.code in zones
    ]
    options.sort(key=lambda c: (c.code != "adult", c.code))
    return tuple(options)

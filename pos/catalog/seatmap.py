"""Reading a performance's seat map for display: seats, zones, sections and seat states.

A read service for the counter's seat map (no Qt here). One call returns everything the
map paints as frozen dataclasses; the states follow the same rules as the offline sales
policy (:mod:`pos.sales.sellability`), so a seat shown as sellable is one the core will sell
offline, and every other seat carries the reason it is not.

Statuses:

* ``available``: leased to this terminal (of its outlet's allocation), not sold, not
  blocked: sellable offline (a terminal never enrolled: the whole allocation);
* ``online_only``: of this outlet's allocation but not leased to this terminal (another
  terminal of the outlet may hold it): sellable online only, under a hold;
* ``held``: held by this terminal's online hold;
* ``free``: free at central but not allocated to this outlet: only sellable online;
* ``other``: allocated to another outlet;
* ``sold``: sold here or (as central last said) elsewhere;
* ``blocked``: blocked by the promoter or the house.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from pos.catalog.names import Named
from pos.catalog.offer import ConcessionOption, StandingArea, concessions_for, left_for_outlet, standing_areas
from pos.catalog.venues import venue_generation_key
from pos.errors import NotFound
from pos.store import settings, sql
from pos.store.db import Store
from pos.terminal import lease

__all__ = [
    "SELLABLE",
    "ConcessionOption",
    "MapSeat",
    "MapSection",
    "MapZone",
    "SeatColumns",
    "SeatMap",
    "SeatState",
    "StandingArea",
    "best_available",
    "concessions_for",
    "left_for_outlet",
    "load_seat_map",
    "standing_areas",
]

SeatState = Literal["available", "online_only", "held", "free", "other", "sold", "blocked"]
SELLABLE: frozenset[str] = frozenset({"available", "held"})


@dataclass(frozen=True, slots=True)
class MapZone(Named):
    zone_id: str
    name_zh: str
    name_en: str
    color: str  # "#rrggbb"
    adult_price: int | None  # fen; None when the zone has no adult price


@dataclass(frozen=True, slots=True)
class MapSection(Named):
    section_id: str
    name_zh: str
    name_en: str
    kind: str  # seated | standing
    zone_id: str | None
    outline: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class MapSeat:
    seat_id: str
    section_id: str
    row_label: str
    number: str
    x: float
    y: float
    zone_id: str
    state: SeatState
    reason: str  # why it is not sellable offline ("" when it is)

    @property
    def sellable(self) -> bool:
        return self.state in SELLABLE


@dataclass(frozen=True, slots=True)
class SeatColumns:
    """The seats as parallel tuples, one entry per seat in display order (section, row, x).
    60,000 seats as nine tuples cost a fraction of 60,000 objects to build, and the map
    widget reads columns anyway."""

    seat_ids: tuple[str, ...]
    section_ids: tuple[str, ...]
    row_labels: tuple[str, ...]
    numbers: tuple[str, ...]
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    zone_ids: tuple[str, ...]
    states: tuple[SeatState, ...]
    reasons: tuple[str, ...]  # why not sellable offline ("" when it is)

    def __len__(self) -> int:
        return len(self.seat_ids)

    def seat(self, i: int) -> MapSeat:
        return MapSeat(
            self.seat_ids[i], self.section_ids[i], self.row_labels[i], self.numbers[i],
            self.xs[i], self.ys[i], self.zone_ids[i], self.states[i], self.reasons[i],
        )  # fmt: skip


@dataclass(frozen=True)
class SeatMap:
    performance_id: str
    venue_id: str
    zones: tuple[MapZone, ...]
    sections: tuple[MapSection, ...]
    columns: SeatColumns

    @cached_property
    def seats(self) -> tuple[MapSeat, ...]:
        """One object per seat, built on first use (tests and small venues; the widget
        and the hot paths read :attr:`columns`)."""
        c = self.columns
        return tuple(map(MapSeat, c.seat_ids, c.section_ids, c.row_labels, c.numbers, c.xs, c.ys,
                         c.zone_ids, c.states, c.reasons))  # fmt: skip

    @property
    def has_seats(self) -> bool:
        return bool(self.columns.seat_ids)

    def counts(self) -> dict[str, int]:
        return dict(Counter(self.columns.states))


_REASONS: dict[str, str] = {
    "sold": "sold",
    "blocked": "blocked",
    "free": "not allocated to this outlet: sellable online only",
    "other": "allocated to another outlet",
    "sold_elsewhere": "sold or held at another terminal",
    "online_only": "not leased to this terminal for offline sale: sellable online only",
}


def load_seat_map(store: Store, *, performance_id: str, outlet_id: str) -> SeatMap:
    """The whole map of one performance, as this outlet sees it now."""
    with store.read() as session:
        perf = sql.row(
            session,
            "SELECT p.id, e.venue_id FROM performance p JOIN event e ON e.id = p.event_id WHERE p.id = ?",
            performance_id,
        )
        if perf is None:
            raise NotFound(f"no performance {performance_id!r} in the catalog", performance=performance_id)
        venue_id = perf.venue_id
        adult = {
            r.zone_id: r.amount
            for r in sql.rows(
                session,
                "SELECT zone_id, amount FROM zone_price WHERE performance_id = ? AND concession = 'adult'",
                performance_id,
            )
        }
        zones = tuple(
            MapZone(r.id, r.name_zh, r.name_en, r.color, adult.get(r.id))
            for r in sql.rows(
                session,
                "SELECT id, name_zh, name_en, color FROM price_zone WHERE performance_id = ? ORDER BY id",
                performance_id,
            )
        )
        # Seats and their per-performance rows are read separately on the driver's own
        # cursor (plain tuples) and joined here: about half the time of a SQL join for 60k.
        raw = session.connection().connection.driver_connection
        assert raw is not None
        generation = settings.read(session, venue_generation_key(venue_id))
        geometry = _venue_geometry(raw, str(store.path), venue_id, generation)
        per_perf = {
            r[0]: r
            for r in raw.execute(
                "SELECT seat_id, zone_id, blocked_reason, allocated_outlet_id FROM performance_seat "
                "WHERE performance_id = ?",
                (performance_id,),
            ).fetchall()
        }
        sold = {
            r[0]
            for r in raw.execute(
                "SELECT seat_id FROM ticket WHERE performance_id = ? AND status = 'valid' AND seat_id IS NOT NULL",
                (performance_id,),
            ).fetchall()
        }
        central = {
            r[0]: (r[1], bool(r[2]), r[3] == "other")
            for r in raw.execute(
                "SELECT seat_id, status, held_by_me, allocation FROM seat_status WHERE performance_id = ?",
                (performance_id,),
            ).fetchall()
        }
        # What this terminal leased of the allocation (None: never enrolled, all of it).
        leased = lease.leased_seats(session, performance_id=performance_id) if lease.leasing(session) else None
        standing_zone = {
            r.area_id: r.zone_id
            for r in sql.rows(
                session,
                "SELECT area_id, zone_id FROM performance_standing WHERE performance_id = ?",
                performance_id,
            )
        }
        section_rows = sql.rows(
            session,
            "SELECT id, name_zh, name_en, kind, outline FROM section WHERE venue_id = ? ORDER BY id",
            venue_id,
        )
    if len(per_perf) != len(geometry):  # a performance using part of the venue
        geometry = [g for g in geometry if g[0] in per_perf]
    section_zone: dict[str, str] = dict(standing_zone)
    for g in geometry:
        section_zone.setdefault(g[1], per_perf[g[0]][1])
    sections = tuple(
        MapSection(
            r.id,
            r.name_zh,
            r.name_en,
            r.kind,
            section_zone.get(r.id),
            tuple((float(p[0]), float(p[1])) for p in json.loads(r.outline or "[]")),
        )
        for r in section_rows
    )
    states: list[SeatState] = []
    reasons: list[str] = []
    zone_ids: list[str] = []
    add_state, add_reason, add_zone = states.append, reasons.append, zone_ids.append
    free = ("free", False, False)
    for g in geometry:
        seat_id = g[0]
        _, zone_id, blocked, allocated = per_perf[seat_id]
        add_zone(zone_id)
        # Our catalog knows only our own allocation; central's seat feed says whose the rest is.
        status, mine, elsewhere = central.get(seat_id, free)
        if seat_id in sold:
            add_state("sold"), add_reason(_REASONS["sold"])
        elif blocked:
            add_state("blocked"), add_reason(f"{_REASONS['blocked']} ({blocked})")
        elif status in ("sold", "held") and not mine:
            add_state("sold"), add_reason(_REASONS["sold_elsewhere"])
        elif status == "blocked":
            add_state("blocked"), add_reason(_REASONS["blocked"])
        elif mine:
            add_state("held"), add_reason("")
        elif allocated == outlet_id and leased is not None and seat_id not in leased:
            add_state("online_only"), add_reason(_REASONS["online_only"])
        elif allocated == outlet_id:
            add_state("available"), add_reason("")
        elif allocated or elsewhere:
            add_state("other"), add_reason(_REASONS["other"])
        else:
            add_state("free"), add_reason(_REASONS["free"])
    ids, sec_ids, rows, numbers, xs, ys = zip(*geometry, strict=True) if geometry else ((),) * 6
    columns = SeatColumns(
        ids, sec_ids, rows, numbers, tuple(map(float, xs)), tuple(map(float, ys)),
        tuple(zone_ids), tuple(states), tuple(reasons),
    )  # fmt: skip
    return SeatMap(performance_id, venue_id, zones, sections, columns)


# A venue's seats (sorted for display) change only when the catalog replaces the venue, which
# stamps a new generation: reading and sorting 60,000 rows once per venue, not per open.
_GEOMETRY: dict[tuple[str, str], tuple[str, list[tuple[str, str, str, str, float, float]]]] = {}
_GEOMETRY_VENUES = 4


def _venue_geometry(
    raw: Any, store_path: str, venue_id: str, generation: str | None
) -> list[tuple[str, str, str, str, float, float]]:
    key = (store_path, venue_id)
    hit = _GEOMETRY.get(key)
    if generation is not None and hit is not None and hit[0] == generation:
        return hit[1]
    rows = raw.execute(
        "SELECT id, section_id, row_label, number, x, y FROM seat WHERE venue_id = ?", (venue_id,)
    ).fetchall()
    rows.sort(key=lambda g: (g[1], g[2], g[4]))
    if generation is not None:
        while len(_GEOMETRY) >= _GEOMETRY_VENUES:
            _GEOMETRY.pop(next(iter(_GEOMETRY)))
        _GEOMETRY[key] = (generation, rows)
    return rows


def best_available(
    columns: SeatColumns,
    quantity: int,
    *,
    zone_id: str | None = None,
    exclude: frozenset[str] = frozenset(),
    states: frozenset[str] = SELLABLE,
    current: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """``quantity`` sellable seats side by side in one row (the first rows first, then the
    centre of the row); nothing when no row has enough. ``current``: the seats' states as
    shown now (a map updated since it was read), else the columns' own."""
    if quantity < 1:
        return ()
    now = columns.states if current is None else current
    ids, xs = columns.seat_ids, columns.xs
    rows: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, key in enumerate(zip(columns.section_ids, columns.row_labels, strict=True)):
        if zone_id is None or columns.zone_ids[i] == zone_id:
            rows[key].append(i)
    best: tuple[tuple[float, float], tuple[str, ...]] | None = None
    for (_section, row_label), members in rows.items():
        members.sort(key=xs.__getitem__)
        run: list[int] = []
        centre = (xs[members[0]] + xs[members[-1]]) / 2
        for i in members:
            if now[i] in states and ids[i] not in exclude:
                run.append(i)
            else:
                run = []
            if len(run) >= quantity:
                block = run[-quantity:]
                mid = (xs[block[0]] + xs[block[-1]]) / 2
                rank = (_row_number(row_label), abs(mid - centre))
                if best is None or rank < best[0]:
                    best = (rank, tuple(ids[b] for b in block))
    return best[1] if best else ()


def _row_number(label: str) -> float:
    return float(label) if label.isdigit() else float(ord(label[0])) if label else 0.0

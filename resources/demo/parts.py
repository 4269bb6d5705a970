"""The pieces of the demo catalog: JSON shapes, names in two languages, coordinates, seat ids,
sections, price zones, blocks, allocations, channel rules and one performance. Stdlib only,
like the rest of ``resources.demo``: the output must not depend on library versions."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

Json = dict[str, Any]
Point = tuple[float, float]
RowPlan = tuple[str, list[Point]]  # row label, seat centres left to right
SeatIdFn = Callable[[str, int], str]

# China has had no daylight saving since 1991, so a fixed offset is exact for Asia/Shanghai.
SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
SALES_LEAD_DAYS = 60

# Row letters as printed on tickets: I and O are skipped because they read as 1 and 0.
ROW_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

OWN_RULE: Json = {"outlet_kind": "own", "allowed": True}


def local_text(zh: str, en: str) -> Json:
    return {"zh": zh, "en": en}


def metres(value: float) -> float:
    """Metres to 0.1; adding 0.0 turns -0.0 into 0.0 so equal points serialise equally."""
    return round(value, 1) + 0.0


def shanghai_at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def concession_prices(adult: int, codes: Iterable[str]) -> dict[str, int]:
    """Concession prices from the adult price, in whole yuan as box offices quote them."""
    share = {"adult": 100, "child": 50, "student": 60, "senior": 50, "member": 90}
    return {code: adult * share[code] // 100 // 100 * 100 for code in codes}


def price_zone(zone_id: str, name: Json, color: str, prices: dict[str, int]) -> Json:
    return {"id": zone_id, "name": name, "color": color, "prices": prices}


def seated_section(
    sec_id: str,
    name: Json,
    rows: Sequence[RowPlan],
    outline: Sequence[Point],
    *,
    seat_id: SeatIdFn,
    tier: int | None = None,
    gate_id: str | None = None,
    stand: str | None = None,
) -> Json:
    section: Json = {"id": sec_id, "name": name, "kind": "seated"}
    if gate_id is not None:
        section["gate_id"] = gate_id
    if stand is not None:
        section["stand"] = stand
    if tier is not None:
        section["tier"] = tier
    section["rows"] = [
        {
            "label": label,
            "seats": [
                {"id": seat_id(label, n), "number": str(n), "x": metres(x), "y": metres(y)}
                for n, (x, y) in enumerate(points, start=1)
            ],
        }
        for label, points in rows
        if points
    ]
    section["outline"] = [[metres(x), metres(y)] for x, y in outline]
    return section


def standing_section(sec_id: str, name: Json, capacity: int, outline: Sequence[Point], gate_id: str) -> Json:
    return {
        "id": sec_id,
        "name": name,
        "kind": "standing",
        "gate_id": gate_id,
        "capacity": capacity,
        "outline": [[metres(x), metres(y)] for x, y in outline],
    }


def lettered_ids(prefix: str) -> SeatIdFn:
    """Seat ids like ``SC-K-12``: short, because they travel inside QR ticket codes."""
    return lambda row, n: f"{prefix}{row}-{n}"


def seat_id_at(venue: Json, sec_id: str, row: str, number: int) -> str:
    """The id of an existing seat; fails loudly if a layout change removed it."""
    for section in venue["sections"]:
        if section["id"] != sec_id:
            continue
        for r in section["rows"]:
            if r["label"] == row:
                return str(r["seats"][number - 1]["id"])
    raise KeyError(f"{venue['id']}: no seat {sec_id} {row} {number}")


def seat_blocks(venue: Json, reason: str, sec_id: str, row: str, numbers: Iterable[int]) -> list[Json]:
    return [{"seat_id": seat_id_at(venue, sec_id, row, n), "reason": reason} for n in numbers]


def section_by_id(venue: Json, sec_id: str) -> Json:
    return next(s for s in venue["sections"] if s["id"] == sec_id)


def _take_seats(section: Json, count: int, taken: set[str], first_row: int = 0) -> list[str]:
    """A contiguous run of ``count`` sellable seats in reading order from ``first_row``.

    ``taken`` holds blocked seats and earlier allocations; the run skips them and the picked
    seats are added to it, so allocations never overlap.
    """
    picked: list[str] = []
    for row in section["rows"][first_row:]:
        for seat in row["seats"]:
            if seat["id"] in taken:
                continue
            picked.append(seat["id"])
            if len(picked) == count:
                taken.update(picked)
                return picked
    raise ValueError(f"section {section['id']} has fewer than {count} free seats")


def seat_allocations(venue: Json, blocked: list[Json], plan: Sequence[tuple[str, str, int, int]]) -> list[Json]:
    """Seat allocations from (outlet, section, row index, count)."""
    taken = {b["seat_id"] for b in blocked}
    return [
        {"outlet_id": outlet, "seat_ids": _take_seats(section_by_id(venue, sec), count, taken, row)}
        for outlet, sec, row, count in plan
    ]


def partner_rule(*, allowed: bool = True, surcharge: int = 0, zones: Sequence[Json] = ()) -> Json:
    rule: Json = {"outlet_kind": "partner", "allowed": allowed}
    if surcharge:
        rule["prices"] = {
            z["id"]: {code: fen + surcharge for code, fen in z["prices"].items()} for z in zones
        }
    return rule


def performance_doc(
    perf_id: str,
    base: dt.date,
    start: dt.datetime,
    *,
    doors_minutes: int,
    length_minutes: int,
    zones: list[Json],
    assignments: list[Json],
    blocked: list[Json],
    allocations: list[Json],
    channel_rules: list[Json],
    status: str = "on_sale",
) -> Json:
    sales_open = shanghai_at(base - dt.timedelta(days=SALES_LEAD_DAYS), 10)
    # Performances of one event share their rules; copies keep the returned dict free of
    # aliases, so that a caller editing one performance does not silently edit its siblings.
    return copy.deepcopy(
        {
            "id": perf_id,
            "starts_at": start.isoformat(),
            "doors_open_at": (start - dt.timedelta(minutes=doors_minutes)).isoformat(),
            "ends_at": (start + dt.timedelta(minutes=length_minutes)).isoformat(),
            "sales_open_at": sales_open.isoformat(),
            "sales_close_at": start.isoformat(),
            "status": status,
            "price_zones": zones,
            "zone_assignments": assignments,
            "blocked_seats": blocked,
            "allocations": allocations,
            "channel_rules": channel_rules,
        }
    )


def shanghai_venue(venue_id: str, name: Json, address: str, gates: list[Json], sections: list[Json]) -> Json:
    """A venue document: every demo venue is in Shanghai."""
    return {
        "id": venue_id,
        "name": name,
        "city": local_text("上海", "Shanghai"),
        "address": address,
        "gates": gates,
        "sections": sections,
    }


def tier_section(
    sec_id: str, zh: str, en: str, rows: Sequence[RowPlan], outline: Sequence[Point], tier: int, gate_id: str
) -> Json:
    """A seated section of a hall's tier, its seat ids prefixed with the section's."""
    return seated_section(
        sec_id, local_text(zh, en), rows, outline, seat_id=lettered_ids(f"{sec_id}-"), tier=tier, gate_id=gate_id
    )

"""Generate the demo catalog feed (format ``outlet-pos.catalog/1``).

Five venues around a base date: a 2,000-seat concert hall, an ~800-seat theatre, a 60,700-seat
football stadium, a standing-only riverside festival ground and a 180-seat cinema screen, with
performances, price zones, blocked seats, offline allocations, channel rules, promotions and
coupons for two own box offices and one city partner.

Stdlib only: the output must not depend on library versions, and the tests validate it against
``sync.protocol.catalog``. Coordinates are metres in the venue's plan: x grows to the right
(east), y grows down the screen (away from the stage; south in the stadium). They are rounded to
0.1 m to keep the file small.

    python -m resources.demo.generate [--base-date YYYY-MM-DD] [--out PATH]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gzip
import io
import itertools
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Json = dict[str, Any]
Point = tuple[float, float]
RowPlan = tuple[str, list[Point]]  # row label, seat centres left to right
SeatIdFn = Callable[[str, int], str]

CATALOG_FORMAT = "outlet-pos.catalog/1"
# China has had no daylight saving since 1991, so a fixed offset is exact for Asia/Shanghai.
SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")
DEFAULT_BASE_DATE = dt.date(2026, 12, 1)
DEFAULT_OUT = Path(__file__).with_name("catalog.json.gz")
SALES_LEAD_DAYS = 60
HALL_SEATS = 2_000

# Row letters as printed on tickets: I and O are skipped because they read as 1 and 0.
ROW_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

OWN_RULE: Json = {"outlet_kind": "own", "allowed": True}


# --------------------------------------------------------------------------- small helpers


def _text(zh: str, en: str) -> Json:
    return {"zh": zh, "en": en}


def _m(value: float) -> float:
    """Metres to 0.1; adding 0.0 turns -0.0 into 0.0 so equal points serialise equally."""
    return round(value, 1) + 0.0


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _prices(adult: int, codes: Iterable[str]) -> dict[str, int]:
    """Concession prices from the adult price, in whole yuan as box offices quote them."""
    share = {"adult": 100, "child": 50, "student": 60, "senior": 50, "member": 90}
    return {code: adult * share[code] // 100 // 100 * 100 for code in codes}


def _zone(zone_id: str, name: Json, color: str, prices: dict[str, int]) -> Json:
    return {"id": zone_id, "name": name, "color": color, "prices": prices}


def _seated(
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
                {"id": seat_id(label, n), "number": str(n), "x": _m(x), "y": _m(y)}
                for n, (x, y) in enumerate(points, start=1)
            ],
        }
        for label, points in rows
        if points
    ]
    section["outline"] = [[_m(x), _m(y)] for x, y in outline]
    return section


def _standing(sec_id: str, name: Json, capacity: int, outline: Sequence[Point], gate_id: str) -> Json:
    return {
        "id": sec_id,
        "name": name,
        "kind": "standing",
        "gate_id": gate_id,
        "capacity": capacity,
        "outline": [[_m(x), _m(y)] for x, y in outline],
    }


def _lettered(prefix: str) -> SeatIdFn:
    """Seat ids like ``SC-K-12``: short, because they travel inside QR ticket codes."""
    return lambda row, n: f"{prefix}{row}-{n}"


def _seat(venue: Json, sec_id: str, row: str, number: int) -> str:
    """The id of an existing seat; fails loudly if a layout change removed it."""
    for section in venue["sections"]:
        if section["id"] != sec_id:
            continue
        for r in section["rows"]:
            if r["label"] == row:
                return str(r["seats"][number - 1]["id"])
    raise KeyError(f"{venue['id']}: no seat {sec_id} {row} {number}")


def _blocks(venue: Json, reason: str, sec_id: str, row: str, numbers: Iterable[int]) -> list[Json]:
    return [{"seat_id": _seat(venue, sec_id, row, n), "reason": reason} for n in numbers]


def _section(venue: Json, sec_id: str) -> Json:
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


def _allocations(venue: Json, blocked: list[Json], plan: Sequence[tuple[str, str, int, int]]) -> list[Json]:
    """Seat allocations from (outlet, section, row index, count)."""
    taken = {b["seat_id"] for b in blocked}
    return [
        {"outlet_id": outlet, "seat_ids": _take_seats(_section(venue, sec), count, taken, row)}
        for outlet, sec, row, count in plan
    ]


def _partner_rule(*, allowed: bool = True, surcharge: int = 0, zones: Sequence[Json] = ()) -> Json:
    rule: Json = {"outlet_kind": "partner", "allowed": allowed}
    if surcharge:
        rule["prices"] = {
            z["id"]: {code: fen + surcharge for code, fen in z["prices"].items()} for z in zones
        }
    return rule


def _performance(
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
    sales_open = _at(base - dt.timedelta(days=SALES_LEAD_DAYS), 10)
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


# --------------------------------------------------------------------------- fan-shaped halls


@dataclass(frozen=True)
class Fan:
    """Rows on concentric arcs around a focus behind the stage, as in halls and theatres.

    Angles are degrees from the centre line (0 points from the stage into the house; negative
    is house left, drawn on the left). Blocks of seats are separated by aisles.
    """

    focus_y: float
    first_radius: float
    row_depth: float
    seat_width: float = 0.55
    aisle: float = 1.1

    def radius(self, row: int) -> float:
        return self.first_radius + row * self.row_depth

    def point(self, radius: float, degrees: float) -> Point:
        a = math.radians(degrees)
        return radius * math.sin(a), self.focus_y + radius * math.cos(a)

    def row(self, row: int, blocks: Sequence[tuple[float, float]]) -> list[Point]:
        """Seat centres of one row, left to right, each block centred between its aisles."""
        r = self.radius(row)
        step = math.degrees(self.seat_width / r)
        clearance = math.degrees(self.aisle / 2 / r)
        points: list[Point] = []
        for lo, hi in blocks:
            count = max(0, int((hi - lo - 2 * clearance) / step))
            mid = (lo + hi) / 2
            points.extend(self.point(r, mid + (k - (count - 1) / 2) * step) for k in range(count))
        return points

    def rows(self, labels: str, blocks: Sequence[tuple[float, float]]) -> list[RowPlan]:
        return [(label, self.row(i, blocks)) for i, label in enumerate(labels)]

    def outline(self, rows: int, lo: float, hi: float) -> list[Point]:
        inner = self.radius(0) - self.row_depth / 2
        outer = self.radius(rows - 1) + self.row_depth / 2
        steps = max(2, math.ceil((hi - lo) / 5))
        angles = [lo + (hi - lo) * k / steps for k in range(steps + 1)]
        return [self.point(inner, a) for a in angles] + [self.point(outer, a) for a in reversed(angles)]


def _trim_back_row(plans: dict[str, list[RowPlan]], left: str, right: str, excess: int) -> None:
    """Drop ``excess`` seats from the outer ends of the back row (control booths stand there)."""
    cut_left, cut_right = excess // 2, excess - excess // 2
    label, points = plans[left][-1]
    if cut_left > len(points) or cut_right > len(plans[right][-1][1]):
        raise ValueError("hall layout is too far from its capacity to trim")
    plans[left][-1] = (label, points[cut_left:])
    label, points = plans[right][-1]
    plans[right][-1] = (label, points[: len(points) - cut_right])


def _concert_hall() -> Json:
    stalls = Fan(focus_y=-9.0, first_radius=11.5, row_depth=0.95)
    stall_rows = ROW_LETTERS[:22]
    balcony = Fan(focus_y=-9.0, first_radius=stalls.radius(len(stall_rows)) + 4.0, row_depth=1.0)
    balcony_rows = ROW_LETTERS[:6]
    layout = {
        # section: (fan, row labels, angular block, zh, en, tier, gate)
        "SL": (stalls, stall_rows, (-54.0, -19.5), "池座左区", "Stalls Left", 0, "MAIN"),
        "SC": (stalls, stall_rows, (-19.5, 19.5), "池座中区", "Stalls Centre", 0, "MAIN"),
        "SR": (stalls, stall_rows, (19.5, 54.0), "池座右区", "Stalls Right", 0, "MAIN"),
        "BL": (balcony, balcony_rows, (-40.0, -14.5), "楼座左区", "Balcony Left", 1, "BALC"),
        "BC": (balcony, balcony_rows, (-14.5, 14.5), "楼座中区", "Balcony Centre", 1, "BALC"),
        "BR": (balcony, balcony_rows, (14.5, 40.0), "楼座右区", "Balcony Right", 1, "BALC"),
    }
    plans = {sec: fan.rows(labels, [block]) for sec, (fan, labels, block, *_) in layout.items()}
    total = sum(len(points) for rows in plans.values() for _, points in rows)
    _trim_back_row(plans, "BL", "BR", total - HALL_SEATS)
    sections = [
        _seated(
            sec,
            _text(zh, en),
            plans[sec],
            fan.outline(len(labels), *block),
            seat_id=_lettered(f"{sec}-"),
            tier=tier,
            gate_id=gate,
        )
        for sec, (fan, labels, block, zh, en, tier, gate) in layout.items()
    ]
    return {
        "id": "V-PUJIANG-HALL",
        "name": _text("浦江交响音乐厅", "Pujiang Symphony Hall"),
        "city": _text("上海", "Shanghai"),
        "address": "上海市浦东新区滨江大道1888号",
        "gates": [
            {"id": "MAIN", "name": _text("正门（池座）", "Main entrance (stalls)")},
            {"id": "BALC", "name": _text("楼座入口", "Balcony entrance")},
        ],
        "sections": sections,
    }


def _theatre() -> Json:
    stalls = Fan(focus_y=-16.0, first_radius=19.0, row_depth=0.9)
    circle = Fan(focus_y=-16.0, first_radius=stalls.radius(15) + 3.0, row_depth=1.0)
    upper = Fan(focus_y=-16.0, first_radius=circle.radius(8) + 3.0, row_depth=1.0)
    three_blocks = [(-22.0, -7.5), (-7.5, 7.5), (7.5, 22.0)]
    layout = {
        "ST": (stalls, ROW_LETTERS[:15], three_blocks, "池座", "Stalls", 0, "MAIN"),
        "DC": (circle, ROW_LETTERS[:8], [(-12.0, 12.0)], "二楼楼座", "Dress Circle", 1, "CIRC"),
        "UC": (upper, ROW_LETTERS[:6], [(-10.0, 10.0)], "三楼楼座", "Upper Circle", 2, "CIRC"),
    }
    sections = [
        _seated(
            sec,
            _text(zh, en),
            fan.rows(labels, blocks),
            fan.outline(len(labels), blocks[0][0], blocks[-1][1]),
            seat_id=_lettered(f"{sec}-"),
            tier=tier,
            gate_id=gate,
        )
        for sec, (fan, labels, blocks, zh, en, tier, gate) in layout.items()
    ]
    return {
        "id": "V-JINGAN-THEATRE",
        "name": _text("静安大剧院", "Jing'an Grand Theatre"),
        "city": _text("上海", "Shanghai"),
        "address": "上海市静安区南京西路1122号",
        "gates": [
            {"id": "MAIN", "name": _text("正门", "Main entrance")},
            {"id": "CIRC", "name": _text("楼座入口", "Circle entrance")},
        ],
        "sections": sections,
    }


def _cinema() -> Json:
    labels = ROW_LETTERS[:12]
    rows: list[RowPlan] = []
    for i, label in enumerate(labels):
        y = 6.0 + i * 1.1
        # Seats 1-7 left of the aisle, 8-15 right of it, 0.6 m apart; the aisle is 1 m clear.
        xs = [(n - 8) * 0.6 + (-0.5 if n <= 7 else 0.5) for n in range(1, 16)]
        rows.append((label, [(x, y) for x in xs]))
    outline = [(-5.1, 5.3), (5.2, 5.3), (5.2, 18.8), (-5.1, 18.8)]
    hall = _seated("HALL", _text("4号厅", "Screen 4"), rows, outline, seat_id=_lettered(""), gate_id="H4")
    return {
        "id": "V-STARLIGHT-4",
        "name": _text("星光影城（环球港店）4号厅", "Starlight Cinemas Global Harbour, Screen 4"),
        "city": _text("上海", "Shanghai"),
        "address": "上海市普陀区中山北路3300号环球港L4",
        "gates": [{"id": "H4", "name": _text("4号厅入口", "Screen 4 door")}],
        "sections": [hall],
    }


def _festival_ground() -> Json:
    # Stage along the top edge (y < 0); the pit is a notch cut out of general admission.
    pit = [(-15.0, 3.0), (15.0, 3.0), (15.0, 23.0), (-15.0, 23.0)]
    ga = [(-45.0, 3.0), (-16.0, 3.0), (-16.0, 24.0), (16.0, 24.0), (16.0, 3.0), (45.0, 3.0)]
    ga += [(45.0, 73.0), (-45.0, 73.0)]
    deck = [(50.0, 30.0), (70.0, 30.0), (70.0, 55.0), (50.0, 55.0)]
    return {
        "id": "V-XUHUI-RIVERSIDE",
        "name": _text("徐汇滨江草坪", "Xuhui Riverside Lawn"),
        "city": _text("上海", "Shanghai"),
        "address": "上海市徐汇区龙腾大道2555号",
        "gates": [
            {"id": "G1", "name": _text("1号入口", "Gate 1")},
            {"id": "G2", "name": _text("2号入口（内场）", "Gate 2 (pit)")},
            {"id": "VIP", "name": _text("VIP通道", "VIP entrance")},
        ],
        "sections": [
            _standing("GA", _text("草坪站区", "General admission lawn"), 8_000, ga, "G1"),
            _standing("PIT", _text("舞台前内场", "Front pit"), 1_500, pit, "G2"),
            _standing("VIP", _text("VIP观景台", "VIP deck"), 500, deck, "VIP"),
        ],
    }


# --------------------------------------------------------------------------- the stadium bowl


@dataclass(frozen=True)
class _Piece:
    """One piece of the bowl's inner edge, travelled clockwise: a straight or a corner arc."""

    length: float  # along the inner edge
    origin: Point  # straight: start point; arc: centre
    heading: float  # straight: direction of travel; arc: start angle (degrees, y down)
    radius: float = 0.0  # arcs only

    def scale(self, offset: float) -> float:
        """Arcs grow with distance from the pitch, straights do not."""
        return 1.0 if self.radius == 0 else (self.radius + offset) / self.radius

    def point(self, t: float, offset: float) -> Point:
        ox, oy = self.origin
        if self.radius == 0:
            a = math.radians(self.heading)
            ux, uy = math.cos(a), math.sin(a)
            # Travelling clockwise with y down, the outward normal is (uy, -ux).
            return ox + t * ux + offset * uy, oy + t * uy - offset * ux
        a = math.radians(self.heading) + t / self.radius
        r = self.radius + offset
        return ox + r * math.cos(a), oy + r * math.sin(a)


class Bowl:
    """A rounded-rectangle bowl: rows are offset curves of the inner edge, so they radiate out.

    Positions along the bowl are given as a base distance ``s`` along the inner edge, starting
    at the middle of the north-west corner and running clockwise; ``offset`` is metres outward.
    A fixed ``s`` is a line at right angles to every row, which makes clean section boundaries.
    """

    def __init__(self, half_x: float, half_y: float, corner: float) -> None:
        r, sx, sy = corner, half_x - corner, half_y - corner
        q = math.pi * r / 2
        self.pieces = [
            _Piece(q / 2, (-sx, -sy), 225.0, r),  # north-west corner, second half
            _Piece(2 * sx, (-sx, -half_y), 0.0),  # north straight, heading east
            _Piece(q, (sx, -sy), 270.0, r),  # north-east corner
            _Piece(2 * sy, (half_x, -sy), 90.0),  # east straight, heading south
            _Piece(q, (sx, sy), 0.0, r),  # south-east corner
            _Piece(2 * sx, (sx, half_y), 180.0),  # south straight, heading west
            _Piece(q, (-sx, sy), 90.0, r),  # south-west corner
            _Piece(2 * sy, (-half_x, sy), 270.0),  # west straight, heading north
            _Piece(q / 2, (-sx, -sy), 180.0, r),  # north-west corner, first half
        ]
        self.starts: list[float] = []
        acc = 0.0
        for piece in self.pieces:
            self.starts.append(acc)
            acc += piece.length
        self.length = acc
        # Each stand runs from corner middle to corner middle.
        end, side = q + 2 * sx, q + 2 * sy
        self.stands = {"N": (0.0, end), "E": (end, end + side)}
        self.stands["S"] = (end + side, 2 * end + side)
        self.stands["W"] = (2 * end + side, self.length)

    def point(self, s: float, offset: float) -> Point:
        for piece, start in zip(reversed(self.pieces), reversed(self.starts), strict=True):
            if s >= start:
                return piece.point(min(s - start, piece.length), offset)
        return self.pieces[0].point(0.0, offset)

    def stretch(self, s0: float, s1: float, offset: float) -> float:
        """Length of the row at ``offset`` between base positions s0 and s1."""
        total = 0.0
        for piece, start in zip(self.pieces, self.starts, strict=True):
            overlap = min(s1, start + piece.length) - max(s0, start)
            if overlap > 0:
                total += overlap * piece.scale(offset)
        return total

    def advance(self, s0: float, distance: float, offset: float) -> float:
        """Base position reached by walking ``distance`` metres along the row at ``offset``."""
        pos = s0
        for piece, start in zip(self.pieces, self.starts, strict=True):
            end = start + piece.length
            if end <= pos:
                continue
            room = (end - pos) * piece.scale(offset)
            if distance <= room:
                return pos + distance / piece.scale(offset)
            distance -= room
            pos = end
        return pos

    def row(self, s0: float, s1: float, offset: float, pitch: float, aisle: float) -> list[Point]:
        """Seat centres along one row of a section, clockwise, centred between its aisles."""
        length = self.stretch(s0, s1, offset)
        count = max(0, int((length - aisle) / pitch))
        first = (length - (count - 1) * pitch) / 2
        return [self.point(self.advance(s0, first + k * pitch, offset), offset) for k in range(count)]

    def outline(self, s0: float, s1: float, inner: float, outer: float) -> list[Point]:
        steps = max(2, math.ceil((s1 - s0) / 4.0))
        base = [s0 + (s1 - s0) * k / steps for k in range(steps + 1)]
        return [self.point(s, inner) for s in base] + [self.point(s, outer) for s in reversed(base)]


@dataclass(frozen=True)
class _Tier:
    level: int  # tier number in the feed (0 lower), and hundreds of the section numbers - 1
    zh: str
    en: str
    first_offset: float  # metres from the bowl's inner edge to the centre of row 1
    rows: int
    row_depth: float
    per_stand: dict[str, int]  # sections per stand

    def offset(self, row: int) -> float:
        return self.first_offset + row * self.row_depth


STANDS = {
    "N": ("北看台", "North stand"),
    "E": ("东看台", "East stand"),
    "S": ("南看台", "South stand"),
    "W": ("西看台", "West stand"),
}
VIP_SECTIONS = ("W127", "W128", "W129")  # lower tier, either side of the halfway line
GATES = "ABCDEFGH"  # clockwise around the concourse, A at north


def _stadium_tiers() -> list[_Tier]:
    lower = _Tier(0, "下层", "lower", 1.5, 25, 0.8, {"N": 7, "E": 9, "S": 7, "W": 9})
    middle = _Tier(1, "中层", "middle", lower.offset(lower.rows) + 4.5, 8, 0.85, lower.per_stand)
    upper_start = middle.offset(middle.rows) + 4.5
    upper = _Tier(2, "上层", "upper", upper_start, 25, 0.9, {"N": 9, "E": 11, "S": 9, "W": 11})
    return [lower, middle, upper]


def _gate_for(bowl: Bowl, s: float) -> str:
    """Eight gates share the concourse equally; gate A faces the middle of the north stand."""
    north_start, north_end = bowl.stands["N"]
    turn = (s - (north_start + north_end) / 2) / bowl.length
    return GATES[round(turn * len(GATES)) % len(GATES)]


def _stand_bounds(bowl: Bowl, tier: _Tier, s_start: float, s_end: float, count: int) -> list[float]:
    """Section boundaries of one stand, equally wide at the tier's middle row.

    Cutting by length at the middle row (not along the pitch edge) keeps the corner sections,
    which fan out, from growing twice as wide as those along the straights.
    """
    mid = tier.offset(tier.rows // 2)
    length = bowl.stretch(s_start, s_end, mid)
    return [bowl.advance(s_start, length * k / count, mid) for k in range(count)] + [s_end]


def _bowl_section(bowl: Bowl, tier: _Tier, stand: str, number: int, span: Point) -> Json:
    s0, s1 = span  # base positions of the section's two radial edges
    sec_id = f"{stand}{number}"
    stand_zh, stand_en = STANDS[stand]
    rows = [(str(r + 1), bowl.row(s0, s1, tier.offset(r), pitch=0.5, aisle=1.2)) for r in range(tier.rows)]
    inner = tier.offset(0) - tier.row_depth / 2
    outer = tier.offset(tier.rows - 1) + tier.row_depth / 2
    return _seated(
        sec_id,
        _text(f"{stand_zh}{tier.zh} {number}区", f"{stand_en} {tier.en} {number}"),
        rows,
        bowl.outline(s0, s1, inner, outer),
        # e.g. W128-05-12: 10 characters, fixed width, sorts naturally.
        seat_id=lambda row, n: f"{sec_id}-{int(row):02d}-{n:02d}",
        tier=tier.level,
        gate_id=_gate_for(bowl, (s0 + s1) / 2),
        stand=stand_en,
    )


def _stadium() -> Json:
    # Pitch 105 x 68 m running north-south, with run-off; the bowl hugs it on all four sides.
    bowl = Bowl(half_x=34.0 + 8.0, half_y=52.5 + 10.0, corner=16.0)
    sections: list[Json] = []
    for tier in _stadium_tiers():
        # Sections are numbered clockwise from the north-west corner: 101.., 201.., 301..
        number = (tier.level + 1) * 100
        for stand, (s_start, s_end) in bowl.stands.items():
            bounds = _stand_bounds(bowl, tier, s_start, s_end, tier.per_stand[stand])
            for span in itertools.pairwise(bounds):
                number += 1
                sections.append(_bowl_section(bowl, tier, stand, number, span))
    return {
        "id": "V-SHENCHENG-STADIUM",
        "name": _text("申城体育场", "Shencheng Stadium"),
        "city": _text("上海", "Shanghai"),
        "address": "上海市徐汇区天钥桥路666号",
        "gates": [{"id": g, "name": _text(f"{g}号入口", f"Gate {g}")} for g in GATES],
        "sections": sections,
    }


# --------------------------------------------------------------------------- events


def _schedule_start(base: dt.date, days: int, hour: int, minute: int = 0) -> dt.datetime:
    return _at(base + dt.timedelta(days=days), hour, minute)


def _concert(base: dt.date, hall: Json) -> Json:
    codes = ("adult", "child", "student", "senior", "member")
    zones = [
        _zone("VIP", _text("VIP区", "VIP"), "#C62828", _prices(88_000, codes)),
        _zone("A", _text("甲区", "Zone A"), "#EF6C00", _prices(58_000, codes)),
        _zone("B", _text("乙区", "Zone B"), "#1565C0", _prices(28_000, codes)),
    ]
    # Best seats: the centre block of stalls, rows A to H, override the stalls' zone A.
    centre = _section(hall, "SC")["rows"][:8]
    vip_seats = [seat["id"] for row in centre for seat in row["seats"]]
    assignments = [
        {"zone_id": "A", "section_ids": ["SL", "SC", "SR"]},
        {"zone_id": "B", "section_ids": ["BL", "BC", "BR"]},
        {"zone_id": "VIP", "seat_ids": vip_seats},
    ]
    blocked = (
        _blocks(hall, "house", "SC", "J", range(14, 18))
        + _blocks(hall, "wheelchair", "SL", "X", (1, 2))
        + _blocks(hall, "wheelchair", "SR", "X", (1, 2))
        + _blocks(hall, "sightline", "BL", "A", (1, 2))
        + _blocks(hall, "sightline", "BR", "A", (1, 2))
    )
    allocations = _allocations(
        hall,
        blocked,
        [("BO-MALL", "SC", 10, 60), ("BO-THEATRE", "SR", 3, 40), ("CP-SH01", "BC", 0, 80)],
    )
    rules = [OWN_RULE, _partner_rule(surcharge=1_000, zones=zones)]
    performances = [
        _performance(
            f"P-TCHAIK-{i + 1}",
            base,
            _schedule_start(base, day, 19, 30),
            doors_minutes=45,
            length_minutes=120,
            zones=zones,
            assignments=assignments,
            blocked=blocked,
            allocations=allocations,
            channel_rules=rules,
        )
        for i, day in enumerate((0, 1))
    ]
    return {
        "id": "E-TCHAIK",
        "name": _text("冬夜交响：柴可夫斯基专场音乐会", "Winter Night Symphony: All-Tchaikovsky"),
        "category": "concert",
        "venue_id": hall["id"],
        "description": _text(
            "浦江交响乐团演奏《第五交响曲》与《D大调小提琴协奏曲》。",
            "The Pujiang Symphony Orchestra plays the Fifth Symphony and the Violin Concerto.",
        ),
        "max_tickets_per_order": 8,
        "refund_cutoff_hours": 48,
        "terms": _text(
            "1.2米以下儿童谢绝入场。演出开始后请于乐章间隙入场。",
            "No children under 1.2 m. Latecomers are admitted between movements.",
        ),
        "performances": performances,
    }


def _play(base: dt.date, theatre: Json) -> Json:
    codes = ("adult", "child", "student", "senior")  # members get the MEMBER20 promotion instead
    zones = [
        _zone("PREM", _text("贵宾席", "Premium"), "#AD1457", _prices(48_000, codes)),
        _zone("STD", _text("标准席", "Standard"), "#2E7D32", _prices(28_000, codes)),
        _zone("UPPER", _text("经济席", "Upper"), "#546E7A", _prices(12_000, codes)),
    ]
    front = _section(theatre, "ST")["rows"][:8]
    assignments = [
        {"zone_id": "STD", "section_ids": ["ST", "DC"]},
        {"zone_id": "UPPER", "section_ids": ["UC"]},
        {"zone_id": "PREM", "seat_ids": [s["id"] for row in front for s in row["seats"]]},
    ]
    blocked = (
        _blocks(theatre, "production", "ST", "Q", range(16, 22))  # sound desk
        + _blocks(theatre, "house", "ST", "F", (14, 15))
        + _blocks(theatre, "wheelchair", "ST", "A", (1, 2))
        + _blocks(theatre, "sightline", "UC", "A", (1, 2))
    )
    allocations = _allocations(
        theatre,
        blocked,
        [("BO-THEATRE", "ST", 2, 120), ("BO-MALL", "ST", 10, 40), ("CP-SH01", "DC", 0, 60)],
    )
    rules = [OWN_RULE, _partner_rule()]
    shows = [(2, 19, 30, "on_sale"), (3, 14, 0, "postponed"), (4, 19, 30, "cancelled")]
    performances = [
        _performance(
            f"P-TEAHOUSE-{i + 1}",
            base,
            _schedule_start(base, day, hour, minute),
            doors_minutes=30,
            length_minutes=150,
            zones=zones,
            assignments=assignments,
            blocked=blocked,
            allocations=allocations,
            channel_rules=rules,
            status=status,
        )
        for i, (day, hour, minute, status) in enumerate(shows)
    ]
    return {
        "id": "E-TEAHOUSE",
        "name": _text("话剧《茶馆》", "Teahouse (play by Lao She)"),
        "category": "theatre",
        "venue_id": theatre["id"],
        "description": _text(
            "老舍经典三幕话剧，一座茶馆里的五十年沧桑。",
            "Lao She's classic in three acts: fifty years of Beijing in one teahouse.",
        ),
        "max_tickets_per_order": 10,
        "refund_cutoff_hours": 24,
        "terms": _text(
            "演出时长约2小时30分钟（含中场休息）。迟到观众须待幕间入场。",
            "Running time about 2 h 30 min with one interval. Latecomers wait for the interval.",
        ),
        "performances": performances,
    }


def _match(base: dt.date, stadium: Json) -> Json:
    codes = ("adult", "child", "student", "senior", "member")
    zones = [
        _zone("VIP", _text("西看台贵宾区", "VIP West lower"), "#B71C1C", _prices(128_000, ["adult"])),
        _zone("SIDE-L", _text("边线下层", "Sides lower"), "#E65100", _prices(68_000, codes)),
        _zone("SIDE-U", _text("边线中上层", "Sides upper"), "#F9A825", _prices(38_000, codes)),
        _zone("END-L", _text("球门后下层", "Ends lower"), "#2E7D32", _prices(28_000, codes)),
        _zone("END-U", _text("球门后上层", "Ends upper"), "#1565C0", _prices(18_000, codes)),
    ]
    by_zone: dict[str, list[str]] = {z["id"]: [] for z in zones}
    for section in stadium["sections"]:
        by_zone[_match_zone(section)].append(section["id"])
    if len(by_zone["VIP"]) != len(VIP_SECTIONS):
        raise ValueError("stadium layout lost a VIP section")
    assignments = [{"zone_id": z, "section_ids": ids} for z, ids in by_zone.items()]
    blocked: list[Json] = []
    for sec in ("N104", "E112", "S120", "W128"):
        blocked += _blocks(stadium, "wheelchair", sec, "1", (1, 2))
    blocked += _blocks(stadium, "press", "W228", "1", range(1, 13))
    blocked += _blocks(stadium, "house", "W128", "5", range(10, 14))
    blocked += _blocks(stadium, "sightline", "N104", "10", range(15, 19))  # camera gantry
    allocations = _allocations(
        stadium,
        blocked,
        [("BO-MALL", "E113", 7, 400), ("BO-THEATRE", "S120", 9, 200), ("CP-SH01", "E315", 0, 600)],
    )
    performance = _performance(
        "P-CUPFINAL-1",
        base,
        _schedule_start(base, 5, 19, 35),
        doors_minutes=120,
        length_minutes=115,
        zones=zones,
        assignments=assignments,
        blocked=blocked,
        allocations=allocations,
        channel_rules=[OWN_RULE, _partner_rule()],
    )
    return {
        "id": "E-CUPFINAL",
        "name": _text(
            f"{base.year}足协杯决赛 上海申城 vs 北京燕京",
            f"{base.year} CFA Cup Final: Shanghai Shencheng vs Beijing Yanjing",
        ),
        "category": "sport",
        "venue_id": stadium["id"],
        "real_name_required": True,
        "max_tickets_per_order": 6,
        "refund_cutoff_hours": 72,
        "fees": {"per_ticket": 500, "per_order": 0},
        "terms": _text(
            "本场比赛实行实名制购票，一人一票一证，入场须出示购票时登记的身份证件。",
            "Real-name match: one ticket per person, bound to an ID shown at the gate.",
        ),
        "performances": [performance],
    }


def _match_zone(section: Json) -> str:
    stand, tier = section["id"][0], section["tier"]
    if section["id"] in VIP_SECTIONS:
        return "VIP"
    if stand in "WE":
        return "SIDE-L" if tier == 0 else "SIDE-U"
    return "END-L" if tier == 0 else "END-U"


def _festival(base: dt.date, ground: Json) -> Json:
    zones = [
        _zone("GA", _text("草坪票", "General admission"), "#43A047", _prices(48_000, ["adult", "student"])),
        _zone("PIT", _text("内场票", "Front pit"), "#FB8C00", _prices(68_000, ["adult"])),
        _zone("VIP", _text("VIP票", "VIP deck"), "#8E24AA", _prices(128_000, ["adult"])),
    ]
    assignments = [{"zone_id": z["id"], "section_ids": [z["id"]]} for z in zones]
    allocations = [
        {"outlet_id": "BO-MALL", "standing": {"GA": 300, "PIT": 50, "VIP": 20}},
        {"outlet_id": "BO-THEATRE", "standing": {"GA": 100, "PIT": 20}},
        {"outlet_id": "CP-SH01", "standing": {"GA": 500, "PIT": 100, "VIP": 30}},
    ]
    performances = [
        _performance(
            f"P-WFEST-{i + 1}",
            base,
            _schedule_start(base, day, 13),
            doors_minutes=90,
            length_minutes=9 * 60,
            zones=zones,
            assignments=assignments,
            blocked=[],
            allocations=allocations,
            channel_rules=[OWN_RULE, _partner_rule()],
        )
        for i, day in enumerate((12, 13))
    ]
    return {
        "id": "E-WINTERFEST",
        "name": _text("滨江冬日音乐节", "Riverside Winter Music Festival"),
        "category": "festival",
        "venue_id": ground["id"],
        "description": _text("两天，两个舞台，二十组乐队。", "Two days, two stages, twenty bands."),
        "max_tickets_per_order": 4,
        "entry_rule": "reentry",
        "refund_cutoff_hours": 168,
        "fees": {"per_ticket": 300, "per_order": 0},
        "terms": _text(
            "单日票当日可凭手环多次进出。禁止携带玻璃瓶与专业摄影器材。",
            "Day tickets allow re-entry with the wristband. No glass, no professional cameras.",
        ),
        "performances": performances,
    }


def _screening(base: dt.date, cinema: Json) -> Json:
    codes = ("adult", "child", "student", "senior", "member")
    zones = [
        _zone("STD", _text("普通座", "Standard"), "#455A64", _prices(4_500, codes)),
        _zone("BEST", _text("黄金座", "Best view"), "#FFB300", _prices(5_500, codes)),
    ]
    hall = _section(cinema, "HALL")
    middle = [s["id"] for row in hall["rows"][5:8] for s in row["seats"][3:12]]
    assignments = [
        {"zone_id": "STD", "section_ids": ["HALL"]},
        {"zone_id": "BEST", "seat_ids": middle},
    ]
    blocked = _blocks(cinema, "wheelchair", "HALL", "M", (14, 15)) + _blocks(
        cinema, "house", "HALL", "K", (7, 8)
    )
    allocations = _allocations(cinema, blocked, [("BO-MALL", "HALL", 4, 30), ("BO-THEATRE", "HALL", 8, 20)])
    rules = [OWN_RULE, _partner_rule(allowed=False)]  # the chain sells its own screens
    showtimes = [(0, 14, 30), (0, 19, 45), (1, 20, 15)]
    performances = [
        _performance(
            f"P-MOON-{i + 1}",
            base,
            _schedule_start(base, day, hour, minute),
            doors_minutes=15,
            length_minutes=128,
            zones=zones,
            assignments=assignments,
            blocked=blocked,
            allocations=allocations,
            channel_rules=rules,
        )
        for i, (day, hour, minute) in enumerate(showtimes)
    ]
    return {
        "id": "E-MOON",
        "name": _text("电影《长安月下》", "Moon over Chang'an (film)"),
        "category": "cinema",
        "venue_id": cinema["id"],
        "max_tickets_per_order": 10,
        "refund_cutoff_hours": 2,
        "terms": _text(
            "本片时长128分钟，国语，中英文字幕。", "128 min, Mandarin, Chinese and English subtitles."
        ),
        "performances": performances,
    }


# --------------------------------------------------------------------------- the catalog


def _outlets() -> list[Json]:
    return [
        {"id": "BO-MALL", "name": _text("环球港票务中心", "Global Harbour Box Office"), "kind": "own"},
        {
            "id": "BO-THEATRE",
            "name": _text("静安大剧院售票处", "Jing'an Grand Theatre Box Office"),
            "kind": "own",
        },
        {
            "id": "CP-SH01",
            "name": _text("城市合伙人·徐汇文化票务", "City partner: Xuhui Culture Tickets"),
            "kind": "partner",
            "commission_bps": 600,
            "credit_limit": 5_000_000,
        },
    ]


def _concessions() -> list[Json]:
    return [
        {"code": "adult", "name": _text("成人票", "Adult")},
        {
            "code": "child",
            "name": _text("儿童票", "Child"),
            "rule": _text("12岁以下，凭户口本或身份证", "Under 12, with household register or ID"),
            "requires_id_check": True,
        },
        {
            "code": "student",
            "name": _text("学生票", "Student"),
            "rule": _text("全日制在校学生，凭学生证", "Full-time students, with student card"),
            "requires_id_check": True,
        },
        {
            "code": "senior",
            "name": _text("长者票", "Senior"),
            "rule": _text("60岁及以上，凭身份证", "Aged 60 or over, with ID"),
            "requires_id_check": True,
        },
        {
            "code": "member",
            "name": _text("会员票", "Member"),
            "rule": _text("会员卡或会员码", "Member card or member QR"),
            "requires_member": True,
        },
    ]


def _promotions(base: dt.date) -> tuple[list[Json], list[Json]]:
    sales_open = _at(base - dt.timedelta(days=SALES_LEAD_DAYS), 10).isoformat()
    promotions = [
        {
            "id": "EARLY-BIRD",
            "name": _text("早鸟九折", "Early bird 10% off"),
            "kind": "percent",
            "value": 10,
            "event_ids": ["E-TCHAIK"],
            "concessions": ["adult"],
            "valid_from": sales_open,
            "valid_until": _at(base + dt.timedelta(days=10), 23, 59).isoformat(),
        },
        {
            "id": "MEMBER20",
            "name": _text("会员八折", "Members 20% off"),
            "kind": "percent",
            "value": 20,
            "event_ids": ["E-TEAHOUSE"],
            "concessions": ["adult"],
            "members_only": True,
        },
        {
            "id": "WELCOME",
            "name": _text("新客立减30元", "Welcome: 30 yuan off"),
            "kind": "amount",
            "value": 3_000,
            "concessions": ["adult"],  # every adult price is above 30 yuan
            "requires_coupon": True,
        },
    ]
    coupons = [
        {"code": "WELCOME30", "promotion_id": "WELCOME", "max_uses": 100},
        {"code": "ONCE-ONLY", "promotion_id": "WELCOME", "max_uses": 1},
    ]
    return promotions, coupons


def build_catalog(base_date: dt.date) -> Json:
    """The demo catalog around ``base_date``, as a plain JSON-able dict. Deterministic."""
    hall, theatre, stadium = _concert_hall(), _theatre(), _stadium()
    ground, cinema = _festival_ground(), _cinema()
    promotions, coupons = _promotions(base_date)
    return {
        "format": CATALOG_FORMAT,
        "currency": "CNY",
        "generated_at": _at(base_date, 6).isoformat(),
        "outlets": _outlets(),
        "concessions": _concessions(),
        "venues": [hall, theatre, stadium, ground, cinema],
        "events": [
            _concert(base_date, hall),
            _play(base_date, theatre),
            _match(base_date, stadium),
            _festival(base_date, ground),
            _screening(base_date, cinema),
        ],
        "promotions": promotions,
        "coupons": coupons,
    }


def to_json_bytes(catalog: Json) -> bytes:
    """Compact UTF-8 JSON, the exact bytes inside the shipped gzip file."""
    text = json.dumps(catalog, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def encode(catalog: Json) -> bytes:
    """Gzip with no name and mtime 0 (GzipFile also writes a fixed OS byte): same input, same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(to_json_bytes(catalog))
    return buffer.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Never leave a half-written catalog behind: write a sibling file, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m resources.demo.generate", description="Write the demo catalog feed."
    )
    parser.add_argument(
        "--base-date",
        type=_date_arg,
        default=DEFAULT_BASE_DATE,
        help=f"'today' of the demo: first shows that evening (default {DEFAULT_BASE_DATE})",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="gzip file to write")
    args = parser.parse_args(argv)
    catalog = build_catalog(args.base_date)
    data = encode(catalog)
    _write_atomically(args.out, data)
    seats = sum(
        len(row["seats"]) for v in catalog["venues"] for s in v["sections"] for row in s.get("rows", [])
    )
    print(f"wrote {args.out}: {len(data):,} bytes, {seats:,} seats")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The demo's 60,700-seat football stadium: a bowl of stands in tiers, cut into numbered
sections, each with its gate on the concourse."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from resources.demo.parts import Json, Point, local_text, seated_section, shanghai_venue


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
    return seated_section(
        sec_id,
        local_text(f"{stand_zh}{tier.zh} {number}区", f"{stand_en} {tier.en} {number}"),
        rows,
        bowl.outline(s0, s1, inner, outer),
        # e.g. W128-05-12: 10 characters, fixed width, sorts naturally.
        seat_id=lambda row, n: f"{sec_id}-{int(row):02d}-{n:02d}",
        tier=tier.level,
        gate_id=_gate_for(bowl, (s0 + s1) / 2),
        stand=stand_en,
    )


def stadium_venue() -> Json:
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
    return shanghai_venue(
        "V-SHENCHENG-STADIUM",
        local_text("申城体育场", "Shencheng Stadium"),
        "上海市徐汇区天钥桥路666号",
        [{"id": g, "name": local_text(f"{g}号入口", f"Gate {g}")} for g in GATES],
        sections,
    )

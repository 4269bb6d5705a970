"""The fan-shaped rooms of the demo: the 2,000-seat concert hall, the theatre with its circles,
the cinema screen, and the standing-only festival ground."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from resources.demo.parts import (
    ROW_LETTERS,
    Json,
    Point,
    RowPlan,
    lettered_ids,
    local_text,
    seated_section,
    shanghai_venue,
    standing_section,
    tier_section,
)

HALL_SEATS = 2_000


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


def concert_hall_venue() -> Json:
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
        tier_section(sec, zh, en, plans[sec], fan.outline(len(labels), *block), tier, gate)
        for sec, (fan, labels, block, zh, en, tier, gate) in layout.items()
    ]
    return shanghai_venue(
        "V-PUJIANG-HALL",
        local_text("浦江交响音乐厅", "Pujiang Symphony Hall"),
        "上海市浦东新区滨江大道1888号",
        [
            {"id": "MAIN", "name": local_text("正门（池座）", "Main entrance (stalls)")},
            {"id": "BALC", "name": local_text("楼座入口", "Balcony entrance")},
        ],
        sections,
    )


def theatre_venue() -> Json:
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
        tier_section(
            sec, zh, en, fan.rows(labels, blocks), fan.outline(len(labels), blocks[0][0], blocks[-1][1]), tier, gate
        )
        for sec, (fan, labels, blocks, zh, en, tier, gate) in layout.items()
    ]
    return shanghai_venue(
        "V-JINGAN-THEATRE",
        local_text("静安大剧院", "Jing'an Grand Theatre"),
        "上海市静安区南京西路1122号",
        [
            {"id": "MAIN", "name": local_text("正门", "Main entrance")},
            {"id": "CIRC", "name": local_text("楼座入口", "Circle entrance")},
        ],
        sections,
    )


def cinema_venue() -> Json:
    labels = ROW_LETTERS[:12]
    rows: list[RowPlan] = []
    for i, label in enumerate(labels):
        y = 6.0 + i * 1.1
        # Seats 1-7 left of the aisle, 8-15 right of it, 0.6 m apart; the aisle is 1 m clear.
        xs = [(n - 8) * 0.6 + (-0.5 if n <= 7 else 0.5) for n in range(1, 16)]
        rows.append((label, [(x, y) for x in xs]))
    outline = [(-5.1, 5.3), (5.2, 5.3), (5.2, 18.8), (-5.1, 18.8)]
    hall = seated_section("HALL", local_text("4号厅", "Screen 4"), rows, outline, seat_id=lettered_ids(""), gate_id="H4")
    return shanghai_venue(
        "V-STARLIGHT-4",
        local_text("星光影城（环球港店）4号厅", "Starlight Cinemas Global Harbour, Screen 4"),
        "上海市普陀区中山北路3300号环球港L4",
        [{"id": "H4", "name": local_text("4号厅入口", "Screen 4 door")}],
        [hall],
    )


def festival_ground_venue() -> Json:
    # Stage along the top edge (y < 0); the pit is a notch cut out of general admission.
    pit = [(-15.0, 3.0), (15.0, 3.0), (15.0, 23.0), (-15.0, 23.0)]
    ga = [(-45.0, 3.0), (-16.0, 3.0), (-16.0, 24.0), (16.0, 24.0), (16.0, 3.0), (45.0, 3.0)]
    ga += [(45.0, 73.0), (-45.0, 73.0)]
    deck = [(50.0, 30.0), (70.0, 30.0), (70.0, 55.0), (50.0, 55.0)]
    return {
        "id": "V-XUHUI-RIVERSIDE",
        "name": local_text("徐汇滨江草坪", "Xuhui Riverside Lawn"),
        "city": local_text("上海", "Shanghai"),
        "address": "上海市徐汇区龙腾大道2555号",
        "gates": [
            {"id": "G1", "name": local_text("1号入口", "Gate 1")},
            {"id": "G2", "name": local_text("2号入口（内场）", "Gate 2 (pit)")},
            {"id": "VIP", "name": local_text("VIP通道", "VIP entrance")},
        ],
        "sections": [
            standing_section("GA", local_text("草坪站区", "General admission lawn"), 8_000, ga, "G1"),
            standing_section("PIT", local_text("舞台前内场", "Front pit"), 1_500, pit, "G2"),
            standing_section("VIP", local_text("VIP观景台", "VIP deck"), 500, deck, "VIP"),
        ],
    }

"""All seats of a venue as ONE painted item, with levels of detail.

Zoomed out, each section is a polygon in its price zone's colour (paler as it sells out);
zoomed in, seats are painted as small squares, only for the sections in the exposed area,
one ``drawRects`` call per colour. Nothing here is a widget or an item per seat: the
60,700-seat stadium is one item, a few arrays and a grid index.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from pos.catalog.seatmap import SeatColumns, SeatMap
from ui.theme.tokens import COLOURS

SEAT_DETAIL_PX = 3.0  # below this many pixels per seat, paint sections instead

STATE_COLOURS = {
    "sold": QColor(COLOURS["seat_sold"]),
    "blocked": QColor(COLOURS["seat_blocked"]),
    "other": QColor(COLOURS["seat_other"]),
    "held": QColor(COLOURS["seat_held"]),
}
SELECTED = QColor(COLOURS["seat_selected"])


class _Section:
    __slots__ = ("bbox", "cache", "indices", "overview", "polygon", "section_id", "zone_id")

    def __init__(self, section_id: str, zone_id: str | None) -> None:
        self.section_id = section_id
        self.zone_id = zone_id
        self.indices: list[int] = []
        self.bbox = QRectF()
        self.polygon = QPolygonF()
        self.cache: dict[str, list[QRectF]] | None = None
        self.overview: tuple[float, bool] | None = None  # share sellable, any selected


class SeatLayerItem(QGraphicsItem):
    def __init__(self, seat_map: SeatMap) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.map = seat_map
        cols = seat_map.columns
        self.xs = cols.xs
        self.ys = cols.ys
        self.states: list[str] = list(cols.states)
        self.index_of = {sid: i for i, sid in enumerate(cols.seat_ids)}
        self.selected: set[int] = set()
        self.sellable: frozenset[str] = frozenset({"available", "held"})
        self.zone_colour = {z.zone_id: QColor(z.color) for z in seat_map.zones}
        self.spacing = _spacing(cols)
        self.seat_size = self.spacing * 0.8
        self._grid: dict[tuple[int, int], list[int]] | None = None
        self.sections: dict[str, _Section] = {}
        for sec in seat_map.sections:
            s = _Section(sec.section_id, sec.zone_id)
            if sec.outline:
                s.polygon = QPolygonF([QPointF(x, y) for x, y in sec.outline])
            self.sections[sec.section_id] = s
        for i, (section_id, zone_id) in enumerate(zip(cols.section_ids, cols.zone_ids, strict=True)):
            sec_ = self.sections.get(section_id)
            if sec_ is None:
                sec_ = self.sections[section_id] = _Section(section_id, zone_id)
            sec_.indices.append(i)
        half = self.seat_size / 2
        bounds = QRectF()
        for sec_ in self.sections.values():
            if sec_.indices:
                xs = [self.xs[i] for i in sec_.indices]
                ys = [self.ys[i] for i in sec_.indices]
                sec_.bbox = QRectF(
                    min(xs) - half, min(ys) - half, max(xs) - min(xs) + 2 * half, max(ys) - min(ys) + 2 * half
                )
                if sec_.polygon.isEmpty():
                    sec_.polygon = QPolygonF(sec_.bbox)
            elif not sec_.polygon.isEmpty():
                sec_.bbox = sec_.polygon.boundingRect()
            bounds = bounds.united(sec_.bbox.united(sec_.polygon.boundingRect()))
        margin = self.spacing * 2
        self._bounds = bounds.adjusted(-margin, -margin, margin, margin)

    # --- geometry and lookup -------------------------------------------------------------

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt)
        return self._bounds

    def _build_grid(self) -> dict[tuple[int, int], list[int]]:
        if self._grid is None:
            cell = self.spacing
            grid: dict[tuple[int, int], list[int]] = defaultdict(list)
            for i, (x, y) in enumerate(zip(self.xs, self.ys, strict=True)):
                grid[(math.floor(x / cell), math.floor(y / cell))].append(i)
            self._grid = dict(grid)
        return self._grid

    def seat_at(self, point: QPointF) -> int | None:
        grid, cell = self._build_grid(), self.spacing
        cx, cy = math.floor(point.x() / cell), math.floor(point.y() / cell)
        best, best_d = None, (self.seat_size * 0.75) ** 2
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for i in grid.get((gx, gy), ()):
                    d = (self.xs[i] - point.x()) ** 2 + (self.ys[i] - point.y()) ** 2
                    if d <= best_d:
                        best, best_d = i, d
        return best

    def seats_in(self, rect: QRectF) -> list[int]:
        found: list[int] = []
        for sec in self.sections.values():
            if sec.indices and sec.bbox.intersects(rect):
                found += [i for i in sec.indices if rect.contains(self.xs[i], self.ys[i])]
        return found

    # --- state ---------------------------------------------------------------------------

    def set_selected(self, indices: Iterable[int]) -> None:
        new = set(indices)
        changed = new ^ self.selected
        self.selected = new
        self._invalidate(changed)

    def set_sellable(self, states: frozenset[str]) -> None:
        if states != self.sellable:
            self.sellable = states
            for sec in self.sections.values():
                sec.overview = None
            self.update()

    def set_states(self, states: Mapping[int, str]) -> None:
        for i, st in states.items():
            self.states[i] = st
        self._invalidate(states)

    def _invalidate(self, indices: Iterable[int]) -> None:
        section_ids = self.map.columns.section_ids
        for sid in {section_ids[i] for i in indices}:
            self.sections[sid].cache = None
            self.sections[sid].overview = None
        self.update()

    def _groups(self, sec: _Section) -> dict[str, list[QRectF]]:
        if sec.cache is None:
            groups: dict[str, list[QRectF]] = defaultdict(list)
            size, half = self.seat_size, self.seat_size / 2
            zones, states, selected = self.map.columns.zone_ids, self.states, self.selected
            for i in sec.indices:
                if i in selected:
                    key = "selected"
                else:
                    st = states[i]
                    key = st if st in STATE_COLOURS else f"{st}:{zones[i]}"
                groups[key].append(QRectF(self.xs[i] - half, self.ys[i] - half, size, size))
            sec.cache = dict(groups)
        return sec.cache

    def _brush(self, key: str) -> QColor:
        if key == "selected":
            return SELECTED
        if key in STATE_COLOURS:
            return STATE_COLOURS[key]
        state, _, zone = key.partition(":")
        colour = QColor(self.zone_colour.get(zone, QColor(COLOURS["seat_zone_default"])))
        if state == "free":
            colour.setAlpha(90)  # free at central, not ours: sellable online only
        elif state == "online_only":
            colour.setAlpha(150)  # our allocation, not leased here: sellable online only
        return colour

    # --- painting ------------------------------------------------------------------------

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        exposed = option.exposedRect
        if self.seat_size * lod < SEAT_DETAIL_PX:
            self._paint_sections(painter, exposed, lod)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        for sec in self.sections.values():
            if not sec.indices or not sec.bbox.intersects(exposed):
                continue
            for key, rects in self._groups(sec).items():
                painter.setBrush(self._brush(key))
                painter.drawRects(rects)

    def _paint_sections(self, painter: QPainter, exposed: QRectF, lod: float) -> None:
        pen = QPen(QColor(COLOURS["section_outline"]))
        pen.setCosmetic(True)
        painter.setPen(pen)
        for sec in self.sections.values():
            if sec.polygon.isEmpty() or not sec.bbox.intersects(exposed):
                continue
            colour = QColor(self.zone_colour.get(sec.zone_id or "", QColor(COLOURS["section_no_zone"])))
            if sec.indices:
                if sec.overview is None:
                    sellable = sum(1 for i in sec.indices if self.states[i] in self.sellable)
                    sec.overview = (sellable / len(sec.indices), any(i in self.selected for i in sec.indices))
                share, any_selected = sec.overview
                colour.setAlphaF(0.25 + 0.75 * share)
                if any_selected:
                    colour = SELECTED
            painter.setBrush(QBrush(colour))
            painter.drawPolygon(sec.polygon)


def _spacing(cols: SeatColumns) -> float:
    """The usual distance between neighbours in a row (the seat pitch)."""
    gaps: list[float] = []
    n = min(len(cols), 2000)
    for i in range(1, n):
        if cols.section_ids[i] == cols.section_ids[i - 1] and cols.row_labels[i] == cols.row_labels[i - 1]:
            gap = math.hypot(cols.xs[i] - cols.xs[i - 1], cols.ys[i] - cols.ys[i - 1])
            if gap > 0:
                gaps.append(gap)
    if not gaps:
        return 1.0
    gaps.sort()
    return gaps[len(gaps) // 2]

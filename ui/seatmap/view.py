"""The seat map view: zoom, pan, hover reasons, click and rubber-band selection,
"best available N together"."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QCursor, QKeyEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QRubberBand, QToolTip, QWidget

from pos.catalog.seatmap import SELLABLE, SeatMap, best_available
from pos.money import Money
from ui import theme
from ui.seatmap.item import SEAT_DETAIL_PX, SeatLayerItem

# Seats that sell only online, under a hold: free at central, or of the outlet's allocation
# but not leased to this terminal.
ONLINE_ONLY: frozenset[str] = frozenset({"free", "online_only"})

log = logging.getLogger(__name__)

_DRAG_PX = 5
MAX_SELECTION = 20
# Zoomed in, a seat is at least this many px (at scale 1.0) on screen: big enough to aim at
# with a finger or a mouse and to read its state. Seats stayed about 8 px (issue 20, item 3).
MIN_SEAT_PX = 24


def min_seat_px() -> int:
    return theme.px(MIN_SEAT_PX)


class SeatMapView(QGraphicsView):
    selection_changed = Signal(object)  # tuple[str, ...] of seat ids
    add_requested = Signal(object)  # tuple[str, ...]: Enter pressed with seats selected
    refused = Signal(str)  # a short reason the last pick did nothing

    def __init__(self, parent: QWidget | None = None, *, language: str = "en") -> None:
        super().__init__(parent)
        self.setObjectName("seatMap")
        self.language = language
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)  # zoom() anchors itself
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(QSize(320, 240))
        self.item: SeatLayerItem | None = None
        # Offline only our lease sells; online a seat free at central, or of our allocation but
        # leased to no one here, sells too (held first).
        self.sellable_states: frozenset[str] = SELLABLE
        self.quantity = 2
        self._typed = ""
        self._press: QPoint | None = None
        self._pan_from: QPoint | None = None
        self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
        self._zoomed = False  # until the clerk zooms, the whole venue follows the view's size

    # --- content -------------------------------------------------------------------------

    def set_map(self, seat_map: SeatMap | None) -> None:
        self.scene().clear()
        self.item = None
        if seat_map is None:
            return
        self.item = SeatLayerItem(seat_map)
        self.item.set_sellable(self.sellable_states)
        self._zoomed = False
        self.scene().addItem(self.item)
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def set_online(self, online: bool) -> None:
        self.sellable_states = SELLABLE | ONLINE_ONLY if online else SELLABLE
        if self.item is not None:
            self.item.set_sellable(self.sellable_states)

    def fit(self) -> None:
        if self.item is not None:
            self.fitInView(self.item.boundingRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def selected_ids(self) -> tuple[str, ...]:
        if self.item is None:
            return ()
        ids = self.item.map.columns.seat_ids
        return tuple(ids[i] for i in sorted(self.item.selected))

    def set_selected_ids(self, seat_ids: tuple[str, ...] | list[str]) -> None:
        if self.item is None:
            return
        self.item.set_selected(self.item.index_of[s] for s in seat_ids if s in self.item.index_of)
        self.selection_changed.emit(self.selected_ids())

    def clear_selection(self) -> None:
        self.set_selected_ids(())

    def update_states(self, seat_map: SeatMap) -> tuple[str, ...]:
        """New seat states for the map on show (after a sync), keeping zoom, pan and the
        selection of seats still free. Returns the seats whose state changed. A map of
        other seats (another layout) is shown afresh."""
        item = self.item
        cols = seat_map.columns
        if item is None or item.map.columns.seat_ids != cols.seat_ids:
            self.set_map(seat_map if seat_map.has_seats else None)
            return ()
        changed = {
            i: st for i, (st, was) in enumerate(zip(cols.states, item.states, strict=True)) if st != was
        }
        item.map = seat_map
        if changed:
            item.set_states(changed)
            lost = [i for i in item.selected if i in changed and changed[i] not in self.sellable_states]
            if lost:
                self.set_selected_ids(tuple(cols.seat_ids[i] for i in sorted(item.selected - set(lost))))
        return tuple(cols.seat_ids[i] for i in changed)

    def mark(self, seat_ids: tuple[str, ...], state: str) -> None:
        """Show seats in a new state at once (e.g. sold by this terminal, or just taken)."""
        if self.item is not None:
            self.item.set_states({self.item.index_of[s]: state for s in seat_ids if s in self.item.index_of})

    def pick_best(self, quantity: int | None = None) -> tuple[str, ...]:
        if self.item is None:
            return ()
        n = quantity or self.quantity
        found = best_available(
            self.item.map.columns, n, states=self.sellable_states, current=self.item.states
        )
        if len(found) < n:
            self.refused.emit(self.tr("No %n seats together are left.", "", n))
            return ()
        self.set_selected_ids(found)
        self._show_selection()
        return found

    def _show_selection(self) -> None:
        if self.item is None or not self.item.selected:
            return
        pts = [QPointF(self.item.xs[i], self.item.ys[i]) for i in self.item.selected]
        rect = QRectF(pts[0], pts[0])
        for p in pts[1:]:
            rect = rect.united(QRectF(p, p))
        pad = self.item.spacing * 12
        self.fitInView(rect.adjusted(-pad, -pad, pad, pad), Qt.AspectRatioMode.KeepAspectRatio)
        readable = min_seat_px() / self.item.seat_size  # the seats picked, large enough to check
        current = self.transform().m11()
        if current < readable:
            self.scale(readable / current, readable / current)
            self.centerOn(rect.center())
        self._zoomed = True  # a resize keeps the seats picked in view (it fitted the venue again)

    def summary(self, seat_ids: tuple[str, ...]) -> str:
        """Which seats a selection holds, as the clerk says them to the customer: ``Block A,
        row 3: 5, 6, 7, 8 · Zone 1 ¥380.00`` (Best available said only how many)."""
        if self.item is None or not seat_ids:
            return ""
        sections = {s.section_id: s for s in self.item.map.sections}
        zones = {z.zone_id: z for z in self.item.map.zones}
        rows: dict[tuple[str, str], list[str]] = {}
        zone_ids: list[str] = []
        for sid in seat_ids:
            i = self.item.index_of.get(sid)
            if i is None:
                continue
            seat = self.item.map.columns.seat(i)
            sec = sections.get(seat.section_id)
            rows.setdefault((sec.name(self.language) if sec else seat.section_id, seat.row_label), []).append(
                seat.number
            )
            if seat.zone_id not in zone_ids:
                zone_ids.append(seat.zone_id)
        where = "; ".join(
            self.tr("%1, row %2: %3").replace("%1", sec).replace("%2", row).replace("%3", ", ".join(numbers))
            for (sec, row), numbers in rows.items()
        )
        priced = []
        for zone in (zones[z] for z in zone_ids if z in zones):
            price = zone.adult_price
            priced.append(zone.name(self.language) + (f" {Money(price).display()}" if price is not None else ""))
        return " · ".join([where, *priced])

    def describe(self, index: int) -> str:
        assert self.item is not None
        seat = self.item.map.columns.seat(index)
        sections = {s.section_id: s for s in self.item.map.sections}
        zones = {z.zone_id: z for z in self.item.map.zones}
        sec = sections.get(seat.section_id)
        zone = zones.get(seat.zone_id)
        text = self.tr("%1, row %2, seat %3").replace(
            "%1", sec.name(self.language) if sec else seat.section_id
        )
        text = text.replace("%2", seat.row_label).replace("%3", seat.number)
        if zone is not None:
            price = f" {Money(zone.adult_price).format()}" if zone.adult_price is not None else ""
            text += f"\n{zone.name(self.language)}{price}"
        state = self.item.states[index]
        labels = {
            "available": self.tr("Available"),
            "held": self.tr("Held by this terminal"),
            "free": (
                self.tr("Available online (held at central when added)")
                if "free" in self.sellable_states
                else self.tr("Not sellable offline: not allocated to this outlet")
            ),
            "online_only": (
                self.tr("Available online (held at central when added)")
                if "online_only" in self.sellable_states
                else self.tr("Online only: not leased to this terminal for offline sale")
            ),
            "other": self.tr("Not sellable: allocated to another outlet"),
            "sold": self.tr("Sold"),
            "blocked": self.tr("Blocked"),
        }
        return f"{text}\n{labels.get(state, state)}"

    # --- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        if event.button() in (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        pos = event.position().toPoint()
        if self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
        elif self._press is not None and (pos - self._press).manhattanLength() >= _DRAG_PX:
            self._band.setGeometry(QRect(self._press, pos).normalized())
            self._band.show()
        elif self.item is not None:
            index = self.item.seat_at(self.mapToScene(pos))
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPosition().toPoint(), self.describe(index), self)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
        elif self._press is not None and self.item is not None:
            extend = bool(
                event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
            )
            if self._band.isVisible():
                self._band.hide()
                rect = self.mapToScene(self._band.geometry()).boundingRect()
                self._select_many(self.item.seats_in(rect), extend=extend)
            else:
                self._click(self.mapToScene(event.position().toPoint()))
        self._press = None
        event.accept()

    def _click(self, point: QPointF) -> None:
        assert self.item is not None
        index = self.item.seat_at(point)
        if index is None:
            return
        if self.item.states[index] not in self.sellable_states:
            self.refused.emit(self.describe(index).replace("\n", " — "))
            return
        self.item.set_selected(self.item.selected ^ {index})
        self.selection_changed.emit(self.selected_ids())

    def _select_many(self, indices: list[int], *, extend: bool) -> None:
        assert self.item is not None
        sellable = [i for i in indices if self.item.states[i] in self.sellable_states]
        chosen = (self.item.selected if extend else set()) | set(sellable)
        if len(chosen) > MAX_SELECTION:
            self.refused.emit(self.tr("At most %n seats at a time.", "", MAX_SELECTION))
            return
        self.item.set_selected(chosen)
        self.selection_changed.emit(self.selected_ids())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        if not self._zoomed:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt)
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8, at=event.position().toPoint())
        event.accept()

    def zoom(self, factor: float, *, at: QPoint | None = None) -> None:
        """Zoom keeping the scene point under ``at`` (the pointer; the keys: the pointer if it
        is over the map, else the view's centre) where it is: the seat aimed at stays put."""
        self._zoomed = True
        current = self.transform().m11()
        if self.item is not None:
            # between the whole venue and a few rows filling the view
            biggest = 60.0 / self.item.seat_size
            smallest = min(self.viewport().width(), 2000) / max(self.item.boundingRect().width(), 1e-6) / 2
            seat_px = self.item.seat_size * current * factor
            if factor > 1 and SEAT_DETAIL_PX <= seat_px < min_seat_px():
                # Seats would be drawn, but too small to aim at: straight to the readable size.
                factor = min_seat_px() / (self.item.seat_size * max(current, 1e-9))
            factor = max(min(factor, biggest / max(current, 1e-9)), smallest / max(current, 1e-9))
        if at is None:
            under = self.viewport().mapFromGlobal(QCursor.pos())
            at = under if self.viewport().rect().contains(under) else self.viewport().rect().center()
        anchor = self.mapToScene(at)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor, factor)
        # Put ``anchor`` back under ``at``: centre the view where that leaves it.
        offset = self.mapToScene(self.viewport().rect().center()) - self.mapToScene(at)
        self.centerOn(anchor + offset)

    # --- keys ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        key, text = event.key(), event.text()
        if key == Qt.Key.Key_0 and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fit()
        elif text.isdigit():
            self._typed = (self._typed + text)[-2:]
            self.quantity = max(1, min(int(self._typed), MAX_SELECTION))
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom(0.8)
        elif key == Qt.Key.Key_B:
            self._typed = ""
            self.pick_best()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._typed = ""
            if self.selected_ids():
                self.add_requested.emit(self.selected_ids())
        elif key == Qt.Key.Key_Escape and self.selected_ids():
            self.clear_selection()
        else:
            super().keyPressEvent(event)  # arrows pan
            return
        event.accept()

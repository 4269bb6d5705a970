"""Issue 20, item 3 (the rest): zoomed in, seats have a minimum size on screen. They stayed
about 8 px, too small to aim at with a finger or to read a seat's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pos.catalog.seatmap import load_seat_map
from tests.ui.test_seatmap import stadium_dir  # noqa: F401  (fixture)
from ui.seatmap.item import SEAT_DETAIL_PX
from ui.seatmap.view import MIN_SEAT_PX


def _stadium_view(qtbot: Any, folder: Path) -> Any:
    from pos.store.db import open_store
    from ui.seatmap.view import SeatMapView

    store = open_store(folder)
    seat_map = load_seat_map(store, performance_id="P-CUPFINAL-1", outlet_id="BO-MALL")
    store.close()
    v = SeatMapView()
    qtbot.addWidget(v)
    v.resize(560, 480)  # the map's pane at 1366×768
    v.set_map(seat_map)
    v.show()
    return v


def _seat_px(v: Any) -> float:
    return float(v.item.seat_size * v.transform().m11())


def test_zooming_in_shows_seats_at_least_the_minimum_size(qtbot: Any, stadium_dir: Path) -> None:  # noqa: F811
    v = _stadium_view(qtbot, stadium_dir)
    assert _seat_px(v) < SEAT_DETAIL_PX  # the whole stadium: sections, not seats
    centre = v.viewport().rect().center()
    sizes = []
    for _ in range(40):
        v.zoom(1.25, at=centre)
        sizes.append(_seat_px(v))
    drawn = [s for s in sizes if s >= SEAT_DETAIL_PX]
    assert drawn, sizes  # it did zoom down to the seats
    assert min(drawn) >= MIN_SEAT_PX - 0.01, sizes  # never seats drawn smaller than the minimum
    assert sizes[-1] > MIN_SEAT_PX  # and on, larger still


def test_best_available_shows_its_seats_at_a_readable_size(qtbot: Any, stadium_dir: Path) -> None:  # noqa: F811
    v = _stadium_view(qtbot, stadium_dir)
    picked = v.pick_best(4)
    assert len(picked) == 4
    assert _seat_px(v) >= MIN_SEAT_PX - 0.01
    for seat_id in picked:  # and all of them in view
        i = v.item.index_of[seat_id]
        point = v.mapFromScene(v.item.xs[i], v.item.ys[i])
        assert v.viewport().rect().contains(point), seat_id

"""Issue 20, item 3: the seat map zooms about the pointer (it zoomed away from it), shows a
legend of the price zones with their prices, and Best available says which seats, in which
zone, at what price."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from pos.catalog.seatmap import load_seat_map
from tests.ui.test_seatmap import OUTLET, _at, hall_dir, view  # noqa: F401  (fixtures)


def _wheel(v: Any, at: QPoint, *, up: bool = True) -> None:
    event = QWheelEvent(
        QPointF(at), QPointF(v.viewport().mapToGlobal(at)), QPoint(0, 0), QPoint(0, 120 if up else -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(v.viewport(), event)


def test_the_wheel_zooms_about_the_pointer(qtbot: Any, view: Any) -> None:  # noqa: F811
    at = _at(view, "B-1-5")  # off the centre, where a zoom anchored elsewhere would drift most
    aimed = view.mapToScene(at)
    spacing = view.item.spacing
    for _ in range(4):
        _wheel(view, at)
        drift = view.mapToScene(at) - aimed
        assert abs(drift.x()) < spacing / 3 and abs(drift.y()) < spacing / 3, drift
    assert view.transform().m11() > 1.5  # it did zoom
    zoomed = view.item.seat_at(view.mapToScene(at))
    assert zoomed == view.item.index_of["B-1-5"]  # the seat aimed at is still under the pointer
    _wheel(view, at, up=False)
    drift = view.mapToScene(at) - aimed
    assert abs(drift.x()) < spacing / 3 and abs(drift.y()) < spacing / 3


def test_the_legend_names_each_zone_with_its_price(qtbot: Any, hall_dir: Any) -> None:  # noqa: F811
    from pos.store.db import open_store
    from ui.seatmap.legend import ZoneLegend

    store = open_store(hall_dir)
    try:
        legend = ZoneLegend("en")
        qtbot.addWidget(legend)
        legend.set_map(load_seat_map(store, performance_id="P-CONCERT", outlet_id=OUTLET))
        names = legend.zone_names()
        assert "Zone 1 ¥380.00" in names and "Zone 2 ¥180.00" in names
        legend.set_map(None)
        assert legend.isHidden()
    finally:
        store.close()


def test_best_available_says_which_seats_and_zone(qtbot: Any, view: Any) -> None:  # noqa: F811
    view.setFocus()
    qtbot.keyClicks(view, "3")
    qtbot.keyClick(view, Qt.Key.Key_B)
    seats = view.selected_ids()
    summary = view.summary(seats)
    numbers = sorted(s.rsplit("-", 1)[1] for s in seats)
    assert ", row " in summary and all(n in summary for n in numbers)
    assert "Zone" in summary and "¥" in summary
    assert view.summary(()) == ""

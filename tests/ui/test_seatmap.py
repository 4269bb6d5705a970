from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from pos.catalog.seatmap import best_available, load_seat_map
from tests.factories import OUTLET


@pytest.fixture(scope="session")
def hall_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test hall with block B drawn to the right of block A (the factory's
    catalog puts both blocks on the same spot)."""
    from tests.factories import make_counter, small_catalog

    feed = small_catalog()
    for section in feed["venues"][0]["sections"]:
        if section["id"] == "B":
            for row in section["rows"]:
                for seat in row["seats"]:
                    seat["x"] += 10
    path = tmp_path_factory.mktemp("hall") / "terminal"
    make_counter(path, catalog=feed).store.close()
    return path


@pytest.fixture
def view(qtbot: Any, hall_dir: Path) -> Iterator[Any]:
    from pos.store.db import open_store
    from ui.seatmap.view import SeatMapView

    store = open_store(hall_dir)
    v = SeatMapView()
    qtbot.addWidget(v)
    v.resize(800, 600)
    v.show()
    v.set_map(load_seat_map(store, performance_id="P-CONCERT", outlet_id=OUTLET))
    yield v
    store.close()


def _at(view: Any, seat_id: str) -> QPoint:
    item = view.item
    i = item.index_of[seat_id]
    return view.mapFromScene(QPointF(item.xs[i], item.ys[i]))


def test_states_follow_the_offline_policy(counter: Any) -> None:
    m = load_seat_map(counter.store, performance_id="P-CONCERT", outlet_id=OUTLET)
    state = {s.seat_id: s for s in m.seats}
    assert state["A-1-1"].state == "available" and state["A-1-1"].sellable
    assert state["A-1-5"].state == "blocked"
    assert state["B-2-1"].state == "other" and state["B-2-1"].reason
    assert state["B-2-3"].state == "free" and "online" in state["B-2-3"].reason
    assert best_available(m.columns, 3) == ("A-1-1", "A-1-2", "A-1-3") or len(best_available(m.columns, 3)) == 3


def test_click_selects_a_sellable_seat_and_refuses_a_blocked_one(qtbot: Any, view: Any) -> None:
    with qtbot.waitSignal(view.selection_changed):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, "A-1-2"))
    assert view.selected_ids() == ("A-1-2",)
    with qtbot.waitSignal(view.refused) as refused:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, "A-1-5"))
    assert "Blocked" in refused.args[0]
    assert view.selected_ids() == ("A-1-2",)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, "A-1-2"))
    assert view.selected_ids() == ()


def test_rubber_band_selects_only_sellable_seats(qtbot: Any, view: Any) -> None:
    start, end = _at(view, "A-1-1"), _at(view, "A-2-5")
    start, end = start - QPoint(6, 6), end + QPoint(6, 6)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), pos=(start + end) / 2)
    qtbot.mouseMove(view.viewport(), pos=end)
    with qtbot.waitSignal(view.selection_changed):
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    chosen = set(view.selected_ids())
    assert "A-1-5" not in chosen  # blocked
    assert {"A-1-1", "A-1-4", "A-2-1", "A-2-5"} <= chosen
    assert not any(s.startswith("B-") for s in chosen)


def test_keys_pick_best_available_together(qtbot: Any, view: Any) -> None:
    view.setFocus()
    qtbot.keyClicks(view, "4")
    qtbot.keyClick(view, Qt.Key.Key_B)
    seats = view.selected_ids()
    assert len(seats) == 4 and len({s.rsplit("-", 1)[0] for s in seats}) == 1
    with qtbot.waitSignal(view.add_requested) as added:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert added.args[0] == seats


@pytest.fixture(scope="session")
def stadium_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from resources.demo.generate import build_catalog
    from tests.factories import make_counter

    feed = build_catalog((datetime.now(UTC) - timedelta(days=1)).date())
    feed["events"] = [e for e in feed["events"] if e["id"] == "E-CUPFINAL"]
    feed["promotions"] = [
        p for p in feed.get("promotions", []) if set(p.get("event_ids") or []) <= {"E-CUPFINAL"}
    ]
    kept = {p["id"] for p in feed["promotions"]}
    feed["coupons"] = [c for c in feed.get("coupons", []) if c["promotion_id"] in kept]
    path = tmp_path_factory.mktemp("stadium") / "terminal"
    make_counter(path, catalog=feed, outlet="BO-MALL").store.close()
    return path


def test_the_60700_seat_stadium_opens_and_zooms(qtbot: Any, stadium_dir: Path) -> None:
    from pos.store.db import open_store
    from ui.seatmap.view import SeatMapView

    store = open_store(stadium_dir)
    try:
        seat_map = load_seat_map(store, performance_id="P-CUPFINAL-1", outlet_id="BO-MALL")
        v = SeatMapView()
        qtbot.addWidget(v)
        v.resize(1200, 800)
        v.set_map(seat_map)
        v.show()
        v.viewport().grab()
        assert len(seat_map.seats) == 60_700
        for _ in range(8):
            v.zoom(1.6)
            v.viewport().grab()
        assert v.item.seat_size * v.transform().m11() > 3  # seats drawn one by one now
        picked = v.pick_best(6)
        assert len(picked) == 6
    finally:
        store.close()


def test_seats_not_leased_here_show_online_only(qtbot: Any, hall_dir: Path, tmp_path: Path) -> None:
    """An enrolled terminal's map (issue 17): its lease sells offline, the rest of the
    outlet's allocation is "online only" until the terminal is online."""
    import shutil

    from pos.store import settings
    from pos.store.db import open_store
    from pos.terminal import lease
    from ui.seatmap.view import SeatMapView

    shutil.copytree(hall_dir, tmp_path / "t")
    store = open_store(tmp_path / "t")
    with store.write() as s:
        settings.write(s, lease.ENROLMENT_SETTING, {"url": "http://127.0.0.1:9"})
        lease.replace(s, lease.Lease(seats={"P-CONCERT": ["A-1-1", "A-1-2"]}), now=datetime.now(UTC))
    v = SeatMapView()
    qtbot.addWidget(v)
    v.resize(800, 600)
    v.show()
    v.set_map(load_seat_map(store, performance_id="P-CONCERT", outlet_id=OUTLET))
    assert v.item.map.counts()["online_only"] > 0
    assert "Online only" in v.describe(v.item.index_of["A-1-4"])
    with qtbot.waitSignal(v.refused) as refused:
        qtbot.mouseClick(v.viewport(), Qt.MouseButton.LeftButton, pos=_at(v, "A-1-4"))
    assert "Online only" in refused.args[0] and v.selected_ids() == ()
    v.set_online(True)
    assert "held at central" in v.describe(v.item.index_of["A-1-4"])
    with qtbot.waitSignal(v.selection_changed):
        qtbot.mouseClick(v.viewport(), Qt.MouseButton.LeftButton, pos=_at(v, "A-1-4"))
    assert v.selected_ids() == ("A-1-4",)
    store.close()

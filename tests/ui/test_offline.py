"""Central goes away mid-day: the offline banner appears, the counter sells from the outlet's
allocation (and refuses what is not ours), then the queued sale goes up when central is back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from tests.central.live import Live
from tests.sync.faultproxy import FaultProxy
from tests.ui.helpers import performance_shown, sign_in
from tests.ui.test_sell import _press


@pytest.fixture
def proxy(live: Live) -> Iterator[FaultProxy]:
    p = FaultProxy(upstream_port=int(urlparse(live.base).port or 0))
    yield p
    p.close()


@pytest.fixture
def central_url(proxy: FaultProxy) -> str:
    return proxy.url


def _central_orders(live: Live) -> int:
    with live.ctx.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM orders WHERE kind = 'outlet'")).scalar() or 0)


def test_offline_banner_then_a_sale_from_the_allocation_then_upload(
    qtbot: Any, enrolled_window: Any, proxy: FaultProxy, live: Live
) -> None:
    w = enrolled_window
    qtbot.waitSignal(w.bridge.synced, timeout=20_000).wait()
    sign_in(qtbot, w)
    qtbot.waitUntil(lambda: w.sell.online, timeout=10_000)
    assert not w.offline_banner.isVisible()

    proxy.down = True  # the link to central is gone
    with qtbot.waitSignal(w.bridge.synced, timeout=30_000) as cycle:
        w.bridge.sync_now()
    assert not cycle.args[0].online
    qtbot.waitUntil(w.offline_banner.isVisible, timeout=10_000)
    assert w.offline_banner.text().startswith("Offline since ")
    assert "allocation only" in w.offline_banner.text()
    assert not w.sell.online

    sell = w.sell
    rows = [sell.browser.model.performance(r).performance_id for r in range(sell.browser.model.rowCount())]
    sell.choose(sell.browser.model.performance(rows.index("P-CONCERT")))
    qtbot.waitUntil(lambda: performance_shown(sell), timeout=5000)
    view = sell.map_view
    # A seat free at central but not ours cannot be picked offline, and says why.
    free = next(s.seat_id for s in sell.seat_map.seats if s.state == "free")
    with qtbot.waitSignal(view.refused, timeout=3000) as refused:
        view.set_selected_ids(())
        i = view.item.index_of[free]
        view._click(view.item.mapToScene(view.item.xs[i], view.item.ys[i]))
    assert "not allocated to this outlet" in refused.args[0]
    # Two of our allocated seats, best available, exact cash: the sale is local.
    view.setFocus()
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_B)
    picked = view.selected_ids()
    assert len(picked) == 2
    assert all(sell.seat_map.seats[view.item.index_of[s]].state == "available" for s in picked)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    assert sell.holds.current is None  # offline: no hold asked for
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: sell.payment is not None and sell.payment.isVisible(), timeout=3000)
    with qtbot.waitSignal(sell.sale_completed, timeout=5000) as sold:
        qtbot.keyClick(sell.payment.cash, Qt.Key.Key_Return)
    assert sold.args[0].mode == "offline"
    assert not [b for b in sell.findChildren(QMessageBox) if b.objectName() == "errorDialog"]
    w.bridge.refresh_status()
    qtbot.waitUntil(lambda: w.queue_label.text() == "1 order(s) queued", timeout=5000)
    assert _central_orders(live) == 0

    proxy.down = False  # central is back: the next cycle uploads the sale
    with qtbot.waitSignal(w.bridge.synced, timeout=20_000):
        w.bridge.sync_now()
    qtbot.waitUntil(lambda: not w.offline_banner.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: w.queue_label.text() == "0 order(s) queued", timeout=10_000)
    assert _central_orders(live) == 1
    con = sqlite3.connect(w.ctx.store.path)
    try:
        assert con.execute("SELECT count(*) FROM sale_order").fetchone()[0] == 1
    finally:
        con.close()

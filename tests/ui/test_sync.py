"""Background sync against a real central on loopback: first-run progress, status bar,
refresh of the open seat map, and errors as translated messages."""

from __future__ import annotations

from typing import Any

from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.ui.helpers import performance_shown, sign_in


def test_first_run_sync_shows_progress_then_status_and_sells(qtbot: Any, enrolled_window: Any) -> None:
    w = enrolled_window
    feeds: list[str] = []
    w.bridge.sync_progress.connect(lambda feed, _d, _t: feeds.append(feed))
    with qtbot.waitSignal(w.bridge.synced, timeout=20_000) as synced:
        qtbot.waitUntil(lambda: w.sync_dialog is not None and w.sync_dialog.isVisible(), timeout=10_000)
    assert synced.args[0].online and synced.args[0].applied["catalog"] > 0
    assert w.sync_dialog is None  # closed when the cycle ended
    assert {"keys", "catalog", "allocations", "seats"} <= set(feeds)
    qtbot.waitUntil(lambda: w.net_label.text().startswith("Online since"), timeout=5000)
    assert w.sync_label.text().startswith("Last sync ")
    assert w.queue_label.text() == "0 order(s) queued"
    assert w.printer_label.text() == "No printer"
    # The catalog that arrived is what the clerk now sells from.
    sign_in(qtbot, w)
    names = [
        w.sell.browser.model.performance(r).performance_id for r in range(w.sell.browser.model.rowCount())
    ]
    assert "P-CONCERT" in names


def test_a_later_cycle_refreshes_the_open_seat_map(qtbot: Any, enrolled_window: Any, live: Live) -> None:
    w = enrolled_window
    qtbot.waitSignal(w.bridge.synced, timeout=20_000).wait()
    sign_in(qtbot, w)
    sell = w.sell
    rows = [sell.browser.model.performance(r).performance_id for r in range(sell.browser.model.rowCount())]
    sell.choose(sell.browser.model.performance(rows.index("P-CONCERT")))
    qtbot.waitUntil(lambda: performance_shown(sell), timeout=5000)
    item = sell.map_view.item
    states = {s.seat_id: s.state for s in sell.seat_map.seats}
    seat = next(sid for sid, st in states.items() if st == "free")  # central's pool, not ours
    # Another terminal takes the seat online; the next background cycle shows it taken.
    from sync.online import hold
    from sync.transport import CentralClient

    other = live.enrol("BO-2", "web till")
    client = CentralClient(live.base, token=other.token)
    hold(client, performance_id="P-CONCERT", seat_ids=[seat])
    client.close()
    with qtbot.waitSignal(w.bridge.synced, timeout=20_000):
        assert w.bridge.sync_now()
        assert not w.bridge.sync_now()  # one cycle at a time: a second request is dropped
    qtbot.waitUntil(lambda: item.states[item.index_of[seat]] != "free", timeout=5000)
    assert sell.map_view.item is item  # same view, zoom and pan kept


def test_a_revoked_token_becomes_a_translated_message(
    qtbot: Any, enrolled_window: Any, memory_ring: MemoryKeyring
) -> None:
    w = enrolled_window
    qtbot.waitSignal(w.bridge.synced, timeout=20_000).wait()
    memory_ring.secrets.clear()  # the access key is gone from the keyring
    with qtbot.waitSignal(w.bridge.sync_failed, timeout=10_000):
        w.bridge.sync_now()
    box = w.sync_error
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "Cannot sync" and "enrol the terminal again" in box.informativeText()
    assert "Traceback" not in box.text() + box.informativeText()


def test_a_doors_light_cycle_sends_its_scans(qtbot: Any, enrolled_window: Any, live: Live) -> None:
    """`pos door`'s 10 s cycle between full ones: keys, revocations, scans up and down."""
    from datetime import UTC, datetime, timedelta

    from pos.door import DoorValidator
    from pos.door.scanlog import pending_upload
    from tests.door.helpers import Clock

    w = enrolled_window
    qtbot.waitSignal(w.bridge.synced, timeout=20_000).wait()  # the full cycle brought the keys
    (code,) = live.web_standing_codes("P-CONCERT", "FLOOR", 1)
    store = w.ctx.store
    clock = Clock(datetime.now(UTC) + timedelta(days=2) - timedelta(minutes=30))
    door = DoorValidator(  # P-CONCERT starts in 2 days; its doors open an hour before
        store,
        performance_id="P-CONCERT",
        gate="G2",  # the floor's gate
        clock=clock,
    )
    # Central takes scans only from a door bound to the venue, not dated ahead of its clock.
    from central.services.doors import bind_door
    from pos.terminal.identity import terminal_info

    bind_door(live.ctx, terminal_id=terminal_info(store).terminal_id, venue_id="HALL")
    live.ctx.clock = clock
    assert door.check(code).admitted  # central's key came with the full cycle
    door.close()
    assert len(pending_upload(store)) == 1
    with qtbot.waitSignal(w.bridge.door_synced, timeout=20_000) as got:
        assert w.bridge.sync_door_now("P-CONCERT")
        assert not w.bridge.sync_door_now("P-CONCERT")  # one cycle at a time
    assert got.args[0].upload.uploaded == 1 and pending_upload(store) == []

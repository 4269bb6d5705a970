"""The Door tab shares scans with the other doors as saved in Settings: two terminals' door
tabs on loopback, a ticket admitted at one is refused at the other; an address this door
cannot answer on leaves it working alone, and saying so."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pos.door.sharing import set_door_sharing
from pos.errors import InvalidInput
from tests.door.helpers import Clock, Door
from tests.door.peering import free_port, make_gates


class _Info:
    zone = ZoneInfo("Asia/Shanghai")


class _Ctx:
    def __init__(self, door: Door) -> None:
        self.store = door.store
        self.language = "en"
        self.clock = Clock()
        self.info = _Info()


@pytest.fixture
def gates(tmp_path: Path) -> Iterator[list[Door]]:
    doors = make_gates(tmp_path, 2)
    yield doors
    for d in doors:
        d.store.close()


def _open(qtbot: Any, door: Door) -> Any:
    from ui.screens.door_mode import DoorMode

    mode = DoorMode(_Ctx(door))
    qtbot.addWidget(mode)
    mode.show()
    ids = [mode.performances.itemData(i) for i in range(mode.performances.count())]
    mode.performances.setCurrentIndex(ids.index("P-CONCERT"))
    screen = mode.open_door()
    assert screen is not None
    return mode


def test_door_tabs_share_scans_as_saved_in_settings(qtbot: Any, gates: list[Door]) -> None:
    a, b = gates
    pa, pb = free_port(), free_port()
    set_door_sharing(a.store, listen=f"127.0.0.1:{pa}", peers=[f"127.0.0.1:{pb}"])
    set_door_sharing(b.store, listen=f"127.0.0.1:{pb}", peers=[f"127.0.0.1:{pa}"])
    mode_a, mode_b = _open(qtbot, a), _open(qtbot, b)
    try:
        sa, sb = mode_a.door_screen, mode_b.door_screen
        assert sa.peer_node is not None

        def linked() -> bool:
            # A polled B before B was up (an error until A's next poll): read it afresh.
            sa.refresh_counts()
            return sa.sharing_label.text() == "Sharing with 1 other doors"

        qtbot.waitUntil(linked, timeout=5000)
        code, _ = a.ticket()
        assert sa.scan(code).admitted
        # B refuses it once A's scan has crossed over (the nodes poll every 0.1 s).
        qtbot.waitUntil(lambda: sb.peer_node.stats.merged >= 1, timeout=5000)
        refused = sb.scan(code)
        assert refused.verdict.value == "already_admitted" and refused.first_gate == "G1"
        # Re-opening the door replaces the node: the port is free again, nothing leaks.
        old = sa.peer_node
        again = mode_a.open_door()
        assert again is not sa and again.peer_node is not None and again.peer_node is not old
    finally:
        mode_a.close_door()
        mode_b.close_door()
    assert mode_a.door_screen is None


def test_a_door_that_cannot_answer_works_alone_and_says_so(qtbot: Any, gates: list[Door]) -> None:
    a, _b = gates
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        set_door_sharing(a.store, listen=f"127.0.0.1:{port}", peers=[f"127.0.0.1:{free_port()}"])
        mode = _open(qtbot, a)
        try:
            screen = mode.door_screen
            assert screen.peer_node is None
            assert screen.sharing_label.text().startswith("Not sharing with the other doors:")
            code, _ = a.ticket()
            assert screen.scan(code).admitted  # scanning goes on
        finally:
            mode.close_door()


def test_no_sharing_saved_means_no_node_and_no_label(qtbot: Any, gates: list[Door]) -> None:
    a, _b = gates
    with pytest.raises(InvalidInput):
        set_door_sharing(a.store, listen="", peers=["127.0.0.1:7300"])
    mode = _open(qtbot, a)
    try:
        assert mode.door_screen.peer_node is None and mode.door_screen.sharing_label.text() == ""
    finally:
        mode.close_door()


def test_a_door_shows_when_its_neighbours_cannot_be_reached(qtbot: Any, gates: list[Door]) -> None:
    a, b = gates
    pa, pb = free_port(), free_port()
    set_door_sharing(a.store, listen=f"127.0.0.1:{pa}", peers=[f"127.0.0.1:{pb}"])  # B not up yet
    mode_a = _open(qtbot, a)
    try:
        screen = mode_a.door_screen
        qtbot.waitUntil(lambda: screen.peer_node.stats.polls >= 1, timeout=5000)
        screen.refresh_counts()
        assert screen.sharing_label.text() == "1 of 1 other doors unreachable"
        set_door_sharing(b.store, listen=f"127.0.0.1:{pb}", peers=[f"127.0.0.1:{pa}"])
        mode_b = _open(qtbot, b)  # B comes up: the link heals on A's next poll
        try:

            def healed() -> bool:
                screen.refresh_counts()
                return screen.sharing_label.text() == "Sharing with 1 other doors"

            qtbot.waitUntil(healed, timeout=5000)
        finally:
            mode_b.close_door()
    finally:
        mode_a.close_door()


def test_the_door_app_runs_shares_and_closes_cleanly(
    qtbot: Any, gates: list[Door], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pos door --performance P --listen … --peer …` end to end in this process: the app
    starts on its data folder, opens the door, answers peers, quits, and lets go of all."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from pos.door.opened import open_doors
    from pos.door.sharing import check_sharing
    from pos.store.db import open_store
    from ui.door_app import run

    a, _b = gates
    data_dir = a.store.data_dir
    a.store.close()
    port = free_port()
    sharing = check_sharing(listen=f"127.0.0.1:{port}", peers=[f"127.0.0.1:{free_port()}"])
    answered: list[bool] = []

    def exec_briefly(*_args: object) -> int:
        # The app's event loop, for a moment: a local loop, since quitting the one
        # QApplication of the test session would stop every later test's waits.
        loop = QEventLoop()

        def probe() -> None:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                answered.append(True)  # the door answers its peers while it runs
            loop.quit()

        QTimer.singleShot(300, probe)
        loop.exec()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_briefly)
    assert run(data_dir, performance_id="P-CONCERT", gate="G1", language="en", sharing=sharing) == 0
    assert answered == [True]
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass  # closed with the app
    store = open_store(data_dir)  # the app closed its store: it opens again here
    try:
        assert open_doors(store, now=datetime.now(UTC)) == ["P-CONCERT"]  # the app's own clock
    finally:
        store.close()
    a.store = open_store(data_dir)  # for the fixture's own close


def test_a_bad_gate_is_shown_on_the_screen_not_only_in_the_console(
    qtbot: Any, gates: list[Door], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20, item 16: `pos door --gate NOPE` from a desktop icon said nothing on screen."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from pos.store.db import open_store
    from ui.door_app import run

    a, _b = gates
    data_dir = a.store.data_dir
    a.store.close()
    shown: list[str] = []

    def exec_until_read(*_args: object) -> int:  # the steward reads the message and closes it
        def box() -> QMessageBox | None:
            return next((w for w in QApplication.topLevelWidgets()
                         if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == "errorDialog"), None)

        qtbot.waitUntil(lambda: box() is not None, timeout=5000)
        found = box()
        assert found is not None
        shown.append(f"{found.text()} {found.informativeText()} {found.detailedText()}")
        found.accept()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_read)
    assert run(data_dir, performance_id="P-CONCERT", gate="NOPE", language="en") == 2
    assert shown and "NOPE" in shown[0]
    a.store = open_store(data_dir)  # the app closed its store: it opens again for the fixture

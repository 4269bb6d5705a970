from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest

from tests.central.live import Live, live_server
from tests.factories import small_catalog
from tests.sync.conftest import MemoryKeyring, enrol_code

pytest.importorskip("pytestqt")


@pytest.fixture
def ctx(counter: object) -> object:
    from tests.factories import NOW
    from ui.context import AppContext

    return AppContext(
        store=counter.store,  # type: ignore[attr-defined]
        info=counter.info,  # type: ignore[attr-defined]
        signer=counter.signer,  # type: ignore[attr-defined]
        clock=lambda: NOW,
        language="en",
        idle_lock_seconds=0,
    )


@pytest.fixture
def window(qtbot: object, ctx: object) -> Iterator[object]:
    from ui.app import ensure_app, install_language
    from ui.main_window import MainWindow

    install_language(ensure_app(), "en")
    w = MainWindow(ctx)  # type: ignore[arg-type]
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    yield w
    w.shutdown()


@pytest.fixture
def memory_ring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    with live_server(f"sqlite:///{tmp_path / 'central.sqlite'}", small_catalog(datetime.now(UTC))) as server:
        yield server


@pytest.fixture
def central_url(live: Live) -> str:
    """The URL the terminal enrols with (a test may put a fault proxy in between)."""
    return live.base


@pytest.fixture
def enrolled_window(
    qtbot: Any, live: Live, central_url: str, data_dir: Path, memory_ring: MemoryKeyring
) -> Iterator[Any]:
    from pos.staff.access import Role, StaffSession, add_staff
    from pos.store.db import open_store
    from pos.terminal.identity import load_signer, terminal_info
    from sync.enrol import enrol
    from ui.app import ensure_app, install_language
    from ui.context import AppContext
    from ui.main_window import MainWindow

    enrol(data_dir, central_url=central_url, code=enrol_code(live), terminal_name="till 1")
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    boss = StaffSession("S1", "S", Role.SUPERVISOR, datetime.now(UTC))
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=boss)
    from tests.factories import open_shift_for

    open_shift_for(store, StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC)), now=datetime.now(UTC))
    ctx = AppContext(
        store=store, info=terminal_info(store), signer=load_signer(store), language="en", idle_lock_seconds=0
    )
    install_language(ensure_app(), "en")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()
    store.close()

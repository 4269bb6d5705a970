from __future__ import annotations

from collections.abc import Iterator

import pytest

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

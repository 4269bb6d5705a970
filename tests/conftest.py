from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt tests run offscreen; set before any QApplication can exist.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _qt_garbage_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Qt test runs with automatic garbage collection off and collects on the main thread at
    its end, as the app does (ui.gc_guard): collected on a worker thread, a Qt object's
    destructor deadlocked the suite once (worker: Qt's lock then the GIL; main: the reverse)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "terminal"


@pytest.fixture(scope="session")
def counter_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One fully set-up terminal, built once; each test gets a copy of its files."""
    from tests.factories import make_counter

    path = tmp_path_factory.mktemp("template") / "terminal"
    make_counter(path).store.close()
    return path


@pytest.fixture
def counter(counter_template: Path, data_dir: Path) -> Iterator[object]:
    from tests.factories import counter_from

    shutil.copytree(counter_template, data_dir)
    c = counter_from(data_dir)
    yield c
    c.store.close()

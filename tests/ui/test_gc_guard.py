"""The app's garbage collector runs on the UI thread only (ui.gc_guard): cyclic garbage
holding a Qt object is never freed by a worker thread that happens to allocate."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from PySide6.QtCore import QObject

from ui.gc_guard import GarbageOnUiThread


def test_cycles_with_qt_objects_are_collected_on_the_ui_thread(qtbot: Any) -> None:
    guard = GarbageOnUiThread()
    guard.start()
    try:
        assert not gc.isenabled()

        class Holder:
            pass

        holder = Holder()
        holder.obj = QObject()  # type: ignore[attr-defined]
        holder.me = holder  # type: ignore[attr-defined]  # a cycle: only the collector frees it
        freed_on: list[str] = []
        weakref.finalize(holder, lambda: freed_on.append(threading.current_thread().name))
        del holder

        def allocate() -> None:  # enough to cross every threshold, were collection automatic
            junk = [[i] for i in range(200_000)]
            del junk

        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
        assert freed_on == []  # not on the worker
        qtbot.waitUntil(lambda: freed_on != [], timeout=10_000)  # the UI thread's timer
        assert freed_on == [threading.main_thread().name]
    finally:
        guard.stop()
    assert gc.isenabled()


def test_a_full_collection_comes_every_so_often() -> None:
    guard = GarbageOnUiThread()
    calls: list[tuple[int, ...]] = []
    real = gc.collect
    try:
        gc.collect = lambda *a: calls.append(a) or 0  # type: ignore[assignment]
        for _ in range(60):
            guard.collect()
    finally:
        gc.collect = real
    assert calls.count(()) == 2 and calls.count((0,)) == 58

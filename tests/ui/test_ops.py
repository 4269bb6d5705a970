"""The operation runner's promises (ui.ops): writes run in order on the one writer; a sale
never waits behind the network; a failure nobody handles is shown; a newer call with the
same ``supersede`` key drops the older call's answers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos.errors import InvalidInput
from ui.ops import op
from ui.ops.runner import OperationRunner


@pytest.fixture
def runner(qtbot: Any) -> Iterator[OperationRunner]:
    r = OperationRunner()
    yield r
    assert r.wait(5_000)


def _error_dialogs() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]


def test_writes_run_in_the_order_they_were_asked_for(qtbot: Any, runner: OperationRunner) -> None:
    ran: list[int] = []  # on the writer thread
    answered: list[int] = []  # on the UI thread
    for i in range(30):
        op.write(f"write {i}", lambda i=i: ran.append(i) or i).success(answered.append).run(runner)
    qtbot.waitUntil(lambda: len(answered) == 30, timeout=5_000)
    assert ran == list(range(30)) and answered == list(range(30))
    assert not runner.busy


def test_a_sale_never_waits_behind_the_network(qtbot: Any, runner: OperationRunner) -> None:
    central_answers = threading.Event()
    stuck: list[str] = []
    # A sync cycle and a seat hold, both waiting for a central that does not answer…
    op.network("sync", lambda: central_answers.wait(10)).success(lambda _r: stuck.append("sync")).run(runner)
    op.counter("hold", lambda: central_answers.wait(10)).success(lambda _r: stuck.append("hold")).run(runner)
    sold: list[str] = []
    # …and the sale is written all the same.
    op.write("sell", lambda: "order-1").success(sold.append).run(runner)
    qtbot.waitUntil(lambda: sold == ["order-1"], timeout=3_000)
    assert not central_answers.is_set() and stuck == [] and runner.busy
    central_answers.set()
    qtbot.waitUntil(lambda: sorted(stuck) == ["hold", "sync"], timeout=5_000)


def test_a_failure_nobody_handles_is_shown_in_an_error_dialog(qtbot: Any, runner: OperationRunner) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def refuse() -> None:
        raise InvalidInput("the amount is not a number")

    op.write("save", refuse).run(runner, parent)
    qtbot.waitUntil(lambda: bool(_error_dialogs()), timeout=3_000)
    box = _error_dialogs()[-1]
    assert box.parent() is parent and box.property("errorCode") == "invalid_input"
    assert "the amount is not a number" in box.detailedText()
    box.close()


def test_a_failure_with_a_handler_goes_to_the_handler_only(qtbot: Any, runner: OperationRunner) -> None:
    shown: list[BaseException] = []
    runner.show_failure = lambda _parent, exc: shown.append(exc)
    handled: list[BaseException] = []

    def refuse() -> None:
        raise InvalidInput("no")

    op.read("load", refuse).failure(handled.append).run(runner)
    op.read("load again", refuse).run(runner)  # no handler: the default shows it
    qtbot.waitUntil(lambda: len(handled) == 1 and len(shown) == 1, timeout=3_000)
    assert isinstance(handled[0], InvalidInput) and isinstance(shown[0], InvalidInput)


def test_a_newer_call_with_the_same_key_drops_the_older_ones_answers(
    qtbot: Any, runner: OperationRunner
) -> None:
    shown: list[BaseException] = []
    runner.show_failure = lambda _parent, exc: shown.append(exc)
    release_first = threading.Event()
    answers: list[str] = []

    def slow_quote() -> str:
        release_first.wait(10)
        return "old cart"

    def failing_quote() -> str:
        release_first.wait(10)
        raise InvalidInput("an old cart's problem")

    op.read("quote", slow_quote).success(answers.append).run(runner, supersede="quote")
    op.network("quote", failing_quote).run(runner, supersede="quote")  # its failure is dropped too
    op.read("other", lambda: "unrelated").success(answers.append).run(runner, supersede="other")
    op.read("quote", lambda: "new cart").success(answers.append).run(runner, supersede="quote")
    qtbot.waitUntil(lambda: sorted(answers) == ["new cart", "unrelated"], timeout=3_000)
    release_first.set()  # the older calls finish after the newer one answered
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
    assert sorted(answers) == ["new cart", "unrelated"] and shown == []
    # Once answered, the key is free: the next call with it is delivered as usual.
    op.read("quote", lambda: "next cart").success(answers.append).run(runner, supersede="quote")
    qtbot.waitUntil(lambda: "next cart" in answers, timeout=3_000)


def test_the_error_is_shown_even_when_the_screen_that_asked_is_gone(
    qtbot: Any, runner: OperationRunner
) -> None:
    from shiboken6 import delete

    parent = QWidget()
    asked = threading.Event()

    def refuse() -> None:
        asked.wait(10)
        raise InvalidInput("too late")

    op.write("save", refuse).run(runner, parent)
    delete(parent)  # the window was rebuilt meanwhile
    asked.set()
    qtbot.waitUntil(lambda: bool(_error_dialogs()), timeout=3_000)
    box = _error_dialogs()[-1]
    assert "too late" in box.detailedText()
    box.close()

"""The Pickup screen, offline against this outlet's copies (the live round trips are in
tests/sync/test_pickup_sync.py): find, hand out once, refusals shown with their reason."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pos.pickup.service import cache_orders
from tests.pos.test_pickup import CODE, _order


@pytest.fixture
def screen(qtbot: Any, ctx: Any, counter: Any) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.ops.runner import OperationRunner
    from ui.screens.pickup import PickupScreen

    install_language(ensure_app(), "en")
    runner = OperationRunner()
    s = PickupScreen(ctx, runner, client=lambda: None, actor=lambda: counter.clerk)
    qtbot.addWidget(s)
    s.show()
    yield s
    runner.wait()


def _find(qtbot: Any, screen: Any, **fields: str) -> None:
    for name, value in fields.items():
        getattr(screen, name).setText(value)
    with qtbot.waitSignal(screen.found, timeout=5000):
        screen.find_button.click()


def test_find_by_code_and_hand_out_once(qtbot: Any, screen: Any, counter: Any) -> None:
    order = _order()
    cache_orders(counter.store, [order])
    _find(qtbot, screen, code=CODE)
    assert screen.tickets.rowCount() == 2 and order.order_number in screen.summary.text()
    assert "outlet's copy" in screen.message.text() and screen.collect_button.isEnabled()
    with qtbot.waitSignal(screen.collected, timeout=5000) as got:
        screen.collect_button.click()
    assert got.args[0].offline and "Handed out" in screen.message.text()
    # Looked up again: it says when and where it was collected, and cannot be handed out.
    _find(qtbot, screen, code=CODE)
    assert screen.message.property("errorCode") == "already_collected"
    assert "Already collected on 2026-12-01" in screen.message.text() and "BO-1" in screen.message.text()
    assert not screen.collect_button.isEnabled()


def test_find_by_order_number_and_phone(qtbot: Any, screen: Any, counter: Any) -> None:
    cache_orders(counter.store, [_order()])
    _find(qtbot, screen, number="W000000001", phone="1234")
    assert screen.tickets.rowCount() == 2


def test_bad_input_and_unknown_orders_are_explained(qtbot: Any, screen: Any, counter: Any) -> None:
    screen.code.setText("123")
    screen.find_button.click()  # checked at once, nothing runs
    assert screen.message.property("errorCode") == "invalid_input" and not screen.runner.busy
    screen.code.setText("87654321")
    screen.find_button.click()
    qtbot.waitUntil(lambda: screen.message.property("errorCode") == "pickup_offline", timeout=5000)
    assert "not sent to this outlet" in screen.message.text()
    cache_orders(counter.store, [_order()])
    screen.code.clear()
    screen.number.setText("W000000001")
    screen.phone.setText("9999")  # wrong digits: nothing is shown
    screen.find_button.click()
    qtbot.waitUntil(lambda: screen.message.property("errorCode") == "pickup_offline", timeout=5000)
    assert screen.tickets.rowCount() == 0


def test_the_screen_speaks_chinese(qtbot: Any, ctx: Any, counter: Any) -> None:
    from ui.app import ensure_app, install_language
    from ui.ops.runner import OperationRunner
    from ui.screens.pickup import PickupScreen

    app = ensure_app()
    assert install_language(app, "zh")
    try:
        s = PickupScreen(ctx, OperationRunner(), client=lambda: None, actor=lambda: counter.clerk)
        qtbot.addWidget(s)
        assert s.collect_button.text() == "取票并打印" and s.code.placeholderText() == "取票码（8位数字）"
    finally:
        install_language(app, "en")

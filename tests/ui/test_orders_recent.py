"""Issue 20, item 1: the Orders screen finds an enrolled terminal's orders by their own number
(13-character terminal ids were refused), by the sequence alone, and from a list of the latest
orders; after a refund it confirms and shows the ticket refunded, not a red error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos.store import sql
from tests.factories import NOW
from tests.pos.aftersales_helpers import sale


@pytest.fixture
def enrolled(counter: Any) -> Any:
    """The test terminal renamed as central names enrolled ones (T + 12 hex digits)."""
    with counter.store.write() as session:
        sql.run(session, "UPDATE terminal SET terminal_id = ?", ("TA85C1406AACB",))
    return counter


@contextmanager
def _screen(qtbot: Any, ctx: Any, staff: Any) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.screens.orders import OrdersScreen

    install_language(ensure_app(), "en")
    bridge = Bridge(ctx)
    s = OrdersScreen(bridge)
    s.set_session(staff)
    qtbot.addWidget(s)
    s.show()
    yield s
    bridge.runner.wait()


def _find(qtbot: Any, screen: Any, text: str) -> None:
    screen.search.clear()
    qtbot.keyClicks(screen.search, text)
    with qtbot.waitSignal(screen.found, timeout=5000):
        qtbot.keyClick(screen.search, Qt.Key.Key_Return)


def _statuses(screen: Any) -> list[str]:
    return [screen.tickets.item(r, 5).text() for r in range(screen.tickets.rowCount())]


def test_refund_of_an_enrolled_terminals_order_is_confirmed(qtbot: Any, ctx: Any, enrolled: Any) -> None:
    s = sale(enrolled)
    assert s.order_number.startswith("TA85C1406AACB-")
    with _screen(qtbot, ctx, enrolled.supervisor) as screen:
        _find(qtbot, screen, s.order_number)
        assert s.order_number in screen.summary.text() and not screen.message.property("errorCode")
        screen.tickets.selectRow(0)
        qtbot.keyClick(screen, Qt.Key.Key_F5)
        qtbot.waitUntil(screen.confirm_box.isVisible, timeout=5000)
        with qtbot.waitSignal(screen.refunded, timeout=5000):
            qtbot.keyClick(screen, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: _statuses(screen) == ["refunded", "valid"], timeout=5000)
        assert "Refunded" in screen.message.text() and not screen.message.property("errorCode")


def test_the_sequence_alone_finds_this_terminals_order(qtbot: Any, ctx: Any, enrolled: Any) -> None:
    first, second = sale(enrolled), sale(enrolled, seats=("A-1-3",), when=NOW + timedelta(minutes=1))
    with _screen(qtbot, ctx, enrolled.clerk) as screen:
        _find(qtbot, screen, "2")
        assert second.order_number in screen.summary.text()
        _find(qtbot, screen, "000001")
        assert first.order_number in screen.summary.text()
        screen.search.setText("1234567890")  # too long for a sequence, and not a ticket: explained
        screen.lookup()
        assert screen.message.property("errorCode") == "invalid_input"


def test_latest_orders_are_listed_and_open_with_enter(qtbot: Any, ctx: Any, counter: Any) -> None:
    first, second = sale(counter), sale(counter, seats=("A-1-3",), when=NOW + timedelta(minutes=1))
    with _screen(qtbot, ctx, counter.clerk) as screen:
        table = screen.recent.table
        qtbot.waitUntil(lambda: screen.recent.model.rowCount() == 2, timeout=5000)
        assert screen.recent.isVisible() and not screen.order.isVisible()
        model = screen.recent.model
        assert [model.index(r, 0).data() for r in range(2)] == [second.order_number, first.order_number]
        assert model.index(0, model.EVENT).data() == "Test Concert"
        assert model.index(1, model.TOTAL).data() == first.total.format()
        table.setFocus()
        table.selectRow(1)
        with qtbot.waitSignal(screen.found, timeout=5000) as got:
            qtbot.keyClick(table, Qt.Key.Key_Return)
        assert got.args[0].order.order_id == first.order_id
        assert screen.order.isVisible() and not screen.recent.isVisible()

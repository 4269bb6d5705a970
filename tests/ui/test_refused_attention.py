"""Issue 17, "needs attention" in the app: a refused order shows in the status bar with what
to tell the customer, and a message box says it once."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from pos.terminal.connectivity import Connectivity
from sync.relay import AttentionItem
from ui.attention import RefusedOrders
from ui.ops.terminal import TerminalStatus
from ui.status_bar import StatusBar

TELL = "Order T01-000002 was not accepted: a seat was sold elsewhere. Refund 380.00."


def _status(*items: AttentionItem) -> TerminalStatus:
    now = datetime.now(UTC)
    return TerminalStatus(Connectivity(True, now, "central answered", now), 0, "", tuple(items))


def test_a_refused_order_shows_what_to_tell_the_customer(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = StatusBar(ZoneInfo("Asia/Shanghai"))
    window.setStatusBar(bar)
    refused = RefusedOrders(window)
    window.show()
    bar.show_status(_status())
    assert not bar.attention_label.isVisible()

    order = AttentionItem(7, "0b6f…", "order", "seat_taken: central refused", None, TELL)
    other = AttentionItem(8, "5d1e4c2a-0000", "refund", "not_found: no such order", None)
    status = _status(order, other)
    bar.show_status(status)
    refused.show_new(status.attention)
    assert bar.attention_label.isVisible() and "2" in bar.attention_label.text()
    assert TELL in bar.attention_label.toolTip() and "not_found" in bar.attention_label.toolTip()
    box = refused.box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert TELL in box.informativeText()
    box.close()
    # The next status poll shows the same refusal: no second box.
    refused.show_new(status.attention)
    assert refused.box is box

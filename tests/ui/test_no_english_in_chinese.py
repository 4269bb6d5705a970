"""Issue 20, item 13 (must show): the Chinese UI shows no untranslated string on any screen,
nor in the dialogs a clerk meets (payment, approval, real-name holders, help, an error), and
uses full-width punctuation. Every visible text is read from the widgets themselves: labels,
buttons, placeholders, group titles, tabs, table headings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from pos.errors import InvalidInput
from pos.money import Money
from pos.sales import CartItem
from pos.staff.access import Permission
from tests.factories import SUPERVISOR
from tests.ui.helpers import sign_in

# Latin words a Chinese counter shows as they are: key names, currency, file formats, and the
# test catalog's and the test staff's own names (named in both languages).
ALLOWED = {"Enter", "Esc", "CNY", "PIN", "CSV", "PDF", "Tab", "Shift", "Ctrl", "Del", "Test", "Concert", "Supervisor", "Clerk"}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
HALF_WIDTH_AFTER_CJK = re.compile(r"[\u4e00-\u9fff][,:;!?](\s|$)")


def _texts(root: QWidget) -> Iterator[tuple[str, str]]:
    for w in root.findChildren(QLabel):
        if w.text() and not w.text().startswith("/"):  # a folder's path is shown as it is
            yield w.objectName() or "label", re.sub(r"<[^>]+>", "", w.text())
    for b in root.findChildren(QAbstractButton):
        yield b.objectName() or "button", b.text().replace("&", "")
    for e in root.findChildren(QLineEdit):
        yield e.objectName() or "field", e.placeholderText()
    for g in root.findChildren(QGroupBox):
        yield g.objectName() or "group", g.title()
    for t in root.findChildren(QTabWidget):
        for i in range(t.count()):
            yield "tab", t.tabText(i).replace("&&", "&")
    for v in root.findChildren(QTableView):
        if v.model() is not None:
            for col in range(v.model().columnCount()):
                yield v.objectName() or "table", str(v.model().headerData(col, Qt.Orientation.Horizontal) or "")


def _english(root: QWidget) -> list[tuple[str, str]]:
    bad = []
    for name, text in _texts(root):
        words = [w for w in LATIN_WORD.findall(text) if w not in ALLOWED]
        if words or HALF_WIDTH_AFTER_CJK.search(text):
            bad.append((name, text))
    return bad


@pytest.fixture
def zh_window(qtbot: Any, ctx: Any) -> Iterator[Any]:
    from dataclasses import replace

    from ui.application import ensure_app, install_language
    from ui.main_window import MainWindow

    install_language(ensure_app(), "zh")
    w = MainWindow(replace(ctx, language="zh"))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()
    install_language(ensure_app(), "en")


def test_every_screen_of_the_chinese_counter_is_chinese(qtbot: Any, zh_window: Any) -> None:
    w = zh_window
    assert _english(w) == []  # the sign-in screen
    sign_in(qtbot, w, SUPERVISOR)  # a supervisor sees every screen, Settings → Staff too
    for i in range(w.modes.count()):
        w.modes.setCurrentIndex(i)
        qtbot.waitUntil(lambda: not w.bridge.runner.busy, timeout=5000)
        assert _english(w) == [], w.modes.tabText(i)


def test_the_dialogs_a_clerk_meets_are_chinese(qtbot: Any, zh_window: Any) -> None:
    from ui.errors import show_error
    from ui.widgets.approval import ApprovalDialog
    from ui.widgets.help import HelpDialog
    from ui.widgets.holders import HolderDialog
    from ui.widgets.payment import PaymentDialog

    w = zh_window
    dialogs: list[QDialog] = [
        PaymentDialog(Money(38_500), w),
        ApprovalDialog(w.bridge, Permission.REFUND, "", w),
        HolderDialog([CartItem("adult", seat_id="A-1-1")], lambda i: "A区", w),
        HelpDialog(w),
        show_error(w, InvalidInput("x")),
    ]
    for d in dialogs:
        d.show()
        assert _english(d) == [], type(d).__name__
        d.close()

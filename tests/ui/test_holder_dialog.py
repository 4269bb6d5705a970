"""Issue 20, item 14: the real-name dialog shows an 18-digit ID whole, says which check failed
(name, form, check digit), and shows no red before anything is typed."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos.errors import InvalidInput
from pos.sales import CartItem
from pos.tickets.realname import make_holder

GOOD = "440301199001011234"


@pytest.fixture
def dialog(qtbot: Any) -> Any:
    from ui.application import ensure_app, install_language
    from ui.widgets.holders import HolderDialog

    install_language(ensure_app(), "en")
    d = HolderDialog([CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")], lambda i: i.seat_id or "")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_an_eighteen_digit_id_is_shown_whole(dialog: Any) -> None:
    field = dialog.numbers[0]
    field.setText(GOOD)
    assert field.fontMetrics().horizontalAdvance(GOOD) < field.contentsRect().width()


def test_a_stray_enter_shows_no_red(qtbot: Any, dialog: Any) -> None:
    with qtbot.assertNotEmitted(dialog.holders_entered):
        dialog.accept()
    assert all(p.text() == "" for p in dialog.problems) and dialog.isVisible()


@pytest.mark.parametrize(
    ("name", "number", "words"),
    [
        ("", GOOD, "holder's name"),
        ("张三", "", "document's number"),
        ("张三", "44030119900101123", "wrong form"),  # 17 characters
        ("张三", "440301199001011235", "check digit"),  # one digit off
        ("张\u0007三", GOOD, "cannot be printed"),
    ],
)
def test_the_row_says_which_check_failed(qtbot: Any, dialog: Any, name: str, number: str, words: str) -> None:
    dialog.names[0].setText(name)
    dialog.numbers[0].setText(number)
    dialog.names[1].setText("李四")
    dialog.numbers[1].setText("31010419851212004X")
    with qtbot.assertNotEmitted(dialog.holders_entered):
        qtbot.keyClick(dialog.numbers[1], Qt.Key.Key_Return)  # Enter on the last field: accept
    assert words in dialog.problems[0].text() and dialog.problems[1].text() == ""
    assert dialog.isVisible()


def test_the_core_names_each_reason() -> None:
    cases = {
        ("", GOOD): "name_missing",
        ("x" * 51, GOOD): "name_too_long",
        ("张三", ""): "id_missing",
        ("张三", "123"): "id_form",
        ("张三", "440301199001011235"): "id_check_digit",
    }
    for (name, number), reason in cases.items():
        with pytest.raises(InvalidInput) as got:
            make_holder(name, number)
        assert got.value.details["reason"] == reason
    assert make_holder(" 张三 ", GOOD.lower()).id_number == GOOD

"""The Shift & close-out screen, driven as a clerk and a supervisor would (pytest-qt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pos.cash import shifts
from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import override
from tests.factories import FLOAT, NOW, SUPERVISOR, table_counts


@pytest.fixture
def screen(qtbot: Any, ctx: Any) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.bridge import Bridge
    from ui.screens.shift import ShiftScreen

    install_language(ensure_app(), "en")
    bridge = Bridge(ctx)
    w = ShiftScreen(bridge)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    yield w
    bridge.runner.wait()


def _click(qtbot: Any, screen: Any, button: Any, signal: Any = None) -> None:
    if signal is None:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        with qtbot.waitSignal(signal, timeout=5000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_clerks_shift_with_a_blind_count(qtbot: Any, screen: Any, counter: Any) -> None:
    sell(
        counter.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id="A-1-1")],
        tenders=[Tender("cash", Money(50_000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
    )
    screen.set_session(counter.clerk)
    qtbot.waitUntil(lambda: "1 sales" in screen.status_label.text(), timeout=5000)
    assert "expected" not in screen.status_label.text()  # blind for a clerk
    # A clerk's cash-in needs a supervisor: the screen asks, the core checks.
    asked: list[int] = []

    def approve(permission: Any, then: Any) -> None:  # the supervisor types their PIN
        asked.append(1)
        then(override(counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=permission, now=NOW))

    screen.ask_approval = approve
    qtbot.keyClicks(screen.amount_edit, "20")
    qtbot.keyClicks(screen.reason_edit, "coins for change")
    _click(qtbot, screen, screen.cash_in_button, screen.changed)
    assert asked == [1] and "20.00" in screen.result_label.text()
    qtbot.keyClicks(screen.count_edit, "905")
    _click(qtbot, screen, screen.close_button)
    assert screen.confirm_box.isVisible() and "905.00" in screen.confirm_box.text.text()
    assert shifts.current_shift(counter.store) is not None  # nothing closed on one click
    _click(qtbot, screen, screen.confirm_box.confirm_button, screen.changed)
    expected = FLOAT + 38_500 + 2_000
    assert f"expected ¥{Money(expected).format()}" in screen.result_label.text()
    assert f"variance ¥{Money(90_500 - expected).format()}" in screen.result_label.text()
    qtbot.waitUntil(lambda: screen.status_label.text() == "No shift is open.", timeout=5000)
    assert shifts.current_shift(counter.store) is None


def test_a_supervisor_closes_the_day_with_charts_and_exports(
    qtbot: Any, screen: Any, counter: Any, tmp_path: Path
) -> None:
    sell(
        counter.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")],
        tenders=[Tender("card", Money(77_000), "AB1234")],
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
    )
    screen.set_session(counter.supervisor)
    qtbot.waitUntil(lambda: "cash expected" in screen.status_label.text(), timeout=5000)
    qtbot.keyClicks(screen.count_edit, "500")
    _click(qtbot, screen, screen.close_button)
    _click(qtbot, screen, screen.confirm_box.confirm_button, screen.changed)
    _click(qtbot, screen, screen.preview_button)
    qtbot.waitUntil(lambda: screen.report is not None, timeout=5000)
    assert screen.report.z_number == 0 and "X-report" in screen.figures.text()
    _click(qtbot, screen, screen.close_day_button)
    assert screen.report.z_number == 0 and "Z-report is numbered" in screen.confirm_box.text.text()
    with qtbot.waitSignal(screen.changed, timeout=5000):
        qtbot.keyClick(screen, Qt.Key.Key_F10)
    assert screen.report.z_number == 1 and "Z-report #1" in screen.figures.text()
    assert "770.00" in screen.figures.text()
    assert screen.by_hour.bars == [("18", 77_000)] and screen.by_event.bars == [
        ("测试音乐会", 77_000)
    ]  # the terminal language
    assert not screen.grab().toImage().isNull()
    pdf, csv_path = tmp_path / "z.pdf", tmp_path / "z.csv"
    screen.export_to("pdf", pdf)
    screen.export_to("csv", csv_path)
    qtbot.waitUntil(
        lambda: "z.csv" in screen.result_label.text() or "z.pdf" in screen.result_label.text(), timeout=10_000
    )
    assert screen.bridge.runner.wait()
    qtbot.waitUntil(lambda: pdf.exists() and csv_path.exists(), timeout=10_000)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_refusals_are_shown_and_change_nothing(qtbot: Any, screen: Any, counter: Any) -> None:
    screen.set_session(counter.clerk)
    before = table_counts(counter.store)
    qtbot.keyClicks(screen.amount_edit, "-5")
    _click(qtbot, screen, screen.cash_out_button)
    assert "Not an amount" in screen.error_label.text() and "500" in screen.error_label.text()
    screen.amount_edit.setText("5")
    asked: list[str] = []
    screen.ask_approval = lambda permission, _then: asked.append(permission.value)  # nobody comes
    _click(qtbot, screen, screen.cash_out_button)
    _click(qtbot, screen, screen.close_day_button)  # a clerk closing the day: confirm, then approval
    _click(qtbot, screen, screen.confirm_box.confirm_button)
    assert asked == ["open_drawer", "close_out"]
    screen.float_edit.setText("100")
    _click(qtbot, screen, screen.open_button)  # a second open shift on the drawer
    qtbot.waitUntil(lambda: screen.error_label.property("errorCode") == "shift_refused", timeout=5000)
    assert table_counts(counter.store) == before
    assert not screen.print_button.isEnabled() and not screen.pdf_button.isEnabled()


def test_a_clerks_cash_in_opens_the_supervisor_approval(qtbot: Any, screen: Any, counter: Any) -> None:
    screen.set_session(counter.clerk)
    screen.amount_edit.setText("20")
    screen.reason_edit.setText("coins")
    screen.cash_in_button.click()
    qtbot.waitUntil(lambda: screen.approval is not None and screen.approval.isVisible(), timeout=3000)
    dialog = screen.approval
    dialog.supervisor.setText(SUPERVISOR[0])
    dialog.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(screen.changed, timeout=5000):
        dialog.submit()
    assert "20.00" in screen.result_label.text()


def test_a_clerk_closes_the_day_with_a_supervisor_on_the_spot(qtbot: Any, screen: Any, counter: Any) -> None:
    """Issue 20, item 17: a clerk's close-out was refused with no way to get an approval."""
    screen.set_session(counter.clerk)
    qtbot.keyClicks(screen.count_edit, "500")
    _click(qtbot, screen, screen.close_button)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)  # changed their mind: nothing happens
    assert not screen.confirm_box.isVisible() and shifts.current_shift(counter.store) is not None
    _click(qtbot, screen, screen.close_button)
    _click(qtbot, screen, screen.confirm_box.confirm_button, screen.changed)
    assert shifts.current_shift(counter.store) is None
    _click(qtbot, screen, screen.close_day_button)
    _click(qtbot, screen, screen.confirm_box.confirm_button)
    qtbot.waitUntil(lambda: screen.approval is not None and screen.approval.isVisible(), timeout=3000)
    assert "close-out" in screen.approval.findChildren(type(screen.status_label))[0].text()
    screen.approval.supervisor.setText(SUPERVISOR[0])
    screen.approval.pin.setText(SUPERVISOR[1])
    with qtbot.waitSignal(screen.changed, timeout=5000):
        screen.approval.submit()
    assert screen.report is not None and screen.report.z_number == 1


def test_a_clerk_closing_another_clerks_shift_needs_a_supervisor(qtbot: Any, screen: Any, counter: Any) -> None:
    from pos.staff.access import StaffSession

    other = StaffSession("C9", "Other", counter.clerk.role, NOW)  # not the one who opened the shift
    screen.set_session(other)
    asked: list[str] = []
    screen.ask_approval = lambda permission, then: (
        asked.append(permission.value),
        then(override(counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=permission, now=NOW)),
    )
    qtbot.keyClicks(screen.count_edit, "500")
    _click(qtbot, screen, screen.close_button)
    _click(qtbot, screen, screen.confirm_box.confirm_button)
    qtbot.waitUntil(lambda: shifts.current_shift(counter.store) is None, timeout=5000)
    assert asked == ["close_out"]

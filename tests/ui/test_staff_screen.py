"""Settings → Staff, driven through its real widgets: a supervisor deactivates a clerk (who
then cannot sign in or approve in the app), resets a PIN (the clerk chooses a new one at
the sign-in screen), changes a role; bad input and a clerk's view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pos.staff.access import Permission, add_staff, authenticate
from tests.factories import CLERK, NOW, SUPERVISOR
from tests.ui.helpers import sign_in


def _open_staff(qtbot: Any, window: Any) -> Any:
    window.modes.setCurrentWidget(window.settings)
    panel = window.settings.staff
    assert panel.isVisible()
    qtbot.waitUntil(lambda: panel.table.rowCount() >= 2, timeout=5000)
    return panel


def _act(qtbot: Any, panel: Any, staff_id: str, button: Any, pin: str = SUPERVISOR[1]) -> None:
    panel.select(staff_id)
    panel.my_pin.clear()
    qtbot.keyClicks(panel.my_pin, pin)
    with qtbot.waitSignal(
        panel.bridge.runner.finished, timeout=5000, check_params_cb=lambda label, _ok: label == "staff"
    ):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _row(panel: Any, staff_id: str) -> list[str]:
    for row in range(panel.table.rowCount()):
        if panel.table.item(row, 0).text() == staff_id:
            return [panel.table.item(row, c).text() for c in range(4)]
    raise AssertionError(staff_id)


def _try_sign_in(qtbot: Any, window: Any, staff_id: str, pin: str) -> None:
    window.signin.staff_id.setText(staff_id)
    window.signin.pin.setText(pin)
    with qtbot.waitSignal(
        window.bridge.runner.finished, timeout=5000, check_params_cb=lambda label, _ok: label == "sign_in"
    ):
        qtbot.keyClick(window.signin.pin, Qt.Key.Key_Return)


def test_a_supervisor_deactivates_a_clerk_who_then_cannot_sign_in(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window, SUPERVISOR)
    panel = _open_staff(qtbot, window)
    assert _row(panel, CLERK[0])[3] == "Active"
    # Their own row: nothing to press (the core refuses it too).
    panel.select(SUPERVISOR[0])
    assert not panel.deactivate.isEnabled() and not panel.reset_pin.isEnabled()
    # No PIN: asked for, nothing done.
    panel.select(CLERK[0])
    panel.my_pin.clear()
    qtbot.mouseClick(panel.deactivate, Qt.MouseButton.LeftButton)
    assert panel.message.property("errorCode") == "invalid_input"
    # A wrong supervisor PIN: refused.
    _act(qtbot, panel, CLERK[0], panel.deactivate, pin="000000")
    assert panel.message.property("errorCode") == "auth_failed"
    qtbot.waitUntil(lambda: panel.message.property("errorCode") == "auth_failed")
    _act(qtbot, panel, CLERK[0], panel.deactivate)
    qtbot.waitUntil(lambda: _row(panel, CLERK[0])[3] == "Deactivated", timeout=5000)
    assert "deactivated" in panel.message.text() and panel.message.property("errorCode") == ""
    panel.select(CLERK[0])
    assert panel.reactivate.isEnabled() and not panel.deactivate.isEnabled()
    # The clerk cannot sign in at the app now.
    window.lock()
    assert not panel.isVisible()
    _try_sign_in(qtbot, window, CLERK[0], CLERK[1])
    assert window.signin.message.property("errorCode") == "staff_inactive"
    assert window.locked
    # Nor approve: the approval the app asks for is refused by the core.
    from ui.ops import staff as ops

    failures: list[BaseException] = []
    with qtbot.waitSignal(window.bridge.runner.finished, timeout=5000):
        ops.approve(window.ctx, CLERK[0], CLERK[1], Permission.OPEN_DRAWER).failure(failures.append).run(
            window.bridge.runner
        )
    assert failures and getattr(failures[0], "code", "") == "staff_inactive"
    # Reactivated by the supervisor, the clerk signs in again.
    _try_sign_in(qtbot, window, SUPERVISOR[0], SUPERVISOR[1])
    panel = _open_staff(qtbot, window)
    _act(qtbot, panel, CLERK[0], panel.reactivate)
    qtbot.waitUntil(lambda: _row(panel, CLERK[0])[3] == "Active", timeout=5000)
    window.lock()
    window.signin.staff_id.clear()
    sign_in(qtbot, window, CLERK)
    assert not window.settings.staff.isVisibleTo(window.settings)  # a clerk sees no staff panel


def test_reset_pin_then_the_clerk_chooses_a_new_one_at_sign_in(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window, SUPERVISOR)
    panel = _open_staff(qtbot, window)
    panel.select(CLERK[0])
    qtbot.keyClicks(panel.temporary_pin, "1111")  # too easy: refused
    _act(qtbot, panel, CLERK[0], panel.reset_pin)
    assert panel.message.property("errorCode") == "invalid_input"
    panel.temporary_pin.clear()
    qtbot.keyClicks(panel.temporary_pin, "5931")
    _act(qtbot, panel, CLERK[0], panel.reset_pin)
    qtbot.waitUntil(lambda: _row(panel, CLERK[0])[3] == "Must choose a new PIN", timeout=5000)
    window.lock()
    signin = window.signin
    _try_sign_in(qtbot, window, CLERK[0], "5931")
    assert signin.message.property("errorCode") == "pin_change_required"
    assert signin.changing_pin and signin.new_pin.isVisible() and window.locked
    # Two different new PINs: asked again, nothing sent.
    qtbot.keyClicks(signin.new_pin, "2468")
    qtbot.keyClicks(signin.new_pin2, "2469")
    qtbot.keyClick(signin.new_pin2, Qt.Key.Key_Return)
    assert "differ" in signin.message.text() and signin.changing_pin
    # A new PIN the rules refuse: said so, still changing.
    qtbot.keyClicks(signin.new_pin, "1234")
    qtbot.keyClicks(signin.new_pin2, "1234")
    with qtbot.waitSignal(window.bridge.runner.finished, timeout=5000):
        qtbot.keyClick(signin.new_pin2, Qt.Key.Key_Return)
    assert "not allowed" in signin.message.text() and signin.changing_pin
    qtbot.keyClicks(signin.new_pin, "2468")
    qtbot.keyClicks(signin.new_pin2, "2468")
    with qtbot.waitSignal(signin.signed_in, timeout=5000):
        qtbot.keyClick(signin.new_pin2, Qt.Key.Key_Return)
    assert not window.locked and not signin.changing_pin
    assert authenticate(window.ctx.store, staff_id=CLERK[0], pin="2468", now=NOW).staff_id == CLERK[0]


def test_role_change_from_the_staff_screen(qtbot: Any, window: Any) -> None:
    add_staff(window.ctx.store, staff_id="D1", name="Door", role="door", pin="4826",
              by=authenticate(window.ctx.store, staff_id=SUPERVISOR[0], pin=SUPERVISOR[1], now=NOW))  # fmt: skip
    sign_in(qtbot, window, SUPERVISOR)
    panel = _open_staff(qtbot, window)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=5000)
    panel.select("D1")
    panel.role.setCurrentIndex(panel.role.findData("clerk"))
    _act(qtbot, panel, "D1", panel.change_role)
    qtbot.waitUntil(lambda: _row(panel, "D1")[2] == "Clerk", timeout=5000)
    assert "role is changed" in panel.message.text()

"""The Partner screen's Print button (issue 24): the shown statement goes to the terminal's
printer as a recorded job on the writer lane (here a network printer on loopback); without a
statement, without a printer, or with a printer that cannot be reached, the screen says so and
nothing claims it printed."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt

from pos.staff.access import Role
from pos.tickets.printjobs import save_printer_profile
from printing.profiles import PrinterProfile
from tests.printing.conftest import LoopbackPrinter, closed_port
from tests.printing.test_partner_slip import MISMATCH, statement
from tests.ui.helpers import sign_in


def _screen(qtbot: Any, window: Any) -> Any:
    from sync.protocol.partner import Mismatch, Statement
    from ui.ops.partner import PartnerView

    sign_in(qtbot, window, ("S1", "258036"))  # the window hands the session to the screen
    screen = window.partner
    assert screen.session is not None and screen.session.role is Role.SUPERVISOR
    window.modes.setTabVisible(window.modes.indexOf(screen), True)
    window.modes.setCurrentWidget(screen)
    assert screen.print_button.isVisibleTo(window)
    st = Statement.model_validate(statement(10))
    return screen, PartnerView(st, st, (Mismatch.model_validate(MISMATCH),))


def _jobs(window: Any) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(window.ctx.store.path)
    try:
        return con.execute("SELECT kind, status, printer FROM print_job").fetchall()
    finally:
        con.close()


def _add(window: Any, profile: PrinterProfile) -> None:
    save_printer_profile(window.ctx.store, name=profile.name, settings=profile.to_settings())


def test_print_sends_the_shown_statement_off_the_ui_thread(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    import printing.partner_slip as slip

    screen, view = _screen(qtbot, window)
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == "Show a statement first." and _jobs(window) == []
    printer = LoopbackPrinter()
    _add(window, printer.profile(mode="text", encoding="gb18030"))
    threads: list[threading.Thread] = []
    real = slip.print_statement

    def spy(*args: Any, **kw: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kw)

    monkeypatch.setattr(slip, "print_statement", spy)
    screen.view = view
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    assert not screen.print_button.isEnabled()  # one job at a time
    qtbot.waitUntil(lambda: "Sent to NET" in screen.message.text(), timeout=15_000)
    received = printer.join()
    assert threads and threads[0] is not threading.main_thread()  # on a worker lane
    assert "which cannot confirm it printed" in screen.message.text() and screen.print_button.isEnabled()
    assert "Partner statement".encode("gb18030") in received or "合伙人对账单".encode("gb18030") in received
    assert b"#c0ffee12" in received and received.count(b"\x1dV") == 1
    assert _jobs(window) == [("report", "unconfirmed", "NET")]


def test_no_printer_is_said_and_nothing_is_recorded(qtbot: Any, window: Any) -> None:
    screen, view = _screen(qtbot, window)
    screen.view = view
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No printer is set up" in screen.message.text(), timeout=15_000)
    assert "nothing was printed" in screen.message.text() and _jobs(window) == []
    assert screen.print_button.isEnabled()


def test_an_unreachable_printer_fails_visibly(qtbot: Any, window: Any) -> None:
    screen, view = _screen(qtbot, window)
    screen.view = view
    _add(window, PrinterProfile(name="NET", connection="network", host="127.0.0.1", port=closed_port(), timeout=1))
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not printed" in screen.message.text(), timeout=15_000)
    text = screen.message.text()
    assert text.startswith("Printer not reachable") and "The statement was not printed." in text
    assert "Printed" not in text and "Sent to" not in text and "cannot be reached" in screen.message.toolTip()
    assert _jobs(window) == [("report", "failed", "NET")] and screen.print_button.isEnabled()

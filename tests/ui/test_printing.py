"""Printing after the sale, off the UI thread, on a file printer; a failure keeps the sale.

A file printer cannot report whether it printed, so every job here ends unconfirmed and
the clerk is asked "did the tickets come out?": Yes confirms it (journaled with who said
so), Reprint sends the same job again to the same printer."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from pos.tickets.printjobs import save_printer_profile
from printing.profiles import PrinterProfile
from tests.ui.helpers import sign_in
from tests.ui.test_sell import _choose_concert, _orders, _press


def _add_printer(window: Any, device: Path) -> None:
    profile = PrinterProfile(name="P1", connection="file", device=str(device), mode="text")
    save_printer_profile(window.ctx.store, name="P1", settings=profile.to_settings())


def _standing_sale(qtbot: Any, window: Any) -> None:
    sell = window.sell
    _press(qtbot, Qt.Key.Key_F4)
    _press(qtbot, Qt.Key.Key_2, "2")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(sell.cart.pay.isEnabled, timeout=5000)
    _press(qtbot, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is sell.payment.cash, timeout=3000)
    _press(qtbot, Qt.Key.Key_Return)


def _jobs(window: Any) -> list[tuple[str, str]]:
    con = sqlite3.connect(window.ctx.store.path)
    try:
        return con.execute("SELECT status, printer FROM print_job").fetchall()
    finally:
        con.close()


def _question(qtbot: Any, window: Any) -> QMessageBox:
    box = window.sell.printing.question
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=5000)
    assert box.text() == "Did the tickets come out?" and "P1" in box.informativeText()
    return box


def _button(box: QMessageBox, name: str) -> QPushButton:
    button = box.findChild(QPushButton, name)
    assert button is not None and button.isVisible() and button.isEnabled()
    return button


def test_tickets_come_out_and_the_clerk_says_yes(qtbot: Any, window: Any, tmp_path: Path) -> None:
    out = tmp_path / "printer.bin"
    _add_printer(window, out)
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    with qtbot.waitSignal(window.sell.printing.unconfirmed, timeout=10_000) as sent:
        _standing_sale(qtbot, window)
    done = sent.args[0]
    assert done.printer == "P1" and done.documents == 3 and done.status == "unconfirmed"  # 2 tickets, receipt
    assert out.read_bytes() and len(out.read_bytes()) == done.byte_count
    assert "cannot confirm" in window.sell.banner.text() and "Printed on" not in window.sell.banner.text()
    assert _jobs(window) == [("unconfirmed", "P1")]
    box = _question(qtbot, window)
    with qtbot.waitSignal(window.sell.print_done, timeout=10_000) as printed:
        _button(box, "printCameOut").click()
    assert printed.args[0].status == "confirmed" and printed.args[0].job_id == done.job_id
    assert _jobs(window) == [("confirmed", "P1")]
    assert "Printed on P1 (confirmed by C1)." in window.sell.banner.text()
    con = sqlite3.connect(window.ctx.store.path)
    by = con.execute("SELECT confirmed_by FROM print_job").fetchone()
    journal = con.execute("SELECT record FROM journal ORDER BY seq DESC LIMIT 1").fetchone()[0]
    con.close()
    assert by == ("C1",) and '"kind":"print_confirmed"' in journal and '"staff":"C1"' in journal
    qtbot.waitUntil(lambda: window.printer_label.text() == "Printer P1: ready", timeout=5000)


def test_tickets_did_not_come_out_and_reprint_sends_the_same_job(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    out = tmp_path / "printer.bin"
    _add_printer(window, out)
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    with qtbot.waitSignal(window.sell.printing.unconfirmed, timeout=10_000) as sent:
        _standing_sale(qtbot, window)
    first = out.read_bytes()
    box = _question(qtbot, window)
    with qtbot.waitSignal(window.sell.printing.unconfirmed, timeout=10_000) as again:
        _button(box, "printReprint").click()
    assert again.args[0].job_id == sent.args[0].job_id  # the same job, the same codes, the same printer
    assert out.read_bytes() == first  # a file printer is rewritten: the very same bytes went out again
    assert _jobs(window) == [("unconfirmed", "P1")]
    con = sqlite3.connect(window.ctx.store.path)
    assert con.execute("SELECT attempts FROM print_job").fetchone() == (2,)
    con.close()
    box = _question(qtbot, window)  # asked again about the reprint
    with qtbot.waitSignal(window.sell.print_done, timeout=10_000):
        _button(box, "printCameOut").click()
    assert _jobs(window) == [("confirmed", "P1")]


def test_no_printer_profile_prints_nothing_and_says_so(qtbot: Any, window: Any) -> None:
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    with qtbot.waitSignal(window.sell.print_done, timeout=10_000) as printed:
        _standing_sale(qtbot, window)
    assert printed.args[0].printer == ""
    assert "No printer is set up: nothing was printed." in window.sell.banner.text()
    assert len(_orders(window)) == 1 and _jobs(window) == []
    qtbot.waitUntil(lambda: window.printer_label.text() == "No printer", timeout=5000)


def test_printer_failure_keeps_the_sale_and_retry_prints(qtbot: Any, window: Any, tmp_path: Path) -> None:
    out = tmp_path / "unplugged" / "printer.bin"  # its folder is missing: the printer is "off"
    _add_printer(window, out)
    sign_in(qtbot, window)
    _choose_concert(qtbot, window)
    sell = window.sell
    with qtbot.waitSignal(sell.print_failed, timeout=10_000) as failed:
        _standing_sale(qtbot, window)
    assert failed.args[0].code.startswith("printer")
    box = sell.print_error
    assert box is not None and box.isVisible()
    assert "The sale is saved" in box.text() and "Traceback" not in box.text() + box.informativeText()
    assert "Retry" in box.informativeText()
    assert "printing failed" in sell.banner.text()
    assert len(_orders(window)) == 1  # the sale is intact
    assert _jobs(window) == [("failed", "P1")]
    qtbot.waitUntil(lambda: window.printer_label.text() == "Printer P1: failed", timeout=5000)

    out.parent.mkdir()  # the clerk switches the printer on, then presses Retry
    with qtbot.waitSignal(sell.printing.unconfirmed, timeout=10_000):
        box.button(QMessageBox.StandardButton.Retry).click()
    assert out.read_bytes()
    assert _jobs(window) == [("unconfirmed", "P1")]  # a file printer cannot confirm: the clerk is asked
    qtbot.waitUntil(lambda: window.printer_label.text() == "Printer P1: ready", timeout=5000)


def test_an_exchange_or_pickup_print_that_cannot_be_confirmed_is_asked_too(
    qtbot: Any, window: Any, counter: Any, tmp_path: Path
) -> None:
    """The main window asks the same question for prints it starts itself (an exchange's new
    order, a pickup): Reprint sends the job again, then Yes confirms it."""
    from printing.jobs import print_order
    from tests.printing.conftest import sell_order
    from ui.ops.printing import PrintDone

    out = tmp_path / "printer.bin"
    _add_printer(window, out)
    sign_in(qtbot, window)
    sale = sell_order(counter)
    profile = PrinterProfile(name="P1", connection="file", device=str(out), mode="text")
    job = print_order(counter.store, order=sale.order_id, printer=profile).job
    window._ask_if_unconfirmed(PrintDone(sale.order_id, "P1", job.job_id, 5, job.byte_count, job.status))
    box = window.print_question
    qtbot.waitUntil(box.isVisible, timeout=5000)
    with qtbot.waitSignal(window.bridge.printed, timeout=10_000):
        _button(box, "printReprint").click()
    qtbot.waitUntil(lambda: window.print_question is not box and window.print_question.isVisible(), timeout=5000)
    con = sqlite3.connect(window.ctx.store.path)
    assert con.execute("SELECT status, attempts FROM print_job").fetchall() == [("unconfirmed", 2)]
    con.close()
    _button(window.print_question, "printCameOut").click()
    qtbot.waitUntil(lambda: _jobs(window) == [("confirmed", "P1")], timeout=5000)

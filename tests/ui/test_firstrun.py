"""The first-run wizard against a live central on loopback: language, enrolment, printer
with a test page, first sync with progress; and its refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard

from pos.store import settings
from pos.store.db import open_store
from pos.terminal.identity import terminal_info
from pos.tickets.printjobs import printer_profiles
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring, enrol_code


@pytest.fixture
def wizard(qtbot: Any, data_dir: Path, memory_ring: MemoryKeyring) -> Iterator[Any]:
    from ui.app import ensure_app, install_language
    from ui.firstrun.wizard import FirstRunWizard

    install_language(ensure_app(), "en")
    w = FirstRunWizard(data_dir, language="en")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.runner.wait()
    install_language(ensure_app(), "en")


def _next(qtbot: Any, wizard: Any) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    button.click()


def test_the_wizard_takes_a_new_counter_to_ready_to_sell(qtbot: Any, wizard: Any, live: Live, data_dir: Path,
                                                          tmp_path: Path) -> None:
    from ui.firstrun.wizard import needs_first_run

    assert needs_first_run(data_dir)
    page = wizard.language_page
    page.combo.setCurrentIndex(page.combo.findData("en"))
    _next(qtbot, wizard)

    enrol = wizard.enrol_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(enrol.url, live.base)
    qtbot.keyClicks(enrol.code, enrol_code(live))
    with qtbot.waitSignal(wizard.enrolled, timeout=10_000):
        enrol.button.click()
    assert "Enrolled as terminal" in enrol.result.text()
    _next(qtbot, wizard)

    sup = wizard.supervisor_page
    sup.name.setText("王主管")  # QTest cannot type CJK; the clerk's IME does
    for field, text in ((sup.staff_id, "9001"), (sup.pin, "258036"), (sup.pin2, "258037")):
        qtbot.keyClicks(field, text)
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is sup and "differ" in sup.result.text()
    sup.pin2.setText("258036")
    _next(qtbot, wizard)

    printer = wizard.printer_page
    out = tmp_path / "printer.bin"
    printer.kind.setCurrentIndex(printer.kind.findData("file"))
    qtbot.keyClicks(printer.address, str(out))
    printer.button.click()
    qtbot.waitUntil(lambda: printer.printed, timeout=20_000)
    assert out.stat().st_size > 1000
    _next(qtbot, wizard)

    sync = wizard.sync_page
    stages: list[str] = []
    sync.progressed.connect(lambda stage, *_: stages.append(stage))
    qtbot.waitUntil(sync.isComplete, timeout=30_000)
    assert "Ready to sell" in sync.result.text()
    assert "catalog" in stages
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted

    assert not needs_first_run(data_dir)
    store = open_store(data_dir)
    assert terminal_info(store).language == "en"
    assert settings.get(store, "central")["url"] == live.base
    assert "counter" in printer_profiles(store)
    from pos.staff.access import authenticate

    assert authenticate(store, staff_id="9001", pin="258036").role == "supervisor"
    store.close()


def test_bad_enrolment_input_is_shown_and_nothing_is_created(qtbot: Any, wizard: Any, live: Live,
                                                              data_dir: Path) -> None:
    _next(qtbot, wizard)
    enrol = wizard.enrol_page
    for url, code, expected in (
        (live.base, "bad!", "looks like"),
        ("ftp://central", "ABCD-EFGH-JKLM", "URL"),
        (live.base, "ABCD-EFGH-JKLM", "refused"),  # well formed, unknown to central
    ):
        enrol.url.setText(url)
        enrol.code.setText(code)
        enrol.button.click()
        qtbot.waitUntil(lambda: "failed" in enrol.result.text(), timeout=10_000)
        assert expected in enrol.result.text(), enrol.result.text()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        enrol.result.clear()
    assert not (data_dir / "pos.sqlite").exists()


def test_a_bad_printer_address_is_explained(qtbot: Any, wizard: Any, live: Live) -> None:
    _next(qtbot, wizard)
    enrol = wizard.enrol_page
    enrol.url.setText(live.base)
    enrol.code.setText(enrol_code(live))
    with qtbot.waitSignal(wizard.enrolled, timeout=10_000):
        enrol.button.click()
    _next(qtbot, wizard)
    sup = wizard.supervisor_page
    sup.staff_id.setText("bad id!")
    sup.name.setText("Boss")
    sup.pin.setText("258036")
    sup.pin2.setText("258036")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is sup and "staff id" in sup.result.text()
    sup.staff_id.setText("9001")
    _next(qtbot, wizard)
    printer = wizard.printer_page
    printer.kind.setCurrentIndex(printer.kind.findData("network"))
    printer.address.setText("not a host!")
    printer.button.click()
    assert "not a host name" in printer.result.text()
    printer.address.setText("127.0.0.1:1")
    printer.button.click()
    qtbot.waitUntil(lambda: "failed" in printer.result.text(), timeout=20_000)
    assert not printer.printed
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # the printer may wait


def test_choosing_chinese_translates_the_wizard(qtbot: Any, wizard: Any) -> None:
    page = wizard.language_page
    assert wizard.enrol_page.title() == "Enrol with central"
    page.combo.setCurrentIndex(page.combo.findData("zh"))
    # Qt delivers LanguageChange through the event loop.
    qtbot.waitUntil(lambda: wizard.enrol_page.title() == "向中心注册", timeout=5000)
    assert wizard.printer_page.button.text() == "保存并打印测试页"
    page.combo.setCurrentIndex(page.combo.findData("en"))
    qtbot.waitUntil(lambda: wizard.enrol_page.title() == "Enrol with central", timeout=5000)

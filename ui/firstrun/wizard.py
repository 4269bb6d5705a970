"""The first-run wizard: from an empty data folder to a counter ready to sell.

Pages: language, enrolment with central (URL and one-time code), the first supervisor, the
printer with a test page, the first sync with progress. Network and printer work runs off the UI thread
(``OperationRunner``); each page is complete only when its step succeeded (the printer may
be skipped). ``pos setup`` runs the same steps from the command line.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pos.errors import PosError
from pos.store.db import Store, open_store
from ui.operations import OperationRunner

log = logging.getLogger(__name__)

LANGUAGES = (("zh", "简体中文"), ("en", "English"))


def install_wizard_language(language: str) -> None:
    from ui.app import ensure_app, install_language

    install_language(ensure_app(), language)


def _message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, PosError) else f"{type(exc).__name__}: {exc}"


class LanguagePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.combo = QComboBox()
        for code, name in LANGUAGES:
            self.combo.addItem(name, code)
        self.hint = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to Outlet POS"))
        self.hint.setText(self.tr("Choose the language of this counter (screens and printed tickets)."))

    def language(self) -> str:
        return str(self.combo.currentData())

    def _changed(self) -> None:
        install_wizard_language(self.language())


class EnrolPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://central.example.com")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        self.token_file = QCheckBox()
        self.button = QPushButton()
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout(self)
        self.url_label, self.code_label = QLabel(), QLabel()
        form.addRow(self.url_label, self.url)
        form.addRow(self.code_label, self.code)
        form.addRow(self.token_file)
        form.addRow(self.button)
        form.addRow(self.result)
        self.button.clicked.connect(self.enrol)
        self.code.returnPressed.connect(self.enrol)
        from sync.credentials import keyring_usable

        # No Secret Service (a kiosk PC): the owner-only file is the deliberate fallback.
        self.token_file.setChecked(not keyring_usable())
        self.token_file.setVisible(not keyring_usable())
        self.enrolled: Any = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Enrol with central"))
        self.setSubTitle(self.tr("Enter central's address and the one-time code from the platform's back office."))
        self.url_label.setText(self.tr("Central"))
        self.code_label.setText(self.tr("Code"))
        self.token_file.setText(self.tr("No keyring on this PC: keep the token in an owner-only file"))
        self.button.setText(self.tr("Enrol"))

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self.enrolled is not None

    def enrol(self) -> None:
        if self.enrolled is not None or self.wiz.runner.busy:
            return
        from sync.enrol import enrol

        url, code = self.url.text().strip(), self.code.text().strip()
        language = self.wiz.language_page.language()
        token_file = self.token_file.isChecked()  # read here: workers never touch widgets
        self.button.setEnabled(False)
        self.result.setText(self.tr("Enrolling…"))
        self.wiz.runner.network(
            "enrol",
            lambda: enrol(
                self.wiz.data_dir,
                central_url=url,
                code=code,
                language=language,
                allow_token_file=token_file,
            ),
            self._done,
            self._failed,
        )

    def _done(self, result: Any) -> None:
        self.enrolled = result
        self.result.setText(
            self.tr("Enrolled as terminal %1 of outlet %2.")
            .replace("%1", result.terminal.terminal_id)
            .replace("%2", result.terminal.outlet_id)
        )
        self.url.setEnabled(False)
        self.code.setEnabled(False)
        self.completeChanged.emit()
        self.wiz.enrolled.emit()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.result.setText(self.tr("Enrolment failed: %1").replace("%1", _message(exc)))


class SupervisorPage(QWizardPage):
    """The first staff member, a supervisor, who then adds the clerks in the app. Skipped
    (already done) when the store has staff, e.g. after a restore."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.staff_id, self.name, self.pin, self.pin2 = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.pin, self.pin2):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel() for _ in range(4)]
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout(self)
        for label, field in zip(self.labels, (self.staff_id, self.name, self.pin, self.pin2), strict=True):
            form.addRow(label, field)
        form.addRow(self.result)
        self.exists = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Supervisor"))
        self.setSubTitle(self.tr("The first person on this counter: a supervisor, who adds the clerks later."))
        for label, text in zip(
            self.labels, (self.tr("Staff ID"), self.tr("Name"), self.tr("PIN"), self.tr("PIN again")), strict=True
        ):
            label.setText(text)

    def initializePage(self) -> None:  # noqa: N802 (Qt)
        from pos.staff.access import list_staff

        self.exists = bool(list_staff(self.wiz.store()))
        for field in (self.staff_id, self.name, self.pin, self.pin2):
            field.setEnabled(not self.exists)
        if self.exists:
            self.result.setText(self.tr("This store has staff already."))

    def validatePage(self) -> bool:  # noqa: N802 (Qt)
        if self.exists:
            return True
        from pos.staff.access import Role, add_staff

        if self.pin.text() != self.pin2.text():
            self.result.setText(self.tr("The two PINs differ."))
            return False
        try:
            # Synchronous: one PIN hash (a fraction of a second), and the page must not move on
            # before the supervisor exists.
            add_staff(
                self.wiz.store(),
                staff_id=self.staff_id.text().strip(),
                name=self.name.text().strip(),
                role=Role.SUPERVISOR,
                pin=self.pin.text(),
                by=None,
            )
        except PosError as exc:
            self.result.setText(_message(exc))
            return False
        self.exists = True
        return True


class PrinterPage(QWizardPage):
    KINDS = ("network", "usb", "serial", "file")

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.kind = QComboBox()
        for kind in self.KINDS:
            self.kind.addItem(kind, kind)
        self.address = QLineEdit()
        self.paper = QComboBox()
        self.paper.addItem("80 mm", 80)
        self.paper.addItem("58 mm", 58)
        self.button = QPushButton()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.kind_label, self.address_label, self.paper_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.address_label, self.address)
        form.addRow(self.paper_label, self.paper)
        form.addRow(self.button)
        form.addRow(self.result)
        self.button.clicked.connect(self.test_print)
        self.kind.currentIndexChanged.connect(self.retranslate)
        self.printed = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Ticket printer"))
        self.setSubTitle(self.tr("Set up the printer and print a test page (you can skip this and do it later)."))
        self.kind_label.setText(self.tr("Connection"))
        self.address_label.setText(self.tr("Address"))
        self.paper_label.setText(self.tr("Paper"))
        self.button.setText(self.tr("Save and print a test page"))
        examples = {
            "network": "192.168.1.50:9100",
            "usb": "04b8:0202",
            "serial": "/dev/ttyUSB0@9600",
            "file": "/dev/usb/lp0",
        }
        self.address.setPlaceholderText(examples[str(self.kind.currentData())])

    def spec(self) -> str:
        return f"{self.kind.currentData()}:{self.address.text().strip()}"

    def test_print(self) -> None:
        if self.wiz.runner.busy:
            return
        from pos.tickets.printjobs import save_printer_profile
        from printing.jobs import print_test_page
        from printing.spec import parse_printer_spec

        try:
            profile = parse_printer_spec(self.spec(), paper=int(self.paper.currentData()))
        except PosError as exc:
            self.result.setText(_message(exc))
            return
        store = self.wiz.store()

        def work() -> Any:
            save_printer_profile(store, name=profile.name, settings=profile.to_settings())
            return print_test_page(store, printer=profile)

        self.button.setEnabled(False)
        self.result.setText(self.tr("Printing…"))
        self.wiz.runner.write("test page", work, self._done, self._failed)

    def _done(self, outcome: Any) -> None:
        self.printed = True
        self.button.setEnabled(True)
        self.result.setText(self.tr("Test page printed. Check that the Chinese text and the QR code are sharp."))

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.result.setText(self.tr("Printing failed: %1").replace("%1", _message(exc)))


class SyncPage(QWizardPage):
    progressed = Signal(str, int, int)  # stage, done, total (-1: unknown); from the worker thread

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.retry = QPushButton()
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        for w in (self.stage, self.bar, self.result, self.retry):
            layout.addWidget(w)
        self.retry.clicked.connect(self.start)
        self.retry.hide()
        self.progressed.connect(self._progress)
        self.report: Any = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("First sync"))
        self.setSubTitle(self.tr("Downloading the catalog, allocations and keys from central."))
        self.retry.setText(self.tr("Retry"))

    def initializePage(self) -> None:  # noqa: N802 (Qt)
        self.start()

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self.report is not None and self.report.online

    def start(self) -> None:
        if self.wiz.runner.busy:
            return
        from sync.enrol import connect
        from sync.pull import sync_once

        store = self.wiz.store()
        token_file = self.wiz.enrol_page.token_file.isChecked()
        self.retry.hide()
        self.result.clear()
        self.bar.setRange(0, 0)

        def work() -> Any:
            client = connect(store, allow_token_file=token_file)
            return sync_once(
                store, client, progress=lambda stage, done, total: self.progressed.emit(stage, done, total or -1)
            )

        self.wiz.runner.network("first sync", work, self._done, self._failed)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stage.setText(f"{stage}: {done}" + (f" / {total}" if total > 0 else ""))
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _done(self, report: Any) -> None:
        self.report = report
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if report.online else 0)
        if report.online:
            counts = ", ".join(f"{k} {v}" for k, v in report.applied.items())
            self.result.setText(self.tr("Ready to sell. Downloaded: %1").replace("%1", counts))
        else:
            self.result.setText(self.tr("Central could not be reached: %1").replace("%1", report.error))
            self.retry.show()
        if report.skew_warning:
            self.result.setText(self.result.text() + "\n" + report.skew_warning)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.result.setText(self.tr("The sync failed: %1").replace("%1", _message(exc)))
        self.retry.show()


class FirstRunWizard(QWizard):
    """Run it on a data folder without a store; ``exec()`` returns Accepted when done."""

    enrolled = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None, *, language: str = "zh") -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        install_wizard_language(language)
        self.runner = OperationRunner(self)
        self._store: Store | None = None
        self.language_page = LanguagePage(self)
        self.enrol_page = EnrolPage(self)
        self.supervisor_page = SupervisorPage(self)
        self.printer_page = PrinterPage(self)
        self.sync_page = SyncPage(self)
        for page in self.pages():
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setWindowTitle(self.tr("Outlet POS set-up"))
        combo = self.language_page.combo
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, combo.findData(language)))
        combo.blockSignals(False)

    def pages(self) -> tuple[Any, ...]:
        return (self.language_page, self.enrol_page, self.supervisor_page, self.printer_page, self.sync_page)

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.data_dir)
        return self._store

    def language(self) -> str:
        return self.language_page.language()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.LanguageChange:
            for page in self.pages():
                page.retranslate()
            self.setWindowTitle(self.tr("Outlet POS set-up"))
        super().changeEvent(event)

    def done(self, result: int) -> None:
        self.runner.wait()
        if self._store is not None:
            self._store.close()
            self._store = None
        super().done(result)


def needs_first_run(data_dir: Path) -> bool:
    from pos.store.db import STORE_FILENAME

    return not (Path(data_dir) / STORE_FILENAME).exists()

"""The first-run pages that make the counter ready to sell: the ticket printer with a test
page (it may be skipped) and the first sync with its progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from pos.errors import PosError
from ui.firstrun.common import WizardHost, message_of
from ui.ops.op import network, write

if TYPE_CHECKING:
    from printing.jobs import PrintOutcome
    from sync.pull import SyncReport


class PrinterPage(QWizardPage):
    KINDS = ("network", "usb", "serial", "file")

    def __init__(self, wizard: WizardHost) -> None:
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
        self.setSubTitle(
            self.tr("Set up the printer and print a test page (you can skip this and do it later).")
        )
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
            self.result.setText(message_of(exc))
            return
        store = self.wiz.store()

        def work() -> PrintOutcome:
            save_printer_profile(store, name=profile.name, settings=profile.to_settings())
            return print_test_page(store, printer=profile)

        self.button.setEnabled(False)
        self.result.setText(self.tr("Printing…"))
        write("test page", work).success(self._done).failure(self._failed).run(self.wiz.runner, self)

    def _done(self, outcome: PrintOutcome) -> None:
        self.printed = True
        self.button.setEnabled(True)
        self.result.setText(
            self.tr("Test page printed. Check that the Chinese text and the QR code are sharp.")
            if outcome.job.printed
            else self.tr(
                "Test page sent; this printer cannot confirm it printed. Check that it came out, "
                "with sharp Chinese text and QR code."
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.result.setText(self.tr("Printing failed: %1").replace("%1", message_of(exc)))


class SyncPage(QWizardPage):
    progressed = Signal(str, int, int)  # stage, done, total (-1: unknown); from the worker thread

    def __init__(self, wizard: WizardHost) -> None:
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
        self.report: SyncReport | None = None
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
        token_file = self.wiz.token_file_allowed()
        self.retry.hide()
        self.result.clear()
        self.bar.setRange(0, 0)

        def work() -> SyncReport:
            client = connect(store, allow_token_file=token_file)
            return sync_once(
                store,
                client,
                progress=lambda stage, done, total: self.progressed.emit(stage, done, total or -1),
            )

        network("first sync", work).success(self._done).failure(self._failed).run(self.wiz.runner, self)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.stage.setText(f"{stage}: {done}" + (f" / {total}" if total > 0 else ""))
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _done(self, report: SyncReport) -> None:
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
        self.result.setText(self.tr("The sync failed: %1").replace("%1", message_of(exc)))
        self.retry.show()

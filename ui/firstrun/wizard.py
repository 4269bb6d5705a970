"""The first-run wizard: from an empty data folder to a counter ready to sell.

Pages: language, enrolment with central (URL and one-time code), the first supervisor, the
printer with a test page, the first sync with progress (the pages are in
:mod:`ui.firstrun.enrolment` and :mod:`ui.firstrun.ready`; this module strings them
together and owns the store they set up). Network and printer work runs off the UI thread
(``OperationRunner``); each page is complete only when its step succeeded (the printer may
be skipped). ``pos setup`` runs the same steps from the command line.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QWidget, QWizard

from pos.store.db import Store, open_store
from ui.firstrun.common import install_wizard_language
from ui.firstrun.enrolment import EnrolPage, LanguagePage, SupervisorPage
from ui.firstrun.ready import PrinterPage, SyncPage
from ui.ops.runner import OperationRunner

log = logging.getLogger(__name__)


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
        self.enrol_page.enrolled_now.connect(self.enrolled)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setWindowTitle(self.tr("Outlet POS set-up"))
        combo = self.language_page.combo
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, combo.findData(language)))
        combo.blockSignals(False)

    def pages(self) -> tuple[LanguagePage, EnrolPage, SupervisorPage, PrinterPage, SyncPage]:
        return (self.language_page, self.enrol_page, self.supervisor_page, self.printer_page, self.sync_page)

    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.data_dir)
        return self._store

    def language(self) -> str:
        return self.language_page.language()

    def token_file_allowed(self) -> bool:
        """The enrolment page's choice: no keyring here, the token is kept in a file."""
        return self.enrol_page.token_file.isChecked()

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

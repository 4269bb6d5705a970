"""Printing a sale once it has committed: the note on the banner, and a printer's failure
in a dialog with Retry (the sale is kept whatever the printer does)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from pos.staff.access import StaffSession
from ui.bridge import Bridge
from ui.errors import show_error
from ui.ops.printing import PrintDone
from ui.screens.sell_panels import SalePanel

translate = QCoreApplication.translate  # lupdate reads translate("SellScreen", "…"): the screen's words


class SalePrinting(QObject):
    done = Signal(PrintDone)  # printed, or no printer to print on
    failed = Signal(BaseException)  # the printer error (the sale is kept; Retry prints again)

    def __init__(self, bridge: Bridge, side: SalePanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.side = side
        self.parent_widget = parent
        self.error: QMessageBox | None = None
        self._latest: object | None = None  # only the last sale's printing speaks

    def print_sale(self, order_id: str, actor: StaffSession | None) -> None:
        token = self._latest = object()
        self.bridge.print_order(
            order_id,
            actor,
            done=lambda done: self._printed(token, done),
            failed=lambda exc: self._failed(token, exc, after_sale=True),
        )

    def _retry(self, job_id: str) -> None:
        token = self._latest = object()
        self.bridge.retry_print(
            job_id,
            done=lambda done: self._printed(token, done),
            failed=lambda exc: self._failed(token, exc, after_sale=False),
        )

    def _printed(self, token: object, done: PrintDone) -> None:
        if token is not self._latest:
            return
        if not done.printer:
            note = translate("SellScreen", "No printer is set up: nothing was printed.")
        else:
            note = translate("SellScreen", "Printed on %1.").replace("%1", done.printer)
        self.side.add_note(note)
        self.done.emit(done)

    def _failed(self, token: object, exc: BaseException, *, after_sale: bool) -> None:
        if token is not self._latest:
            return
        job = str(getattr(exc, "details", {}).get("job", ""))
        box = show_error(self.parent_widget, exc, retry=bool(job))
        box.setObjectName("printErrorDialog")
        self.error = box
        if job:
            retry = QMessageBox.StandardButton.Retry

            def clicked(button: QAbstractButton) -> None:
                if box.standardButton(button) == retry:
                    self._retry(job)

            box.buttonClicked.connect(clicked)
        note = translate("SellScreen", "The sale is saved, but printing failed.") + (
            " " + translate("SellScreen", "Print job %1 can be retried.").replace("%1", job[:8])
            if job
            else ""
        )
        self.side.add_note(note, keep=after_sale)
        self.failed.emit(exc)

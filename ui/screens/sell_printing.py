"""Printing a sale once it has committed: the note on the banner, a printer's failure in a
dialog with Retry, and, when the printer cannot confirm the job, the question "did the
tickets come out?" with Yes (the clerk confirms it, journaled) or Reprint (the same codes
again on the same printer). The sale is kept whatever the printer does."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from pos.staff.access import StaffSession
from ui.bridge import Bridge
from ui.errors import show_error
from ui.ops.printing import PrintDone
from ui.print_question import ask_came_out
from ui.screens.sell_panels import SalePanel

translate = QCoreApplication.translate  # lupdate reads translate("SellScreen", "…"): the screen's words


class SalePrinting(QObject):
    done = Signal(PrintDone)  # printed (confirmed), or no printer to print on
    failed = Signal(BaseException)  # the printer error (the sale is kept; Retry prints again)
    unconfirmed = Signal(PrintDone)  # sent, the printer cannot confirm: the clerk is asked

    def __init__(self, bridge: Bridge, side: SalePanel, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.side = side
        self.parent_widget = parent
        self.error: QMessageBox | None = None
        self.question: QMessageBox | None = None
        self.actor: StaffSession | None = None
        self._latest: object | None = None  # only the last sale's printing speaks

    def print_sale(self, order_id: str, actor: StaffSession | None) -> None:
        token = self._latest = object()
        self.actor = actor
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
        if done.unconfirmed:
            self._ask(token, done)
            return
        if not done.printer:
            note = translate("SellScreen", "No printer is set up: nothing was printed.")
        else:
            note = translate("SellScreen", "Printed on %1.").replace("%1", done.printer)
        self.side.add_note(note)
        self.done.emit(done)

    def _ask(self, token: object, done: PrintDone) -> None:
        """The printer took the job but cannot say it printed: the clerk looks and says."""

        def confirmed(final: PrintDone) -> None:
            if token is not self._latest:
                return
            self.side.add_note(
                translate("SellScreen", "Printed on %1 (confirmed by %2).")
                .replace("%1", final.printer)
                .replace("%2", self.actor.staff_id if self.actor else "")
            )
            self.done.emit(final)

        self.question = ask_came_out(
            self.parent_widget, self.bridge, done, self.actor, confirmed=confirmed, reprint=self._retry
        )
        self.side.add_note(
            translate("SellScreen", "Sent to %1, which cannot confirm it printed.").replace("%1", done.printer),
            keep=True,
        )
        self.unconfirmed.emit(done)

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

"""What the clerk sees of the background sync besides the status bar: the first sync's
progress dialog (a fresh terminal has nothing to sell until it ends), the warning about a
clock that is off, and one error dialog per kind of trouble, not one a minute while it lasts."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from ui.errors import show_error

if TYPE_CHECKING:
    from sync.pull import SyncReport

log = logging.getLogger(__name__)


class SyncFeedback(QObject):
    """Dialogs open over ``window``; the skew warning goes to its status bar."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QProgressDialog | None = None  # the first sync's progress, while it runs
        self.error: QMessageBox | None = None  # the last error shown
        self._error_code = ""

    def started(self, first_run: bool) -> None:
        if not first_run or self.dialog is not None:
            return
        dialog = QProgressDialog(self.tr("Loading the catalog from central…"), "", 0, 0, self.window)
        dialog.setObjectName("firstSyncProgress")
        dialog.setWindowTitle(self.tr("First sync"))
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.dialog = dialog
        dialog.open()

    def progress(self, feed: str, done: int, total: int) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        names = {
            "keys": self.tr("signing keys"),
            "catalog": self.tr("catalog"),
            "allocations": self.tr("allocations"),
            "revocations": self.tr("revoked tickets"),
            "outbox": self.tr("queued orders"),
            "seats": self.tr("seat status"),
        }
        what = names.get(feed, feed)
        if total > 0:
            dialog.setRange(0, total)
            dialog.setValue(min(done, total))
            dialog.setLabelText(
                self.tr("Syncing %1: %2 of %3")
                .replace("%1", what)
                .replace("%2", str(done))
                .replace("%3", str(total))
            )
        else:
            dialog.setRange(0, 0)
            dialog.setLabelText(
                self.tr("Syncing %1: %2 item(s)").replace("%1", what).replace("%2", str(done))
            )

    def _close_dialog(self) -> bool:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return False
        dialog.close()
        dialog.deleteLater()
        return True

    def synced(self, report: SyncReport) -> None:
        from sync.transport import CentralUnreachable

        first_run = self._close_dialog()
        if report.online:
            self._error_code = ""
            if report.skew_warning:
                self.window.statusBar().showMessage(
                    self.tr(
                        "This terminal's clock is off by %1 s: ask a supervisor to set it right."
                    ).replace("%1", f"{abs(report.skew_seconds or 0):.0f}"),
                    30_000,
                )
        elif first_run:  # offline later is shown in the status bar; a first run must say so
            self._report_error(CentralUnreachable(report.error or "central unreachable"))

    def failed(self, exc: BaseException) -> None:
        self._close_dialog()
        self._report_error(exc)

    def _report_error(self, exc: BaseException) -> None:
        code = str(getattr(exc, "code", "internal"))
        if code == self._error_code:
            return
        self._error_code = code
        self.error = show_error(self.window, exc)

"""The main window's status bar: the link to central, the orders queued for upload, the last
sync, the printer, who is signed in and the shift. It shows what it is told; the window
decides when (a status poll, a sign-in, a shift change, a print)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from pos.cash.shifts import ShiftInfo
    from pos.staff.access import StaffSession
    from ui.bridge import TerminalStatus


class StatusBar(QStatusBar):
    """Times are shown in ``zone``, the terminal's."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        # Left to right as the clerk reads them.
        self.net_label = self._label("netStatus")
        self.queue_label = self._label("queueStatus")
        self.attention_label = self._label("attentionStatus")  # shown only when something needs it
        self.attention_label.setVisible(False)
        self.sync_label = self._label("syncStatus", self.tr("Last sync: never"))
        self.printer_label = self._label("printerStatus")
        self.clerk_label = self._label("clerkStatus")
        self.shift_label = self._label("", self.tr("Shift: —"))
        # Why the last print failed, until one succeeds: the next status shows it.
        self.printer_problem = ""

    def _label(self, name: str, text: str = "") -> QLabel:
        label = QLabel(text)
        if name:
            label.setObjectName(name)
        self.addPermanentWidget(label)
        return label

    def show_clerk(self, session: StaffSession | None) -> None:
        if session is None:
            self.clerk_label.setText(self.tr("Not signed in"))
        else:
            self.clerk_label.setText(
                self.tr("Clerk: %1").replace("%1", f"{session.name} ({session.staff_id})")
            )

    def show_shift(self, shift: ShiftInfo | None) -> None:
        if shift is None:
            self.shift_label.setText(self.tr("Shift: none open"))
            return
        opened = shift.opened_at.astimezone(self.zone).strftime("%H:%M")
        self.shift_label.setText(
            self.tr("Shift: open since %1 (%2)").replace("%1", opened).replace("%2", shift.opened_by)
        )

    def show_status(self, status: TerminalStatus) -> str:
        """Returns the line about the link to central (the offline banner repeats it)."""
        c = status.connectivity
        if c.since is None:
            text = self.tr("Offline: never synced")
        else:
            since = c.since.astimezone(self.zone).strftime("%m-%d %H:%M")
            text = (self.tr("Online since %1") if c.online else self.tr("Offline since %1")).replace(
                "%1", since
            )
        self.net_label.setText(text)
        self.net_label.setProperty("online", c.online)
        self.net_label.setToolTip(c.reason)
        self.queue_label.setText(self.tr("%n order(s) queued", "", status.queued))
        self._show_attention(status)
        if c.last_success is not None:
            self.sync_label.setText(
                self.tr("Last sync %1").replace(
                    "%1", c.last_success.astimezone(self.zone).strftime("%m-%d %H:%M")
                )
            )
        if not status.printer:
            self.printer_label.setText(self.tr("No printer"))
            self.printer_label.setToolTip(self.tr("No printer profile is set up: sales are not printed."))
        elif self.printer_problem:
            self.printer_label.setText(self.tr("Printer %1: failed").replace("%1", status.printer))
            self.printer_label.setToolTip(self.printer_problem)
        else:
            self.printer_label.setText(self.tr("Printer %1: ready").replace("%1", status.printer))
            self.printer_label.setToolTip("")
        return text

    def _show_attention(self, status: TerminalStatus) -> None:
        """"Needs attention": what central refused; the tooltip says what to tell each customer."""
        items = status.attention
        self.attention_label.setVisible(bool(items))
        self.attention_label.setText(self.tr("%n need(s) attention", "", len(items)))
        self.attention_label.setToolTip(
            "\n".join(i.tell_customer or f"{i.kind} {i.message_id[:8]}: {i.error}" for i in items)
        )

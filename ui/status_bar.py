"""The main window's status bar: the link to central, the orders queued for upload, the last
sync, the printer, who is signed in and the shift. It shows what it is told; the window
decides when (a status poll, a sign-in, a shift change, a print)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ui import theme
from ui.theme.tokens import Tone

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from pos.cash.shifts import ShiftInfo
    from pos.partner.account import PartnerStatus
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
        self.partner_label = self._label("partnerStatus")  # a city partner's credit and contract
        self.partner_label.setVisible(False)
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
        self.show_partner(status.partner)
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

    def show_partner(self, p: PartnerStatus | None) -> None:
        """A city partner's credit left (amber under 20% of the limit, red when none is left)
        and its contract: ending within 14 days, or not in force (no sales)."""
        self.partner_label.setVisible(p is not None)
        if p is None:
            return
        parts: list[str] = []
        if p.credit_left is not None:
            parts.append(self.tr("Credit left %1 of %2").replace("%1", _yuan(p.credit_left))
                         .replace("%2", _yuan(p.credit_limit)))
        contract = p.contract
        if contract.state == "ended":
            parts.append(self.tr("Contract ended %1: no sales").replace("%1", str(p.contract_end)))
        elif contract.state == "not_started":
            parts.append(self.tr("Contract starts %1: no sales yet").replace("%1", str(p.contract_start)))
        elif contract.warn:
            parts.append(self.tr("Contract ends %1 (%n day(s) left)", "", contract.days_left or 0)
                         .replace("%1", str(p.contract_end)))
        self.partner_label.setText("  ·  ".join(parts))
        out = contract.state in ("ended", "not_started") or (p.credit_left is not None and p.credit_left <= 0)
        level = "out" if out else "low" if p.low or contract.warn else "ok"
        self.partner_label.setProperty("level", level)
        tone: Tone = "error" if out else "warning" if level == "low" else ""
        theme.set_tone(self.partner_label, tone, banner=out)
        self.partner_label.setToolTip(self.tr(
            "What this outlet may still sell on credit: the limit less what it owes the platform, as "
            "central last said, less this terminal's sales since. Offline, sales stop at it too."))


def _yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}" if fen >= 0 else f"-¥{-fen / 100:,.2f}"

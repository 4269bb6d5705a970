"""The Shift & close-out screen: open a shift with its float, cash in and out, close with a
blind count, and the Z-report (preview or close the day) with today's sales as charts, to
print or export.

Core calls run as operations (:mod:`ui.ops.cash`, :mod:`ui.ops.printing`; store writes on
the single writer); the report's figures and charts are :mod:`ui.screens.shift_report`. The count is blind: the expected cash is shown only after the close, or to
someone who may close out (a supervisor). A clerk's cash movement asks for a supervisor's
id and PIN first (the core checks it again: hiding a control is not a permission check).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.cash import closeout, shifts
from pos.errors import InvalidInput, PermissionDenied
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession
from ui import theme
from ui.errors import describe, headed
from ui.ops import cash, printing
from ui.ops.changes import Change, ChangeWatcher
from ui.ops.op import Op
from ui.screens.shift_report import ReportPanel
from ui.widgets.approval import ApprovalDialog
from ui.widgets.confirm import ConfirmBar
from ui.widgets.scroll import fill_with_scrolling

log = logging.getLogger(__name__)
T = TypeVar("T")


def needs_approval(exc: BaseException, grant: Override | None) -> bool:
    """The core said a supervisor must approve, and none has yet."""
    return isinstance(exc, PermissionDenied) and grant is None


def parse_yuan(text: str, currency: str) -> int:
    """What the person typed (``500`` or ``500.50``), in fen; never negative."""
    import re

    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,2})?", text.strip()):
        raise InvalidInput(f"not an amount: {text!r} (e.g. 500 or 500.50)", reason="not_an_amount")
    return Money.parse(text, currency).amount


class ShiftScreen(QWidget):
    """Emits ``changed`` after anything that changes the drawer or the day (for the status bar)."""

    changed = Signal()

    def __init__(self, bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftScreen")
        self.bridge = bridge
        self.ctx = bridge.ctx
        self.session: StaffSession | None = None
        self.report: closeout.ZReport | None = None
        # Asks a supervisor for a single-use approval and hands it to the callback (the
        # app's approval dialog, which has the core issue it); replaced in tests.
        self.ask_approval: Callable[[Permission, Callable[[Override], None]], None] = self._ask_approval
        self.approval: ApprovalDialog | None = None

        self.status_label = QLabel(self.tr("No shift is open."))
        self.status_label.setObjectName("shiftStatus")
        self.error_label = QLabel()
        self.error_label.setObjectName("shiftError")
        theme.set_tone(self.error_label, "error")
        self.error_label.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("shiftResult")

        self.float_edit = QLineEdit()
        self.float_edit.setObjectName("floatEdit")
        self.float_edit.setPlaceholderText(self.tr("Float, e.g. 500"))
        self.open_button = QPushButton(self.tr("Open shift"))
        self.open_button.setObjectName("openShift")
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("cashAmount")
        self.amount_edit.setPlaceholderText(self.tr("Amount"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("cashReason")
        self.reason_edit.setPlaceholderText(self.tr("Reason"))
        self.cash_in_button = QPushButton(self.tr("Cash in"))
        self.cash_in_button.setObjectName("cashIn")
        self.cash_out_button = QPushButton(self.tr("Cash out"))
        self.cash_out_button.setObjectName("cashOut")
        self.count_edit = QLineEdit()
        self.count_edit.setObjectName("countEdit")
        self.count_edit.setPlaceholderText(self.tr("Cash counted in the drawer"))
        self.close_button = QPushButton(self.tr("Close shift (blind count)"))
        self.close_button.setObjectName("closeShift")

        self.preview_button = QPushButton(self.tr("Figures so far (X)"))
        self.preview_button.setObjectName("previewZ")
        self.close_day_button = QPushButton(self.tr("Close the day (Z)"))
        self.close_day_button.setObjectName("closeDay")
        self.print_button = QPushButton(self.tr("Print"))
        self.print_button.setObjectName("printZ")
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.setObjectName("exportPdf")
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setObjectName("exportCsv")
        self.panel = ReportPanel(self._money)
        self.figures, self.by_hour, self.by_event = (
            self.panel.figures,
            self.panel.by_hour,
            self.panel.by_event,
        )

        shift_box = QGroupBox(self.tr("Shift"))
        grid = QGridLayout(shift_box)
        grid.addWidget(self.status_label, 0, 0, 1, 4)
        grid.addWidget(self.float_edit, 1, 0)
        grid.addWidget(self.open_button, 1, 1)
        grid.addWidget(self.amount_edit, 2, 0)
        grid.addWidget(self.reason_edit, 2, 1)
        grid.addWidget(self.cash_in_button, 2, 2)
        grid.addWidget(self.cash_out_button, 2, 3)
        grid.addWidget(self.count_edit, 3, 0)
        grid.addWidget(self.close_button, 3, 1)
        grid.addWidget(self.result_label, 4, 0, 1, 4)

        z_box = QGroupBox(self.tr("Z-report and close-out"))
        z_layout = QVBoxLayout(z_box)
        buttons = QHBoxLayout()
        for b in (
            self.preview_button,
            self.close_day_button,
            self.print_button,
            self.pdf_button,
            self.csv_button,
        ):
            buttons.addWidget(b)
        z_layout.addLayout(buttons)
        z_layout.addWidget(self.panel, 1)

        # Closing a shift or the day cannot be undone: each is said in words and confirmed.
        self.confirm_box = ConfirmBar("shift")
        for key, slot in (("F10", self.confirm_box.confirm), ("Esc", self.confirm_box.cancel)):
            QShortcut(QKeySequence(key), self, slot).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        page = QWidget()  # scrolls rather than grow the window past 1366x768
        layout = QVBoxLayout(page)
        layout.addWidget(shift_box)
        layout.addWidget(self.confirm_box)
        layout.addWidget(z_box, 1)
        layout.addWidget(self.error_label)
        fill_with_scrolling(self, page)

        self.open_button.clicked.connect(self.open_shift)
        self.cash_in_button.clicked.connect(lambda: self.move_cash("in"))
        self.cash_out_button.clicked.connect(lambda: self.move_cash("out"))
        self.close_button.clicked.connect(self.close_shift)
        self.preview_button.clicked.connect(self.preview)
        self.close_day_button.clicked.connect(self.close_day)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self._set_report(None)
        # A sale, refund or cash movement made on another screen changes the drawer's figures.
        self.watcher = ChangeWatcher(bridge.runner, self, Change.ORDERS | Change.SHIFT, self.refresh)

    # --- plumbing ------------------------------------------------------------------------

    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.refresh()

    def _run(self, op: Op[T], ok: Callable[[T], object]) -> None:
        self.error_label.clear()
        op.success(ok).failure(self._failed).run(self.bridge.runner, self)

    def _failed(self, exc: BaseException) -> None:
        msg = describe(exc)
        self.error_label.setText(headed(msg.title, msg.text, msg.next_step))
        self.error_label.setToolTip(msg.detail)  # the core's own words, for a supervisor
        self.error_label.setProperty("errorCode", msg.code)

    def _money(self, fen: int | None) -> str:
        return "—" if fen is None else Money(fen, self.ctx.currency).display()

    def _actor(self) -> StaffSession | None:
        if self.session is None:
            self.error_label.setText(self.tr("Sign in first."))
        return self.session

    # --- the shift -----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.session is not None:
            self._run(cash.shift_status(self.ctx, self.session), self._show_status)

    def _show_status(self, st: shifts.ShiftStatus | None) -> None:
        if st is None:
            self.status_label.setText(self.tr("No shift is open."))
            return
        s = st.shift
        text = (
            self.tr("Shift open since %1 by %2: %3 sales, float %4")
            .replace("%1", f"{s.opened_at.astimezone(self.ctx.info.zone):%H:%M}")
            .replace("%2", s.opened_by)
            .replace("%3", str(st.sales))
            .replace("%4", self._money(s.opening_float.amount))
        )
        if st.cash is not None:  # a supervisor's view; a clerk counts blind
            text += self.tr(", cash expected %1").replace("%1", self._money(st.cash.expected.amount))
        self.status_label.setText(text)

    def _actor_and_amount(self, edit: QLineEdit) -> tuple[StaffSession, int] | None:
        """Who is signed in and the yuan typed in ``edit`` (fen); a bad amount is shown."""
        actor = self._actor()
        if actor is None:
            return None
        try:
            return actor, parse_yuan(edit.text(), self.ctx.currency)
        except InvalidInput as exc:
            self._failed(exc)
            return None

    def open_shift(self) -> None:
        asked = self._actor_and_amount(self.float_edit)
        if asked is not None:
            self._run(cash.open_shift(self.ctx, *asked), self._after_change)

    def move_cash(self, kind: str) -> None:
        asked = self._actor_and_amount(self.amount_edit)
        if asked is None:
            return
        actor, fen = asked
        reason = self.reason_edit.text()

        def move(grant: Override | None) -> None:
            self._run(cash.move_cash(self.ctx, kind, actor, fen, reason, grant), self._after_movement)

        if actor.can(Permission.OPEN_DRAWER):
            move(None)
        else:
            self.ask_approval(Permission.OPEN_DRAWER, move)

    def _after_movement(self, mv: shifts.CashMovementInfo) -> None:
        word = self.tr("Cash in") if mv.kind == "in" else self.tr("Cash out")
        self.result_label.setText(headed(word, f"{self._money(mv.amount.amount)} ({mv.reason})"))
        self.amount_edit.clear()
        self.reason_edit.clear()
        self._after_change(mv)

    def close_shift(self) -> None:
        asked = self._actor_and_amount(self.count_edit)
        if asked is None:
            return
        actor, counted = asked
        self.confirm_box.ask(
            self.tr("Close the shift with %1 counted in the drawer? The count cannot be changed afterwards.")
            .replace("%1", self._money(counted)),
            lambda: self._close_shift(actor, counted, None),
        )

    def _close_shift(self, actor: StaffSession, counted: int, grant: Override | None) -> None:
        def refused(exc: BaseException) -> None:
            # Someone else's shift: a supervisor approves on the spot, and the close goes on.
            if needs_approval(exc, grant):
                self.ask_approval(Permission.CLOSE_OUT, lambda ov: self._close_shift(actor, counted, ov))
            else:
                self._failed(exc)

        self.error_label.clear()
        cash.close_shift(self.ctx, actor, counted, grant).success(self._after_close).failure(refused).run(
            self.bridge.runner, self
        )

    def _after_close(self, s: shifts.ShiftInfo) -> None:
        self.result_label.setText(
            self.tr("Shift closed. Counted %1, expected %2, variance %3.")
            .replace("%1", self._money(s.counted.amount if s.counted else None))
            .replace("%2", self._money(s.expected.amount if s.expected else None))
            .replace("%3", self._money(s.variance.amount if s.variance else None))
        )
        self.count_edit.clear()
        self._after_change(s)

    def _after_change(self, _value: object) -> None:
        self.changed.emit()
        self.refresh()

    def _ask_approval(self, permission: Permission, then: Callable[[Override], None]) -> None:
        what = (
            self.tr("A supervisor approves this cash movement.") if permission == Permission.OPEN_DRAWER
            else self.tr("A supervisor approves this close-out.")
        )
        self.approval = ApprovalDialog(self.bridge, permission, what, self)
        self.approval.approved.connect(then)
        self.approval.finished.connect(lambda _r: setattr(self, "approval", None))
        self.approval.open()

    # --- the Z-report --------------------------------------------------------------------

    def preview(self) -> None:
        actor = self._actor()
        if actor is not None:
            self._run(cash.preview(self.ctx, actor), self._set_report)

    def close_day(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        self.confirm_box.ask(
            self.tr(
                "Close the day? The Z-report is numbered and sent to central, and today's figures become "
                "final. Every shift must be closed first."
            ),
            lambda: self._close_day(actor, None),
        )

    def _close_day(self, actor: StaffSession, grant: Override | None) -> None:
        if grant is None and not actor.can(Permission.CLOSE_OUT):  # a clerk: the supervisor approves here
            self.ask_approval(Permission.CLOSE_OUT, lambda ov: self._close_day(actor, ov))
            return

        def done(report: closeout.ZReport) -> None:
            self._set_report(report)
            self.changed.emit()

        self._run(cash.close_day(self.ctx, actor, grant), done)

    def _set_report(self, report: closeout.ZReport | None) -> None:
        self.report = report
        for b in (self.print_button, self.pdf_button, self.csv_button):
            b.setEnabled(report is not None)
        self.panel.show_report(report)

    def export_to(self, kind: str, path: Path) -> None:
        """Export the report shown as PDF or CSV (off the UI thread; fpdf2 takes a moment)."""
        if self.report is not None:
            self._run(
                printing.export_report(self.report, kind, path),
                lambda p: self.result_label.setText(self.tr("Saved %1").replace("%1", str(p))),
            )

    def _export(self, kind: str) -> None:
        if self.report is None:
            return
        pattern = self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("CSV (*.csv)")
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export"), f"z-{self.report.z_number}-{self.report.business_date}.{kind}", pattern
        )
        if name:
            self.export_to(kind, Path(name))

    def print_report(self) -> None:
        report, actor = self.report, self.session
        if report is not None and actor is not None:
            self._run(
                printing.print_z_report(self.ctx, report, actor),
                lambda outcome: self.result_label.setText(
                    (
                        self.tr("Printed on %1")
                        if outcome.job.printed
                        else self.tr("Sent to %1, which cannot confirm it printed: check the paper")
                    ).replace("%1", outcome.job.printer)
                ),
            )

"""The Shift & close-out screen: open a shift with its float, cash in and out, close with a
blind count, and the Z-report (preview or close the day) with today's sales as charts, to
print or export.

Core calls run off the UI thread through the bridge's operation runner (store writes on its
single writer). The count is blind: the expected cash is shown only after the close, or to
someone who may close out (a supervisor). A clerk's cash movement asks for a supervisor's
id and PIN first (the core checks it again: hiding a control is not a permission check).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos.cash import closeout, shifts
from pos.errors import InvalidInput
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession
from ui.errors import describe
from ui.widgets.approval import ApprovalDialog

log = logging.getLogger(__name__)


def parse_yuan(text: str, currency: str) -> int:
    """What the person typed (``500`` or ``500.50``), in fen; never negative."""
    import re

    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,2})?", text.strip()):
        raise InvalidInput(f"not an amount: {text!r} (e.g. 500 or 500.50)")
    return Money.parse(text, currency).amount


class BarChart(QWidget):
    """A plain bar chart painted with QPainter (QtCharts is not in PySide6-Essentials)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, int]] = []
        self.setMinimumSize(260, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self.bars = list(bars)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        p.drawText(QRectF(0, 0, w, 18), Qt.AlignmentFlag.AlignLeft, self.title)
        top, bottom = 22.0, h - 18.0
        if not self.bars:
            p.drawText(QRectF(0, top, w, bottom - top), Qt.AlignmentFlag.AlignCenter, self.tr("No sales"))
            p.end()
            return
        peak = max(v for _, v in self.bars) or 1
        slot = w / len(self.bars)
        bar_w = max(2.0, slot * 0.7)
        p.setPen(Qt.PenStyle.NoPen)
        for i, (_, value) in enumerate(self.bars):
            height = (bottom - top) * value / peak
            p.setBrush(QColor("#3a7bd5"))
            p.drawRect(QRectF(i * slot + (slot - bar_w) / 2, bottom - height, bar_w, height))
        p.setPen(self.palette().text().color())
        for i, (name, _) in enumerate(self.bars):
            p.drawText(QRectF(i * slot, bottom, slot, 18), Qt.AlignmentFlag.AlignHCenter, name[:8])
        p.end()


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
        self.error_label.setStyleSheet("color: #b00020")
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
        self.figures = QLabel()
        self.figures.setObjectName("zFigures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.by_hour = BarChart(self.tr("Sales by hour"))
        self.by_hour.setObjectName("chartByHour")
        self.by_event = BarChart(self.tr("Sales by event"))
        self.by_event.setObjectName("chartByEvent")

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
        body = QHBoxLayout()
        body.addWidget(self.figures, 1)
        charts = QVBoxLayout()
        charts.addWidget(self.by_hour)
        charts.addWidget(self.by_event)
        body.addLayout(charts, 1)
        z_layout.addLayout(body)

        layout = QVBoxLayout(self)
        layout.addWidget(shift_box)
        layout.addWidget(z_box, 1)
        layout.addWidget(self.error_label)

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

    # --- plumbing ------------------------------------------------------------------------

    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        self.refresh()

    def _now(self) -> Any:
        return self.ctx.clock()

    def _run(self, write: bool, what: str, fn: Callable[[], Any], ok: Callable[[Any], None]) -> None:
        self.error_label.clear()
        runner = self.bridge.runner
        (runner.write if write else runner.read)(what, fn, ok, self._failed)

    def _failed(self, exc: BaseException) -> None:
        msg = describe(exc)
        self.error_label.setText(f"{msg.title}: {msg.detail or msg.text}")
        self.error_label.setProperty("errorCode", msg.code)

    def _money(self, fen: int | None) -> str:
        return "—" if fen is None else f"¥{Money(fen, self.ctx.currency).format()}"

    def _actor(self) -> StaffSession | None:
        if self.session is None:
            self.error_label.setText(self.tr("Sign in first."))
        return self.session

    # --- the shift -----------------------------------------------------------------------

    def refresh(self) -> None:
        actor = self.session
        if actor is None:
            return
        store = self.ctx.store

        def load() -> Any:
            current = shifts.current_shift(store)
            return shifts.status(store, actor=actor) if current else None

        self._run(False, "shift status", load, self._show_status)

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
        if asked is None:
            return
        actor, fen = asked
        store, now = self.ctx.store, self._now()
        self._run(
            True,
            "open shift",
            lambda: shifts.open_shift(store, actor=actor, opening_float=fen, now=now),
            self._after_change,
        )

    def move_cash(self, kind: str) -> None:
        asked = self._actor_and_amount(self.amount_edit)
        if asked is None:
            return
        actor, fen = asked
        store, now, reason = self.ctx.store, self._now(), self.reason_edit.text()
        do = shifts.cash_in if kind == "in" else shifts.cash_out

        def move(grant: Override | None) -> None:
            self._run(
                True,
                f"cash {kind}",
                lambda: do(store, actor=actor, amount=fen, reason=reason, override=grant, now=now),
                self._after_movement,
            )

        if actor.can(Permission.OPEN_DRAWER):
            move(None)
        else:
            self.ask_approval(Permission.OPEN_DRAWER, move)

    def _after_movement(self, mv: shifts.CashMovementInfo) -> None:
        word = self.tr("Cash in") if mv.kind == "in" else self.tr("Cash out")
        self.result_label.setText(f"{word}: {self._money(mv.amount.amount)} ({mv.reason})")
        self.amount_edit.clear()
        self.reason_edit.clear()
        self._after_change(mv)

    def close_shift(self) -> None:
        asked = self._actor_and_amount(self.count_edit)
        if asked is None:
            return
        actor, fen = asked
        store, now = self.ctx.store, self._now()
        self._run(
            True,
            "close shift",
            lambda: shifts.close_shift(store, actor=actor, counted=fen, now=now),
            self._after_close,
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
        self.approval = ApprovalDialog(
            self.bridge, permission, self.tr("A supervisor approves this cash movement."), self
        )
        self.approval.approved.connect(then)
        self.approval.finished.connect(lambda _r: setattr(self, "approval", None))
        self.approval.open()

    # --- the Z-report --------------------------------------------------------------------

    def preview(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        store, now = self.ctx.store, self._now()
        self._run(False, "X-report", lambda: closeout.preview(store, actor=actor, now=now), self._set_report)

    def close_day(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        store, now = self.ctx.store, self._now()

        def done(report: closeout.ZReport) -> None:
            self._set_report(report)
            self.changed.emit()

        self._run(True, "close-out", lambda: closeout.close_day(store, actor=actor, now=now), done)

    def _set_report(self, report: closeout.ZReport | None) -> None:
        self.report = report
        for b in (self.print_button, self.pdf_button, self.csv_button):
            b.setEnabled(report is not None)
        if report is None:
            self.figures.setText(self.tr("Run the X-report or close the day to see the figures."))
            self.by_hour.set_bars([])
            self.by_event.set_bars([])
            return
        m = self._money
        title = (
            self.tr("X-report (figures so far, nothing closed)")
            if report.z_number == 0
            else self.tr("Z-report #%1").replace("%1", str(report.z_number))
        )
        lines = [
            title,
            self.tr("Business day %1, journal #%2–#%3")
            .replace("%1", report.business_date)
            .replace("%2", str(report.first_seq))
            .replace("%3", str(report.last_seq)),
            self.tr("Orders %1, tickets %2")
            .replace("%1", str(report.orders))
            .replace("%2", str(report.tickets)),
            self.tr("Gross %1, discounts %2")
            .replace("%1", m(report.gross))
            .replace("%2", m(report.discounts)),
            self.tr("Refunds %1 (%2), voids %3 (%4)")
            .replace("%1", str(report.refund_count))
            .replace("%2", m(report.refunded))
            .replace("%3", str(report.void_count))
            .replace("%4", m(report.voided)),
            self.tr("Net %1").replace("%1", m(report.net)),
            "",
        ]
        names = {"cash": self.tr("Cash"), "card": self.tr("Card"), "mobile": self.tr("Mobile pay")}
        for t in report.tenders:
            # Exchange differences by the tender are part of its net: shown when there are any.
            moved = f" + {m(t.exchange_in)} − {m(t.exchange_out)}" if t.exchange_in or t.exchange_out else ""
            lines.append(f"{names.get(t.kind, t.kind)}: {m(t.sales)} − {m(t.refunds)}{moved} = {m(t.net)}")
        if report.exchange_count:
            # The credit carried from old tickets to new is no money: the supervisor sees it
            # apart from the difference that went through the tenders.
            lines.append(
                self.tr("Exchanges %1: old tickets out %2, new in %3, credit carried %4")
                .replace("%1", str(report.exchange_count))
                .replace("%2", m(report.exchanged))
                .replace("%3", m(report.exchange_new))
                .replace("%4", m(report.exchange_carried))
            )
            lines.append(
                self.tr("Exchange difference collected %1, refunded %2")
                .replace("%1", m(report.exchange_collected))
                .replace("%2", m(report.exchange_refunded))
            )
        lines.append(self.tr("Cash variance %1").replace("%1", m(report.cash_variance)))
        s = report.settlement
        if s is not None:
            lines.append(
                self.tr("Commission %1, net owed %2, credit used %3 of %4")
                .replace("%1", m(s.commission))
                .replace("%2", m(s.net_owed))
                .replace("%3", m(s.credit_used))
                .replace("%4", m(s.credit_limit))
            )
        if report.unsynced:
            lines.append(self.tr("Not yet synced: %1").replace("%1", str(len(report.unsynced))))
            lines += [f"  {u.kind} {u.label or u.message_id[:8]}" for u in report.unsynced[:20]]
        self.figures.setText("\n".join(lines))
        self.by_hour.set_bars([(f"{h:02d}", fen) for h, fen in report.by_hour])
        self.by_event.set_bars([(ln.label, ln.amount) for ln in report.by_event])

    def export_to(self, kind: str, path: Path) -> None:
        """Export the report shown as PDF or CSV (off the UI thread; fpdf2 takes a moment)."""
        report = self.report
        if report is None:
            return
        from printing.zreport import export_csv, export_pdf

        do = export_pdf if kind == "pdf" else export_csv
        self._run(
            False,
            f"export {kind}",
            lambda: do(report, path),
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
        if report is None or actor is None:
            return
        store = self.ctx.store

        def run() -> Any:
            from pos.tickets.printjobs import printer_profile, printer_profiles
            from printing.profiles import PrinterProfile
            from printing.zreport import print_z_report

            names = sorted(printer_profiles(store))
            if not names:
                raise InvalidInput("no printer is set up: add one in the settings")
            profile = PrinterProfile.from_settings(names[0], printer_profile(store, name=names[0]))
            return print_z_report(store, report=report, printer=profile, staff_id=actor.staff_id)

        self._run(
            True,
            "print Z-report",
            run,
            lambda outcome: self.result_label.setText(
                self.tr("Printed on %1").replace("%1", outcome.job.printer)
            ),
        )

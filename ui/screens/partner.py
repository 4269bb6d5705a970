"""The partner screen (issue 24), for a city partner's supervisor: the statement for a day,
week, month or any days from central (what the outlet owes: sales, refunds, commission,
payments, with a running balance), today's commission, the close-outs central disagreed
with and what to do about each, and the statement exported as PDF (to print) or CSV."""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.errors import InvalidInput, PosError
from pos.money import Money
from pos.staff.access import StaffSession
from ui import theme
from ui.bridge import Bridge
from ui.errors import describe, headed
from ui.ops import partner as ops
from ui.widgets.table import fill_table, text_table

if TYPE_CHECKING:
    from sync.protocol.partner import Mismatch, Statement
    from sync.transport import CentralClient

log = logging.getLogger(__name__)
_SUMMARY = ("opening_balance", "sales", "refunds", "fees_returned", "commission", "net_owed", "payments",
            "closing_balance")


class PartnerScreen(QWidget):
    def __init__(self, bridge: Bridge, client: Callable[[], CentralClient | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerScreen")
        self.bridge, self.client = bridge, client
        self.session: StaffSession | None = None
        self.view: ops.PartnerView | None = None
        self.notice = QLabel(self.tr("The partner account is for supervisors: sign in as one."))
        self.notice.setObjectName("partnerNotice")
        self.notice.setWordWrap(True)
        self.period = QComboBox()
        self.period.setObjectName("partnerPeriod")
        for key, text in (("day", self.tr("Day")), ("week", self.tr("Week")), ("month", self.tr("Month")),
                          ("custom", self.tr("Days from … to …"))):
            self.period.addItem(text, key)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit, name in ((self.date_from, "partnerFrom"), (self.date_to, "partnerTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(self._qdate(self.today()))
        self.show_button = QPushButton(self.tr("Show statement"))
        self.show_button.setObjectName("partnerShow")
        self.pdf_button = QPushButton(self.tr("Export PDF (to print)…"))
        self.pdf_button.setObjectName("partnerPdf")
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setObjectName("partnerCsv")
        self.print_button = QPushButton(self.tr("Print"))
        self.print_button.setObjectName("partnerPrint")
        for b in (self.show_button, self.pdf_button, self.csv_button, self.print_button, self.period, self.date_from, self.date_to):
            b.setMinimumHeight(theme.touch())
        self.message = QLabel()
        self.message.setObjectName("partnerMessage")
        self.message.setWordWrap(True)
        self.today_label = QLabel()
        self.today_label.setObjectName("partnerToday")
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        names = {"opening_balance": self.tr("Owed at the start"), "sales": self.tr("Sales"),
                 "refunds": self.tr("Refunds"), "fees_returned": self.tr("Fees returned by voids"),
                 "commission": self.tr("Commission (net)"), "net_owed": self.tr("Owed for the period"),
                 "payments": self.tr("Payments received"), "closing_balance": self.tr("Owed at the end")}
        for key in _SUMMARY:
            self.figures[key] = QLabel("—")
            self.figures[key].setObjectName(f"partner_{key}")
            form.addRow(names[key], self.figures[key])
        self.lines = text_table([self.tr("Time"), self.tr("Kind"), self.tr("Terminal"),
                                 self.tr("Amount"), self.tr("Commission"), self.tr("Balance")])
        self.lines.setObjectName("partnerLines")
        self.mismatches = QListWidget()
        self.mismatches.setObjectName("partnerMismatches")
        self.mismatches.setWordWrap(True)
        bar = QHBoxLayout()
        for w in (self.period, self.date_from, self.date_to, self.show_button, self.pdf_button, self.csv_button,
                  self.print_button):
            bar.addWidget(w)
        self.body = QWidget()
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(bar)
        inner.addWidget(self.message)
        inner.addWidget(self.today_label)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        mis = QVBoxLayout()
        mis.addWidget(QLabel(self.tr("Close-outs central disagreed with")))
        mis.addWidget(self.mismatches, 1)
        row.addLayout(mis, 2)
        inner.addLayout(row)
        inner.addWidget(self.lines, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.body, 1)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.show_button.clicked.connect(self.load)
        self.pdf_button.clicked.connect(lambda: self._ask_path("pdf"))
        self.csv_button.clicked.connect(lambda: self._ask_path("csv"))
        self.print_button.clicked.connect(self.print_statement)
        self.set_session(None)

    # --- period ------------------------------------------------------------------------

    def today(self) -> date:
        return datetime.now(self.bridge.ctx.info.zone).date()

    @staticmethod
    def _qdate(d: date) -> QDate:
        return QDate(d.year, d.month, d.day)

    @staticmethod
    def _pydate(q: QDate) -> date:
        return date(q.year(), q.month(), q.day())

    def _period_chosen(self, _index: int) -> None:
        key, today = self.period.currentData(), self.today()
        start, end = today, today
        if key == "week":
            start = today - timedelta(days=today.weekday())
            end = start + timedelta(days=6)
        elif key == "month":
            start = today.replace(day=1)
            end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        custom = key == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            self.date_from.setDate(self._qdate(start))
            self.date_to.setDate(self._qdate(end))

    def set_period(self, start: date, end: date) -> None:
        self.period.setCurrentIndex(self.period.findData("custom"))
        self.date_from.setDate(self._qdate(start))
        self.date_to.setDate(self._qdate(end))

    # --- session, loading --------------------------------------------------------------

    def set_session(self, session: StaffSession | None) -> None:
        self.session = session
        allowed = session is not None and session.role.value == "supervisor"
        self.notice.setVisible(not allowed)
        self.body.setVisible(allowed)
        if not allowed:
            self.view = None
        self._period_chosen(self.period.currentIndex())

    def load(self) -> None:
        if self.body.isHidden():
            return
        self.message.setText(self.tr("Asking central…"))
        ops.load(self.bridge.ctx, self.client, self._pydate(self.date_from.date()),
                 self._pydate(self.date_to.date()), self.today()).success(self._show).failure(
            self._failed).run(self.bridge.runner, self, supersede="partner.statement")

    def _failed(self, exc: BaseException) -> None:
        msg = describe(exc)
        self.message.setText(headed(msg.title, msg.text, msg.next_step))
        self.message.setToolTip(msg.detail)

    def _m(self, fen: int) -> str:
        return Money(fen, self.bridge.ctx.info.currency).display()

    def _show(self, view: ops.PartnerView) -> None:
        self.view = view
        st = view.statement
        left = self.tr("no limit") if st.credit_left is None else self._m(st.credit_left)
        self.message.setText(
            self.tr("%1 to %2: %3 order(s), credit left %4").replace("%1", str(st.date_from))
            .replace("%2", str(st.date_to)).replace("%3", str(st.orders)).replace("%4", left))
        self.today_label.setText(self.tr("Commission today: %1").replace("%1", self._m(view.today.commission)))
        for key in _SUMMARY:
            self.figures[key].setText(self._m(int(getattr(st, key))))
        self._show_lines(st)
        self.mismatches.clear()
        for m in view.mismatches:
            self.mismatches.addItem(self._mismatch_text(m))
        if not view.mismatches:
            self.mismatches.addItem(self.tr("None: every close-out agreed with central."))

    def _show_lines(self, st: Statement) -> None:
        kinds = {"sale": self.tr("Sale"), "refund": self.tr("Refund"), "void": self.tr("Void"),
                 "exchange": self.tr("Exchange"), "payment": self.tr("Payment")}
        zone = self.bridge.ctx.info.zone
        fill_table(self.lines, [
            (line.at.astimezone(zone).strftime("%m-%d %H:%M"), kinds.get(line.kind, line.kind),
             line.terminal_id or "", self._m(line.amount), self._m(line.commission), self._m(line.balance))
            for line in st.lines
        ])

    def _mismatch_text(self, m: Mismatch) -> str:
        names = {"orders": self.tr("orders"), "tickets": self.tr("tickets"), "gross": self.tr("sales"),
                 "refunds": self.tr("refunds")}
        money = {"gross", "refunds"}
        facts = "; ".join(
            self.tr("%1: this terminal %2, central %3").replace("%1", names.get(k, k))
            .replace("%2", self._m(v[0]) if k in money else str(v[0]))
            .replace("%3", self._m(v[1]) if k in money else str(v[1]))
            for k, v in sorted(m.fields.items()))
        more_here = any(v[0] > v[1] for v in m.fields.values())
        todo = (self.tr("What to do: let the queued orders and refunds upload (sync), settle what needs "
                        "attention, then close the day again; if it stays, call the platform with the "
                        "close-out number.") if more_here else
                self.tr("What to do: central counted more than this terminal (a restored backup, or the "
                        "terminal's token used elsewhere): do not sell on until the platform has checked; "
                        "call it with the close-out number."))
        return f"{m.business_date} {m.terminal_id} #{m.closeout_id[:8]} — {facts}\n{todo}"

    # --- export ------------------------------------------------------------------------

    def _ask_path(self, kind: str) -> None:
        if self.view is None:
            self.message.setText(self.tr("Show a statement first."))
            return
        st = self.view.statement
        name = f"statement-{st.outlet_id}-{st.date_from}-{st.date_to}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the statement"),
                                              str(self.bridge.ctx.store.data_dir / name))
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> Path | None:
        """Write the shown statement as ``kind`` (pdf or csv); says where, or why not."""
        if self.view is None:
            return None
        st = self.view.statement
        try:
            if kind == "csv":
                from sync.protocol.partner import statement_csv

                try:
                    path.write_text(statement_csv(st), encoding="utf-8")
                except OSError as exc:
                    raise InvalidInput(f"cannot write {path}: {exc.strerror}") from exc
            else:
                from printing.partner_statement import export_pdf

                export_pdf(st.model_dump(mode="json"), path, language=self.bridge.ctx.language,
                           currency=self.bridge.ctx.info.currency)
        except PosError as exc:  # a full disk, a folder we may not write, no font: said, not raised
            log.warning("partner statement export failed: %s", exc)
            self._failed(exc)
            return None
        self.message.setText(self.tr("Saved to %1").replace("%1", str(path)))
        return path

    # --- print ------------------------------------------------------------------------

    def print_statement(self) -> None:
        """The shown statement on the receipt printer, on the writer (never on the UI thread)."""
        if self.view is None:
            self.message.setText(self.tr("Show a statement first."))
            return
        self.print_button.setEnabled(False)  # one job at a time: a second press would print twice
        self.message.setText(self.tr("Printing the statement…"))
        self.message.setToolTip("")
        ops.print_statement(self.bridge.ctx, self.view, self.session).success(self._printed).failure(
            self._print_failed).run(self.bridge.runner, self)

    def _print_failed(self, exc: BaseException) -> None:
        """The job is recorded as failed; said in the partner's terms (no sale is involved)."""
        from printing.errors import PrinterError

        self.print_button.setEnabled(True)
        if not isinstance(exc, PrinterError):
            self._failed(exc)
            return
        msg = describe(exc)
        self.message.setText(headed(msg.title, self.tr("The statement was not printed."),
                                    self.tr("Check the printer, then press Print again.")))
        self.message.setToolTip(msg.detail)

    def _printed(self, done: ops.StatementPrinted) -> None:
        self.print_button.setEnabled(True)
        if not done.printer:
            text = self.tr("No printer is set up: nothing was printed. Add one in the settings.")
        elif done.status == "confirmed":
            text = self.tr("Printed on %1").replace("%1", done.printer)
        else:
            text = self.tr("Sent to %1, which cannot confirm it printed: check the paper").replace("%1", done.printer)
        self.message.setText(text)

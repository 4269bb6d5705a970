"""The Orders / after-sales screen: find a sale, then refund, void, exchange or reprint.

Found by order number, or by a ticket's code from a keyboard-wedge scanner (it types the
code and Enter). Every core call runs on the bridge's runner (changes on the single
writer) and comes back here as a signal. The core decides who may do what: when it says a
supervisor must approve, the screen opens the ApprovalDialog and tries again with the
single-use grant; a late refund asks for the ``refund_late`` approval the same way.
Before a refund the screen shows the amount and where it goes back (cash from the drawer,
card by its reference), and the clerk confirms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.aftersales import lookup as order_lookup
from pos.aftersales import reversal as aftersales
from pos.aftersales.lookup import OrderView
from pos.errors import PosError
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession
from pos.tickets import printjobs
from ui.errors import describe
from ui.screens.orders_exchange import ExchangePanel
from ui.widgets.approval import ApprovalDialog

log = logging.getLogger(__name__)
TOUCH = 44


class OrdersScreen(QWidget):
    found = Signal(object)  # pos.order_lookup.OrderView
    refunded = Signal(object)  # pos.aftersales.Reversal
    voided = Signal(object)  # pos.aftersales.Reversal
    exchanged = Signal(object)  # pos.exchange.ExchangeResult: print its new order next
    reprinted = Signal(object)  # pos.printjobs.ReprintResult: print the new ticket next
    refused = Signal(object)  # the core's error, after it is shown
    changed = Signal()  # the drawer or the day changed (status bar, shift screen)

    def __init__(self, bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersScreen")
        self.bridge = bridge
        self.ctx = bridge.ctx
        self.session: StaffSession | None = None
        self.view: OrderView | None = None
        self.approval: ApprovalDialog | None = None
        self._confirm: Callable[[], None] | None = None
        self._keep_message = False  # after an action, the reloaded order keeps its outcome

        self.search = QLineEdit()
        self.search.setObjectName("ordersSearch")
        self.search.setPlaceholderText(self.tr("Order number (e.g. T01-000001) or scan a ticket"))
        self.search.setMaxLength(240)
        self.find_button = QPushButton(self.tr("Find (Enter)"))
        self.find_button.setObjectName("ordersFind")
        self.message = QLabel()
        self.message.setObjectName("ordersMessage")
        self.message.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("ordersSummary")
        self.summary.setWordWrap(True)
        self.tickets = QTableWidget(0, 6)
        self.tickets.setObjectName("ordersTickets")
        self.tickets.setHorizontalHeaderLabels(
            [
                self.tr("Ticket"),
                self.tr("Seat or area"),
                self.tr("Concession"),
                self.tr("Price"),
                self.tr("Refund"),
                self.tr("Status"),
            ]
        )
        self.tickets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tickets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tickets.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.tickets.verticalHeader().setDefaultSectionSize(TOUCH)
        self.payments = QLabel()
        self.payments.setObjectName("ordersPayments")
        self.payments.setWordWrap(True)

        self.refund_selected_button = QPushButton(self.tr("Refund selected (F5)"))
        self.refund_selected_button.setObjectName("refundSelected")
        self.refund_order_button = QPushButton(self.tr("Refund whole order (F6)"))
        self.refund_order_button.setObjectName("refundOrder")
        self.void_button = QPushButton(self.tr("Void last sale (F7)"))
        self.void_button.setObjectName("voidLast")
        self.exchange_button = QPushButton(self.tr("Exchange selected (F8)"))
        self.exchange_button.setObjectName("exchangeSelected")
        self.reprint_button = QPushButton(self.tr("Reprint ticket (F9)"))
        self.reprint_button.setObjectName("reprintTicket")
        self.keys = QLabel(
            self.tr(
                "Keys: Enter find · F5 refund selected · F6 refund order · F7 void last sale · "
                "F8 exchange · F9 reprint · F10 confirm · Esc cancel"
            )
        )
        self.keys.setObjectName("ordersKeys")
        self.keys.setWordWrap(True)

        self.confirm_text = QLabel()
        self.confirm_text.setObjectName("ordersConfirmText")
        self.confirm_text.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm (F10)"))
        self.confirm_button.setObjectName("ordersConfirm")
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setObjectName("ordersCancel")
        self.confirm_box = QWidget()
        confirm_row = QHBoxLayout(self.confirm_box)
        confirm_row.addWidget(self.confirm_text, 1)
        confirm_row.addWidget(self.cancel_button)
        confirm_row.addWidget(self.confirm_button)
        self.confirm_box.hide()

        self.exchange = ExchangePanel(self)
        self.exchange.hide()

        for w in (
            self.search,
            self.find_button,
            self.refund_selected_button,
            self.refund_order_button,
            self.void_button,
            self.exchange_button,
            self.reprint_button,
            self.confirm_button,
            self.cancel_button,
        ):
            w.setMinimumHeight(TOUCH)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.find_button)
        actions = QHBoxLayout()
        for b in (
            self.refund_selected_button,
            self.refund_order_button,
            self.void_button,
            self.exchange_button,
            self.reprint_button,
        ):
            actions.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.tickets, 1)
        layout.addWidget(self.payments)
        layout.addLayout(actions)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.exchange)
        layout.addWidget(self.keys)

        self.search.returnPressed.connect(self.lookup)
        self.find_button.clicked.connect(self.lookup)
        self.refund_selected_button.clicked.connect(self.refund_selected)
        self.refund_order_button.clicked.connect(self.refund_order)
        self.void_button.clicked.connect(self.void_last)
        self.exchange_button.clicked.connect(self.start_exchange)
        self.reprint_button.clicked.connect(self.reprint)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.cancel)
        self.tickets.itemSelectionChanged.connect(self._update_buttons)
        for key, slot in (
            ("F5", self.refund_selected),
            ("F6", self.refund_order),
            ("F7", self.void_last),
            ("F8", self.start_exchange),
            ("F9", self.reprint),
            ("F10", self.confirm),
            ("Esc", self.cancel),
        ):
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()

    # --- wiring ----------------------------------------------------------------------------

    def set_session(self, session: StaffSession | None) -> None:
        """The signed-in staff member (None when signed out: the order shown is cleared)."""
        self.session = session
        if session is None:
            self.search.clear()
            self._clear()
        self._update_buttons()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- finding -------------------------------------------------------------------------

    def lookup(self) -> None:
        """Find what the search field holds (Enter from a keyboard-wedge scanner ends here)."""
        self.find_text(self.search.text())

    def find_text(self, text: str, *, keep_message: bool = False) -> None:
        try:
            order_lookup.classify(text)  # a typo is explained at once, nothing runs
        except PosError as exc:
            self._show_error(exc)
            return
        self._clear()
        self._keep_message = keep_message
        if not keep_message:
            self._say(self.tr("Looking up…"), "")
        store, language = self.ctx.store, self.ctx.language
        self.bridge.runner.read(
            "order_lookup",
            lambda: order_lookup.find_order_view(store, query=text, language=language),
            self._shown,
            self._show_error,
        )

    def _reload(self) -> None:
        if self.view is not None:
            self.find_text(self.view.order.number, keep_message=True)

    def _shown(self, view: object) -> None:
        assert isinstance(view, OrderView)
        self.view = view
        o = view.order
        zone = self.ctx.info.zone
        self.summary.setText(
            self.tr("Order %1 · %2 · %3 · status %4 · sold by %5 at %6 · total %7")
            .replace("%1", o.number)
            .replace("%2", o.event)
            .replace("%3", o.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
            .replace("%4", self._status_text(o.status))
            .replace("%5", f"{o.staff_name} ({o.staff_id})")
            .replace("%6", o.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
            .replace("%7", o.total.format())
        )
        self.tickets.setRowCount(len(view.lines))
        for row, line in enumerate(view.lines):
            t = line.ticket
            place = f"{t.section} {t.row_label}-{t.seat_number}" if t.seat_id else t.section
            for col, value in enumerate(
                (
                    t.ticket_id,
                    place.strip(),
                    t.concession,
                    t.total.format(),
                    line.refundable.format(),
                    self._status_text(line.status),
                )
            ):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, line.status)
                self.tickets.setItem(row, col, item)
        self.tickets.resizeColumnsToContents()
        self.payments.setText(
            self.tr("Payments: %1").replace(
                "%1",
                "; ".join(
                    f"{self._tender_text(p.kind)} {p.amount.format()}"
                    + (f" ({p.reference})" if p.reference else "")
                    for p in o.payments
                )
                or "—",
            )
        )
        if view.found_ticket is not None:
            for row, line in enumerate(view.lines):
                if line.ticket.ticket_id == view.found_ticket:
                    self.tickets.selectRow(row)
        if not self._keep_message:
            self._say("", "")
        self._keep_message = False
        self._update_buttons()
        self.found.emit(view)

    # --- refund --------------------------------------------------------------------------

    def selected_lines(self) -> list[order_lookup.TicketLine]:
        if self.view is None:
            return []
        rows = sorted({i.row() for i in self.tickets.selectionModel().selectedRows()})
        return [self.view.lines[r] for r in rows if r < len(self.view.lines)]

    def refund_selected(self) -> None:
        lines = self.selected_lines()
        if not lines:
            self._say(self.tr("Select the tickets to refund first."), "invalid_input")
            return
        self._ask_refund([line.ticket.ticket_id for line in lines], lines)

    def refund_order(self) -> None:
        if self.view is None:
            self._say(self.tr("Find an order first."), "invalid_input")
            return
        valid = [line for line in self.view.lines if line.can_give_back]
        if not valid:  # nothing left to give back: the core says why (already refunded…)
            self._refund(None, None)
            return
        self._ask_refund(None, valid)

    def _ask_refund(self, ticket_ids: list[str] | None, lines: list[order_lookup.TicketLine]) -> None:
        if self.view is None or self.session is None:
            return
        not_valid = [line for line in lines if not line.can_give_back]
        if not_valid:
            line = not_valid[0]
            self._say(
                self.tr("Ticket %1 is %2: it cannot be refunded. Select only valid tickets.")
                .replace("%1", line.ticket.ticket_id)
                .replace("%2", self._status_text(line.status)),
                "reversal_refused",
            )
            return
        amount = sum(line.refundable.amount for line in lines)
        store, order_id = self.ctx.store, self.view.order.order_id

        def preview(dest: object) -> None:
            where = "; ".join(self._destination(k, m, r) for k, m, r in dest)  # type: ignore[attr-defined]
            text = (
                self.tr("Refund %1 for %2 ticket(s) of order %3: %4. Booking fees are not refunded.")
                .replace("%1", Money(amount, self.ctx.currency).format())
                .replace("%2", str(len(lines)))
                .replace("%3", self.view.order.number if self.view else "")
                .replace("%4", where or "—")
            )
            self._ask(text, lambda: self._refund(ticket_ids, None))

        self.bridge.runner.read(
            "refund_preview",
            lambda: order_lookup.refund_preview(store, order_id=order_id, amount=amount),
            preview,
            self._show_error,
        )

    def _refund(self, ticket_ids: list[str] | None, grant: Override | None) -> None:
        actor = self.session
        if self.view is None or actor is None:
            return
        if grant is None and not actor.can(Permission.REFUND):
            self._approve(
                Permission.REFUND,
                self.tr("A supervisor approves this refund."),
                lambda ov: self._refund(ticket_ids, ov),
            )
            return
        store, order, now = self.ctx.store, self.view.order.order_id, self.ctx.clock()

        def late(exc: BaseException) -> None:
            if self._needs_late_approval(exc, grant):
                self._approve(
                    Permission.REFUND_LATE,
                    self.tr("The refund window has closed: a supervisor approves this late refund."),
                    lambda ov: self._refund(ticket_ids, ov),
                )
            else:
                self._show_error(exc)

        self._say(self.tr("Refunding…"), "")
        self.bridge.runner.write(
            "refund",
            lambda: aftersales.refund(
                store, order=order, actor=actor, ticket_ids=ticket_ids, override=grant, now=now
            ),
            lambda r: self._done(r, self.refunded),
            late,
        )

    # --- void ----------------------------------------------------------------------------

    def void_last(self) -> None:
        if self.session is None:
            return
        self._ask(
            self.tr("Void this terminal's last sale: everything paid goes back, booking fees included."),
            lambda: self._void(None),
        )

    def _void(self, grant: Override | None) -> None:
        actor = self.session
        if actor is None:
            return
        if grant is None and not actor.can(Permission.VOID):
            self._approve(
                Permission.VOID, self.tr("A supervisor approves voiding the last sale."), self._void
            )
            return
        store, now = self.ctx.store, self.ctx.clock()
        self._say(self.tr("Voiding…"), "")
        self.bridge.runner.write(
            "void",
            lambda: aftersales.void_last_sale(store, actor=actor, override=grant, now=now),
            lambda r: self._done(r, self.voided),
            self._show_error,
        )

    # --- exchange ------------------------------------------------------------------------

    def start_exchange(self) -> None:
        if self.view is None or self.session is None:
            self._say(self.tr("Find an order first."), "invalid_input")
            return
        lines = self.selected_lines() or [line for line in self.view.lines if line.can_give_back]
        bad = [line for line in lines if not line.can_give_back]
        if not lines or bad:
            self._say(self.tr("Select valid tickets to exchange."), "reversal_refused")
            return
        self._confirm = None
        self.confirm_box.hide()
        self.exchange.start(self.view, lines)

    # --- reprint -------------------------------------------------------------------------

    def reprint(self) -> None:
        lines = self.selected_lines()
        if len(lines) != 1:
            self._say(self.tr("Select one ticket to reprint."), "invalid_input")
            return
        self._reprint(lines[0].ticket.ticket_id, None)

    def _reprint(self, ticket_id: str, grant: Override | None) -> None:
        actor = self.session
        if actor is None:
            return
        if grant is None and not actor.can(Permission.REPRINT):
            self._approve(
                Permission.REPRINT,
                self.tr("A supervisor approves reprinting ticket %1; its old code stops working.").replace(
                    "%1", ticket_id
                ),
                lambda ov: self._reprint(ticket_id, ov),
            )
            return
        store, signer, now = self.ctx.store, self.ctx.signer, self.ctx.clock()

        def run() -> tuple[printjobs.ReprintResult, BaseException | None, bool]:
            # With a printer set up, the new ticket prints at once (marked REPRINT); the
            # core commits the new code first, so a printer failure leaves a job to retry.
            from printing.jobs import reprint
            from printing.profiles import PrinterProfile

            names = sorted(printjobs.printer_profiles(store))
            if not names:
                result = printjobs.reprint_ticket(
                    store, ticket_id=ticket_id, actor=actor, signer=signer, override=grant, now=now
                )
                return result, None, False
            profile = PrinterProfile.from_settings(names[0], printjobs.printer_profile(store, name=names[0]))
            result, outcome = reprint(
                store,
                ticket_id=ticket_id,
                actor=actor,
                signer=signer,
                printer=profile,
                override=grant,
                now=now,
            )
            return result, outcome if isinstance(outcome, BaseException) else None, True

        self.bridge.runner.write("reprint", run, self._reprinted, self._show_error)

    def _reprinted(self, done: object) -> None:
        assert isinstance(done, tuple)
        result: printjobs.ReprintResult = done[0]
        problem: BaseException | None = done[1]
        printed: bool = done[2]
        self._done(result, self.reprinted)
        if problem is not None:
            msg = describe(problem)
            extra = self.tr("Printing failed: %1 %2").replace("%1", msg.text).replace("%2", msg.next_step)
            self._say(f"{self.message.text()} {extra}", msg.code)
        else:
            extra = (
                self.tr("The new ticket was printed.")
                if printed
                else self.tr("No printer is set up, so nothing was printed.")
            )
            self._say(f"{self.message.text()} {extra}", "")

    # --- shared --------------------------------------------------------------------------

    def _approve(self, permission: Permission, what: str, then: Callable[[Override], None]) -> None:
        dialog = ApprovalDialog(self.bridge, permission, what, self)
        dialog.approved.connect(then)
        dialog.rejected.connect(
            lambda: self._say(
                self.tr("Not done: a supervisor must approve this. Nothing was changed."), "permission_denied"
            )
        )
        dialog.finished.connect(lambda _r: setattr(self, "approval", None))
        self.approval = dialog
        dialog.open()

    @staticmethod
    def _needs_late_approval(exc: BaseException, grant: Override | None) -> bool:
        # Closed window: a supervisor may approve. After the show has started, nobody may.
        return (
            isinstance(exc, PosError)
            and exc.code == "refund_window_closed"
            and "must approve" in exc.message
            and (grant is None or grant.permission is not Permission.REFUND_LATE)
        )

    def _ask(self, text: str, then: Callable[[], None]) -> None:
        self.exchange.hide()  # one pending action at a time
        self.confirm_text.setText(text)
        self._confirm = then
        self.confirm_box.show()
        self.confirm_button.setFocus()

    def confirm(self) -> None:
        then, self._confirm = self._confirm, None
        self.confirm_box.hide()
        if then is not None:
            then()

    def cancel(self) -> None:
        self._confirm = None
        self.confirm_box.hide()
        self.exchange.hide()

    def _done(self, result: object, signal: Any) -> None:
        texts = {
            "refund": self.tr("Refunded %1: %2."),
            "void": self.tr("Voided order %3: %1 back: %2."),
        }
        if isinstance(result, aftersales.Reversal):
            where = "; ".join(self._destination(k, m, r) for k, m, r in result.refunds)
            self._say(
                texts[result.kind]
                .replace("%1", result.amount.format())
                .replace("%2", where or "—")
                .replace("%3", result.order_number),
                "",
            )
            if self.view is None or result.kind == "void":
                self.search.setText(result.order_number)
                self.view = None
                self.find_text(result.order_number, keep_message=True)
            else:
                self._reload()
        elif isinstance(result, printjobs.ReprintResult):
            self._say(
                self.tr("Ticket %1 replaced by %2: the old code no longer admits.")
                .replace("%1", result.old_ticket_id)
                .replace("%2", result.new_ticket_id),
                "",
            )
            self._reload()
        signal.emit(result)
        self.changed.emit()

    def exchange_done(self, result: Any) -> None:
        """Called by the exchange panel after the core committed the exchange."""
        text = self.tr("Exchanged into order %1 (%2).").replace("%1", result.new_order_number)
        if result.difference.amount > 0:
            detail = self.tr("collected %1, change %2").replace("%1", result.difference.format())
            detail = detail.replace("%2", result.change.format())
        elif result.difference.amount < 0:
            where = "; ".join(self._destination(k, m, r) for k, m, r in result.refunds)
            back = Money(-result.difference.amount, result.difference.currency)
            detail = self.tr("refunded %1: %2").replace("%1", back.format()).replace("%2", where)
        else:
            detail = self.tr("no difference")
        self._say(text.replace("%2", detail), "")
        self.exchange.hide()
        self._reload()
        self.exchanged.emit(result)
        self.changed.emit()

    def _destination(self, kind: str, amount: Money, reference: str) -> str:
        if kind == "cash":
            return self.tr("%1 in cash from the drawer").replace("%1", amount.format())
        return (
            self.tr("%1 back to %2 %3")
            .replace("%1", amount.format())
            .replace("%2", self._tender_text(kind))
            .replace("%3", reference)
            .strip()
        )

    def _tender_text(self, kind: str) -> str:
        names = {
            "cash": self.tr("cash"),
            "card": self.tr("card"),
            "mobile": self.tr("mobile"),
            "exchange": self.tr("exchange credit"),
        }
        return names.get(kind, kind)

    def _status_text(self, status: str) -> str:
        names = {
            "valid": self.tr("valid"),
            "scanned": self.tr("scanned at the door"),
            "refunded": self.tr("refunded"),
            "part_refunded": self.tr("partly refunded"),
            "voided": self.tr("voided"),
            "exchanged": self.tr("exchanged"),
            "part_exchanged": self.tr("partly exchanged"),
            "reprinted": self.tr("reprinted"),
            "revoked": self.tr("revoked"),
            "paid": self.tr("paid"),
        }
        return names.get(status, status)

    def _show_error(self, exc: BaseException) -> None:
        msg = describe(exc)
        if (
            isinstance(exc, PosError)
            and exc.code == "invalid_input"
            and exc.details.get("reason") == "malformed"
        ):
            text = self.tr("This is neither an order number nor a readable ticket code.")
            step = self.tr("Type the order number from the receipt, or scan the ticket again.")
        elif isinstance(exc, PosError) and exc.code == "not_found":
            text = self.tr("No such order or ticket was sold on this terminal.")
            step = self.tr("Check the number on the receipt; online orders are handed out in Pickup.")
        elif isinstance(exc, PosError) and exc.code == "reversal_refused" and "older than" in exc.message:
            text = self.tr("The last sale is older than the void window.")
            step = self.tr("Refund it instead: find the order and refund it (F6).")
        elif isinstance(exc, PosError) and exc.code == "reversal_refused" and " is already " in exc.message:
            text = self.tr("This order was already refunded, voided or exchanged. Nothing was changed.")
            step = self.tr("Find the order again to see what is still valid.")
        else:
            text, step = msg.text, msg.next_step
        self._say(f"{msg.title}: {text} {step}".strip(), msg.code)
        self.refused.emit(exc)

    def _say(self, text: str, code: str) -> None:
        self.message.setText(text)
        self.message.setProperty("errorCode", code)
        self.message.setStyleSheet("color: #b00020;" if code else "")

    def _clear(self) -> None:
        self.view = None
        self.summary.clear()
        self.payments.clear()
        self.tickets.setRowCount(0)
        self.cancel()
        self._update_buttons()

    def _update_buttons(self) -> None:
        signed_in = self.session is not None
        has_order = self.view is not None
        selected = bool(self.tickets.selectionModel().selectedRows()) if has_order else False
        self.refund_selected_button.setEnabled(signed_in and selected)
        self.refund_order_button.setEnabled(signed_in and has_order)
        self.exchange_button.setEnabled(signed_in and has_order)
        self.reprint_button.setEnabled(signed_in and selected)
        self.void_button.setEnabled(signed_in)

"""The Orders / after-sales screen: find a sale, then refund, void, exchange or reprint.

Found from the list of latest orders, by number, or by a ticket's code from a keyboard-wedge
scanner. Core calls run as operations (:mod:`ui.ops.aftersales`); the order is shown by
:mod:`ui.screens.orders_view`. When the core says a supervisor must approve (or a late refund
needs ``refund_late``), the ApprovalDialog opens and the call is retried with the single-use
grant. Before a refund the clerk sees the amount and where it goes back, and confirms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.aftersales import lookup as order_lookup
from pos.aftersales.exchange import ExchangeResult
from pos.aftersales.lookup import OrderView
from pos.aftersales.reversal import Reversal
from pos.errors import PosError
from pos.money import Money
from pos.staff.access import Override, Permission, StaffSession
from pos.tickets.printjobs import ReprintResult
from ui import theme
from ui.bridge import Bridge
from ui.ops import aftersales
from ui.ops.changes import Change, ChangeWatcher
from ui.ops.printing import Reprinted, reprint_ticket
from ui.screens.orders_exchange import ExchangePanel
from ui.screens.orders_recent import RecentOrdersPanel
from ui.screens.orders_view import (
    OrderPanel,
    button,
    exchange_text,
    needs_late_approval,
    not_approved_text,
    not_refundable_text,
    printed_text,
    refund_text,
    refusal_text,
    reprint_text,
    reversal_text,
)
from ui.widgets.approval import ApprovalDialog
from ui.widgets.confirm import ConfirmBar

log = logging.getLogger(__name__)
TOUCH = 44


class OrdersScreen(QWidget):
    found = Signal(OrderView)
    refunded = Signal(Reversal)
    voided = Signal(Reversal)
    exchanged = Signal(ExchangeResult)  # print its new order next
    reprinted = Signal(ReprintResult)  # print the new ticket next
    refused = Signal(BaseException)  # the core's error, after it is shown
    changed = Signal()  # the drawer or the day changed (status bar, shift screen)

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersScreen")
        self.bridge = bridge
        self.ctx = bridge.ctx
        self.session: StaffSession | None = None
        self.approval: ApprovalDialog | None = None
        self._keep_message = False  # after an action, the reloaded order keeps its outcome

        self.search = QLineEdit()
        self.search.setObjectName("ordersSearch")
        self.search.setPlaceholderText(self.tr("Order number (e.g. T01-000001, or just 1) or scan a ticket"))
        self.search.setMaxLength(240)
        self.search.setMinimumHeight(TOUCH)
        self.find_button = button(self.tr("Find (Enter)"), "ordersFind")
        self.message = QLabel()
        self.message.setObjectName("ordersMessage")
        self.message.setWordWrap(True)
        self.order = OrderPanel(self.ctx.info.zone)
        self.recent = RecentOrdersPanel(self.ctx.info.zone)
        self.recent.chosen.connect(self.find_text)
        self.watcher = ChangeWatcher(  # a sale or refund on another screen: the list or order reloads
            bridge.runner, self, Change.ORDERS, lambda: self._reload() if self.view else self.show_recent()
        )
        self.summary, self.tickets, self.payments = (
            self.order.summary,
            self.order.tickets,
            self.order.payments,
        )
        self.refund_selected_button = button(self.tr("Refund selected (F5)"), "refundSelected")
        self.refund_order_button = button(self.tr("Refund whole order (F6)"), "refundOrder")
        self.void_button = button(self.tr("Void last sale (F7)"), "voidLast")
        self.exchange_button = button(self.tr("Exchange selected (F8)"), "exchangeSelected")
        self.reprint_button = button(self.tr("Reprint ticket (F9)"), "reprintTicket")
        self.keys = QLabel(
            self.tr(
                "Keys: Enter find · F5 refund selected · F6 refund order · F7 void last sale · "
                "F8 exchange · F9 reprint · F10 confirm · Esc cancel"
            )
        )
        self.keys.setObjectName("ordersKeys")
        self.keys.setWordWrap(True)
        self.confirm_box = ConfirmBar()
        self.confirm_text = self.confirm_box.text
        self.confirm_button = self.confirm_box.confirm_button
        self.cancel_button = self.confirm_box.cancel_button
        self.exchange = ExchangePanel(self, self)
        self.exchange.hide()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.find_button)
        actions = QHBoxLayout()
        for b in (self.refund_selected_button, self.refund_order_button, self.void_button):
            actions.addWidget(b)
        actions.addWidget(self.exchange_button)
        actions.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.recent, 1)
        layout.addWidget(self.order, 1)
        layout.addLayout(actions)
        for w in (self.confirm_box, self.exchange, self.keys):
            layout.addWidget(w)

        self.search.returnPressed.connect(self.lookup)
        self.find_button.clicked.connect(self.lookup)
        self.refund_selected_button.clicked.connect(self.refund_selected)
        self.refund_order_button.clicked.connect(self.refund_order)
        self.void_button.clicked.connect(self.void_last)
        self.exchange_button.clicked.connect(self.start_exchange)
        self.reprint_button.clicked.connect(self.reprint)
        self.cancel_button.clicked.connect(self.cancel)
        self.tickets.itemSelectionChanged.connect(self._update_buttons)
        keys = {"F5": self.refund_selected, "F6": self.refund_order, "F7": self.void_last,
                "F8": self.start_exchange, "F9": self.reprint, "F10": self.confirm, "Esc": self.cancel}
        for key, slot in keys.items():
            QShortcut(QKeySequence(key), self, slot).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()

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
            self.show_error(exc)
            return
        self._clear()
        self._keep_message = keep_message
        if not keep_message:
            self.say(self.tr("Looking up…"), "")
        aftersales.find_order(self.ctx, text).success(self._shown).failure(self.show_error).run(
            self.bridge.runner, self, supersede="orders.lookup"
        )

    def _reload(self) -> None:
        if self.view is not None:  # by id: it always classifies, whatever the number looks like
            self.find_text(self.view.order.order_id, keep_message=True)

    def show_recent(self) -> None:
        """The latest orders in place of an order (nothing open): refreshed each time."""
        self.order.hide()
        self.recent.reload(self.bridge, self.show_error)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.view is None:
            self.show_recent()

    @property
    def view(self) -> OrderView | None:
        return self.order.view

    def _shown(self, view: OrderView) -> None:
        self.recent.hide()
        self.order.show()
        self.order.show_view(view)
        if not self._keep_message:
            self.say("", "")
        self._keep_message = False
        self._update_buttons()
        self.found.emit(view)

    # --- refund --------------------------------------------------------------------------

    def selected_lines(self) -> list[order_lookup.TicketLine]:
        return self.order.selected_lines()

    def refund_selected(self) -> None:
        lines = self.selected_lines()
        if not lines:
            self.say(self.tr("Select the tickets to refund first."), "invalid_input")
            return
        self._ask_refund([line.ticket.ticket_id for line in lines], lines)

    def refund_order(self) -> None:
        if self.view is None:
            self.say(self.tr("Find an order first."), "invalid_input")
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
            self.say(not_refundable_text(not_valid[0]), "reversal_refused")
            return
        amount = Money(sum(line.refundable.amount for line in lines), self.ctx.currency)
        order_id = self.view.order.order_id

        def preview(dest: tuple[tuple[str, Money, str], ...]) -> None:
            number = self.view.order.number if self.view else ""
            self._ask(refund_text(amount, len(lines), number, dest), lambda: self._refund(ticket_ids, None))

        aftersales.refund_preview(self.ctx, order_id, amount.amount).success(preview).failure(
            self.show_error
        ).run(self.bridge.runner, self)

    def _refund(self, ticket_ids: list[str] | None, grant: Override | None) -> None:
        actor = self.session
        if self.view is None or actor is None:
            return
        if grant is None and not actor.can(Permission.REFUND):
            self.approve(
                Permission.REFUND,
                self.tr("A supervisor approves this refund."),
                lambda ov: self._refund(ticket_ids, ov),
            )
            return
        order_id = self.view.order.order_id

        def late(exc: BaseException) -> None:
            if needs_late_approval(exc, grant):
                self.approve(
                    Permission.REFUND_LATE,
                    self.tr("The refund window has closed: a supervisor approves this late refund."),
                    lambda ov: self._refund(ticket_ids, ov),
                )
            else:
                self.show_error(exc)

        self.say(self.tr("Refunding…"), "")
        aftersales.refund(self.ctx, order_id, actor, ticket_ids, grant).success(
            lambda r: self._done(r, self.refunded)
        ).failure(late).run(self.bridge.runner, self)

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
            self.approve(Permission.VOID, self.tr("A supervisor approves voiding the last sale."), self._void)
            return
        self.say(self.tr("Voiding…"), "")
        aftersales.void_last_sale(self.ctx, actor, grant).success(
            lambda r: self._done(r, self.voided)
        ).failure(self.show_error).run(self.bridge.runner, self)

    # --- exchange ------------------------------------------------------------------------

    def start_exchange(self) -> None:
        if self.view is None or self.session is None:
            self.say(self.tr("Find an order first."), "invalid_input")
            return
        lines = self.selected_lines() or [line for line in self.view.lines if line.can_give_back]
        bad = [line for line in lines if not line.can_give_back]
        if not lines or bad:
            self.say(self.tr("Select valid tickets to exchange."), "reversal_refused")
            return
        self.confirm_box.cancel()
        self.exchange.start(self.view, lines)

    # --- reprint -------------------------------------------------------------------------

    def reprint(self) -> None:
        lines = self.selected_lines()
        if len(lines) != 1:
            self.say(self.tr("Select one ticket to reprint."), "invalid_input")
            return
        self._reprint(lines[0].ticket.ticket_id, None)

    def _reprint(self, ticket_id: str, grant: Override | None) -> None:
        actor = self.session
        if actor is None:
            return
        if grant is None and not actor.can(Permission.REPRINT):
            what = self.tr("A supervisor approves reprinting ticket %1; its old code stops working.")
            self.approve(Permission.REPRINT, what.replace("%1", ticket_id), lambda ov: self._reprint(ticket_id, ov))
            return
        reprint_ticket(self.ctx, ticket_id, actor, grant).success(self._reprinted).failure(
            self.show_error
        ).run(self.bridge.runner, self)

    def _reprinted(self, done: Reprinted) -> None:
        self._done(done.result, self.reprinted)
        extra, code = printed_text(done)
        self.say(f"{self.message.text()} {extra}", code)

    # --- shared --------------------------------------------------------------------------

    def approve(self, permission: Permission, what: str, then: Callable[[Override], None]) -> None:
        dialog = ApprovalDialog(self.bridge, permission, what, self)
        dialog.approved.connect(then)
        dialog.rejected.connect(lambda: self.say(not_approved_text(), "permission_denied"))
        dialog.finished.connect(lambda _r: setattr(self, "approval", None))
        self.approval = dialog
        dialog.open()

    def _ask(self, text: str, then: Callable[[], None]) -> None:
        self.exchange.hide()  # one pending action at a time
        self.confirm_box.ask(text, then)

    def confirm(self) -> None:
        self.confirm_box.confirm()

    def cancel(self) -> None:
        self.confirm_box.cancel()
        self.exchange.hide()

    def _done(self, result: Reversal | ReprintResult, signal: SignalInstance) -> None:
        if isinstance(result, Reversal):
            self.say(reversal_text(result), "")
            if self.view is None or result.kind == "void":
                self.search.setText(result.order_number)
                self.order.view = None
                self.find_text(result.order_id, keep_message=True)
            else:
                self._reload()
        else:
            self.say(reprint_text(result), "")
            self._reload()
        signal.emit(result)
        self.changed.emit()

    def exchange_done(self, result: ExchangeResult) -> None:
        """Called by the exchange panel after the core committed the exchange."""
        self.say(exchange_text(result), "")
        self.exchange.hide()
        self._reload()
        self.exchanged.emit(result)
        self.changed.emit()

    def show_error(self, exc: BaseException) -> None:
        self.say(*refusal_text(exc))
        self.refused.emit(exc)

    def say(self, text: str, code: str) -> None:
        self.message.setText(text)
        self.message.setProperty("errorCode", code)
        theme.set_tone(self.message, "error" if code else "")

    def _clear(self) -> None:
        self.order.clear()
        self.cancel()
        self._update_buttons()

    def _update_buttons(self) -> None:
        signed_in = self.session is not None
        has_order = self.view is not None
        selected = self.order.has_selection()
        self.refund_selected_button.setEnabled(signed_in and selected)
        self.refund_order_button.setEnabled(signed_in and has_order)
        self.exchange_button.setEnabled(signed_in and has_order)
        self.reprint_button.setEnabled(signed_in and selected)
        self.void_button.setEnabled(signed_in)

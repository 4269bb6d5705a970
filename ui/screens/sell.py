"""The sell screen's controller: its panels (:mod:`ui.screens.sell_panels`) show; it runs reads, quotes
and the sale (the one selling path) as operations (:mod:`ui.ops`); online it holds the cart at central."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QMessageBox, QSplitter, QVBoxLayout, QWidget

from pos.cash.tenders import Tender
from pos.catalog.cache import PerformanceSummary
from pos.catalog.seatmap import SeatMap
from pos.errors import NotSellable
from pos.sales import CartItem, Quote, SaleResult
from pos.sales.holds import Hold
from pos.staff.access import Override, StaffSession
from ui import keys, theme
from ui.bridge import Bridge
from ui.errors import show_error
from ui.holds import HoldKeeper, covers, spec_for
from ui.ops import sales
from ui.ops.catalog import PerformanceDetail
from ui.ops.printing import PrintDone
from ui.screens.pay_tiles import PaymentDialog  # tiles, scanned payment codes
from ui.screens.sell_lines import HolderEntry, PriceOverride, open_member_lookup
from ui.screens.sell_panels import PerformancePanel, SalePanel
from ui.screens.sell_printing import SalePrinting
from ui.screens.sell_shift import ShiftGuard
from ui.widgets.approval import ApprovalDialog
from ui.widgets.cart_panel import CartPanel
from ui.widgets.holders import HolderDialog
from ui.widgets.performance_browser import PerformanceBrowser


class SellScreen(QWidget):
    sale_completed = Signal(SaleResult)
    ready = Signal()  # ready for the next customer
    print_done = Signal(PrintDone)  # printed, or no printer to print on
    print_failed = Signal(BaseException)  # the printer error (the sale is kept; Retry prints again)
    quote_changed = Signal(object)  # Quote, or None while the cart is empty or being priced

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.ctx = bridge.ctx
        self.runner = bridge.runner
        self.session: StaffSession | None = None
        self.performance: PerformanceSummary | None = None
        self.quote: Quote | None = None
        self.payment: PaymentDialog | None = None
        # Online (central reachable), a cart is held at central before it is priced; a cart
        # keeps the mode it started in, so a link that drops mid-sale changes nothing.
        self.online = False
        self.cart_online: bool | None = None
        self.holds = HoldKeeper(bridge, self)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.browser = PerformanceBrowser(self.bridge)
        self.chosen = PerformancePanel(self.ctx, self.runner)
        p = self.chosen
        self.heading, self.area, self.quantity, self.concession = p.heading, p.area, p.quantity, p.concession
        self.map_view, self.map_hint = p.map_view, p.map_hint
        self.cart = CartPanel(p.describe_item, p.concession_name)
        self.side = SalePanel(self.cart)
        self.banner, self.hold_label = self.side.banner, self.side.hold_label
        self.override = PriceOverride(self.bridge, p.describe_item, self._change_line, self)
        real_name = lambda: bool(self.performance and self.performance.real_name_required)  # noqa: E731
        self.holder_entry = HolderEntry(self.cart, p.describe_item, self._set_items, real_name, self)
        self.printing = SalePrinting(self.bridge, self.side, self)
        self.shift_guard = ShiftGuard(self.bridge, self, self.side)
        self.printing.done.connect(self.print_done)
        self.printing.failed.connect(self.print_failed)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        theme.grid(splitter, (self.browser, self.chosen, self.side), theme.SELL_COLUMNS)  # never reflows
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        p.show_parts()

    def _connect(self) -> None:
        p = self.chosen
        self.browser.chosen.connect(self.choose)
        self.browser.loaded.connect(lambda: self.chosen.restate(self.browser.model))  # "58 left" follows sales
        p.add_standing.clicked.connect(self.add_standing_tickets)
        p.quantity.lineEdit().returnPressed.connect(self.add_standing_tickets)
        p.best.clicked.connect(lambda _checked=False: self.map_view.pick_best())
        p.add_seats.clicked.connect(lambda: self.add_seat_tickets(self.map_view.selected_ids()))
        self.map_view.add_requested.connect(self.add_seat_tickets)
        self.map_view.selection_changed.connect(p.show_selection)
        self.map_view.refused.connect(self.map_hint.setText)
        self.map_view.refused.connect(self.map_hint.setToolTip)  # two lines shown, all of it here
        p.states_changed.connect(self._seats_changed)
        self.cart.pay_requested.connect(self.pay)
        self.cart.extras_changed.connect(self.requote)
        self.holds.granted.connect(self._on_hold_granted)
        self.holds.refused.connect(self._on_hold_refused)
        self.holds.ticked.connect(self.side.show_countdown)
        self.holds.expired.connect(self._on_hold_expired)
        shortcuts = {
            keys.SEARCH: self.focus_start,
            keys.REFRESH: self.browser.reload,
            keys.QUANTITY: self.chosen.focus_quantity,
            keys.SEAT_MAP: self.map_view.setFocus,
            keys.COUPON: self.cart.coupon.setFocus,
            keys.MEMBER: lambda: open_member_lookup(self),  # issue 22: find the member
            keys.CONCESSION: self.next_concession,
            keys.CLEAR_CART: self.reset_sale,
            keys.PAY: self.pay,
            keys.HOLDERS: self.enter_holders,
            keys.PRICE_OVERRIDE: self.override_price,
        }
        for seq, slot in shortcuts.items():
            QShortcut(QKeySequence(seq), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(keys.REMOVE_LINE), self.cart.table, self.remove_line)

    @property
    def detail(self) -> PerformanceDetail | None:
        return self.chosen.detail

    @property
    def seat_map(self) -> SeatMap | None:
        return self.chosen.seat_map

    # --- session -------------------------------------------------------------------------

    def set_session(self, session: StaffSession) -> None:
        self.session = session
        self.browser.reload()
        self.shift_guard.check()

    def set_online(self, online: bool) -> None:
        """Central reachable or not: what the map offers, and how the next cart sells."""
        if online == self.online:
            return
        self.online = online
        self.chosen.set_online(online)

    def focus_start(self) -> None:
        self.window().activateWindow()
        self.browser.search.setFocus()
        self.browser.search.selectAll()

    # --- choosing ------------------------------------------------------------------------

    def choose(self, perf: PerformanceSummary) -> None:
        if self.performance is None or perf.performance_id != self.performance.performance_id:
            self.reset_sale(keep_performance=True)
        self.performance = perf
        self.chosen.load(perf, self.browser.model.state_text(perf))

    def refresh_after_sync(self) -> None:
        """After a sync cycle: the list's states and counts, and the open map's seat states."""
        self.browser.refresh()
        if self.performance is not None:
            self.chosen.refresh_map()

    def _seats_changed(self, changed: set[str]) -> None:
        in_cart = {i.seat_id for i in self.cart.model.items if i.seat_id}
        if changed & in_cart and self.payment is None:  # paying: the sale itself checks them again
            self.requote()  # a seat in the cart just changed: the quote says whether it still sells

    # --- cart ----------------------------------------------------------------------------

    def add_standing_tickets(self) -> None:
        if self.performance is not None and self.area.currentData():
            self._set_items([*self.cart.model.items, *self.chosen.standing_items()])
            self.quantity.setValue(1)

    def add_seat_tickets(self, seat_ids: tuple[str, ...]) -> None:
        if not seat_ids or self.performance is None:
            return
        have = {i.seat_id for i in self.cart.model.items}
        new = [CartItem(self.chosen.current_concession(), seat_id=s) for s in seat_ids if s not in have]
        self._set_items([*self.cart.model.items, *new])
        self.map_view.clear_selection()

    def remove_line(self) -> None:
        row = self.cart.selected_row()
        items = list(self.cart.model.items)
        if 0 <= row < len(items):
            del items[row]
            self._set_items(items)

    def _target_row(self, items: list[CartItem]) -> int:
        """The selected line, or the last."""
        row = self.cart.selected_row()
        return row if 0 <= row < len(items) else len(items) - 1

    def next_concession(self) -> None:
        """F8: the selected line (or the last) takes the next concession its zone is priced in."""
        items = list(self.cart.model.items)
        if not items:
            return
        row = self._target_row(items)
        code = self.chosen.next_concession(items[row])
        if code is not None:
            self._change_line(
                row,
                lambda item: CartItem(code, seat_id=item.seat_id, area_id=item.area_id, holder=item.holder),
            )
            self.cart.table.selectRow(row)

    def _set_items(self, items: list[CartItem]) -> None:
        self.banner.clear()
        if not items:
            self._let_go_of_holds()
            self._apply_items(items)
            return
        if self.cart_online is None:
            self.cart_online = self.online
        if not self.cart_online or self.performance is None:
            self._apply_items(items)
            return
        try:
            spec = spec_for(self.performance.performance_id, items)
        except NotSellable as exc:
            show_error(self, exc)
            return
        if covers(self.holds.current, spec):
            self._apply_items(items)
            return
        self.banner.setText(self.tr("Holding at central…"))
        self.holds.ask(spec, items)

    def _apply_items(self, items: list[CartItem]) -> None:
        self.cart.model.set_items(items)
        self.requote()
        if self.holder_entry.missing():
            self.enter_holders()

    # --- price override (F11, a supervisor approves it) ---------------------------------

    def override_price(self) -> None:
        """F11: a new price for the selected line (or the last)."""
        items = list(self.cart.model.items)
        if items and self.session is not None:
            self.override.ask(self.session, items, self._target_row(items))

    def _change_line(self, row: int, change: Callable[[CartItem], CartItem]) -> bool:
        items = list(self.cart.model.items)
        if not 0 <= row < len(items):
            return False
        items[row] = change(items[row])
        self._set_items(items)
        return True

    @property
    def price_dialog(self) -> QInputDialog | None:
        return self.override.dialog

    @property
    def approval(self) -> ApprovalDialog | None:
        return self.override.approval

    @property
    def price_approval(self) -> Override | None:
        return self.override.grant

    def enter_holders(self) -> None:
        """F10 (and by itself when tickets of a real-name event are added): who holds each."""
        self.holder_entry.ask()

    @property
    def holders(self) -> HolderDialog | None:
        return self.holder_entry.dialog

    # --- online holds --------------------------------------------------------------------

    def _on_hold_granted(self, held: Hold, items: list[CartItem]) -> None:
        self.chosen.show_held(set(held.seat_ids))
        self.banner.clear()
        self._apply_items(list(items))

    def _on_hold_refused(self, exc: BaseException, items: object) -> None:
        self.banner.clear()
        taken = exc.details.get("seats", ()) if isinstance(exc, NotSellable) else ()
        self.map_view.mark(tuple(str(s) for s in taken) if isinstance(taken, list | tuple) else (), "sold")
        first = not self.cart.model.items
        if first:
            self.cart_online = None  # nothing held yet: the next try picks the mode again
        if getattr(exc, "code", "") == "central_unreachable":
            self.set_online(False)
            if first and isinstance(items, list):  # the link just dropped: keep the ticket, sell offline
                self._set_items(items)
                return self.banner.setText(self.tr("Central cannot be reached: this cart sells from the offline stock."))
        show_error(self, exc)

    def _on_hold_expired(self) -> None:
        self.reset_sale(keep_performance=True)
        self.banner.setText(self.tr("The hold expired and the seats were released. Add them again."))

    def _let_go_of_holds(self) -> None:
        self.holds.release()
        self.chosen.let_go_of_held()
        self.cart_online = None

    # --- pricing -------------------------------------------------------------------------

    def requote(self) -> None:
        self.quote = None
        self.cart.problem.clear()
        self.cart.show_breakdown(None)
        self.quote_changed.emit(None)
        if self.performance is None or not self.cart.model.items:
            return
        sales.quote(
            self.ctx,
            self.performance.performance_id,
            self.cart.model.items,
            coupon=self.cart.coupon.text(),
            member=self.cart.member.text(),
            held=self.holds.current if self.cart_online else None,
        ).success(self._on_quote).failure(self._quote_failed).run(self.runner, self, supersede="sell.quote")

    def _on_quote(self, quote: Quote) -> None:
        self.quote = quote
        self.cart.show_breakdown(quote.breakdown)
        self.quote_changed.emit(quote)

    def _quote_failed(self, exc: BaseException) -> None:
        self.banner.clear()
        self.side.show_problem(exc)

    # --- paying --------------------------------------------------------------------------

    def pay(self) -> None:
        if self.holder_entry.missing():
            self.enter_holders()
            return
        if self.quote is None or self.session is None or self.payment is not None:
            return
        if not self.shift_guard.allows_payment():  # no shift: no cash taken
            return
        self.payment = PaymentDialog(self.quote.breakdown.total, self)
        self.payment.tendered.connect(self._tendered)
        self.payment.finished.connect(lambda _r: setattr(self, "payment", None))
        self.payment.open()

    def _tendered(self, tenders: tuple[Tender, ...]) -> None:
        if self.quote is None or self.session is None:  # re-priced (a seat, a hold) while paying:
            if self.payment is not None:  # nothing is charged on a stale total
                self.payment.done(0)
            self.window().activateWindow()
            self.map_view.setFocus()  # F12 pays the new total once it is priced
            return self.banner.setText(self.tr("The total changed while paying: nothing was charged. Pay again."))
        self.cart.pay.setEnabled(False)
        self.banner.setText(self.tr("Selling…"))
        sales.sell(
            self.ctx,
            self.quote.performance_id,
            self.quote.items,
            tenders,
            self.session,
            coupon=self.cart.coupon.text(),
            member=self.cart.member.text(), phone=self.cart.phone.text(),
            order_id=str(uuid.uuid4()),
            held=self.holds.current if self.cart_online else None,
            override=self.override.grant,
        ).success(self._on_sold).failure(self._sell_failed).run(self.runner, self, supersede="sell.sell")

    def _on_sold(self, result: SaleResult) -> None:
        self.map_view.mark(tuple(t.seat_id for t in result.tickets if t.seat_id), "sold")
        if self.cart_online:
            self.holds.consumed()
            self.chosen.held_seats = set()
        if result.mode == "online":  # the order goes up at once, consuming the hold at central
            self.bridge.sync_now()
        self.reset_sale(keep_performance=True)
        self.side.show_sold(result)
        self.browser.reload()
        self.printing.print_sale(result.order_id, self.session)
        self.sale_completed.emit(result)
        self.focus_start()
        self.ready.emit()

    def _sell_failed(self, exc: BaseException) -> None:
        self.banner.clear()
        self.cart.pay.setEnabled(self.quote is not None)
        show_error(self, exc)
        if isinstance(exc, NotSellable) and self.performance is not None:
            self.chosen.load_map()
            self.requote()

    @property
    def print_error(self) -> QMessageBox | None:
        return self.printing.error

    def reset_sale(self, *, keep_performance: bool = False) -> None:
        self.quote = None
        self.override.grant = None
        self._let_go_of_holds()
        self.cart.clear()
        self.map_view.clear_selection()
        if not keep_performance:
            self.performance = None
            self.heading.setText(self.chosen.prompt)

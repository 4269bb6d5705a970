"""The sell screen: performance, standing quantity or seats, concessions, cart, payment."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pos.catalog.cache import PerformanceSummary
from pos.catalog.seatmap import ConcessionOption, SeatMap, StandingArea
from pos.errors import InvalidInput, NotSellable, PosError
from pos.money import Money
from pos.sales import CartItem, Quote, SaleResult
from pos.staff.access import Override, Permission, StaffSession
from ui import keys
from ui.bridge import Bridge, PerformanceDetail, PrintDone
from ui.errors import show_error
from ui.holds import HoldKeeper, covers, spec_for
from ui.seatmap.view import SeatMapView
from ui.widgets.approval import ApprovalDialog
from ui.widgets.cart_panel import CartPanel
from ui.widgets.holders import HolderDialog
from ui.widgets.payment import PaymentDialog
from ui.widgets.performance_browser import PerformanceBrowser

log = logging.getLogger(__name__)
TOUCH = 44


class SellScreen(QWidget):
    sale_completed = Signal(object)  # SaleResult
    ready = Signal()  # ready for the next customer
    print_done = Signal(object)  # PrintDone: printed, or no printer to print on
    print_failed = Signal(object)  # the printer error (the sale is kept; Retry prints again)
    quote_changed = Signal(object)  # Quote, or None while the cart is empty or being priced

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.language = bridge.ctx.language
        self.session: StaffSession | None = None
        self.performance: PerformanceSummary | None = None
        self.detail: PerformanceDetail | None = None
        self.seat_map: SeatMap | None = None
        self.quote: Quote | None = None
        self.payment: PaymentDialog | None = None
        self.holders: HolderDialog | None = None
        self.price_dialog: QInputDialog | None = None
        self.approval: ApprovalDialog | None = None
        self.price_approval: Override | None = None  # spent by the sale it approves
        self.print_error: QMessageBox | None = None
        self._requests: dict[str, int] = {}
        # Online (central reachable), a cart is held at central before it is priced; a cart
        # keeps the mode it started in, so a link that drops mid-sale changes nothing.
        self.online = False
        self.cart_online: bool | None = None
        self.holds = HoldKeeper(bridge, self)
        self._held_seats: set[str] = set()

        self.browser = PerformanceBrowser(bridge)
        self.heading = QLabel(self.tr("Choose a performance (F2 to search)"))
        self.heading.setObjectName("performanceHeading")
        self.heading.setWordWrap(True)
        self.area = QComboBox()
        self.area.setObjectName("standingArea")
        self.quantity = QSpinBox()
        self.quantity.setObjectName("standingQuantity")
        self.quantity.setRange(1, 20)
        self.concession = QComboBox()
        self.concession.setObjectName("concession")
        self.add_standing = QPushButton(self.tr("Add (Enter)"))
        for w in (self.area, self.quantity, self.concession, self.add_standing):
            w.setMinimumHeight(TOUCH)
        self.standing_row = QWidget()
        row = QHBoxLayout(self.standing_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Standing (F4)")))
        row.addWidget(self.area, 2)
        row.addWidget(self.quantity)
        row.addWidget(self.add_standing)
        self.map_view = SeatMapView(language=self.language)
        self.best = QPushButton(self.tr("Best available (B)"))
        self.add_seats = QPushButton(self.tr("Add seats (Enter)"))
        self.map_hint = QLabel()
        self.map_hint.setObjectName("mapHint")
        for w in (self.best, self.add_seats):
            w.setMinimumHeight(TOUCH)
        self.map_row = QWidget()
        mrow = QHBoxLayout(self.map_row)
        mrow.setContentsMargins(0, 0, 0, 0)
        mrow.addWidget(self.map_hint, 1)
        mrow.addWidget(self.best)
        mrow.addWidget(self.add_seats)
        conc_row = QHBoxLayout()
        conc_row.addWidget(QLabel(self.tr("Concession for new tickets")))
        conc_row.addWidget(self.concession, 1)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.addWidget(self.heading)
        mid.addLayout(conc_row)
        mid.addWidget(self.standing_row)
        mid.addWidget(self.map_view, 1)
        mid.addWidget(self.map_row)
        self.cart = CartPanel(self._describe_item, self._concession_name)
        self.banner = QLabel()
        self.banner.setObjectName("readyBanner")
        self.banner.setWordWrap(True)
        self.hold_label = QLabel()
        self.hold_label.setObjectName("holdCountdown")
        self.hold_label.setVisible(False)
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.addWidget(self.cart, 1)
        rlay.addWidget(self.hold_label)
        rlay.addWidget(self.banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for w, stretch in ((self.browser, 3), (middle, 4), (right, 3)):
            splitter.addWidget(w)
            splitter.setStretchFactor(splitter.indexOf(w), stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.browser.chosen.connect(self.choose)
        self.add_standing.clicked.connect(self.add_standing_tickets)
        self.quantity.lineEdit().returnPressed.connect(self.add_standing_tickets)
        self.best.clicked.connect(lambda _checked=False: self.map_view.pick_best())
        self.add_seats.clicked.connect(lambda: self.add_seat_tickets(self.map_view.selected_ids()))
        self.map_view.add_requested.connect(self.add_seat_tickets)
        self.map_view.selection_changed.connect(self._on_map_selection)
        self.map_view.refused.connect(self.map_hint.setText)
        self.cart.pay_requested.connect(self.pay)
        self.cart.extras_changed.connect(self.requote)
        bridge.detail_loaded.connect(self._on_detail)
        bridge.seat_map_loaded.connect(self._on_seat_map)
        bridge.quoted.connect(self._on_quote)
        bridge.sold.connect(self._on_sold)
        bridge.failed.connect(self._on_failed)
        bridge.printed.connect(self._on_printed)
        self.holds.granted.connect(self._on_hold_granted)
        self.holds.refused.connect(self._on_hold_refused)
        self.holds.ticked.connect(self._show_countdown)
        self.holds.expired.connect(self._on_hold_expired)
        shortcuts = {
            keys.SEARCH: self.focus_start,
            keys.REFRESH: self.browser.reload,
            keys.QUANTITY: self._focus_quantity,
            keys.SEAT_MAP: self.map_view.setFocus,
            keys.COUPON: self.cart.coupon.setFocus,
            keys.MEMBER: self.cart.member.setFocus,
            keys.CONCESSION: self.next_concession,
            keys.CLEAR_CART: self.reset_sale,
            keys.PAY: self.pay,
            keys.HOLDERS: self.enter_holders,
            keys.PRICE_OVERRIDE: self.override_price,
        }
        for seq, slot in shortcuts.items():
            QShortcut(
                QKeySequence(seq), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
        QShortcut(QKeySequence(keys.REMOVE_LINE), self.cart.table, activated=self.remove_line)
        self._show_performance_parts()

    # --- session -------------------------------------------------------------------------

    def set_session(self, session: StaffSession) -> None:
        self.session = session
        self.browser.reload()

    def set_online(self, online: bool) -> None:
        """Central reachable or not: what the map offers, and how the next cart sells."""
        if online == self.online:
            return
        self.online = online
        self.map_view.set_online(online)
        if self.seat_map is not None and self.seat_map.has_seats:
            counts = self.seat_map.counts()
            n = counts.get("available", 0) + (counts.get("free", 0) if online else 0)
            self.map_hint.setText(self.tr("%n seat(s) available here", "", n))

    def focus_start(self) -> None:
        self.window().activateWindow()
        self.browser.search.setFocus()
        self.browser.search.selectAll()

    def _focus_quantity(self) -> None:
        self.quantity.setFocus()
        self.quantity.selectAll()

    # --- choosing ------------------------------------------------------------------------

    def choose(self, perf: PerformanceSummary) -> None:
        if self.performance is None or perf.performance_id != self.performance.performance_id:
            self.reset_sale(keep_performance=True)
        self.performance = perf
        self.detail, self.seat_map = None, None
        when = perf.starts_at.astimezone(self.bridge.ctx.info.zone).strftime("%Y-%m-%d %H:%M")
        self.heading.setText(
            f"<b>{perf.name(self.language)}</b> — {when} — {self.browser.model.state_text(perf)}"
        )
        self._requests["detail"] = self.bridge.load_detail(perf.performance_id)
        self._requests["map"] = self.bridge.load_seat_map(perf.performance_id)

    def _on_detail(self, request: int, detail: PerformanceDetail) -> None:
        if request != self._requests.get("detail"):
            return
        self.detail = detail
        self.area.clear()
        for a in detail.areas:
            self.area.addItem(
                self.tr("%1 (%2 left)")
                .replace("%1", a.name(self.language))
                .replace("%2", str(a.left_for_us)),
                a.area_id,
            )
        self.concession.clear()
        for c in detail.concessions:
            self.concession.addItem(c.name(self.language), c.code)
        self._arrived()

    def refresh_after_sync(self) -> None:
        """After a sync cycle: the list's states and counts, and the open map's seat states."""
        self.browser.refresh()
        if self.performance is not None and self.seat_map is not None:
            self._requests["map_refresh"] = self.bridge.load_seat_map(self.performance.performance_id)

    def _on_seat_map(self, request: int, seat_map: SeatMap) -> None:
        if request == self._requests.get("map_refresh"):
            if self.performance is None or seat_map.performance_id != self.performance.performance_id:
                return
            self.seat_map = seat_map
            changed = set(self.map_view.update_states(seat_map))
            in_cart = {i.seat_id for i in self.cart.model.items if i.seat_id}
            if changed & in_cart:
                self.requote()  # a seat in the cart just changed: the quote says whether it still sells
            return
        if request != self._requests.get("map"):
            return
        self.seat_map = seat_map
        self.map_view.set_map(seat_map if seat_map.has_seats else None)
        self._arrived()

    def _arrived(self) -> None:
        """Both halves of a chosen performance are in: show the right parts, focus the next step."""
        if self.detail is None or self.seat_map is None:
            return
        self._show_performance_parts()
        if self.seat_map.has_seats:
            counts = self.seat_map.counts()
            n = counts.get("available", 0) + (counts.get("free", 0) if self.online else 0)
            self.map_hint.setText(self.tr("%n seat(s) available here", "", n))
            self.map_view.setFocus()
        elif self.detail.areas:
            self._focus_quantity()

    def _show_performance_parts(self) -> None:
        self.standing_row.setVisible(bool(self.detail and self.detail.areas))
        has_seats = bool(self.seat_map and self.seat_map.has_seats)
        self.map_view.setVisible(has_seats)
        self.map_row.setVisible(has_seats)

    # --- cart ----------------------------------------------------------------------------

    def _current_concession(self) -> str:
        return str(self.concession.currentData() or "adult")

    def add_standing_tickets(self) -> None:
        area_id = self.area.currentData()
        if not area_id or self.performance is None:
            return
        n = self.quantity.value()
        items = [CartItem(self._current_concession(), area_id=str(area_id)) for _ in range(n)]
        self._set_items([*self.cart.model.items, *items])
        self.quantity.setValue(1)

    def add_seat_tickets(self, seat_ids: tuple[str, ...]) -> None:
        if not seat_ids or self.performance is None:
            return
        have = {i.seat_id for i in self.cart.model.items}
        new = [CartItem(self._current_concession(), seat_id=s) for s in seat_ids if s not in have]
        self._set_items([*self.cart.model.items, *new])
        self.map_view.clear_selection()

    def remove_line(self) -> None:
        row = self.cart.selected_row()
        items = list(self.cart.model.items)
        if 0 <= row < len(items):
            del items[row]
            self._set_items(items)

    def next_concession(self) -> None:
        """F8: the selected line (or the last) takes the next concession its zone is priced in."""
        items = list(self.cart.model.items)
        if not items or self.detail is None:
            return
        row = self.cart.selected_row()
        row = row if 0 <= row < len(items) else len(items) - 1
        item = items[row]
        zone = self._zone_of(item)
        options = [c.code for c in self.detail.concessions if zone is None or zone in c.zone_ids]
        if len(options) < 2:
            return
        code = (
            options[(options.index(item.concession) + 1) % len(options)]
            if item.concession in options
            else options[0]
        )
        items[row] = CartItem(code, seat_id=item.seat_id, area_id=item.area_id, holder=item.holder)
        self._set_items(items)
        self.cart.table.selectRow(row)

    def _zone_of(self, item: CartItem) -> str | None:
        if item.area_id and self.detail:
            return next((a.zone_id for a in self.detail.areas if a.area_id == item.area_id), None)
        if item.seat_id and self.map_view.item is not None:
            i = self.map_view.item.index_of.get(item.seat_id)
            return self.map_view.item.map.columns.zone_ids[i] if i is not None else None
        return None

    def _set_items(self, items: list[CartItem]) -> None:
        self.banner.clear()
        if not items:
            self.holds.release()
            self._restore_seats(self._held_seats)
            self._held_seats = set()
            self.cart_online = None
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
        if self._holders_missing():
            self.enter_holders()

    # --- price override (a supervisor approves it) -----------------------------------------

    def override_price(self) -> None:
        """F11: a new price for the selected line (or the last), approved by a supervisor
        unless a supervisor is the one selling; the core checks both again at the sale."""
        items = list(self.cart.model.items)
        if not items or self.session is None or self.price_dialog is not None:
            return
        row = self.cart.selected_row()
        row = row if 0 <= row < len(items) else len(items) - 1
        dialog = QInputDialog(self)
        dialog.setObjectName("priceOverride")
        dialog.setWindowTitle(self.tr("Price override"))
        dialog.setLabelText(
            self.tr("New price for %1 (yuan):").replace("%1", self._describe_item(items[row]))
        )
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.textValueSelected.connect(lambda text: self._price_entered(row, text))
        dialog.finished.connect(self._price_dialog_closed)
        self.price_dialog = dialog
        dialog.open()

    def _price_dialog_closed(self, _result: int) -> None:
        self.price_dialog = None

    def _price_entered(self, row: int, text: str) -> None:
        try:
            price = Money.parse(text.strip(), self.bridge.ctx.currency)
        except PosError as exc:
            show_error(self, exc)
            return
        if price.amount < 0:
            show_error(self, InvalidInput("an override price cannot be negative"))
            return

        def apply(grant: Override | None) -> None:
            items = list(self.cart.model.items)
            if not 0 <= row < len(items):
                return
            item = items[row]
            items[row] = CartItem(
                item.concession, seat_id=item.seat_id, area_id=item.area_id, holder=item.holder,
                override_price=price.amount,
            )  # fmt: skip
            if grant is not None:
                self.price_approval = grant
            self._set_items(items)

        assert self.session is not None
        if self.session.can(Permission.PRICE_OVERRIDE):
            apply(None)
            return
        self.approval = ApprovalDialog(
            self.bridge,
            Permission.PRICE_OVERRIDE,
            self.tr("A supervisor approves the new price %1.").replace("%1", price.format()),
            self,
        )
        self.approval.approved.connect(apply)
        self.approval.finished.connect(lambda _r: setattr(self, "approval", None))
        self.approval.open()

    # --- real-name events ----------------------------------------------------------------

    def _holders_missing(self) -> bool:
        return bool(
            self.performance is not None
            and self.performance.real_name_required
            and any(i.holder is None for i in self.cart.model.items)
        )

    def enter_holders(self) -> None:
        """F10 (and by itself when tickets of a real-name event are added): who holds each."""
        if self.performance is None or not self.performance.real_name_required or self.holders is not None:
            return
        if not self.cart.model.items:
            return
        self.holders = HolderDialog(self.cart.model.items, self._describe_item, self)
        self.holders.holders_entered.connect(lambda items: self._set_items(list(items)))
        self.holders.finished.connect(self._holders_closed)
        self.holders.open()

    def _holders_closed(self, _result: int) -> None:
        self.holders = None
        if self._holders_missing():
            self.cart.problem.setText(self.tr("Real-name event: press F10 to enter each ticket's holder."))

    # --- online holds --------------------------------------------------------------------

    def _on_hold_granted(self, held: object, items: object) -> None:
        seats = set(getattr(held, "seat_ids", ()))
        self._restore_seats(self._held_seats - seats)
        self._held_seats = seats
        self.map_view.mark(tuple(seats), "held")
        self.banner.clear()
        self._apply_items(list(items))  # type: ignore[call-overload]

    def _on_hold_refused(self, exc: BaseException, _items: object) -> None:
        self.banner.clear()
        if isinstance(exc, NotSellable):
            taken = tuple(str(s) for s in exc.details.get("seats", ()))  # type: ignore[union-attr]
            self.map_view.mark(taken, "sold")
        if getattr(exc, "code", "") == "central_unreachable":
            self.set_online(False)
        if not self.cart.model.items:
            self.cart_online = None  # nothing held yet: the next try picks the mode again
        show_error(self, exc)

    def _on_hold_expired(self) -> None:
        self.reset_sale(keep_performance=True)
        self.banner.setText(self.tr("The hold expired and the seats were released. Add them again."))

    def _show_countdown(self, seconds: int) -> None:
        self.hold_label.setVisible(seconds >= 0)
        if seconds >= 0:
            self.hold_label.setText(
                self.tr("Held at central for %1").replace("%1", f"{seconds // 60}:{seconds % 60:02d}")
            )
            self.hold_label.setProperty("urgent", seconds < 60)

    def _restore_seats(self, seat_ids: set[str]) -> None:
        """Seats no longer held by us go back to what the map last said of them."""
        if not seat_ids or self.seat_map is None:
            return
        by_state: dict[str, list[str]] = {}
        cols = self.seat_map.columns
        for seat_id in seat_ids:
            i = self.map_view.item.index_of.get(seat_id) if self.map_view.item is not None else None
            if i is not None and cols.seat_ids[i] == seat_id:
                state = "free" if cols.states[i] == "held" else cols.states[i]
                by_state.setdefault(state, []).append(seat_id)
        for state, ids in by_state.items():
            self.map_view.mark(tuple(ids), state)

    def requote(self) -> None:
        self.quote = None
        self.cart.problem.clear()
        self.cart.show_breakdown(None)
        self.quote_changed.emit(None)
        if self.performance is None or not self.cart.model.items:
            return
        self._requests["quote"] = self.bridge.quote(
            self.performance.performance_id,
            self.cart.model.items,
            coupon=self.cart.coupon.text(),
            member=self.cart.member.text(),
            held=self.holds.current if self.cart_online else None,
        )

    def _on_quote(self, request: int, quote: Quote) -> None:
        if request != self._requests.get("quote"):
            return
        self.quote = quote
        self.cart.show_breakdown(quote.breakdown)
        self.quote_changed.emit(quote)

    def _on_map_selection(self, seat_ids: tuple[str, ...]) -> None:
        self.map_hint.setText(
            self.tr("%n seat(s) selected: Enter adds them", "", len(seat_ids)) if seat_ids else ""
        )

    # --- paying --------------------------------------------------------------------------

    def pay(self) -> None:
        if self._holders_missing():
            self.enter_holders()
            return
        if self.quote is None or self.session is None or self.payment is not None:
            return
        self.payment = PaymentDialog(self.quote.breakdown.total, self)
        self.payment.tendered.connect(self._tendered)
        self.payment.finished.connect(self._payment_closed)
        self.payment.open()

    def _payment_closed(self, _result: int) -> None:
        self.payment = None

    def _tendered(self, tenders: tuple) -> None:
        assert self.quote is not None and self.session is not None
        self.cart.pay.setEnabled(False)
        self.banner.setText(self.tr("Selling…"))
        self._requests["sell"] = self.bridge.sell(
            self.quote.performance_id,
            self.quote.items,
            tenders,
            self.session,
            coupon=self.cart.coupon.text(),
            member=self.cart.member.text(),
            order_id=str(uuid.uuid4()),
            held=self.holds.current if self.cart_online else None,
            override=self.price_approval,
        )

    def _on_sold(self, request: int, result: SaleResult) -> None:
        if request != self._requests.get("sell"):
            return
        self.map_view.mark(tuple(t.seat_id for t in result.tickets if t.seat_id), "sold")
        if self.cart_online:
            self.holds.consumed()
            self._held_seats = set()
            self.bridge.sync_now()  # the order goes up at once, consuming the hold at central
        self.reset_sale(keep_performance=True)
        text = self.tr("Sold: order %1, %n ticket(s).", "", len(result.tickets)).replace(
            "%1", result.order_number
        )
        if result.change.amount:
            text += " " + self.tr("Change: %1").replace("%1", result.change.format())
        self.banner.setText(text + " " + self.tr("Ready for the next customer."))
        self.banner.setProperty("orderId", result.order_id)
        self.browser.reload()
        self._requests["print"] = self.bridge.print_order(result.order_id, self.session)
        self.sale_completed.emit(result)
        self.focus_start()
        self.ready.emit()

    # --- printing (after the sale has committed) -----------------------------------------

    def _on_printed(self, request: int, done: PrintDone) -> None:
        if request not in (self._requests.get("print"), self._requests.get("reprint")):
            return
        base = self.banner.text()
        if not done.printer:
            note = self.tr("No printer is set up: nothing was printed.")
        else:
            note = self.tr("Printed on %1.").replace("%1", done.printer)
        self.banner.setText(f"{base} {note}" if base else note)
        self.print_done.emit(done)

    def _print_failed(self, exc: BaseException, *, request_was_sale: bool = True) -> None:
        job = str(getattr(exc, "details", {}).get("job", ""))
        box = show_error(self, exc, retry=bool(job))
        box.setObjectName("printErrorDialog")
        self.print_error = box
        if job:
            retry = QMessageBox.StandardButton.Retry

            def clicked(button: object) -> None:
                if box.standardButton(button) == retry:  # type: ignore[arg-type]
                    self._requests["reprint"] = self.bridge.retry_print(job)

            box.buttonClicked.connect(clicked)
        note = self.tr("The sale is saved, but printing failed.") + (
            " " + self.tr("Print job %1 can be retried.").replace("%1", job[:8]) if job else ""
        )
        base = self.banner.text() if request_was_sale else ""
        self.banner.setText(f"{base} {note}" if base else note)
        self.print_failed.emit(exc)

    def _on_failed(self, request: int, what: str, exc: BaseException) -> None:
        if request in (self._requests.get("print"), self._requests.get("reprint")):
            self._print_failed(exc, request_was_sale=request == self._requests.get("print"))
            return
        if request == self._requests.get("map_refresh"):
            log.warning("seat map refresh failed: %s", exc)
            return
        if request not in (self._requests.get("quote"), self._requests.get("sell")):
            if request in (self._requests.get("detail"), self._requests.get("map")):
                show_error(self, exc)
            return
        self.banner.clear()
        if what == "quote":
            from ui.errors import describe

            msg = describe(exc)
            self.cart.problem.setText(f"{msg.text} {msg.next_step}")
            return
        self.cart.pay.setEnabled(self.quote is not None)
        show_error(self, exc)
        if isinstance(exc, NotSellable) and self.performance is not None:
            self._requests["map"] = self.bridge.load_seat_map(self.performance.performance_id)
            self.requote()

    def reset_sale(self, *, keep_performance: bool = False) -> None:
        self.quote = None
        self.price_approval = None
        self.holds.release()
        self._restore_seats(self._held_seats)
        self._held_seats = set()
        self.cart_online = None
        self.cart.clear()
        self.map_view.clear_selection()
        if not keep_performance:
            self.performance = None
            self.heading.setText(self.tr("Choose a performance (F2 to search)"))

    # --- labels --------------------------------------------------------------------------

    def _describe_item(self, item: CartItem) -> str:
        if item.seat_id and self.map_view.item is not None:
            i = self.map_view.item.index_of.get(item.seat_id)
            if i is not None:
                return self.map_view.describe(i).split("\n", 1)[0]
        if item.area_id and self.detail is not None:
            area: StandingArea | None = next(
                (a for a in self.detail.areas if a.area_id == item.area_id), None
            )
            if area is not None:
                return self.tr("%1 (standing)").replace("%1", area.name(self.language))
        return item.item_id

    def _concession_name(self, code: str) -> str:
        options: tuple[ConcessionOption, ...] = self.detail.concessions if self.detail else ()
        return next((c.name(self.language) for c in options if c.code == code), code)

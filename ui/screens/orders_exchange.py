"""The exchange part of the Orders screen: the target performance, seats or a standing
quantity, the price difference, then the core's exchange on the single writer.

Seats are the best available N side by side in the chosen zone (the same rule the Sell
screen's best-available uses); standing is a quantity of an area. The new cart is priced by
the core's quote; the difference is collected with the tiles' payment screen (cash, card, or
a scanned wallet code: :mod:`pos.payments.exchange_pay`) or shown as going back to the old
order's tenders. The exchange itself checks everything again in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from pos.aftersales.exchange import ExchangeResult
from pos.aftersales.lookup import OrderView, TicketLine
from pos.cash.tenders import Tender
from pos.catalog import seatmap
from pos.catalog.cache import PerformanceSummary
from pos.money import Money
from pos.sales import CartItem, Quote
from pos.sales.cart import standing
from pos.staff.access import Override, Permission, StaffSession
from ui.bridge import Bridge
from ui.ops import aftersales, catalog, sales
from ui.ops import wallet as wallet_ops
from ui.ops.catalog import PerformanceDetail
from ui.screens.orders_view import needs_late_approval
from ui.screens.pay_tiles import PaymentDialog  # tiles, scanned payment codes

log = logging.getLogger(__name__)
TOUCH = 44


class ExchangeHost(Protocol):
    """What the panel needs of the screen it sits in (the Orders screen)."""

    bridge: Bridge
    session: StaffSession | None

    def say(self, text: str, code: str) -> None: ...

    def show_error(self, exc: BaseException) -> None: ...

    def approve(self, permission: Permission, what: str, then: Callable[[Override], None]) -> None: ...

    def exchange_done(self, result: ExchangeResult) -> None: ...


class ExchangePanel(QGroupBox):
    paid_exchange = Signal(object)  # an exchange the payment screen waited for is done

    def __init__(self, orders: ExchangeHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Exchange"))
        self.setObjectName("exchangePanel")
        self.orders = orders
        self.ctx = orders.bridge.ctx
        self.runner = orders.bridge.runner
        self.view: OrderView | None = None
        self.lines: list[TicketLine] = []
        self.map: seatmap.SeatMap | None = None
        self.items: tuple[CartItem, ...] = ()
        self.difference: Money | None = None
        self.payment: PaymentDialog | None = None

        self.performance = QComboBox()
        self.performance.setObjectName("exchangePerformance")
        self.what = QComboBox()
        self.what.setObjectName("exchangeWhat")
        self.concession = QComboBox()
        self.concession.setObjectName("exchangeConcession")
        self.quantity = QSpinBox()
        self.quantity.setObjectName("exchangeQuantity")
        self.quantity.setRange(1, 20)
        self.price_button = QPushButton(self.tr("Find seats and price"))
        self.price_button.setObjectName("exchangePrice")
        self.go_button = QPushButton(self.tr("Exchange"))
        self.go_button.setObjectName("exchangeGo")
        self.go_button.setEnabled(False)
        self.result = QLabel()
        self.result.setObjectName("exchangeResult")
        self.result.setWordWrap(True)
        for w in (
            self.performance,
            self.what,
            self.concession,
            self.quantity,
            self.price_button,
            self.go_button,
        ):
            w.setMinimumHeight(TOUCH)

        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("Performance")), 0, 0)
        grid.addWidget(self.performance, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Seats or standing")), 1, 0)
        grid.addWidget(self.what, 1, 1)
        grid.addWidget(QLabel(self.tr("Concession")), 1, 2)
        grid.addWidget(self.concession, 1, 3)
        grid.addWidget(QLabel(self.tr("How many")), 2, 0)
        grid.addWidget(self.quantity, 2, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.price_button)
        buttons.addWidget(self.go_button)
        grid.addLayout(buttons, 2, 2, 1, 2)
        grid.addWidget(self.result, 3, 0, 1, 4)

        self.performance.currentIndexChanged.connect(self._performance_changed)
        for w in (self.what, self.concession):
            w.currentIndexChanged.connect(self._forget_price)
        self.quantity.valueChanged.connect(self._forget_price)
        self.price_button.clicked.connect(self.price)
        self.go_button.clicked.connect(self.go)

    # --- choosing ------------------------------------------------------------------------

    def start(self, view: OrderView, lines: Sequence[TicketLine]) -> None:
        self.view, self.lines = view, list(lines)
        self.quantity.setValue(len(self.lines))
        self._forget_price()
        self.result.setText(
            self.tr("Exchanging %1 ticket(s), worth %2 (booking fees are not refunded).")
            .replace("%1", str(len(self.lines)))
            .replace("%2", self.credit.format())
        )
        self.show()
        catalog.upcoming(self.ctx).success(self._performances).failure(self.orders.show_error).run(
            self.runner, self
        )

    @property
    def credit(self) -> Money:
        return Money(sum(line.refundable.amount for line in self.lines), self.ctx.currency)

    def _performances(self, perfs: tuple[PerformanceSummary, ...]) -> None:
        current = self.view.order.performance_id if self.view else ""
        self.performance.blockSignals(True)
        self.performance.clear()
        zone, lang = self.ctx.info.zone, self.ctx.language
        for p in perfs:
            if p.status != "on_sale":
                continue
            label = f"{p.name(lang)} · {p.starts_at.astimezone(zone):%Y-%m-%d %H:%M}"
            self.performance.addItem(label, p.performance_id)
        index = self.performance.findData(current)
        self.performance.blockSignals(False)
        self.performance.setCurrentIndex(max(index, 0))
        self._performance_changed()

    def _performance_changed(self) -> None:
        self._forget_price()
        performance_id = self.performance.currentData()
        if not performance_id:
            return
        catalog.seat_map_and_detail(self.ctx, performance_id).success(self._detail).failure(
            self.orders.show_error
        ).run(self.runner, self)

    def _detail(self, loaded: tuple[seatmap.SeatMap, PerformanceDetail]) -> None:
        seat_map, detail = loaded
        areas, concessions = detail.areas, detail.concessions
        self.map = seat_map
        lang = self.ctx.language
        self.what.blockSignals(True)
        self.concession.blockSignals(True)
        self.what.clear()
        seated = {z for z in seat_map.columns.zone_ids}
        for z in seat_map.zones:
            if z.zone_id in seated:
                price = Money(z.adult_price, self.ctx.currency).format() if z.adult_price is not None else ""
                name = z.name_zh if lang == "zh" else z.name_en
                self.what.addItem(
                    self.tr("Seats · %1 %2").replace("%1", name).replace("%2", price).strip(),
                    ("seat", z.zone_id),
                )
        for a in areas:
            name = a.name_zh if lang == "zh" else a.name_en
            self.what.addItem(
                self.tr("Standing · %1 (%2 left)").replace("%1", name).replace("%2", str(a.left_for_us)),
                ("area", a.area_id),
            )
        self.concession.clear()
        for c in concessions:
            if not c.requires_member:
                self.concession.addItem(c.name(lang), c.code)
        self.concession.setCurrentIndex(max(self.concession.findData("adult"), 0))
        self.what.blockSignals(False)
        self.concession.blockSignals(False)

    def choose(self, kind: str, ident: str) -> None:
        """Select a target by (``seat``, zone id) or (``area``, area id)."""
        for i in range(self.what.count()):
            if tuple(self.what.itemData(i)) == (kind, ident):
                self.what.setCurrentIndex(i)
                return

    def _forget_price(self) -> None:
        self.items, self.difference = (), None
        self.go_button.setEnabled(False)

    # --- pricing -------------------------------------------------------------------------

    def price(self) -> None:
        target, concession = self.what.currentData(), self.concession.currentData()
        performance_id, n = self.performance.currentData(), self.quantity.value()
        if not target or not concession or not performance_id or self.map is None:
            self.orders.say(self.tr("Choose the performance and the seats first."), "invalid_input")
            return
        kind, ident = target
        if kind == "seat":
            seats = seatmap.best_available(self.map.columns, n, zone_id=ident)
            if not seats:
                self.orders.say(
                    self.tr("No %1 seats side by side are left in this zone: choose another.").replace(
                        "%1", str(n)
                    ),
                    "not_sellable",
                )
                return
            items: tuple[CartItem, ...] = tuple(CartItem(concession, seat_id=s) for s in seats)
        else:
            items = standing(ident, n, concession)
        sales.quote(self.ctx, performance_id, items).success(lambda q: self._priced(items, q)).failure(
            self.orders.show_error
        ).run(self.runner, self)

    def _priced(self, items: tuple[CartItem, ...], quote: Quote) -> None:
        total: Money = quote.breakdown.total
        self.items = items
        self.difference = total - self.credit
        where = ", ".join(i.item_id for i in items)
        if self.difference.amount > 0:
            settle = self.tr("the customer pays %1 more").replace("%1", self.difference.format())
        elif self.difference.amount < 0:
            settle = self.tr("%1 goes back to the customer").replace(
                "%1", Money(-self.difference.amount, total.currency).format()
            )
        else:
            settle = self.tr("no difference to settle")
        self.result.setText(
            self.tr("New: %1 · %2; old tickets %3: %4.")
            .replace("%1", where)
            .replace("%2", total.format())
            .replace("%3", self.credit.format())
            .replace("%4", settle)
        )
        self.go_button.setEnabled(True)
        self.orders.say("", "")

    # --- doing it ------------------------------------------------------------------------

    def go(self) -> None:
        if not self.items or self.difference is None or self.orders.session is None:
            return
        actor = self.orders.session
        if not actor.can(Permission.EXCHANGE):
            self.orders.approve(
                Permission.EXCHANGE, self.tr("A supervisor approves this exchange."), self._pay_then_run
            )
            return
        self._pay_then_run(None)

    def _pay_then_run(self, grant: Override | None) -> None:
        assert self.difference is not None
        if self.difference.amount <= 0:
            self._run((), grant)
            return
        self.payment = PaymentDialog(self.difference, self, op="exchange", done=self.paid_exchange)
        self.payment.tendered.connect(lambda tenders: self._run(tuple(tenders), grant))
        self.payment.finished.connect(lambda _r: setattr(self, "payment", None))
        self.payment.open()

    def _run(self, tenders: tuple[Tender, ...], grant: Override | None) -> None:
        actor, view = self.orders.session, self.view
        if actor is None or view is None:
            return
        ticket_ids = [line.ticket.ticket_id for line in self.lines]

        def refused(exc: BaseException) -> None:
            if needs_late_approval(exc, grant):
                then: Callable[[Override], None] = lambda ov: self._run(tenders, ov)  # noqa: E731
                if wallet_ops.scanned(tenders) is not None and self.payment is not None:
                    # Nothing was charged (refused first): approve, then a fresh code on a new screen.
                    self.payment.reject()
                    then = self._pay_then_run
                self.orders.approve(
                    Permission.REFUND_LATE,
                    self.tr("The refund window has closed: a supervisor approves this late exchange."),
                    then,
                )
            else:
                self.orders.show_error(exc)

        self.go_button.setEnabled(False)
        self.orders.say(self.tr("Exchanging…"), "")
        aftersales.exchange(
            self.ctx,
            order_id=view.order.order_id,
            performance_id=str(self.performance.currentData()),
            items=self.items,
            ticket_ids=ticket_ids,
            tenders=tenders,
            actor=actor,
            grant=grant,
        ).success(self._done).failure(refused).run(self.runner, self)

    def _done(self, result: ExchangeResult) -> None:
        self.paid_exchange.emit(result)  # a payment screen waiting for a wallet closes
        self.orders.exchange_done(result)

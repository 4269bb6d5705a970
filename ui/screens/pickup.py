"""The Pickup screen (取票): find an online order by its pickup code, or by order number and
the last 4 digits of the buyer's phone; show it; hand it out (and print) once.

The screen asks central through :mod:`ui.ops.pickup` on the runner's network lane, so a slow
network never freezes the counter. Offline, only orders this outlet received for pickup can
be handed out; the core says so and the screen shows it. The main window decides where the
screen lives and what printing does after a collection (``collected`` carries the result).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.errors import PosError
from pos.money import Money
from pos.pickup.service import PickupOrder, PickupQuery, parse_query
from pos.staff.access import StaffSession
from ui.context import AppContext
from ui.errors import describe, headed
from ui.ops import pickup
from ui.ops.pickup import ClientFactory
from ui.ops.runner import OperationRunner
from ui.widgets.table import fill_table, text_table

if TYPE_CHECKING:
    from sync.pickup import PickupResult

log = logging.getLogger(__name__)



class PickupScreen(QWidget):
    found = Signal(PickupOrder)
    # sync.pickup.PickupResult (sync loads at the first pickup, not with the app): print its order next
    collected = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        runner: OperationRunner,
        *,
        client: ClientFactory,
        actor: Callable[[], StaffSession | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pickupScreen")
        self.ctx = ctx
        self.runner = runner
        self._client = client
        self._actor = actor
        self._query: PickupQuery | None = None
        self.order: PickupOrder | None = None

        self.code = QLineEdit(self)
        self.code.setObjectName("pickupCode")
        self.code.setPlaceholderText(self.tr("Pickup code (8 digits)"))
        self.code.setMaxLength(12)
        self.number = QLineEdit(self)
        self.number.setObjectName("pickupOrderNumber")
        self.number.setPlaceholderText(self.tr("Order number (W + 9 digits)"))
        self.phone = QLineEdit(self)
        self.phone.setObjectName("pickupPhone")
        self.phone.setPlaceholderText(self.tr("Last 4 digits of the phone"))
        self.phone.setMaxLength(4)
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.setObjectName("pickupFind")
        self.collect_button = QPushButton(self.tr("Hand out and print"), self)
        self.collect_button.setObjectName("pickupCollect")
        self.collect_button.setEnabled(False)
        self.summary = QLabel(self)
        self.summary.setObjectName("pickupSummary")
        self.summary.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("pickupMessage")
        self.message.setWordWrap(True)
        self.tickets = text_table(
            [self.tr("Ticket"), self.tr("Seat or area"), self.tr("Price type"), self.tr("Price")], self
        )
        self.tickets.setObjectName("pickupTickets")

        form = QFormLayout()
        form.addRow(self.tr("Pickup code"), self.code)
        form.addRow(self.tr("or order number"), self.number)
        form.addRow(self.tr("and phone (last 4)"), self.phone)
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addStretch(1)
        buttons.addWidget(self.collect_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.tickets, 1)

        self.find_button.clicked.connect(self.look_up)
        self.code.returnPressed.connect(self.look_up)
        self.phone.returnPressed.connect(self.look_up)
        self.collect_button.clicked.connect(self.hand_out)

    # --- actions -------------------------------------------------------------------------

    def _read_query(self) -> PickupQuery | None:
        try:
            return parse_query(
                code=self.code.text(), order_number=self.number.text(), phone_last4=self.phone.text()
            )
        except PosError as exc:
            self._show_error(exc)
            return None

    def look_up(self) -> None:
        query = self._read_query()
        if query is None:
            return
        self._clear_order()
        self._say(self.tr("Looking up the order…"), "")
        pickup.look_up(self.ctx.store, self._client, query).success(
            lambda found: self._shown(query, found)
        ).failure(self._show_error).run(self.runner, self, supersede="pickup_lookup")

    def find_by_number(self, order_number: str, phone_last4: str) -> None:
        """Look up an online order the Customer screen opened (issue 22)."""
        self.code.clear()
        self.number.setText(order_number)
        self.phone.setText(phone_last4)
        self.look_up()

    def hand_out(self) -> None:
        actor = self._actor()
        if self._query is None or self.order is None or actor is None:
            return
        self.collect_button.setEnabled(False)
        pickup.hand_out(
            self.ctx.store, self._client, query=self._query, actor=actor, now=self.ctx.clock()
        ).success(self._done).failure(self._show_error).run(self.runner, self)

    # --- results -------------------------------------------------------------------------

    def _shown(self, query: PickupQuery, result: tuple[PickupOrder, bool]) -> None:
        order, from_copy = result
        self._query, self.order = query, order
        self._fill(order)
        if order.collected is not None:
            self._say(
                self._collected_text(order.collected.collected_at, order.collected.outlet_id),
                "already_collected",
            )
        elif from_copy:
            self._say(
                self.tr("Central is unreachable: this order is handed out from this outlet's copy."), ""
            )
            self.collect_button.setEnabled(True)
        else:
            self._say(self.tr("Ready to hand out."), "")
            self.collect_button.setEnabled(True)
        self.found.emit(order)

    def _done(self, result: PickupResult) -> None:
        self.order = result.order
        self._fill(result.order)
        text = self.tr("Handed out. Print the tickets now.")
        if result.offline:
            text += " " + self.tr("(offline: central hears of it at the next sync)")
        self._say(text, "")
        self.collected.emit(result)

    def _fill(self, o: PickupOrder) -> None:
        total = Money(o.total, self.ctx.currency).format()
        self.summary.setText(
            self.tr("Order %1 · %2 · %3 ticket(s) · %4")
            .replace("%1", o.order_number or o.pickup_code)
            .replace("%2", o.buyer_name)
            .replace("%3", str(len(o.tickets)))
            .replace("%4", total)
        )
        fill_table(
            self.tickets,
            [
                (
                    t.ticket_id,
                    t.seat_id or t.area_id or "",
                    t.concession,
                    Money(t.price, self.ctx.currency).format(),
                )
                for t in o.tickets
            ],
        )

    def _clear_order(self) -> None:
        self.order = None
        self.collect_button.setEnabled(False)
        self.summary.clear()
        self.tickets.setRowCount(0)

    def _collected_text(self, when: datetime, outlet: str) -> str:
        local = when.astimezone(self.ctx.info.zone)
        return (
            self.tr("Already collected on %1 at outlet %2.")
            .replace("%1", local.strftime("%Y-%m-%d %H:%M"))
            .replace("%2", outlet)
        )

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, PosError) and exc.code == "already_collected":
            when = datetime.fromisoformat(str(exc.details.get("collected_at")))
            self._say(self._collected_text(when, str(exc.details.get("outlet_id", ""))), exc.code)
            return
        if isinstance(exc, PosError) and exc.code == "pickup_offline":
            self._say(
                self.tr(
                    "Central is unreachable and this order was not sent to this outlet: try again when online."
                ),
                exc.code,
            )
            return
        msg = describe(exc)
        self._say(headed(msg.title, msg.text, msg.next_step), msg.code)

    def _say(self, text: str, code: str) -> None:
        self.message.setText(text)
        self.message.setProperty("errorCode", code)

"""The Customer screen (issue 22): customer service at the counter. Find a customer by full
phone number or member number (asked of central: online only, logged and throttled there),
see their recent orders from every channel and the notes about them, open an order where it
can be served (this terminal's orders in Orders & refunds; an online order not yet collected
in Pickup), and record a complaint or request (queued, sent with the next sync).

The main window wires ``open_order`` and ``open_pickup`` to those screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.customers.notes import NoteQueued
from pos.errors import PosError
from pos.money import Money
from pos.staff.access import StaffSession
from ui.context import AppContext
from ui.errors import describe, headed
from ui.ops import customers
from ui.ops.pickup import ClientFactory
from ui.ops.runner import OperationRunner
from ui.widgets.table import fill_table, text_table

if TYPE_CHECKING:
    from sync.customers import FoundCustomer
    from sync.protocol.customers import CustomerOrder


class CustomerScreen(QWidget):
    open_order = Signal(str)  # an order number of this terminal: Orders & refunds
    open_pickup = Signal(str, str)  # an online order's number and the phone's last 4: Pickup

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
        self.setObjectName("customerScreen")
        self.ctx = ctx
        self.runner = runner
        self._client = client
        self._actor = actor
        self.found: FoundCustomer | None = None
        self._build()
        self.find_button.clicked.connect(self.look_up)
        self.phone.returnPressed.connect(self.look_up)
        self.member.returnPressed.connect(self.look_up)
        self.orders.itemSelectionChanged.connect(self._selection)
        self.open_button.clicked.connect(self._open)
        self.orders.itemDoubleClicked.connect(lambda _item: self._open())
        self.note_button.clicked.connect(self.record)

    def _build(self) -> None:
        self.phone = QLineEdit(self)
        self.phone.setObjectName("customerPhone")
        self.phone.setPlaceholderText(self.tr("Mobile number (11 digits)"))
        self.phone.setMaxLength(20)
        self.member = QLineEdit(self)
        self.member.setObjectName("customerMember")
        self.member.setPlaceholderText(self.tr("Member number"))
        self.member.setMaxLength(20)
        self.find_button = QPushButton(self.tr("Find customer"), self)
        self.find_button.setObjectName("customerFind")
        self.message = QLabel(self)
        self.message.setObjectName("customerMessage")
        self.message.setWordWrap(True)
        self.orders = text_table(
            [
                self.tr("Sold"),
                self.tr("Channel"),
                self.tr("Order"),
                self.tr("Performance"),
                self.tr("Tickets"),
                self.tr("Total"),
                self.tr("Status"),
                self.tr("Serve at"),
            ],
            self,
        )
        self.orders.setObjectName("customerOrders")
        self.orders.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.orders.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.open_button = QPushButton(self.tr("Open order"), self)
        self.open_button.setObjectName("customerOpen")
        self.open_button.setEnabled(False)
        self.notes = text_table([self.tr("Noted"), self.tr("Kind"), self.tr("Note"), self.tr("Outlet")], self)
        self.notes.setObjectName("customerNotes")
        self.note_kind = QComboBox(self)
        self.note_kind.setObjectName("customerNoteKind")
        self.note_kind.addItem(self.tr("Complaint"), "complaint")
        self.note_kind.addItem(self.tr("Request"), "request")
        self.note_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.note_kind.setMinimumContentsLength(6)  # never squeezed by the note beside it
        self.note_text = QLineEdit(self)
        self.note_text.setObjectName("customerNoteText")
        self.note_text.setMaxLength(500)
        self.note_text.setPlaceholderText(self.tr("What the customer said or asked"))
        self.note_button = QPushButton(self.tr("Record note"), self)
        self.note_button.setObjectName("customerNoteRecord")

        form = QFormLayout()
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("or member number"), self.member)
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_button)
        find_row.addStretch(1)
        find_row.addWidget(self.open_button)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_kind)
        note_row.addWidget(self.note_text, 1)
        note_row.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(find_row)
        layout.addWidget(self.message)
        layout.addWidget(self.orders, 3)
        layout.addWidget(QLabel(self.tr("Notes about this customer"), self))
        layout.addWidget(self.notes, 1)
        layout.addLayout(note_row)

    # --- actions -------------------------------------------------------------------------

    def look_up(self) -> None:
        phone, member = self.phone.text().strip(), self.member.text().strip()
        if bool(phone) == bool(member):
            self._say(
                self.tr("Enter the customer's mobile number or a member number (one of them)."), "input"
            )
            return
        self._clear()
        self._say(self.tr("Asking central…"), "")
        customers.find(
            self.ctx.store, self._client, phone=phone or None, member_number=member or None
        ).success(self._shown).failure(self._show_error).run(self.runner, self, supersede="customer_find")

    def record(self) -> None:
        actor = self._actor()
        phone = self.phone.text().strip() or (self.found.phone if self.found else "")
        if actor is None or not phone:
            self._say(self.tr("A note is recorded against a mobile number: enter it first."), "input")
            return
        customers.note(
            self.ctx.store,
            phone=phone,
            kind=str(self.note_kind.currentData()),
            text=self.note_text.text(),
            actor=actor,
        ).success(self._noted).failure(self._show_error).run(self.runner, self)

    def _open(self) -> None:
        order = self._selected()
        if order is None or self.found is None:
            return
        how = self.found.openable(order)
        if how == "local":
            self.open_order.emit(order.number)
        elif how == "pickup":
            self.open_pickup.emit(order.number, self.found.phone_last4)

    # --- results -------------------------------------------------------------------------

    def _shown(self, found: FoundCustomer) -> None:
        self.found = found
        r = found.reply
        self._say(
            self.tr("Customer %1: %2 order(s), %3 note(s).")
            .replace("%1", r.phone_masked)
            .replace("%2", str(len(r.orders)))
            .replace("%3", str(len(r.notes))),
            "",
        )
        fill_table(self.orders, [self._order_row(o) for o in r.orders])
        fill_table(
            self.notes,
            [
                (
                    n.noted_at.astimezone(self.ctx.info.zone).strftime("%Y-%m-%d %H:%M"),
                    self.tr("Complaint") if n.kind == "complaint" else self.tr("Request"),
                    n.text,
                    n.outlet_id,
                )
                for n in r.notes
            ],
        )

    def _order_row(self, o: CustomerOrder) -> tuple[str, ...]:
        assert self.found is not None
        status = []
        if o.refunded_tickets:
            status.append(self.tr("%1 refunded").replace("%1", str(o.refunded_tickets)))
        if o.collected:
            status.append(self.tr("collected"))
        if o.invoiced:
            status.append(self.tr("invoiced"))
        serve = {"local": self.tr("here (refund, exchange)"), "pickup": self.tr("here (pickup)")}.get(
            self.found.openable(o), self.tr("outlet %1").replace("%1", o.outlet_id or "-")
        )
        return (
            o.sold_at.astimezone(self.ctx.info.zone).strftime("%Y-%m-%d %H:%M"),
            self.tr("Online") if o.channel == "online" else self.tr("Counter"),
            o.number,
            o.performance_id,
            str(o.tickets),
            Money(o.total, self.ctx.currency).format(),
            ", ".join(status),
            serve,
        )

    def _noted(self, q: NoteQueued) -> None:
        self.note_text.clear()
        self._say(self.tr("Note recorded: it goes to central with the next sync."), "")

    def _selected(self) -> CustomerOrder | None:
        rows = {i.row() for i in self.orders.selectedIndexes()}
        if self.found is None or len(rows) != 1:
            return None
        return self.found.reply.orders[rows.pop()]

    def _selection(self) -> None:
        order = self._selected()
        self.open_button.setEnabled(order is not None and bool(self.found and self.found.openable(order)))

    def _clear(self) -> None:
        self.found = None
        self.orders.setRowCount(0)
        self.notes.setRowCount(0)
        self.open_button.setEnabled(False)

    def _show_error(self, exc: BaseException) -> None:
        code = exc.code if isinstance(exc, PosError) else ""
        reason = str(exc.details.get("reason", "")) if isinstance(exc, PosError) else ""
        words = {
            "customer_lookup_offline": self.tr(
                "Customer look-up needs central, which cannot be reached now."
            ),
            "customer_lookup_throttled": self.tr(
                "Too many customer look-ups at this terminal: central refuses more for a while."
            ),
            "customer_not_found": self.tr("No order or note is recorded for this phone."),
            "unknown_member": self.tr("No member has this number."),
            "bad_phone": self.tr("A customer phone is an 11-digit mobile number."),
            "bad_note_text": self.tr("A note is 1 to 500 characters."),
        }
        text = words.get(reason) or words.get(code)
        if text is None:
            msg = describe(exc)
            text = headed(msg.title, msg.text, msg.next_step)
        self._say(text, reason or code)

    def _say(self, text: str, code: str) -> None:
        self.message.setText(text)
        self.message.setProperty("errorCode", code)

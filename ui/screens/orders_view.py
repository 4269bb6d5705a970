"""What the Orders screen shows: the order (its summary, its tickets with what each would
give back, its payments), the bar that confirms a pending action, and the words the screen
and its exchange panel share for ticket states, tenders, where money goes back, what was
done, and the core's refusals."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.aftersales.exchange import ExchangeResult
from pos.aftersales.lookup import OrderView, TicketLine
from pos.aftersales.reversal import Reversal
from pos.errors import PosError
from pos.money import Money
from pos.staff.access import Override, Permission
from pos.tickets.printjobs import ReprintResult
from ui.errors import describe, headed
from ui.ops.printing import Reprinted

translate = QCoreApplication.translate  # lupdate reads translate("OrdersScreen", "…"): the screen's words
TOUCH = 44


def status_text(status: str) -> str:
    names = {
        "valid": translate("OrdersScreen", "valid"),
        "scanned": translate("OrdersScreen", "scanned at the door"),
        "refunded": translate("OrdersScreen", "refunded"),
        "part_refunded": translate("OrdersScreen", "partly refunded"),
        "voided": translate("OrdersScreen", "voided"),
        "exchanged": translate("OrdersScreen", "exchanged"),
        "part_exchanged": translate("OrdersScreen", "partly exchanged"),
        "reprinted": translate("OrdersScreen", "reprinted"),
        "revoked": translate("OrdersScreen", "revoked"),
        "paid": translate("OrdersScreen", "paid"),
    }
    return names.get(status, status)


def printed_state(state: str) -> str:
    """Whether the order's tickets are known to be on paper (a reprint is for printed ones)."""
    names = {
        "confirmed": translate("OrdersScreen", "Tickets printed (confirmed)."),
        "unconfirmed": translate(
            "OrdersScreen", "Tickets sent to a printer that could not confirm them: ask whether they came out."
        ),
        "partly": translate("OrdersScreen", "Some tickets printed, the others not yet."),
        "failed": translate("OrdersScreen", "Printing the tickets failed: retry the print job."),
    }
    return names.get(state, translate("OrdersScreen", "Tickets not printed yet."))


def tender_text(kind: str) -> str:
    names = {
        "cash": translate("OrdersScreen", "cash"),
        "card": translate("OrdersScreen", "card"),
        "mobile": translate("OrdersScreen", "mobile"),
        "exchange": translate("OrdersScreen", "exchange credit"),
    }
    return names.get(kind, kind)


def destination(kind: str, amount: Money, reference: str) -> str:
    """Where money goes back: cash from the drawer, or the tender by its reference."""
    if kind == "cash":
        return translate("OrdersScreen", "%1 in cash from the drawer").replace("%1", amount.format())
    return (
        translate("OrdersScreen", "%1 back to %2 %3")
        .replace("%1", amount.format())
        .replace("%2", tender_text(kind))
        .replace("%3", reference)
        .strip()
    )


def destinations(refunds: tuple[tuple[str, Money, str], ...]) -> str:
    return "; ".join(destination(k, m, r) for k, m, r in refunds)


def needs_late_approval(exc: BaseException, grant: Override | None) -> bool:
    # Closed window: a supervisor may approve. After the show has started, nobody may.
    return (
        isinstance(exc, PosError)
        and exc.code == "refund_window_closed"
        and "must approve" in exc.message
        and (grant is None or grant.permission is not Permission.REFUND_LATE)
    )


def refusal_text(exc: BaseException) -> tuple[str, str]:
    """The core's error as the Orders screen words it: (the line shown, its error code)."""
    msg = describe(exc)
    code, message = (exc.code, exc.message) if isinstance(exc, PosError) else ("", "")
    if code == "invalid_input" and isinstance(exc, PosError) and exc.details.get("reason") == "malformed":
        text = translate("OrdersScreen", "This is neither an order number nor a readable ticket code.")
        step = translate("OrdersScreen", "Type the order number from the receipt, or scan the ticket again.")
    elif code == "not_found":
        text = translate("OrdersScreen", "No such order or ticket was sold on this terminal.")
        step = translate(
            "OrdersScreen", "Check the number on the receipt; online orders are handed out in Pickup."
        )
    elif code == "reversal_refused" and "older than" in message:
        text = translate("OrdersScreen", "The last sale is older than the void window.")
        step = translate("OrdersScreen", "Refund it instead: find the order and refund it (F6).")
    elif code == "reversal_refused" and " is already " in message:
        text = translate(
            "OrdersScreen", "This order was already refunded, voided or exchanged. Nothing was changed."
        )
        step = translate("OrdersScreen", "Find the order again to see what is still valid.")
    else:
        text, step = msg.text, msg.next_step
    return headed(msg.title, text, step), msg.code


def not_approved_text() -> str:
    return translate("OrdersScreen", "Not done: a supervisor must approve this. Nothing was changed.")


def not_refundable_text(line: TicketLine) -> str:
    return (
        translate("OrdersScreen", "Ticket %1 is %2: it cannot be refunded. Select only valid tickets.")
        .replace("%1", line.ticket.ticket_id)
        .replace("%2", status_text(line.status))
    )


def refund_text(amount: Money, tickets: int, number: str, refunds: tuple[tuple[str, Money, str], ...]) -> str:
    """What a refund will do, for the clerk to confirm."""
    return (
        translate(
            "OrdersScreen", "Refund %1 for %2 ticket(s) of order %3: %4. Booking fees are not refunded."
        )
        .replace("%1", amount.format())
        .replace("%2", str(tickets))
        .replace("%3", number)
        .replace("%4", destinations(refunds) or "—")
    )


def reversal_text(result: Reversal) -> str:
    texts = {
        "refund": translate("OrdersScreen", "Refunded %1: %2."),
        "void": translate("OrdersScreen", "Voided order %3: %1 back: %2."),
    }
    return (
        texts[result.kind]
        .replace("%1", result.amount.format())
        .replace("%2", destinations(result.refunds) or "—")
        .replace("%3", result.order_number)
    )


def reprint_text(result: ReprintResult) -> str:
    return (
        translate("OrdersScreen", "Ticket %1 replaced by %2: the old code no longer admits.")
        .replace("%1", result.old_ticket_id)
        .replace("%2", result.new_ticket_id)
    )


def printed_text(done: Reprinted) -> tuple[str, str]:
    """What came of printing a reprinted ticket: (the words, an error code or "")."""
    if done.problem is not None:
        msg = describe(done.problem)
        extra = translate("OrdersScreen", "Printing failed: %1 %2").replace("%1", msg.text)
        return extra.replace("%2", msg.next_step), msg.code
    if done.printed and done.status == "unconfirmed":
        return (
            translate(
                "OrdersScreen",
                "The new ticket was sent to the printer, which cannot confirm it printed: check "
                "that it came out (if not, retry its print job).",
            ),
            "",
        )
    if done.printed:
        return translate("OrdersScreen", "The new ticket was printed."), ""
    return translate("OrdersScreen", "No printer is set up, so nothing was printed."), ""


def exchange_text(result: ExchangeResult) -> str:
    text = translate("OrdersScreen", "Exchanged into order %1 (%2).").replace("%1", result.new_order_number)
    if result.difference.amount > 0:
        detail = translate("OrdersScreen", "collected %1, change %2").replace(
            "%1", result.difference.format()
        )
        detail = detail.replace("%2", result.change.format())
    elif result.difference.amount < 0:
        back = Money(-result.difference.amount, result.difference.currency)
        detail = (
            translate("OrdersScreen", "refunded %1: %2")
            .replace("%1", back.format())
            .replace("%2", destinations(result.refunds))
        )
    else:
        detail = translate("OrdersScreen", "no difference")
    return text.replace("%2", detail)


def button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setMinimumHeight(TOUCH)
    return b


class OrderPanel(QWidget):
    """The order found: summary, ticket lines (multi-select), payments."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.view: OrderView | None = None
        self.summary = QLabel()
        self.summary.setObjectName("ordersSummary")
        self.summary.setWordWrap(True)
        self.tickets = QTableWidget(0, 6)
        self.tickets.setObjectName("ordersTickets")
        self.tickets.setHorizontalHeaderLabels(
            [
                translate("OrdersScreen", "Ticket"),
                translate("OrdersScreen", "Seat or area"),
                translate("OrdersScreen", "Concession"),
                translate("OrdersScreen", "Price"),
                translate("OrdersScreen", "Refund"),
                translate("OrdersScreen", "Status"),
            ]
        )
        self.tickets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tickets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tickets.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.tickets.verticalHeader().setDefaultSectionSize(TOUCH)
        self.payments = QLabel()
        self.payments.setObjectName("ordersPayments")
        self.payments.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary)
        lay.addWidget(self.tickets, 1)
        lay.addWidget(self.payments)

    def show_view(self, view: OrderView) -> None:
        self.view = view
        o = view.order
        zone = self.zone
        self.summary.setText(
            translate("OrdersScreen", "Order %1 · %2 · %3 · status %4 · sold by %5 at %6 · total %7")
            .replace("%1", o.number)
            .replace("%2", o.event)
            .replace("%3", o.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
            .replace("%4", status_text(o.status))
            .replace("%5", f"{o.staff_name} ({o.staff_id})")
            .replace("%6", o.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
            .replace("%7", o.total.format())
        )
        self.tickets.setRowCount(len(view.lines))
        for row, line in enumerate(view.lines):
            t = line.ticket
            place = f"{t.section} {t.row_label}-{t.seat_number}" if t.seat_id else t.section
            values = (
                t.ticket_id,
                place.strip(),
                t.concession,
                t.total.format(),
                line.refundable.format(),
                status_text(line.status),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, line.status)
                self.tickets.setItem(row, col, item)
        self.tickets.resizeColumnsToContents()
        paid = "; ".join(
            f"{tender_text(p.kind)} {p.amount.format()}" + (f" ({p.reference})" if p.reference else "")
            for p in o.payments
        )
        self.payments.setText(
            translate("OrdersScreen", "Payments: %1").replace("%1", paid or "—") + "\n" + printed_state(view.printed)
        )
        if view.found_ticket is not None:
            for row, line in enumerate(view.lines):
                if line.ticket.ticket_id == view.found_ticket:
                    self.tickets.selectRow(row)

    def selected_lines(self) -> list[TicketLine]:
        if self.view is None:
            return []
        rows = sorted({i.row() for i in self.tickets.selectionModel().selectedRows()})
        return [self.view.lines[r] for r in rows if r < len(self.view.lines)]

    def has_selection(self) -> bool:
        return self.view is not None and bool(self.tickets.selectionModel().selectedRows())

    def clear(self) -> None:
        self.view = None
        self.summary.clear()
        self.payments.clear()
        self.tickets.setRowCount(0)

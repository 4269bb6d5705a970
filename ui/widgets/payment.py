"""The payment dialog: cash with quick amounts and change, card with its approval
reference, or both (split tender: card first, the rest in cash)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.cash.tenders import Tender
from pos.errors import InvalidInput
from pos.money import Money
from ui import theme
from ui.widgets.points_tender import offer_points

log = logging.getLogger(__name__)
TOUCH = 44


def _round_up(amount: int, step: int) -> int:
    return ((amount + step - 1) // step) * step if amount % step else amount + step


class PaymentDialog(QDialog):
    tendered = Signal(tuple)  # tuple[Tender, ...]

    def __init__(self, total: Money, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.setWindowTitle(self.tr("Payment"))
        self.total = total
        big = QLabel(self.tr("Total: %1").replace("%1", total.format()))
        big.setObjectName("paymentTotal")
        big.setFont(theme.font("title", bold=True))  # also #paymentTotal in the style sheet

        self.cash = QLineEdit(total.format())
        self.cash.setObjectName("cashAmount")
        self.card = QLineEdit()
        self.card.setObjectName("cardAmount")
        self.card.setPlaceholderText("0.00")
        self.card_ref = QLineEdit()
        self.card_ref.setObjectName("cardReference")
        self.card_ref.setPlaceholderText(self.tr("approval code on the card slip"))
        for field in (self.cash, self.card, self.card_ref):
            field.setMinimumHeight(TOUCH)
        self.change = QLabel()
        self.change.setObjectName("changeDue")
        self.problem = QLabel()
        self.problem.setObjectName("paymentProblem")
        theme.set_tone(self.problem, "error")

        form = QFormLayout()
        form.addRow(self.tr("&Cash handed over"), self.cash)
        form.addRow(self.tr("Car&d amount"), self.card)
        form.addRow(self.tr("Card approval code"), self.card_ref)

        quick = QHBoxLayout()
        steps = ((self.tr("Exact (F5)"), 0), ("¥10 (F6)", 1000), ("¥50 (F7)", 5000), ("¥100 (F8)", 10000))
        self.quick_buttons: list[QPushButton] = []
        for n, (label, step) in enumerate(steps):
            button = QPushButton(theme.icon("cash"), label)
            button.setMinimumHeight(TOUCH)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, s=step: self.quick(s))
            QShortcut(QKeySequence(f"F{5 + n}"), self, lambda s=step: self.quick(s))
            quick.addWidget(button)
            self.quick_buttons.append(button)

        QShortcut(QKeySequence("F9"), self, self.all_by_card)
        self.pay_button = QPushButton(self.tr("Pay and sell (Enter)"))
        self.pay_button.setObjectName("payButton")
        self.pay_button.setIcon(theme.icon("pay", "ink_inverse"))
        theme.set_variant(self.pay_button, "primary")
        self.pay_button.setMinimumHeight(TOUCH)
        self.pay_button.setDefault(True)
        cancel = QPushButton(theme.icon("back"), self.tr("Back (Esc)"))
        cancel.setMinimumHeight(TOUCH)
        cancel.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.pay_button)

        # The form is a page of its own: the mobile payment's wait replaces it (ui.screens.pay_tiles).
        self.form_page = QWidget()
        self.form_layout = layout = QVBoxLayout(self.form_page)
        self.pages = QVBoxLayout(self)
        self.pages.setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(self.form_page)
        layout.addWidget(big)
        layout.addLayout(form)
        layout.addLayout(quick)
        layout.addWidget(self.change)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        self.cash.textChanged.connect(self._update)
        self.card.textEdited.connect(self._card_changed)
        self.pay_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.back_button = cancel
        for field in (self.cash, self.card, self.card_ref):
            field.returnPressed.connect(self.submit)
        self._update()
        self.cash.selectAll()
        self.cash.setFocus()
        offer_points(self, parent)  # issue 22: a member's points, when the cart has a member

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self.activateWindow()
        self.cash.setFocus()
        self.cash.selectAll()

    def _money(self, field: QLineEdit) -> Money:
        text = field.text().strip()
        return Money.parse(text, self.total.currency) if text else Money.zero(self.total.currency)

    def quick(self, step: int) -> None:
        """Exact (0) or the next round amount above what cash must cover."""
        try:
            due = self.total - self._money(self.card)
        except InvalidInput:
            due = self.total
        amount = due.amount if step == 0 else _round_up(due.amount, step)
        self.cash.setText(Money(max(amount, 0), self.total.currency).format())
        self.cash.setFocus()

    def all_by_card(self) -> None:
        """The whole total by card: the amount is filled in, the approval code is next."""
        self.card.setText(self.total.format())
        self.cash.setText("")
        self.card_ref.setFocus()

    def _card_changed(self) -> None:
        try:
            card = self._money(self.card)
        except InvalidInput:
            return
        rest = max(self.total.amount - card.amount, 0)
        self.cash.setText(Money(rest, self.total.currency).format() if rest else "")

    def _update(self) -> None:
        try:
            cash, card = self._money(self.cash), self._money(self.card)
        except InvalidInput:
            self.change.setText(self.tr("Change: —"))
            return
        change = cash.amount + card.amount - self.total.amount
        if change >= 0:
            self.change.setText(
                self.tr("Change: %1").replace("%1", Money(change, self.total.currency).format())
            )
        else:
            self.change.setText(
                self.tr("Still due: %1").replace("%1", Money(-change, self.total.currency).format())
            )

    def tenders(self) -> tuple[Tender, ...]:
        """What was entered, card first; raises InvalidInput with a translated message."""
        try:
            cash, card = self._money(self.cash), self._money(self.card)
        except InvalidInput:
            raise InvalidInput(self.tr("An amount is not valid: use e.g. 120 or 120.50.")) from None
        out: list[Tender] = []
        if card.amount > 0:
            if not self.card_ref.text().strip():
                raise InvalidInput(self.tr("Enter the card approval code."))
            out.append(Tender("card", card, self.card_ref.text().strip()))
        if cash.amount > 0:
            out.append(Tender("cash", cash))
        if sum(t.amount.amount for t in out) < self.total.amount:
            raise InvalidInput(self.tr("Not enough: the payment is below the total."))
        if self.total.amount == 0:
            return ()
        return tuple(out)

    def submit(self) -> None:
        try:
            tenders = self.tenders()
        except InvalidInput as exc:
            self.problem.setText(exc.message)
            return
        self.problem.clear()
        self.tendered.emit(tenders)
        self.accept()

"""The payment screen with tenders as large tiles (现金 / 微信支付 / 支付宝 / 银行卡), split tender
kept, and the wallet payment code read by the scanner wherever the focus is on it.

It extends the cash-and-card dialog (:class:`ui.widgets.payment.PaymentDialog`: the same name,
so its words keep their translation context). A keyboard-wedge scanner types a payment code as
a burst of digits ending in Enter into whatever has the focus: :class:`ScanCatcher` watches
every field and button of the screen, takes a burst that is a payment code (by its prefix,
:func:`pos.payments.wallet.wallet_for_code`), puts back what the field held before it, and starts
the charge. The sale then runs as any sale (the sell screen's ``tendered``), with a mobile
tender whose reference is the code; the screen waits (:mod:`ui.screens.pay_wait`) until the
sale completes or fails, and goes back to the tiles with the reason when it fails.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMessageBox, QPushButton, QWidget

from pos.cash.tenders import Tender
from pos.errors import InvalidInput
from pos.money import Money
from pos.payments.wallet import wallet_for_code
from ui import theme
from ui.ops import wallet as wallet_ops
from ui.screens.pay_wait import PaymentWait
from ui.widgets.payment import PaymentDialog as CashAndCardDialog

log = logging.getLogger(__name__)


def _code_at_end(burst: str) -> str | None:
    """The payment code a burst of digits is, or ends with (digits typed just before it)."""
    if wallet_for_code(burst):
        return burst
    for n in range(min(24, len(burst) - 1), 15, -1):
        if wallet_for_code(burst[-n:]):
            return burst[-n:]
    return None


class ScanCatcher(QObject):
    """Digits typed in a burst, per field, ending in Enter: a payment code is taken, the
    field gets back its text from before the burst, and the Enter goes no further."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.burst = ""
        self.before: tuple[QObject, str] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.FocusOut:
                self.burst, self.before = "", None
            return False
        text = event.text()
        if text.isdigit() and text.isascii():
            if not self.burst:
                self.before = (watched, watched.text() if isinstance(watched, QLineEdit) else "")
            self.burst += text
            return False
        code = _code_at_end(self.burst) if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else None
        before = self.before
        self.burst, self.before = "", None
        if code is None:
            return False
        if before is not None and isinstance(before[0], QLineEdit):
            field, text = before[0], before[0].text()
            # The whole burst was the code: the field gets back what it held. An amount typed
            # just before the scan: only the code's digits come off the end.
            field.setText(before[1] if text == code else text.removesuffix(code))
        self.scanned.emit(code)
        return True


class PaymentDialog(CashAndCardDialog):
    charging = Signal(str)  # the wallet being charged

    def __init__(self, total: Money, parent: QWidget | None = None, *, op: str = "sell",
                 done: SignalInstance | None = None) -> None:
        """``op``: the label of the operation the tenders start (the sell screen's ``sell``, an
        exchange's ``exchange``); ``done``: its success signal (the parent's ``sale_completed``
        by default). The screen waits for one or the other."""
        super().__init__(total, parent)
        self.op = op
        ctx = getattr(parent, "ctx", None)
        self.wallets = set(getattr(ctx, "wallets", {}) or {})
        self.waiting = False
        self._build_tiles()
        self.wait = PaymentWait(ctx.clock if ctx is not None else _utc, self)
        self.wait.hide()
        self.wait.cancel_requested.connect(self.cancel_charge)
        self.pages.addWidget(self.wait)
        self.catcher = ScanCatcher(self)
        self.catcher.scanned.connect(self.charge)
        # Fields take the digits; a button ignores them and they reach the dialog: watching
        # the fields and the dialog sees each key once, wherever the focus is.
        for w in [self, *self.findChildren(QLineEdit)]:
            w.installEventFilter(self.catcher)
        sold = done if done is not None else getattr(parent, "sale_completed", None)
        if sold is not None:
            sold.connect(self._sold)
        runner = getattr(parent, "runner", None)
        if runner is not None:
            runner.failed.connect(self._failed)
            runner.finished.connect(self._after_failure)
        self._said_here = False  # a payment refusal shown on this screen: no second box for it

    def _build_tiles(self) -> None:
        row = QHBoxLayout()
        tiles = (
            ("tileCash", self.tr("Cash"), self.pay_cash),
            ("tileWechat", self.tr("WeChat Pay"), lambda: self.ask_for_code("wechat")),
            ("tileAlipay", self.tr("Alipay"), lambda: self.ask_for_code("alipay")),
            ("tileCard", self.tr("Bank card"), self.all_by_card),
        )
        self.tiles: dict[str, QPushButton] = {}
        for name, label, slot in tiles:
            tile = QPushButton(label)
            tile.setObjectName(name)
            tile.setMinimumHeight(theme.touch() * 3 // 2)  # large tiles: a thumb's width
            tile.setAutoDefault(False)
            tile.setFont(theme.font("title", bold=True))
            tile.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(tile)
            self.tiles[name] = tile
        self.form_layout.insertLayout(1, row)
        self.scan_hint = self.problem  # the one line under the form says what to do, or what went wrong

    def pay_cash(self) -> None:
        self.card.clear()
        self.quick(0)

    def ask_for_code(self, wallet: str) -> None:
        """A wallet tile: the rest of the total goes to the wallet; scan the customer's code."""
        theme.set_tone(self.problem, "warning")
        self.problem.setText(
            self.tr("Scan the customer's payment code (%1).").replace("%1", self._wallet_name(wallet))
        )
        self.cash.setFocus()
        self.cash.selectAll()

    def _wallet_name(self, wallet: str) -> str:
        return self.tr("WeChat Pay") if wallet == "wechat" else self.tr("Alipay")

    def mobile_tenders(self, code: str) -> tuple[Tender, ...]:
        """Card first, then a part in cash if the clerk typed one below what is due, the rest by
        the wallet (which gives no change)."""
        try:
            card = self._money(self.card)
            cash = self._money(self.cash)
        except InvalidInput:
            raise InvalidInput(self.tr("An amount is not valid: use e.g. 120 or 120.50.")) from None
        out: list[Tender] = []
        due = self.total.amount
        if card.amount > 0:
            if not self.card_ref.text().strip():
                raise InvalidInput(self.tr("Enter the card approval code."))
            out.append(Tender("card", card, self.card_ref.text().strip()))
            due -= card.amount
        part = cash.amount if 0 < cash.amount < due else 0  # the prefilled total is not a part
        if due - part <= 0:
            raise InvalidInput(self.tr("Nothing is left to pay by mobile."))
        out.append(Tender("mobile", Money(due - part, self.total.currency), code))
        if part:
            out.append(Tender("cash", cash))
        return tuple(out)

    def charge(self, code: str) -> None:
        if self.waiting:
            return
        wallet = wallet_for_code(code)
        if wallet is None:
            return
        theme.set_tone(self.problem, "error")
        if self.wallets and wallet not in self.wallets:
            self.problem.setText(self.tr("This terminal takes no %1 payments.").replace("%1", self._wallet_name(wallet)))
            return
        try:
            tenders = self.mobile_tenders(code)
        except InvalidInput as exc:
            self.problem.setText(exc.message)
            return
        self.problem.clear()
        watch = wallet_ops.watch_for(code)
        self.waiting = True
        self.form_page.hide()
        self.wait.show()
        self.wait.start(watch, self._wallet_name(wallet))
        self.wait.cancel.setFocus()
        self.charging.emit(wallet)
        self.tendered.emit(tenders)

    def cancel_charge(self) -> None:
        watch = self.wait.watch
        if watch is not None:
            watch.cancel()
            self.wait.cancelling()

    def reject(self) -> None:
        """Esc or Back: while a charge runs, it cancels the charge (the screen waits for the
        reversal's answer); otherwise back to the cart."""
        if self.waiting:
            self.cancel_charge()
            return
        super().reject()

    def _sold(self, _result: object) -> None:
        if self.waiting:
            self._back_to_form()
            self.accept()

    def _failed(self, label: str, exc: BaseException) -> None:
        if label != self.op or not self.waiting:
            return
        from ui.errors import describe

        self._back_to_form()
        msg = describe(exc)
        theme.set_tone(self.problem, "error")
        self.problem.setText(msg.text + (" " + msg.next_step if msg.next_step else ""))
        self.problem.setToolTip(msg.detail)
        self._said_here = msg.code == "payment_error"
        self.cash.setFocus()
        self.cash.selectAll()

    def _after_failure(self, label: str, ok: bool) -> None:
        """The sell screen boxes every refusal; a wallet's refusal is already said here, where
        the clerk scans the next code, so its box is closed."""
        if label != self.op or ok or not self._said_here:
            return
        self._said_here = False
        parent = self.parentWidget()
        for box in parent.findChildren(QMessageBox) if parent is not None else ():
            if box.objectName() == "errorDialog" and box.property("errorCode") == "payment_error":
                box.close()
        self.activateWindow()
        self.cash.setFocus()
        self.cash.selectAll()

    def _back_to_form(self) -> None:
        self.waiting = False
        self.wait.stop()
        self.wait.hide()
        self.form_page.show()


def _utc() -> datetime:
    return datetime.now(UTC)

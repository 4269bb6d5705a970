"""The payment screen while a wallet charge runs: "waiting for the customer to confirm", the
seconds left, and Cancel (Esc). It reads the :class:`ChargeWatch` the paying thread updates,
on a timer: workers never touch widgets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from pos.payments.checkout import ChargeWatch
from pos.payments.wallet import ChargeState
from ui import theme


class PaymentWait(QWidget):
    cancel_requested = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentWait")
        self.clock = clock
        self.watch: ChargeWatch | None = None
        self.wallet_name = ""
        self.title = QLabel()
        self.title.setObjectName("waitTitle")
        self.title.setWordWrap(True)
        theme.set_tone(self.title, "warning", banner=True)
        self.title.setFont(theme.font("heading", bold=True))
        self.countdown = QLabel()
        self.countdown.setObjectName("waitCountdown")
        self.countdown.setFont(theme.font("hero", bold=True))
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel = QPushButton(self.tr("Cancel the payment (Esc)"))
        self.cancel.setObjectName("waitCancel")
        self.cancel.setMinimumHeight(theme.touch())
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.cancel_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown, 1)
        layout.addWidget(self.cancel)
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)

    def start(self, watch: ChargeWatch, wallet_name: str) -> None:
        self.watch, self.wallet_name = watch, wallet_name
        self.cancel.setEnabled(True)
        self.tick()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.watch = None

    def cancelling(self) -> None:
        self.cancel.setEnabled(False)
        self.title.setText(self.tr("Cancelling: giving back anything taken…"))

    def tick(self) -> None:
        watch = self.watch
        if watch is None:
            return
        if watch.cancelled.is_set():
            self.cancelling()
        elif watch.state is ChargeState.USERPAYING:
            self.title.setText(
                self.tr("Waiting for the customer to confirm in %1 (password or fingerprint)…").replace(
                    "%1", self.wallet_name
                )
            )
        elif watch.state is ChargeState.PAID:
            self.title.setText(self.tr("Paid: selling…"))
        else:
            self.title.setText(self.tr("Charging %1…").replace("%1", self.wallet_name))
        if watch.deadline is not None:
            left = max(0, int((watch.deadline - self.clock()).total_seconds()))
            self.countdown.setText(self.tr("%1 s").replace("%1", str(left)))
        else:
            self.countdown.setText("")

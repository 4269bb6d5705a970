"""The app's background care of wallet payments (issue 19).

- At start-up, every payment intent a crash left open is resolved by asking its gateway
  (:func:`pos.payments.recovery.recover`; the app is single-instance, so none is live).
- After a refund, void or exchange, the wallet refunds it queued are sent at once; what the
  gateway did not confirm stays queued, and the clerk is told so. The queue is asked again
  after each sync and every few minutes (the drain), with the same refund numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from pos.payments.refunds import RefundOutcome
from ui.bridge import Bridge
from ui.context import AppContext
from ui.ops import wallet

log = logging.getLogger(__name__)
RETRY_MS = 3 * 60 * 1000
REVERSALS = ("refund", "void", "exchange")


class WalletUpkeep(QObject):
    def __init__(self, bridge: Bridge, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.bridge, self.ctx, self.widget = bridge, ctx, parent
        self.told: QMessageBox | None = None
        self._sending = False
        if not ctx.wallets:
            return  # no wallet accounts: nothing can be open or queued here
        wallet.recover(ctx, include_live=True).success(self._recovered).failure(self._logged).run(
            bridge.runner, parent
        )
        bridge.runner.finished.connect(self._after_op)
        bridge.synced.connect(lambda _report: self.send(tell=False))
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(lambda: self.send(tell=False))
        self.timer.start()

    def _recovered(self, done: Sequence[object]) -> None:
        if done:
            log.info("wallet payments left open by the last run: %s", done)
        self.send(tell=False)

    def _logged(self, exc: BaseException) -> None:
        log.warning("wallet upkeep failed: %s", exc)

    def _after_op(self, label: str, ok: bool) -> None:
        if ok and label in REVERSALS:
            self.send(tell=True)

    def send(self, *, tell: bool) -> None:
        if self._sending:
            return
        self._sending = True
        wallet.send_refunds(self.ctx).success(lambda out: self._sent(out, tell)).failure(self._failed).run(
            self.bridge.runner, self.widget
        )

    def _failed(self, exc: BaseException) -> None:
        self._sending = False
        self._logged(exc)

    def _sent(self, out: list[RefundOutcome], tell: bool) -> None:
        self._sending = False
        waiting = [o for o in out if o.state in ("queued", "processing")]
        failed = [o for o in out if o.state == "failed"]
        if not tell or not (waiting or failed):
            return
        names = {"wechat": self.tr("WeChat Pay"), "alipay": self.tr("Alipay")}
        lines = [
            self.tr("%1 back to %2: queued, sent when the wallet answers.")
            .replace("%1", o.amount.format())
            .replace("%2", names.get(o.wallet, o.wallet))
            for o in waiting
        ] + [
            self.tr("%1 back to %2: refused by the wallet; give it back another way (a supervisor).")
            .replace("%1", o.amount.format())
            .replace("%2", names.get(o.wallet, o.wallet))
            for o in failed
        ]
        box = QMessageBox(self.widget)
        box.setObjectName("walletRefundQueued")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Mobile refund"))
        box.setText("\n".join(lines))
        box.open()
        self.told = box

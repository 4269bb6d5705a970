"""A wallet provider in memory, for developing the sale flow before the local gateway existed;
kept for the few states a real gateway cannot be made to show on cue (a provider that raises)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from pos.money import Money
from pos.payments.wallet import (
    ChargeState,
    RefundState,
    WalletCharge,
    WalletName,
    WalletRefund,
    WalletReversal,
)

_ids = itertools.count(1)


@dataclass
class Trade:
    amount: Money
    state: ChargeState
    queries_left: int = 0  # USERPAYING answers before it is paid
    transaction_id: str = ""
    refunds: dict[str, int] = field(default_factory=dict)


@dataclass
class FakeWallet:
    wallet: WalletName
    script: dict[str, str] = field(default_factory=dict)  # auth code -> behaviour
    trades: dict[str, Trade] = field(default_factory=dict)
    on_pay: Callable[[], None] | None = None
    offline: bool = False
    calls: list[str] = field(default_factory=list)

    def pay(self, *, out_trade_no: str, auth_code: str, amount: Money, subject: str) -> WalletCharge:
        self.calls.append("pay")
        if self.on_pay:
            self.on_pay()
        how = self.script.get(auth_code, "paid")
        if how == "refused":
            return WalletCharge(self.wallet, out_trade_no, ChargeState.FAILED, reason="NOTENOUGH")
        tid = f"42000{next(_ids):023d}"
        trade = Trade(amount, ChargeState.PAID, transaction_id=tid)
        if how.startswith("userpaying"):
            trade.state = ChargeState.USERPAYING
            trade.queries_left = int(how.split(":")[1]) if ":" in how else 10**9
        self.trades[out_trade_no] = trade
        if how == "lost":
            return WalletCharge(self.wallet, out_trade_no, ChargeState.UNKNOWN, reason="timeout")
        return self._answer(out_trade_no)

    def _answer(self, out_trade_no: str) -> WalletCharge:
        t = self.trades[out_trade_no]
        if t.state is ChargeState.PAID:
            return WalletCharge(self.wallet, out_trade_no, ChargeState.PAID, t.transaction_id, t.amount)
        return WalletCharge(self.wallet, out_trade_no, t.state)

    def query(self, *, out_trade_no: str) -> WalletCharge:
        self.calls.append("query")
        if self.offline:
            return WalletCharge(self.wallet, out_trade_no, ChargeState.UNKNOWN, reason="timeout")
        t = self.trades.get(out_trade_no)
        if t is None:
            return WalletCharge(self.wallet, out_trade_no, ChargeState.CLOSED, reason="ORDERNOTEXIST")
        if t.state is ChargeState.USERPAYING:
            t.queries_left -= 1
            if t.queries_left <= 0:
                t.state = ChargeState.PAID
        return self._answer(out_trade_no)

    def reverse(self, *, out_trade_no: str) -> WalletReversal:
        self.calls.append("reverse")
        if self.offline:
            return WalletReversal(self.wallet, out_trade_no, done=False, retry=True)
        t = self.trades.setdefault(out_trade_no, Trade(Money(0), ChargeState.CLOSED))
        t.state = ChargeState.CLOSED
        return WalletReversal(self.wallet, out_trade_no, done=True)

    def refund(
        self, *, out_trade_no: str, refund_no: str, amount: Money, total: Money, reason: str
    ) -> WalletRefund:
        self.calls.append("refund")
        if self.offline:
            return WalletRefund(self.wallet, out_trade_no, refund_no, amount, RefundState.UNKNOWN)
        t = self.trades[out_trade_no]
        t.refunds.setdefault(refund_no, amount.amount)
        return WalletRefund(self.wallet, out_trade_no, refund_no, amount, RefundState.SUCCESS, f"R{refund_no}")

    def charged(self) -> dict[str, Trade]:
        return {k: t for k, t in self.trades.items() if t.state is ChargeState.PAID}

"""Helpers for the sale-flow tests on the real local gateway: a provider that lets a test act
at a chosen instant around a real call (the clerk's Cancel, another sale, a crash, the link
dropping), and a look at the gateway's own books."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pos.money import Money
from pos.payments.wallet import (
    ChargeState,
    WalletCharge,
    WalletName,
    WalletProvider,
    WalletRefund,
    WalletReversal,
)

WALLETS: tuple[WalletName, ...] = ("wechat", "alipay")


@dataclass
class Around:
    """The real provider, with the test's own steps before and after its calls; ``down``
    points the calls at a provider whose gateway is a closed port (a real dropped link)."""

    real: WalletProvider
    before_pay: Callable[[], None] | None = None
    before_query: Callable[[], None] | None = None
    after_pay: Callable[[WalletCharge], None] | None = None
    down: WalletProvider | None = None
    link_up: bool = True
    calls: list[str] = field(default_factory=list)

    @property
    def wallet(self) -> WalletName:
        return self.real.wallet

    def _via(self) -> WalletProvider:
        return self.real if self.link_up or self.down is None else self.down

    def pay(self, *, out_trade_no: str, auth_code: str, amount: Money, subject: str) -> WalletCharge:
        self.calls.append("pay")
        if self.before_pay:
            self.before_pay()
        charge = self._via().pay(out_trade_no=out_trade_no, auth_code=auth_code, amount=amount, subject=subject)
        if self.after_pay:
            self.after_pay(charge)
        return charge

    def query(self, *, out_trade_no: str) -> WalletCharge:
        self.calls.append("query")
        if self.before_query:
            self.before_query()
        return self._via().query(out_trade_no=out_trade_no)

    def reverse(self, *, out_trade_no: str) -> WalletReversal:
        self.calls.append("reverse")
        return self._via().reverse(out_trade_no=out_trade_no)

    def refund(self, *, out_trade_no: str, refund_no: str, amount: Money, total: Money, reason: str) -> WalletRefund:
        self.calls.append("refund")
        return self._via().refund(
            out_trade_no=out_trade_no, refund_no=refund_no, amount=amount, total=total, reason=reason
        )


def closed_port() -> str:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"


def unreachable(wallet: WalletName, gateway: Any) -> WalletProvider:
    """A provider of the demo merchant whose gateway URL is a closed port."""
    from tests.payments.conftest import alipay_for, wechat_for

    base = closed_port()
    if wallet == "wechat":
        return wechat_for(gateway.demo, gateway=base + "/")
    return alipay_for(gateway.demo, gateway=base + "/gateway.do")


def gateway_state(provider: WalletProvider, out_trade_no: str) -> ChargeState:
    return provider.query(out_trade_no=out_trade_no).state

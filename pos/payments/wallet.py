"""The seam between the core and a mobile-wallet gateway (WeChat Pay, Alipay).

The core never speaks HTTP: an adapter (``payments.alipay``, ``payments.wechat``) implements
:class:`WalletProvider` on the vendor's SDK and answers with the plain frozen data below.
A provider never raises for what the gateway says or for a lost reply: a refusal is a
:class:`WalletCharge` in state ``FAILED`` with the vendor's reason code, a timeout or a
dropped connection is state ``UNKNOWN`` (the money may have moved: the caller queries, then
reverses). It raises :class:`pos.errors.InvalidInput` only for input it cannot send.

Amounts cross this seam in fen (:class:`pos.money.Money`); the adapter converts to the
vendor's unit (Alipay: yuan as a decimal string; WeChat: integer fen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol

from pos.money import Money

WalletName = Literal["wechat", "alipay"]
WALLET_NAMES: tuple[WalletName, ...] = ("wechat", "alipay")


class ChargeState(StrEnum):
    PAID = "paid"  # the gateway took the money; ``transaction_id`` is set
    USERPAYING = "userpaying"  # the customer must confirm in the wallet app; query again
    FAILED = "failed"  # refused, nothing taken; ``reason`` says why
    UNKNOWN = "unknown"  # no answer (timeout, lost reply): query, and reverse if unsure
    CLOSED = "closed"  # reversed / cancelled / closed: nothing is (any longer) taken


@dataclass(frozen=True, slots=True)
class WalletCharge:
    wallet: WalletName
    out_trade_no: str
    state: ChargeState
    transaction_id: str | None = None  # the gateway's trade number once paid
    amount: Money | None = None  # what the gateway says was taken
    reason: str = ""  # the vendor's code, e.g. NOTENOUGH, AUTH_CODE_INVALID, ACQ.PAYMENT_AUTH_CODE_INVALID
    message: str = ""  # the vendor's human text, logged, never shown raw


@dataclass(frozen=True, slots=True)
class WalletReversal:
    wallet: WalletName
    out_trade_no: str
    done: bool  # the charge is reversed (or never happened)
    retry: bool = False  # the gateway asks to call again (Alipay retry_flag / WeChat recall)
    reason: str = ""


class RefundState(StrEnum):
    SUCCESS = "success"
    PROCESSING = "processing"  # accepted; query again
    FAILED = "failed"
    UNKNOWN = "unknown"  # no answer: retry with the same refund number


@dataclass(frozen=True, slots=True)
class WalletRefund:
    wallet: WalletName
    out_trade_no: str
    refund_no: str  # ours, the idempotency key at the gateway
    amount: Money
    state: RefundState
    refund_id: str | None = None  # the gateway's
    reason: str = ""


class WalletProvider(Protocol):
    """One merchant account at one wallet gateway."""

    @property
    def wallet(self) -> WalletName: ...

    def pay(
        self, *, out_trade_no: str, auth_code: str, amount: Money, subject: str
    ) -> WalletCharge: ...

    def query(self, *, out_trade_no: str) -> WalletCharge: ...

    def reverse(self, *, out_trade_no: str) -> WalletReversal: ...

    def refund(
        self, *, out_trade_no: str, refund_no: str, amount: Money, total: Money, reason: str
    ) -> WalletRefund: ...


# WeChat Pay payment codes: 18 digits starting 10-15. Alipay: 16-24 digits starting 25-30.
_WECHAT = re.compile(r"1[0-5]\d{16}")
_ALIPAY = re.compile(r"(?:2[5-9]|30)\d{14,22}")


def wallet_for_code(code: str) -> WalletName | None:
    """Which wallet a scanned payment code (付款码) belongs to, or None if it is not one."""
    code = code.strip()
    if _WECHAT.fullmatch(code):
        return "wechat"
    if _ALIPAY.fullmatch(code):
        return "alipay"
    return None


def out_trade_no(*, order_id: str, attempt: int) -> str:
    """The merchant's trade number for one payment attempt of an order (≤ 32 characters).

    The order UUID without its dashes (32 hex) would leave no room for the attempt, so the
    first 28 hex characters are kept: still unique among an outlet's orders by far.
    """
    if attempt < 1 or attempt > 9999:
        raise ValueError("attempt must be 1..9999")
    return f"{order_id.replace('-', '')[:28]}{attempt:04d}"

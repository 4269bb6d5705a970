"""Alipay face-to-face payment (当面付, scene ``bar_code``) on ``python-alipay-sdk``.

The SDK signs requests (RSA2), sends them and checks the reply's signature against
Alipay's public key. Its gateway URL is fixed by its ``debug`` flag (production or
sandbox) and kept in the instance attribute ``_gateway``, which has no public setter: we set
it from the outlet's configuration, which is how it reaches the local gateway on loopback
(or a reseller's front, or the sandbox). Nothing else of its internals is touched.

Never raises for what happens on the wire: a timeout, a dropped connection, a reply that is
not Alipay's (bad signature) is ``UNKNOWN``; a business refusal is ``FAILED`` with the
``ACQ.*`` sub-code as ``reason``.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig

from pos.errors import InvalidInput, PaymentError
from pos.money import Money
from pos.payments.wallet import (
    ChargeState,
    RefundState,
    WalletCharge,
    WalletName,
    WalletRefund,
    WalletReversal,
    wallet_for_code,
)

log = logging.getLogger(__name__)

BEIJING = ZoneInfo("Asia/Shanghai")

SIGNATURE_INVALID = "SIGNATURE_INVALID"  # our reason when a reply is not signed by Alipay
NO_REPLY = "NO_REPLY"  # our reason when no reply came (timeout, connection dropped)
# Sub-codes that mean "the outcome is not known": query again rather than give up.
_UNSURE = {"ACQ.SYSTEM_ERROR", "ACQ.TRADE_HAS_SUCCESS_UNKNOWN", "aop.ACQ.SYSTEM_ERROR"}


class _NoAnswer(Exception):
    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


def yuan(money: Money) -> str:
    if money.currency != "CNY":
        raise InvalidInput(f"Alipay charges CNY, not {money.currency}")
    return f"{money.amount // 100}.{money.amount % 100:02d}"


def fen(text: Any) -> Money | None:
    try:
        return Money(int(Decimal(str(text)) * 100))
    except (InvalidOperation, ValueError):
        return None


class _BeijingAliPay(AliPay):
    """The SDK stamps requests with the PC's local time, which Alipay reads as Beijing time (it
    refuses a stamp more than 10 minutes off). A till whose clock runs in UTC or another zone
    would be refused: stamp in Beijing time whatever the PC's zone."""

    def build_body(self, method: str, biz_content: Any = None, **kwargs: Any) -> Any:
        data = super().build_body(method, biz_content, **kwargs)
        data["timestamp"] = datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
        return data


class AlipayProvider:
    """One Alipay app (merchant) at one gateway URL."""

    def __init__(self, *, app_id: str, private_key_pem: str, alipay_public_key_pem: str, gateway: str,
                 timeout: float = 10.0) -> None:
        try:
            self._sdk = _BeijingAliPay(appid=app_id, app_private_key_string=private_key_pem,
                               alipay_public_key_string=alipay_public_key_pem, sign_type="RSA2",
                               config=AliPayConfig(timeout=timeout))
        except (ValueError, IndexError, TypeError) as exc:
            raise InvalidInput(f"the Alipay keys are not RSA keys in PEM: {exc}") from exc
        self._sdk._gateway = gateway  # see the module docstring: the SDK's only way to a URL
        self.gateway = gateway
        self.timeout = timeout

    @property
    def wallet(self) -> WalletName:
        return "alipay"

    def _call(self, send: Callable[[], Any]) -> dict[str, Any]:
        """The verified reply, or :class:`_NoAnswer`. A refusal the SDK raises (an
        ``error_response``, which Alipay does not sign) comes back as its body."""
        try:
            reply = send()
        except AliPayValidationError as exc:
            log.warning("Alipay reply with a bad signature (not from Alipay?)")
            raise _NoAnswer(SIGNATURE_INVALID) from exc
        except AliPayException as exc:
            body = _error_body(str(exc))
            if body.get("sub_code") == SIGNATURE_INVALID:
                raise _NoAnswer(SIGNATURE_INVALID) from exc
            return body
        except (OSError, http.client.HTTPException, ValueError) as exc:
            log.warning("no reply from Alipay at %s: %s", self.gateway, exc)
            raise _NoAnswer(NO_REPLY, str(exc)) from exc
        except (AttributeError, KeyError, TypeError, IndexError) as exc:  # the SDK choking on a malformed reply
            log.warning("a malformed reply from %s: %r", self.gateway, exc)
            raise _NoAnswer(NO_REPLY, f"malformed reply: {exc!r}") from exc
        if not isinstance(reply, dict):
            raise _NoAnswer(NO_REPLY, "not a JSON object")
        return reply

    def pay(self, *, out_trade_no: str, auth_code: str, amount: Money, subject: str) -> WalletCharge:
        if wallet_for_code(auth_code) != "alipay" or not (1 <= len(out_trade_no) <= 64) or amount.amount <= 0:
            raise InvalidInput("not an Alipay payment: needs an Alipay code, a trade number and an amount")
        try:
            reply = self._call(lambda: self._sdk.api_alipay_trade_pay(
                out_trade_no, "bar_code", auth_code.strip(), subject[:256] or "tickets",
                total_amount=yuan(amount)))
        except _NoAnswer as lost:
            return WalletCharge("alipay", out_trade_no, ChargeState.UNKNOWN, reason=lost.reason, message=lost.message)
        code, sub_code = str(reply.get("code", "")), str(reply.get("sub_code", ""))
        if reply.get("out_trade_no", out_trade_no) != out_trade_no:
            return WalletCharge("alipay", out_trade_no, ChargeState.UNKNOWN, reason="WRONG_TRADE")
        if code == "10000" and reply.get("trade_no"):
            return WalletCharge("alipay", out_trade_no, ChargeState.PAID, transaction_id=str(reply["trade_no"]),
                                amount=fen(reply.get("total_amount")), message=str(reply.get("msg", "")))
        if code == "10003":
            return WalletCharge("alipay", out_trade_no, ChargeState.USERPAYING, reason="WAIT_BUYER_PAY",
                                message=str(reply.get("msg", "")))
        if code in ("40004", "40002") and sub_code and sub_code not in _UNSURE:
            return WalletCharge("alipay", out_trade_no, ChargeState.FAILED, reason=sub_code,
                                message=str(reply.get("sub_msg", "")))
        return WalletCharge("alipay", out_trade_no, ChargeState.UNKNOWN, reason=sub_code or code,
                            message=str(reply.get("sub_msg", reply.get("msg", ""))))

    def query(self, *, out_trade_no: str) -> WalletCharge:
        try:
            reply = self._call(lambda: self._sdk.api_alipay_trade_query(out_trade_no=out_trade_no))
        except _NoAnswer as lost:
            return WalletCharge("alipay", out_trade_no, ChargeState.UNKNOWN, reason=lost.reason, message=lost.message)
        code, sub_code, status = str(reply.get("code", "")), str(reply.get("sub_code", "")), reply.get("trade_status")
        if code == "10000" and reply.get("out_trade_no", out_trade_no) == out_trade_no:
            if status in ("TRADE_SUCCESS", "TRADE_FINISHED") and reply.get("trade_no"):
                return WalletCharge("alipay", out_trade_no, ChargeState.PAID, transaction_id=str(reply["trade_no"]),
                                    amount=fen(reply.get("total_amount")))
            if status == "WAIT_BUYER_PAY":
                return WalletCharge("alipay", out_trade_no, ChargeState.USERPAYING, reason=status)
            if status == "TRADE_CLOSED":
                return WalletCharge("alipay", out_trade_no, ChargeState.CLOSED, reason=status,
                                    transaction_id=reply.get("trade_no"))
        if code == "40004" and sub_code == "ACQ.TRADE_NOT_EXIST":
            # Nothing was taken; reverse all the same, so a request still in flight can't charge.
            return WalletCharge("alipay", out_trade_no, ChargeState.FAILED, reason=sub_code,
                                message=str(reply.get("sub_msg", "")))
        return WalletCharge("alipay", out_trade_no, ChargeState.UNKNOWN, reason=sub_code or code or str(status),
                            message=str(reply.get("sub_msg", "")))

    def reverse(self, *, out_trade_no: str) -> WalletReversal:
        try:
            reply = self._call(lambda: self._sdk.api_alipay_trade_cancel(out_trade_no=out_trade_no))
        except _NoAnswer as lost:
            return WalletReversal("alipay", out_trade_no, done=False, retry=True, reason=lost.reason)
        retry = reply.get("retry_flag") == "Y"
        if str(reply.get("code")) == "10000" and not retry:
            return WalletReversal("alipay", out_trade_no, done=True, reason=str(reply.get("action", "")))
        return WalletReversal("alipay", out_trade_no, done=False, retry=retry or not reply.get("sub_code"),
                              reason=str(reply.get("sub_code") or reply.get("code", "")))

    def refund(self, *, out_trade_no: str, refund_no: str, amount: Money, total: Money, reason: str) -> WalletRefund:
        if amount.amount <= 0 or amount.amount > total.amount or not (1 <= len(refund_no) <= 64):
            raise InvalidInput("a refund needs a refund number and an amount between 0.01 and the paid total")
        try:
            reply = self._call(lambda: self._sdk.api_alipay_trade_refund(
                yuan(amount), out_trade_no=out_trade_no, out_request_no=refund_no, refund_reason=reason[:256]))
        except _NoAnswer as lost:
            return WalletRefund("alipay", out_trade_no, refund_no, amount, RefundState.UNKNOWN, reason=lost.reason)
        code, sub_code = str(reply.get("code", "")), str(reply.get("sub_code", ""))
        if code == "10000" and reply.get("out_trade_no", out_trade_no) == out_trade_no:
            # Alipay has no refund id of its own: the trade number with our request number names it.
            return WalletRefund("alipay", out_trade_no, refund_no, amount, RefundState.SUCCESS,
                                refund_id=str(reply.get("trade_no", "")) or None)
        if code == "40004" and sub_code and sub_code not in _UNSURE:
            return WalletRefund("alipay", out_trade_no, refund_no, amount, RefundState.FAILED, reason=sub_code)
        return WalletRefund("alipay", out_trade_no, refund_no, amount, RefundState.UNKNOWN, reason=sub_code or code)

    def statement_url(self, *, day: date) -> str:
        """The download link of the day's bill (``alipay.data.dataservice.bill.downloadurl.query``)."""
        method = "alipay.data.dataservice.bill.downloadurl.query"
        body = self._sdk.build_body(method, {"bill_type": "trade", "bill_date": day.isoformat()})
        try:
            reply = self._call(lambda: self._sdk.verified_sync_response(body, method.replace(".", "_") + "_response"))
        except _NoAnswer as lost:
            raise PaymentError(f"Alipay did not answer the bill query ({lost.reason})") from lost
        url = reply.get("bill_download_url")
        if str(reply.get("code")) != "10000" or not isinstance(url, str):
            raise PaymentError(f"Alipay has no bill for {day}: {reply.get('sub_code') or reply.get('code')}")
        return url


def _error_body(text: str) -> dict[str, Any]:
    """The body inside the SDK's exception text (``…message:{raw reply}``)."""
    raw = re.search(r"message:(\{.*\})\s*$", text, re.S)
    try:
        whole = json.loads(raw.group(1)) if raw else {}
    except ValueError:
        whole = {}
    error = whole.get("error_response") if isinstance(whole, dict) else None
    if isinstance(error, dict) and str(error.get("code")) in ("40001", "40002", "40006"):
        return error  # a refusal of the call itself (unknown app, bad signature…): nothing done
    # Anything else unsigned may be forged: never taken as an answer.
    return {"code": "UNSIGNED", "sub_code": SIGNATURE_INVALID}

"""WeChat Pay payment-code payment (付款码支付, API v2 ``pay/micropay``) on ``wechatpy``.

Why v2 and wechatpy: micropay is the API WeChat documents for payment codes; wechatpay's v3
SDK has a newer ``codepay`` but needs the platform-certificate machinery. wechatpy builds
the XML, signs it and sends it; its base URL is the public class attribute
``API_BASE_URL``, set per instance from the outlet's configuration (the local gateway on
loopback in tests and the demo). We ask for HMAC-SHA256 (``sign_type``) rather than the
default MD5, and check each reply's signature ourselves: wechatpy does not.

Never raises for what happens on the wire: a timeout, a dropped connection, a reply whose
signature is wrong is ``UNKNOWN``; a business refusal is ``FAILED`` with WeChat's
``err_code`` as ``reason``. ``return_code`` FAIL (a refusal of the call, unsigned) is
``UNKNOWN`` for payments, as WeChat's micropay guide says (query, then reverse).
"""

from __future__ import annotations

import hmac
import logging
from datetime import date
from typing import Any

import requests
import xmltodict
from wechatpy.exceptions import WeChatPayException
from wechatpy.pay import WeChatPay
from wechatpy.pay.utils import calculate_signature_hmac

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

SIGN_TYPE = "HMAC-SHA256"
SIGNATURE_INVALID = "SIGNATURE_INVALID"
NO_REPLY = "NO_REPLY"
# err_codes after which the outcome is not known: query (payments) or retry (refunds).
_UNSURE = {"SYSTEMERROR", "BANKERROR", "ORDERPAID", "BIZERR_NEED_RETRY", "FREQUENCY_LIMITED"}


class _NoAnswer(Exception):
    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


class WeChatProvider:
    """One WeChat Pay merchant (mch_id + app id) at one gateway base URL."""

    def __init__(self, *, mch_id: str, app_id: str, api_key: str, gateway: str,
                 cert: tuple[str, str] | None = None, timeout: float = 10.0) -> None:
        if not api_key or not mch_id or not app_id:
            raise InvalidInput("WeChat Pay needs a merchant number, an app id and an API key")
        self._sdk = WeChatPay(appid=app_id, api_key=api_key, mch_id=mch_id,
                              mch_cert=cert[0] if cert else None, mch_key=cert[1] if cert else None,
                              timeout=timeout)
        self._sdk.API_BASE_URL = gateway if gateway.endswith("/") else gateway + "/"
        self._api_key = api_key
        self.app_id, self.mch_id, self.gateway, self.timeout = app_id, mch_id, gateway, timeout

    @property
    def wallet(self) -> WalletName:
        return "wechat"

    def _call(self, endpoint: str, data: dict[str, Any]) -> dict[str, Any]:
        """The verified reply as a dict (``result_code`` SUCCESS or FAIL), or :class:`_NoAnswer`."""
        try:
            reply: Any = self._sdk.post(endpoint, data={**data, "appid": self.app_id, "sign_type": SIGN_TYPE})
        except WeChatPayException as exc:
            reply = _parse(exc.response.text if exc.response is not None else "")
            if reply is None:
                raise _NoAnswer(NO_REPLY, str(exc)) from exc
        except (requests.RequestException, OSError, ValueError) as exc:
            log.warning("no reply from WeChat Pay at %s: %s", self.gateway, exc)
            raise _NoAnswer(NO_REPLY, str(exc)) from exc
        except (AttributeError, KeyError, TypeError, IndexError) as exc:  # wechatpy choking on a malformed reply
            log.warning("a malformed reply from %s: %r", self.gateway, exc)
            raise _NoAnswer(NO_REPLY, f"malformed reply: {exc!r}") from exc
        if not isinstance(reply, dict):
            raise _NoAnswer(NO_REPLY, "not an XML reply")
        if reply.get("return_code") != "SUCCESS":
            msg = str(reply.get("return_msg") or "")
            raise _NoAnswer("SIGNERROR" if "签名" in msg else "FAIL", msg)
        if not self._signed(reply):
            log.warning("WeChat Pay reply with a bad signature (not from WeChat?)")
            raise _NoAnswer(SIGNATURE_INVALID)
        if reply.get("appid") != self.app_id or reply.get("mch_id") != self.mch_id:
            raise _NoAnswer(SIGNATURE_INVALID, "a reply for another merchant")
        return reply

    def _signed(self, reply: dict[str, Any]) -> bool:
        if reply.get("sign_type", SIGN_TYPE) != SIGN_TYPE:
            return False  # we asked for HMAC-SHA256: a reply that says MD5 is not an answer to us
        fields = {k: v for k, v in reply.items() if k != "sign" and v not in (None, "")}
        expected = calculate_signature_hmac(fields, self._api_key)
        return hmac.compare_digest(str(reply.get("sign", "")), expected)

    def pay(self, *, out_trade_no: str, auth_code: str, amount: Money, subject: str) -> WalletCharge:
        if wallet_for_code(auth_code) != "wechat" or not (1 <= len(out_trade_no) <= 32) or amount.amount <= 0:
            raise InvalidInput("not a WeChat payment: needs a WeChat code, a trade number and an amount")
        if amount.currency != "CNY":
            raise InvalidInput(f"WeChat Pay charges CNY, not {amount.currency}")
        try:
            reply = self._call("pay/micropay", {
                "body": subject[:128] or "tickets", "out_trade_no": out_trade_no, "total_fee": amount.amount,
                "fee_type": "CNY", "spbill_create_ip": "127.0.0.1", "auth_code": auth_code.strip()})
        except _NoAnswer as lost:
            return WalletCharge("wechat", out_trade_no, ChargeState.UNKNOWN, reason=lost.reason, message=lost.message)
        if reply.get("out_trade_no", out_trade_no) != out_trade_no:
            return WalletCharge("wechat", out_trade_no, ChargeState.UNKNOWN, reason="WRONG_TRADE")
        if reply.get("result_code") == "SUCCESS" and reply.get("transaction_id"):
            return WalletCharge("wechat", out_trade_no, ChargeState.PAID, transaction_id=str(reply["transaction_id"]),
                                amount=_fen(reply.get("total_fee")))
        err = str(reply.get("err_code") or "")
        if err == "USERPAYING":
            return WalletCharge("wechat", out_trade_no, ChargeState.USERPAYING, reason=err,
                                message=str(reply.get("err_code_des") or ""))
        state = ChargeState.UNKNOWN if not err or err in _UNSURE else ChargeState.FAILED
        return WalletCharge("wechat", out_trade_no, state, reason=err, message=str(reply.get("err_code_des") or ""))

    def query(self, *, out_trade_no: str) -> WalletCharge:
        try:
            reply = self._call("pay/orderquery", {"out_trade_no": out_trade_no})
        except _NoAnswer as lost:
            return WalletCharge("wechat", out_trade_no, ChargeState.UNKNOWN, reason=lost.reason, message=lost.message)
        if reply.get("result_code") == "SUCCESS" and reply.get("out_trade_no") == out_trade_no:
            state = str(reply.get("trade_state") or "")
            if state in ("SUCCESS", "REFUND") and reply.get("transaction_id"):
                return WalletCharge("wechat", out_trade_no, ChargeState.PAID,
                                    transaction_id=str(reply["transaction_id"]), amount=_fen(reply.get("total_fee")))
            if state == "USERPAYING":
                return WalletCharge("wechat", out_trade_no, ChargeState.USERPAYING, reason=state)
            if state in ("CLOSED", "REVOKED"):
                return WalletCharge("wechat", out_trade_no, ChargeState.CLOSED, reason=state)
            if state in ("PAYERROR", "NOTPAY"):
                return WalletCharge("wechat", out_trade_no, ChargeState.FAILED, reason=state)
            return WalletCharge("wechat", out_trade_no, ChargeState.UNKNOWN, reason=state)
        err = str(reply.get("err_code") or "")
        if err == "ORDERNOTEXIST":  # nothing taken; reverse all the same (a request may be in flight)
            return WalletCharge("wechat", out_trade_no, ChargeState.FAILED, reason=err)
        return WalletCharge("wechat", out_trade_no, ChargeState.UNKNOWN, reason=err)

    def reverse(self, *, out_trade_no: str) -> WalletReversal:
        try:
            reply = self._call("secapi/pay/reverse", {"out_trade_no": out_trade_no})
        except _NoAnswer as lost:
            return WalletReversal("wechat", out_trade_no, done=False, retry=True, reason=lost.reason)
        recall = reply.get("recall") == "Y"
        if reply.get("result_code") == "SUCCESS" and not recall:
            return WalletReversal("wechat", out_trade_no, done=True)
        err = str(reply.get("err_code") or "")
        return WalletReversal("wechat", out_trade_no, done=False, retry=recall or err in _UNSURE, reason=err)

    def refund(self, *, out_trade_no: str, refund_no: str, amount: Money, total: Money, reason: str) -> WalletRefund:
        if amount.amount <= 0 or amount.amount > total.amount or not (1 <= len(refund_no) <= 64):
            raise InvalidInput("a refund needs a refund number and an amount between 0.01 and the paid total")
        data = {"out_trade_no": out_trade_no, "out_refund_no": refund_no, "total_fee": total.amount,
                "refund_fee": amount.amount, "refund_fee_type": "CNY", "refund_desc": reason[:80] or None}
        try:
            reply = self._call("secapi/pay/refund", {k: v for k, v in data.items() if v is not None})
        except _NoAnswer as lost:
            return WalletRefund("wechat", out_trade_no, refund_no, amount, RefundState.UNKNOWN, reason=lost.reason)
        if reply.get("result_code") == "SUCCESS" and reply.get("out_refund_no") == refund_no:
            # v2 refund answers "accepted"; the payment-code refunds at the gateway are immediate.
            return WalletRefund("wechat", out_trade_no, refund_no, _fen(reply.get("refund_fee")) or amount,
                                RefundState.SUCCESS, refund_id=str(reply.get("refund_id") or "") or None)
        err = str(reply.get("err_code") or "")
        state = RefundState.UNKNOWN if not err or err in _UNSURE else RefundState.FAILED
        return WalletRefund("wechat", out_trade_no, refund_no, amount, state, reason=err)

    def statement_text(self, *, day: date) -> str:
        """The day's bill (``pay/downloadbill``, ALL): WeChat's text, not signed (as WeChat sends
        it); empty for a day without trades."""
        try:
            reply: Any = self._sdk.post("pay/downloadbill", data={
                "appid": self.app_id, "bill_date": day.strftime("%Y%m%d"), "bill_type": "ALL",
                "sign_type": SIGN_TYPE})
        except WeChatPayException as exc:
            if exc.return_msg == "No Bill Exist":
                return ""  # WeChat's answer for a day without a single trade
            raise PaymentError(f"WeChat Pay has no bill for {day}: {exc.return_msg or exc}") from exc
        except (requests.RequestException, OSError) as exc:
            raise PaymentError(f"WeChat Pay did not answer the bill request: {exc}") from exc
        if not isinstance(reply, str):
            raise PaymentError(f"WeChat Pay answered the bill request without a bill: {reply!r:.200}")
        return reply


def _parse(text: str) -> dict[str, Any] | None:
    try:
        data = xmltodict.parse(text) if text else None
    except Exception:  # xmltodict raises expat's and its own errors
        return None
    body = data.get("xml") if isinstance(data, dict) else None
    return dict(body) if isinstance(body, dict) else None


def _fen(value: Any) -> Money | None:
    try:
        return Money(int(str(value)))
    except ValueError:
        return None



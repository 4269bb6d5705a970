"""Alipay OpenAPI (``/gateway.do``): face-to-face bar-code pay, query, cancel, refund and the
bill download URL, with RSA2 signatures checked on requests and made on replies.

Codes as Alipay documents them: ``10000`` success, ``10003`` waiting for the buyer
(USERPAYING), ``40004`` business failure with an ``ACQ.*`` sub-code, ``40002`` invalid
arguments (``isv.*``: unknown app, bad signature).
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response

from paygate import bills
from paygate.app import Gateway, drop_reply, gateway_of, slow_reply
from paygate.democodes import Scenario
from paygate.ledger import BEIJING, CLOSED, FAILED, PAID, REVOKED, USERPAYING, Refund, Refused, Trade
from paygate.signing import alipay_content, rsa2_sign, rsa2_verify

router = APIRouter()
WALLET = "alipay"
_AUTH_CODE = re.compile(r"(?:2[5-9]|30)\d{14,22}")
_AMOUNT = re.compile(r"\d{1,9}(?:\.\d{1,2})?")

_FAILURE = {
    "NOT_ENOUGH": ("ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足"),
    "CODE_EXPIRED": ("ACQ.PAYMENT_AUTH_CODE_INVALID", "支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款"),
    "CODE_INVALID": ("ACQ.PAYMENT_AUTH_CODE_INVALID", "支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款"),
    "DUPLICATE": ("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改"),
    "REVERSED": ("ACQ.TRADE_HAS_CLOSE", "交易已经关闭"),
    "NOT_FOUND": ("ACQ.TRADE_NOT_EXIST", "交易不存在"),
    "TRADE_STATE": ("ACQ.TRADE_STATUS_ERROR", "交易状态不合法"),
    "TOTAL_MISMATCH": ("ACQ.INVALID_PARAMETER", "参数无效"),
    "REFUND_MISMATCH": ("ACQ.INVALID_PARAMETER", "同一退款请求号的退款金额不一致"),
    "OVER_AMOUNT": ("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"),
    "REFUNDED": ("ACQ.TRADE_STATUS_ERROR", "交易已退款，不能撤销"),
}


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def fen_of(text: Any) -> int | None:
    if not isinstance(text, str) or not _AMOUNT.fullmatch(text):
        return None
    try:
        fen = int(Decimal(text) * 100)
    except InvalidOperation:
        return None
    return fen if 1 <= fen <= 10_000_000_000 else None


def _beijing(moment: Any) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _reply(gateway: Gateway, method: str, body: dict[str, Any], *, forged: bool = False) -> Response:
    """The reply text with its signature over the exact ``*_response`` text (what the SDKs check)."""
    key = f"{method.replace('.', '_')}_response"
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    sign = rsa2_sign(gateway.impostor_key if forged else gateway.alipay_key, text)
    return Response(f'{{"{key}":{text},"sign":"{sign}"}}', media_type="application/json;charset=utf-8")


def _error(sub_code: str, sub_msg: str) -> Response:
    """A gateway-level refusal (``error_response``), before any business is done."""
    body = {"code": "40002", "msg": "Invalid Arguments", "sub_code": sub_code, "sub_msg": sub_msg}
    return Response(json.dumps({"error_response": body}, ensure_ascii=False),
                    media_type="application/json;charset=utf-8")


def _business(sub: str) -> dict[str, Any]:
    code, text = _FAILURE[sub]
    return {"code": "40004", "msg": "Business Failed", "sub_code": code, "sub_msg": text}


@router.api_route("/gateway.do", methods=["GET", "POST"])
async def gateway_do(request: Request) -> Response:
    gateway = gateway_of(request)
    params = dict(parse_qsl(request.url.query, keep_blank_values=True))
    if request.method == "POST":
        params.update(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
    merchant = gateway.ledger.merchant(alipay_app_id=params.get("app_id", ""))
    if merchant is None:
        return _error("isv.invalid-app-id", "无效的AppID参数")
    if params.get("sign_type") != "RSA2":
        return _error("isv.invalid-signature-type", "无效的签名类型")
    if not rsa2_verify(merchant.alipay_app_public_key, alipay_content(params), params.get("sign", "")):
        return _error("isv.invalid-signature", "验签出错")
    if not _timely(params.get("timestamp", "")):
        return _error("isv.invalid-timestamp", "非法的时间戳参数")
    try:
        biz = json.loads(params.get("biz_content", ""))
    except ValueError:
        biz = None
    if not isinstance(biz, dict):
        return _error("isv.invalid-parameter", "biz_content 无效")
    method = params.get("method", "")
    handler = _METHODS.get(method)
    if handler is None:
        return _error("isv.invalid-method", "不存在的方法名")
    return await handler(request, gateway, merchant.name, method, biz)


def _timely(stamp: str) -> bool:
    """Alipay's rule: the request's timestamp (Beijing time) within 10 minutes of its clock.
    Checked against the wall clock, not the gateway's business clock (which tests may fix)."""
    try:
        sent = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
    except ValueError:
        return False
    return abs(datetime.now(UTC) - sent) <= timedelta(minutes=10)


def _paid_fields(trade: Trade) -> dict[str, Any]:
    return {
        "trade_no": trade.trade_no,
        "out_trade_no": trade.out_trade_no,
        "buyer_logon_id": "dem***@alipay.com",
        "buyer_user_id": "2088000000000001",
        "total_amount": yuan(trade.amount),
        "receipt_amount": yuan(trade.amount),
        "buyer_pay_amount": yuan(trade.amount),
        "invoice_amount": yuan(trade.amount),
        "point_amount": "0.00",
        "fund_bill_list": [{"fund_channel": "ALIPAYACCOUNT", "amount": yuan(trade.amount)}],
    }


async def _pay(request: Request, gateway: Gateway, merchant: str, method: str, biz: dict[str, Any]) -> Response:
    out_trade_no, auth_code = str(biz.get("out_trade_no", "")), str(biz.get("auth_code", ""))
    amount = fen_of(biz.get("total_amount"))
    if biz.get("scene") != "bar_code" or not (1 <= len(out_trade_no) <= 64) or amount is None:
        return _reply(gateway, method, {"code": "40004", "msg": "Business Failed",
                                        "sub_code": "ACQ.INVALID_PARAMETER", "sub_msg": "参数无效"})
    if not _AUTH_CODE.fullmatch(auth_code):
        return _reply(gateway, method, _business("CODE_INVALID"))
    try:
        trade, created = gateway.ledger.pay(wallet=WALLET, merchant=merchant, out_trade_no=out_trade_no,
                                            auth_code=auth_code, amount=amount,
                                            subject=str(biz.get("subject", ""))[:256], now=gateway.now())
    except Refused as refused:
        return _reply(gateway, method, _business(refused.code))
    if trade.state == PAID:
        body = {"code": "10000", "msg": "Success", **_paid_fields(trade),
                "gmt_payment": _beijing(trade.paid_at)}
    elif trade.state == USERPAYING:
        body = {"code": "10003", "msg": "order success pay inprocess", "trade_no": trade.trade_no,
                "out_trade_no": trade.out_trade_no, "total_amount": yuan(trade.amount)}
    elif trade.state == FAILED:
        body = _business(trade.reason)
    else:  # closed or reversed: answered as Alipay does for a closed trade
        body = _business("REVERSED")
    if created and trade.scenario == Scenario.LOST_REPLY:
        drop_reply(request)
    elif created and trade.scenario == Scenario.SLOW_REPLY:
        await slow_reply(request)
    return _reply(gateway, method, body, forged=trade.scenario == Scenario.FORGED_REPLY)


async def _query(request: Request, gateway: Gateway, merchant: str, method: str, biz: dict[str, Any]) -> Response:
    try:
        trade = gateway.ledger.query(wallet=WALLET, merchant=merchant,
                                     out_trade_no=str(biz.get("out_trade_no", "")), now=gateway.now())
    except Refused as refused:
        return _reply(gateway, method, _business(refused.code))
    if trade.state == FAILED:  # a refused bar-code payment leaves no trade at Alipay
        return _reply(gateway, method, _business("NOT_FOUND"))
    status = {USERPAYING: "WAIT_BUYER_PAY", PAID: "TRADE_SUCCESS", CLOSED: "TRADE_CLOSED",
              REVOKED: "TRADE_CLOSED"}[trade.state]
    if trade.state == PAID and trade.refunded >= trade.amount:
        status = "TRADE_CLOSED"  # Alipay closes a trade refunded in full
    body: dict[str, Any] = {"code": "10000", "msg": "Success", "trade_status": status}
    body |= _paid_fields(trade) if trade.state == PAID else {
        "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no, "total_amount": yuan(trade.amount)}
    if trade.paid_at is not None:
        body["send_pay_date"] = _beijing(trade.paid_at)
    return _reply(gateway, method, body, forged=trade.scenario == Scenario.FORGED_REPLY)


async def _cancel(request: Request, gateway: Gateway, merchant: str, method: str, biz: dict[str, Any]) -> Response:
    out_trade_no = str(biz.get("out_trade_no", ""))
    if not out_trade_no:
        return _reply(gateway, method, {"code": "40004", "msg": "Business Failed",
                                        "sub_code": "ACQ.INVALID_PARAMETER", "sub_msg": "参数无效"})
    try:
        trade, refunded = gateway.ledger.reverse(wallet=WALLET, merchant=merchant, out_trade_no=out_trade_no,
                                                 now=gateway.now())
    except Refused as refused:
        return _reply(gateway, method, _business(refused.code) | {"retry_flag": "N"})
    return _reply(gateway, method, {"code": "10000", "msg": "Success", "trade_no": trade.trade_no,
                                    "out_trade_no": out_trade_no, "retry_flag": "N",
                                    "action": "refund" if refunded else "close"})


async def _refund(request: Request, gateway: Gateway, merchant: str, method: str, biz: dict[str, Any]) -> Response:
    amount = fen_of(biz.get("refund_amount"))
    refund_no = str(biz.get("out_request_no", ""))
    if amount is None or not refund_no or len(refund_no) > 64:
        return _reply(gateway, method, {"code": "40004", "msg": "Business Failed",
                                        "sub_code": "ACQ.INVALID_PARAMETER", "sub_msg": "参数无效"})
    try:
        refund, trade, created = gateway.ledger.refund(
            wallet=WALLET, merchant=merchant, out_trade_no=str(biz.get("out_trade_no", "")),
            refund_no=refund_no, amount=amount, total=None, now=gateway.now())
    except Refused as refused:
        return _reply(gateway, method, _business(refused.code))
    if created and trade.scenario == Scenario.REFUND_REPLY_LOST and refund.replies_dropped == 0:
        gateway.ledger.note_refund_reply_dropped(refund)
        drop_reply(request)
    return _reply(gateway, method, _refund_body(trade, refund, created))


def _refund_body(trade: Trade, refund: Refund, created: bool) -> dict[str, Any]:
    return {"code": "10000", "msg": "Success", "trade_no": trade.trade_no, "out_trade_no": trade.out_trade_no,
            "buyer_logon_id": "dem***@alipay.com", "fund_change": "Y" if created else "N",
            "refund_fee": yuan(trade.refunded), "send_back_fee": yuan(refund.amount),
            "gmt_refund_pay": _beijing(refund.created_at)}


async def _bill_url(request: Request, gateway: Gateway, merchant: str, method: str,
                    biz: dict[str, Any]) -> Response:
    day = str(biz.get("bill_date", ""))
    try:
        valid = biz.get("bill_type") == "trade" and date.fromisoformat(day) <= gateway.now().astimezone(BEIJING).date()
    except ValueError:
        valid = False
    if not valid:  # no bill for a day still to come (today's: what happened so far)
        return _reply(gateway, method, {"code": "40004", "msg": "Business Failed",
                                        "sub_code": "isp.bill_not_exist", "sub_msg": "账单不存在"})
    token = secrets.token_urlsafe(16)
    gateway.bill_links[token] = (merchant, day)
    url = f"{str(request.base_url).rstrip('/')}/alipay/bill/{token}"
    return _reply(gateway, method, {"code": "10000", "msg": "Success", "bill_download_url": url})


@router.get("/alipay/bill/{token}")
async def bill_file(token: str, request: Request) -> Response:
    gateway = gateway_of(request)
    found = gateway.bill_links.get(token)
    if found is None:
        return Response("link expired", status_code=404)
    merchant, day = found
    paid, refunds = gateway.ledger.day(wallet=WALLET, merchant=merchant, day=day)
    account = gateway.ledger.merchant(name=merchant)
    assert account is not None
    return Response(bills.alipay_zip(account.alipay_app_id, day, paid, refunds), media_type="application/zip")


_METHODS = {
    "alipay.trade.pay": _pay,
    "alipay.trade.query": _query,
    "alipay.trade.cancel": _cancel,
    "alipay.trade.refund": _refund,
    "alipay.data.dataservice.bill.downloadurl.query": _bill_url,
}

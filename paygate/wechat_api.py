"""WeChat Pay v2 payment-code API (付款码支付): ``pay/micropay``, ``pay/orderquery``,
``secapi/pay/reverse``, ``secapi/pay/refund``, ``pay/downloadbill``.

XML in, XML out, signed with the merchant's API key (MD5 or HMAC-SHA256 by ``sign_type``)
both ways. ``return_code`` FAIL is a refusal of the call itself (bad signature, unknown
merchant, malformed XML), unsigned as WeChat sends it; ``result_code`` FAIL with an
``err_code`` is a business answer (USERPAYING, NOTENOUGH, AUTHCODEEXPIRE, …), signed.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request, Response

from paygate import bills
from paygate.app import Gateway, drop_reply, gateway_of, slow_reply
from paygate.democodes import Scenario
from paygate.ledger import BEIJING, CLOSED, FAILED, PAID, REVOKED, USERPAYING, Merchant, Refused, Trade
from paygate.signing import wechat_sign, wechat_verify

router = APIRouter()
WALLET = "wechat"
_AUTH_CODE = re.compile(r"1[0-5]\d{16}")
_FEE = re.compile(r"[1-9]\d{0,9}")

_ERRORS = {
    "NOT_ENOUGH": ("NOTENOUGH", "余额不足"),
    "CODE_EXPIRED": ("AUTHCODEEXPIRE", "二维码已过期，请用户在微信上刷新后再试"),
    "CODE_INVALID": ("AUTH_CODE_INVALID", "授权码检验错误"),
    "DUPLICATE": ("OUT_TRADE_NO_USED", "商户订单号重复"),
    "REVERSED": ("ORDERREVERSED", "订单已撤销"),
    "CLOSED": ("ORDERCLOSED", "订单已关闭"),
    "NOT_FOUND": ("ORDERNOTEXIST", "此交易订单号不存在"),
    "TRADE_STATE": ("TRADE_STATE_ERROR", "订单状态错误"),
    "TOTAL_MISMATCH": ("INVALID_REQUEST", "订单金额与之前请求不一致"),
    "REFUND_MISMATCH": ("INVALID_REQUEST", "同一退款单号的退款金额与之前请求不一致"),
    "OVER_AMOUNT": ("ERROR", "退款金额大于订单可退金额"),
    "REFUNDED": ("TRADE_STATE_ERROR", "订单已退款，不能撤销"),
    "PARAM_ERROR": ("PARAM_ERROR", "参数错误"),
}


def to_xml(fields: dict[str, str]) -> str:
    def cdata(v: str) -> str:  # a "]]>" inside a value (a product name) must not end the section
        return "<![CDATA[" + v.replace("]]>", "]]]]><![CDATA[>") + "]]>"

    return "<xml>" + "".join(f"<{k}>{escape(v) if v.isdigit() else cdata(v)}</{k}>" for k, v in fields.items()) + "</xml>"


def parse_xml(body: bytes) -> dict[str, str] | None:
    """The flat ``<xml>`` of a request, or None. No DTDs (no entity games)."""
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        return None
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    if root.tag != "xml":
        return None
    return {child.tag: (child.text or "").strip() for child in root}


def _fail(message: str) -> Response:
    return Response(to_xml({"return_code": "FAIL", "return_msg": message}), media_type="text/xml")


def _signed(gateway: Gateway, merchant: Merchant, request_fields: dict[str, str], fields: dict[str, Any],
            *, forged: bool = False) -> Response:
    reply = {"return_code": "SUCCESS", "return_msg": "OK", "appid": merchant.wechat_app_id,
             "mch_id": merchant.wechat_mch_id, "nonce_str": secrets.token_hex(16)}
    reply |= {k: str(v) for k, v in fields.items() if v is not None}
    sign_type = request_fields.get("sign_type", "MD5")
    if sign_type != "MD5":
        reply["sign_type"] = sign_type
    reply["sign"] = wechat_sign(reply, gateway.impostor_api_key if forged else merchant.wechat_api_key, sign_type)
    return Response(to_xml(reply), media_type="text/xml")


def _business_fail(code: str) -> dict[str, str]:
    err, text = _ERRORS[code]
    return {"result_code": "FAIL", "err_code": err, "err_code_des": text}


async def _checked(request: Request) -> tuple[Gateway, Merchant, dict[str, str]] | Response:
    gateway = gateway_of(request)
    fields = parse_xml(await request.body())
    if fields is None:
        return _fail("XML格式错误")
    merchant = gateway.ledger.merchant(wechat_mch_id=fields.get("mch_id", ""))
    if merchant is None:
        return _fail("mch_id参数格式错误")
    if fields.get("appid") != merchant.wechat_app_id:
        return _fail("appid和mch_id不匹配")
    if not wechat_verify(fields, merchant.wechat_api_key):
        return _fail("签名错误")
    return gateway, merchant, fields


def _time_end(trade: Trade) -> str | None:
    return trade.paid_at.astimezone(BEIJING).strftime("%Y%m%d%H%M%S") if trade.paid_at else None


def _paid(trade: Trade) -> dict[str, Any]:
    return {"result_code": "SUCCESS", "openid": "oDemoUser", "is_subscribe": "N", "trade_type": "MICROPAY",
            "bank_type": "OTHERS", "fee_type": "CNY", "total_fee": trade.amount, "cash_fee": trade.amount,
            "transaction_id": trade.trade_no, "out_trade_no": trade.out_trade_no, "time_end": _time_end(trade)}


@router.post("/pay/micropay")
async def micropay(request: Request) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    gateway, merchant, fields = checked
    out_trade_no, fee = fields.get("out_trade_no", ""), fields.get("total_fee", "")
    if not (1 <= len(out_trade_no) <= 32) or not _FEE.fullmatch(fee) or not fields.get("body"):
        return _signed(gateway, merchant, fields, _business_fail("PARAM_ERROR"))
    auth_code = fields.get("auth_code", "")
    if not _AUTH_CODE.fullmatch(auth_code):
        return _signed(gateway, merchant, fields, _business_fail("CODE_INVALID"))
    try:
        trade, created = gateway.ledger.pay(wallet=WALLET, merchant=merchant.name, out_trade_no=out_trade_no,
                                            auth_code=auth_code, amount=int(fee), subject=fields["body"][:128],
                                            now=gateway.now())
    except Refused as refused:
        return _signed(gateway, merchant, fields, _business_fail(refused.code))
    if trade.state == PAID:
        body = _paid(trade)
    elif trade.state == USERPAYING:
        body = {"result_code": "FAIL", "err_code": "USERPAYING", "err_code_des": "需要用户输入支付密码"}
    elif trade.state == FAILED:
        body = _business_fail(trade.reason)
    else:
        body = _business_fail("REVERSED" if trade.state == REVOKED else "CLOSED")
    if created and trade.scenario == Scenario.LOST_REPLY:
        drop_reply(request)
    elif created and trade.scenario == Scenario.SLOW_REPLY:
        await slow_reply(request)
    return _signed(gateway, merchant, fields, body, forged=trade.scenario == Scenario.FORGED_REPLY)


@router.post("/pay/orderquery")
async def orderquery(request: Request) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    gateway, merchant, fields = checked
    try:
        trade = gateway.ledger.query(wallet=WALLET, merchant=merchant.name,
                                     out_trade_no=fields.get("out_trade_no", ""), now=gateway.now())
    except Refused as refused:
        return _signed(gateway, merchant, fields, _business_fail(refused.code))
    state = {USERPAYING: "USERPAYING", PAID: "SUCCESS", FAILED: "PAYERROR", CLOSED: "CLOSED",
             REVOKED: "REVOKED"}[trade.state]
    if trade.state == PAID and trade.refunded:
        state = "REFUND"
    descriptions = {"SUCCESS": "支付成功", "REFUND": "转入退款", "USERPAYING": "用户支付中",
                    "PAYERROR": "支付失败", "REVOKED": "已撤销", "CLOSED": "已关闭"}
    body = _paid(trade) if trade.state == PAID else {"result_code": "SUCCESS", "out_trade_no": trade.out_trade_no,
                                                      "total_fee": trade.amount}
    body |= {"trade_state": state, "trade_state_desc": descriptions[state]}
    return _signed(gateway, merchant, fields, body, forged=trade.scenario == Scenario.FORGED_REPLY)


@router.post("/secapi/pay/reverse")
async def reverse(request: Request) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    gateway, merchant, fields = checked
    out_trade_no = fields.get("out_trade_no", "")
    if not out_trade_no:
        return _signed(gateway, merchant, fields, _business_fail("PARAM_ERROR") | {"recall": "N"})
    try:
        gateway.ledger.reverse(wallet=WALLET, merchant=merchant.name, out_trade_no=out_trade_no, now=gateway.now())
    except Refused as refused:
        return _signed(gateway, merchant, fields, _business_fail(refused.code) | {"recall": "N"})
    return _signed(gateway, merchant, fields, {"result_code": "SUCCESS", "recall": "N"})


@router.post("/secapi/pay/refund")
async def refund(request: Request) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    gateway, merchant, fields = checked
    refund_no, total, fee = fields.get("out_refund_no", ""), fields.get("total_fee", ""), fields.get("refund_fee", "")
    if not (1 <= len(refund_no) <= 64) or not _FEE.fullmatch(total) or not _FEE.fullmatch(fee):
        return _signed(gateway, merchant, fields, _business_fail("PARAM_ERROR"))
    try:
        made, trade, created = gateway.ledger.refund(
            wallet=WALLET, merchant=merchant.name, out_trade_no=fields.get("out_trade_no", ""),
            refund_no=refund_no, amount=int(fee), total=int(total), now=gateway.now())
    except Refused as refused:
        return _signed(gateway, merchant, fields, _business_fail(refused.code))
    if created and trade.scenario == Scenario.REFUND_REPLY_LOST and made.replies_dropped == 0:
        gateway.ledger.note_refund_reply_dropped(made)
        drop_reply(request)
    return _signed(gateway, merchant, fields, {
        "result_code": "SUCCESS", "transaction_id": trade.trade_no, "out_trade_no": trade.out_trade_no,
        "out_refund_no": made.refund_no, "refund_id": made.refund_id, "refund_fee": made.amount,
        "total_fee": trade.amount, "cash_fee": trade.amount, "cash_refund_fee": made.amount})


@router.post("/pay/downloadbill")
async def downloadbill(request: Request) -> Response:
    checked = await _checked(request)
    if isinstance(checked, Response):
        return checked
    gateway, merchant, fields = checked
    raw = fields.get("bill_date", "")
    try:
        day = date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])) if re.fullmatch(r"\d{8}", raw) else None
    except ValueError:
        day = None
    if day is None or fields.get("bill_type", "ALL") != "ALL":
        return _fail("invalid bill_date" if day is None else "invalid bill_type")
    if day > gateway.now().astimezone(BEIJING).date():
        return _fail("invalid bill_date")  # a day still to come
    paid, refunds = gateway.ledger.day(wallet=WALLET, merchant=merchant.name, day=day.isoformat())
    if not paid and not refunds:
        return _fail("No Bill Exist")
    text = bills.wechat_text(merchant.wechat_app_id, merchant.wechat_mch_id, paid, refunds)
    return Response(text, media_type="text/plain;charset=utf-8")

"""Signatures both ways, another merchant's trades, tampering, and a gateway restart."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from paygate.ledger import BEIJING
from paygate.merchants import new_rsa_pem
from paygate.signing import wechat_sign
from pos.money import Money
from pos.payments.wallet import ChargeState, RefundState, WalletProvider
from tests.payments.conftest import LiveGateway, alipay_for, live_gateway, wechat_for
from tests.payments.test_states import code, provider, trade_no

__all__ = ["provider"]


def test_forged_reply_is_never_paid(provider: WalletProvider, wallet_gateway: LiveGateway) -> None:
    """The gateway answers with a signature of a key that is not the wallet's: the money moved,
    but the provider cannot know it from that reply."""
    no = trade_no()
    charge = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.FORGED_REPLY), amount=Money(100),
                          subject="t")
    assert charge.state == ChargeState.UNKNOWN and charge.reason == "SIGNATURE_INVALID"
    assert provider.query(out_trade_no=no).state == ChargeState.UNKNOWN
    assert provider.reverse(out_trade_no=no).done  # the reversal's own reply is genuine


def test_alipay_reply_checked_against_the_configured_public_key(wallet_gateway: LiveGateway) -> None:
    wrong_public = new_rsa_pem()[1]
    p = alipay_for(wallet_gateway.demo, alipay_public_key_pem=wrong_public)
    no = trade_no()
    charge = p.pay(out_trade_no=no, auth_code=ALIPAY[Scenario.SUCCESS], amount=Money(100), subject="t")
    assert charge.state == ChargeState.UNKNOWN and charge.reason == "SIGNATURE_INVALID"
    assert p.query(out_trade_no=no).state == ChargeState.UNKNOWN


def test_requests_with_a_wrong_key_are_refused_by_the_gateway(wallet_gateway: LiveGateway) -> None:
    other_private = new_rsa_pem()[0]
    alipay = alipay_for(wallet_gateway.demo, private_key_pem=other_private)
    charge = alipay.pay(out_trade_no=trade_no(), auth_code=ALIPAY[Scenario.SUCCESS], amount=Money(100), subject="t")
    assert charge.state == ChargeState.FAILED and charge.reason == "isv.invalid-signature", charge
    wechat = wechat_for(wallet_gateway.demo, api_key="0" * 32)
    charge = wechat.pay(out_trade_no=trade_no(), auth_code=WECHAT[Scenario.SUCCESS], amount=Money(100), subject="t")
    assert charge.state == ChargeState.UNKNOWN and charge.reason == "SIGNERROR", charge
    refund = wechat.refund(out_trade_no=trade_no(), refund_no="R", amount=Money(1), total=Money(1), reason="")
    assert refund.state == RefundState.UNKNOWN
    with wallet_gateway.ledger._lock:  # nothing was booked
        assert wallet_gateway.ledger._db.execute("SELECT count(*) FROM trade").fetchone()[0] == 0


def _wechat_post(gateway: LiveGateway, path: str, fields: dict[str, str], *, key: str | None = None) -> str:
    files = gateway.demo
    api_key = files.wechat_api_key_file.read_text().strip()
    body = {"appid": files.wechat_app_id, "mch_id": files.wechat_mch_id, "nonce_str": "n1", **fields}
    body["sign"] = wechat_sign(body, key or api_key, body.get("sign_type", "MD5"))
    xml = "<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in body.items()) + "</xml>"
    return httpx.post(f"{gateway.base}/{path}", content=xml.encode()).text


def test_wechat_tampered_request_refused(wallet_gateway: LiveGateway) -> None:
    fields = {"body": "t", "out_trade_no": trade_no(), "total_fee": "100", "spbill_create_ip": "127.0.0.1",
              "auth_code": WECHAT[Scenario.SUCCESS]}
    files = wallet_gateway.demo
    api_key = files.wechat_api_key_file.read_text().strip()
    body = {"appid": files.wechat_app_id, "mch_id": files.wechat_mch_id, "nonce_str": "n1", **fields}
    body["sign"] = wechat_sign(body, api_key)
    body["total_fee"] = "1"  # changed after signing
    xml = "<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in body.items()) + "</xml>"
    reply = httpx.post(f"{wallet_gateway.base}/pay/micropay", content=xml.encode()).text
    assert "<return_code><![CDATA[FAIL]]></return_code>" in reply and "签名错误" in reply
    # MD5 signed correctly is accepted (WeChat's default sign type)
    assert "<result_code><![CDATA[SUCCESS]]></result_code>" in _wechat_post(wallet_gateway, "pay/micropay", fields)
    # an unknown sign type, a DTD, and XML that is not XML are refused
    assert "FAIL" in _wechat_post(wallet_gateway, "pay/micropay", fields | {"sign_type": "SHA1"})
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><mch_id>&a;</mch_id></xml>'
    assert "XML" in httpx.post(f"{wallet_gateway.base}/pay/micropay", content=evil).text
    assert "XML" in httpx.post(f"{wallet_gateway.base}/pay/micropay", content=b"not xml").text


def test_alipay_tampered_or_unknown_app_refused(wallet_gateway: LiveGateway) -> None:
    params = {"app_id": "2021999999999999", "method": "alipay.trade.query", "charset": "utf-8",
              "sign_type": "RSA2", "timestamp": "2026-12-07 10:00:00", "version": "1.0",
              "biz_content": json.dumps({"out_trade_no": "X"}), "sign": "AAAA"}
    reply = httpx.get(f"{wallet_gateway.base}/gateway.do", params=params).json()
    assert reply["error_response"]["sub_code"] == "isv.invalid-app-id"
    params["app_id"] = wallet_gateway.demo.alipay_app_id
    reply = httpx.get(f"{wallet_gateway.base}/gateway.do", params=params).json()
    assert reply["error_response"]["sub_code"] == "isv.invalid-signature"
    params["sign_type"] = "RSA"
    reply = httpx.get(f"{wallet_gateway.base}/gateway.do", params=params).json()
    assert reply["error_response"]["sub_code"] == "isv.invalid-signature-type"


@pytest.mark.parametrize("wallet", ["alipay", "wechat"])
def test_another_merchants_trade_is_not_visible(wallet_gateway: LiveGateway, wallet: str) -> None:
    make = alipay_for if wallet == "alipay" else wechat_for
    ours, theirs = make(wallet_gateway.demo), make(wallet_gateway.merchant("rival"))
    codes = ALIPAY if wallet == "alipay" else WECHAT
    no = trade_no()
    assert ours.pay(out_trade_no=no, auth_code=codes[Scenario.SUCCESS], amount=Money(100), subject="t").state == "paid"
    seen = theirs.query(out_trade_no=no)
    assert seen.state == ChargeState.FAILED and seen.transaction_id is None
    refund = theirs.refund(out_trade_no=no, refund_no="R1", amount=Money(100), total=Money(100), reason="")
    assert refund.state == RefundState.FAILED
    # the rival "reversing" our number only closes its own (empty) trade of that number
    assert theirs.reverse(out_trade_no=no).done
    assert ours.query(out_trade_no=no).state == ChargeState.PAID
    # and the same number is free for the rival's own trade
    assert theirs.pay(out_trade_no=trade_no(), auth_code=codes[Scenario.SUCCESS], amount=Money(100),
                      subject="t").state == ChargeState.PAID


def test_trades_survive_a_gateway_restart(tmp_path: Path) -> None:
    no = trade_no()
    with live_gateway(tmp_path / "gw") as first:
        p = wechat_for(first.demo)
        charge = p.pay(out_trade_no=no, auth_code=WECHAT[Scenario.SUCCESS], amount=Money(2_500), subject="t")
        assert charge.state == ChargeState.PAID
    with live_gateway(tmp_path / "gw") as second:  # same data dir, new process state, new port
        p = wechat_for(second.demo)
        again = p.query(out_trade_no=no)
        assert (again.state, again.transaction_id) == (ChargeState.PAID, charge.transaction_id)
        assert p.refund(out_trade_no=no, refund_no="R1", amount=Money(2_500), total=Money(2_500),
                        reason="").state == RefundState.SUCCESS


def test_alipay_request_with_a_stale_timestamp_refused(wallet_gateway: LiveGateway) -> None:
    """A signed request replayed an hour later (or a till's clock an hour off) is refused,
    as Alipay refuses a timestamp more than 10 minutes from its clock."""
    p = alipay_for(wallet_gateway.demo)
    body = p._sdk.build_body("alipay.trade.query", {"out_trade_no": "X"})
    body["timestamp"] = (datetime.now(BEIJING) - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    url = f"{wallet_gateway.base}/gateway.do?{p._sdk.sign_data(body)}"
    assert httpx.get(url).json()["error_response"]["sub_code"] == "isv.invalid-timestamp"
    body["timestamp"] = datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    url = f"{wallet_gateway.base}/gateway.do?{p._sdk.sign_data(body)}"
    assert httpx.get(url).json()["alipay_trade_query_response"]["sub_code"] == "ACQ.TRADE_NOT_EXIST"

"""The day's statements: served by the gateway in each vendor's format, parsed, and refused
whole when damaged."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from payments.reconcile import download_statement
from payments.statements import parse_alipay_csv, parse_alipay_zip, parse_wechat_text
from pos.errors import PaymentError
from pos.money import Money
from tests.payments.conftest import LiveGateway, alipay_for, wechat_for
from tests.payments.test_states import trade_no


def _day_of_trades(gw: LiveGateway, wallet: str) -> tuple[object, dict[str, str]]:
    """A paid trade, a part-refunded one, a reversed one and a refused one; their numbers."""
    p = alipay_for(gw.demo) if wallet == "alipay" else wechat_for(gw.demo)
    codes = ALIPAY if wallet == "alipay" else WECHAT
    nos = {k: trade_no() for k in ("paid", "refunded", "reversed", "refused")}
    p.pay(out_trade_no=nos["paid"], auth_code=codes[Scenario.SUCCESS], amount=Money(1_234), subject="演唱会, A区")
    p.pay(out_trade_no=nos["refunded"], auth_code=codes[Scenario.SUCCESS], amount=Money(5_000), subject="t")
    p.refund(out_trade_no=nos["refunded"], refund_no="RF1", amount=Money(2_000), total=Money(5_000), reason="")
    p.pay(out_trade_no=nos["reversed"], auth_code=codes[Scenario.SUCCESS], amount=Money(800), subject="t")
    p.reverse(out_trade_no=nos["reversed"])
    p.pay(out_trade_no=nos["refused"], auth_code=codes[Scenario.NOT_ENOUGH], amount=Money(900), subject="t")
    return p, nos


@pytest.mark.parametrize("wallet", ["alipay", "wechat"])
def test_the_gateways_statement_parses(wallet_gateway: LiveGateway, wallet: str) -> None:
    p, nos = _day_of_trades(wallet_gateway, wallet)
    today = wallet_gateway.ledger_day()
    rows = download_statement(p, day=today)
    got = sorted((r.out_trade_no, r.kind, r.amount.amount) for r in rows)
    assert got == sorted([
        (nos["paid"], "pay", 1_234), (nos["refunded"], "pay", 5_000), (nos["refunded"], "refund", 2_000),
        (nos["reversed"], "pay", 800), (nos["reversed"], "refund", 800),
    ])
    assert all(r.wallet == wallet and r.transaction_id and r.time.date() == today for r in rows)
    assert {r.refund_no for r in rows if r.out_trade_no == nos["refunded"] and r.kind == "refund"} == {"RF1"}


@pytest.mark.parametrize("wallet", ["alipay", "wechat"])
def test_another_merchants_statement_holds_none_of_ours(wallet_gateway: LiveGateway, wallet: str) -> None:
    _day_of_trades(wallet_gateway, wallet)
    rival = wallet_gateway.merchant("rival")
    p = alipay_for(rival) if wallet == "alipay" else wechat_for(rival)
    assert download_statement(p, day=wallet_gateway.ledger_day()) == []


@pytest.mark.parametrize("wallet", ["alipay", "wechat"])
def test_a_day_without_trades(wallet_gateway: LiveGateway, wallet: str) -> None:
    p = alipay_for(wallet_gateway.demo) if wallet == "alipay" else wechat_for(wallet_gateway.demo)
    assert download_statement(p, day=date(2020, 1, 1)) == []
    with pytest.raises(PaymentError):  # a day still to come has no statement
        download_statement(p, day=date(2999, 1, 1))


WECHAT_GOOD = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
    "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
    "手续费,费率,订单金额,申请退款金额,费率备注\r\n"
    "`2026-12-07 10:00:00,`wx1,`1900000109,`0,`,`4200000001,`OUT1,`o1,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`12.34,"
    "`0.00,`0,`0,`0.00,`0.00,`,`,`演唱会, A区,`,`0.00000,`0.60%,`12.34,`0.00,`\r\n"
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n"
    "`1,`12.34,`0.00,`0.00,`0.00000,`12.34,`0.00\r\n"
)


def test_wechat_text_parses_commas_inside_fields() -> None:
    (row,) = parse_wechat_text(WECHAT_GOOD)
    assert (row.out_trade_no, row.transaction_id, row.kind, row.amount) == ("OUT1", "4200000001", "pay", Money(1_234))


@pytest.mark.parametrize("damage", [
    lambda t: "",
    lambda t: t.replace("微信订单号", "订单号"),  # not WeChat's header
    lambda t: t.replace("`12.34,`0.00,`0,", "`12.3x,`0.00,`0,", 1),  # not an amount
    lambda t: t.replace("`1,`12.34", "`2,`12.34"),  # totals do not match the rows
    lambda t: t.split("总交易单数")[0],  # cut short: no totals
    lambda t: t.replace("`2026-12-07 10:00:00", "2026-12-07 10:00:00"),  # no backtick
    lambda t: t.replace("`SUCCESS", "`WHATEVER"),  # unknown state
    lambda t: t.replace("`2026-12-07 10:00:00", "`yesterday"),  # not a time
    lambda t: t.replace(",`0.60%", ""),  # a field missing
])
def test_damaged_wechat_statement_refused(damage: object) -> None:
    with pytest.raises(PaymentError):
        parse_wechat_text(damage(WECHAT_GOOD))  # type: ignore[operator]


def _alipay_text(wallet_gateway: LiveGateway) -> str:
    p, _ = _day_of_trades(wallet_gateway, "alipay")
    import requests

    data = requests.get(p.statement_url(day=wallet_gateway.ledger_day()), timeout=5).content  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        name = next(n for n in z.namelist() if "汇总".encode("gbk").decode("cp437") not in n)
        return z.read(name).decode("gbk")


def _zip(text: str, name: str = "2088_20261207_业务明细.csv") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(name, text.encode("gbk"))
    return buffer.getvalue()


def test_damaged_alipay_statement_refused(wallet_gateway: LiveGateway, tmp_path: Path) -> None:
    text = _alipay_text(wallet_gateway)
    assert len(parse_alipay_zip(_zip(text))) == 5
    good = _zip(text)
    for bad in (
        good[: len(good) // 2],  # truncated download
        b"PK\x03\x04 not really a zip",
        _zip(text, "something_else.csv"),  # no 业务明细.csv inside
        _zip(text.replace("业务类型", "类型")),  # not Alipay's header
        _zip(text.replace(",交易,", ",转账,", 1)),  # an unknown kind of row
        _zip(text.replace("12.34", "12.3.4", 1)),  # not an amount
    ):
        with pytest.raises(PaymentError):
            parse_alipay_zip(bad)
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as z:  # not GBK text
        z.writestr("2088_20261207_业务明细.csv", b"\xff\xfe\x00\x00" * 10)
    with pytest.raises(PaymentError):
        parse_alipay_zip((tmp_path / "x.zip").read_bytes())
    lines = text.splitlines()
    row_at = next(i for i, line in enumerate(lines) if ",交易," in line)
    lines[row_at] = lines[row_at].rsplit(",", 3)[0]  # a row cut short
    with pytest.raises(PaymentError, match="line"):
        parse_alipay_csv("\n".join(lines))

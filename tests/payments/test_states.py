"""Every gateway state through both providers against the real local gateway."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from paygate.server import running_gateway
from pos.money import Money
from pos.payments.wallet import ChargeState, WalletProvider, out_trade_no
from tests.payments.conftest import alipay_for, wechat_for

CODES = {"alipay": ALIPAY, "wechat": WECHAT}


@pytest.fixture(params=["alipay", "wechat"])
def provider(request: pytest.FixtureRequest) -> WalletProvider:
    return request.getfixturevalue(f"{request.param}_provider")  # type: ignore[no-any-return]


def trade_no() -> str:
    return out_trade_no(order_id=str(uuid.uuid4()), attempt=1)


def code(provider: WalletProvider, scenario: Scenario) -> str:
    return CODES[provider.wallet][scenario]


def test_success(provider: WalletProvider) -> None:
    no = trade_no()
    charge = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.SUCCESS), amount=Money(12_345),
                          subject="2 tickets")
    assert charge.state == ChargeState.PAID, charge
    assert charge.transaction_id and charge.amount == Money(12_345)
    again = provider.query(out_trade_no=no)
    assert (again.state, again.transaction_id) == (ChargeState.PAID, charge.transaction_id)


def test_userpaying_then_paid(provider: WalletProvider) -> None:
    no = trade_no()
    first = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.CONFIRM_THEN_PAID), amount=Money(500),
                         subject="t")
    assert first.state == ChargeState.USERPAYING, first
    assert provider.query(out_trade_no=no).state == ChargeState.USERPAYING
    done = provider.query(out_trade_no=no)
    assert done.state == ChargeState.PAID and done.transaction_id and done.amount == Money(500)


def test_userpaying_then_closed(provider: WalletProvider) -> None:
    no = trade_no()
    first = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.CONFIRM_THEN_CLOSED),
                         amount=Money(500), subject="t")
    assert first.state == ChargeState.USERPAYING
    provider.query(out_trade_no=no)
    assert provider.query(out_trade_no=no).state == ChargeState.CLOSED


@pytest.mark.parametrize(("scenario", "reasons"), [
    (Scenario.NOT_ENOUGH, {"NOTENOUGH", "ACQ.BUYER_BALANCE_NOT_ENOUGH"}),
    (Scenario.CODE_EXPIRED, {"AUTHCODEEXPIRE", "ACQ.PAYMENT_AUTH_CODE_INVALID"}),
    (Scenario.CODE_INVALID, {"AUTH_CODE_INVALID", "ACQ.PAYMENT_AUTH_CODE_INVALID"}),
])
def test_refusals(provider: WalletProvider, scenario: Scenario, reasons: set[str]) -> None:
    charge = provider.pay(out_trade_no=trade_no(), auth_code=code(provider, scenario), amount=Money(100), subject="t")
    assert charge.state == ChargeState.FAILED and charge.reason in reasons, charge
    assert charge.transaction_id is None


def test_duplicate_trade_number(provider: WalletProvider) -> None:
    no = trade_no()
    ok = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.SUCCESS), amount=Money(800), subject="t")
    replay = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.SUCCESS), amount=Money(800), subject="t")
    assert replay.state == ChargeState.PAID and replay.transaction_id == ok.transaction_id
    other = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.SUCCESS), amount=Money(900), subject="t")
    assert other.state == ChargeState.FAILED
    assert other.reason in {"OUT_TRADE_NO_USED", "ACQ.CONTEXT_INCONSISTENT"}


@pytest.mark.parametrize("scenario", [Scenario.LOST_REPLY, Scenario.SLOW_REPLY])
def test_no_reply_after_the_charge(provider: WalletProvider, scenario: Scenario) -> None:
    no = trade_no()
    charge = provider.pay(out_trade_no=no, auth_code=code(provider, scenario), amount=Money(700), subject="t")
    assert charge.state == ChargeState.UNKNOWN, charge
    found = provider.query(out_trade_no=no)
    assert found.state == ChargeState.PAID and found.transaction_id
    reversal = provider.reverse(out_trade_no=no)
    assert reversal.done, reversal
    assert provider.query(out_trade_no=no).state == ChargeState.CLOSED


def test_reverse_a_paid_charge(provider: WalletProvider) -> None:
    no = trade_no()
    provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.SUCCESS), amount=Money(300), subject="t")
    assert provider.reverse(out_trade_no=no).done
    assert provider.reverse(out_trade_no=no).done  # again: still reversed, nothing more happens
    assert provider.query(out_trade_no=no).state == ChargeState.CLOSED


def test_reverse_before_the_pay_arrives_refuses_the_late_pay(provider: WalletProvider) -> None:
    no = trade_no()
    assert provider.reverse(out_trade_no=no).done
    late = provider.pay(out_trade_no=no, auth_code=code(provider, Scenario.SUCCESS), amount=Money(300), subject="t")
    assert late.state in (ChargeState.FAILED, ChargeState.CLOSED) and late.transaction_id is None


def test_query_of_an_unknown_trade(provider: WalletProvider) -> None:
    found = provider.query(out_trade_no=trade_no())
    assert found.state == ChargeState.FAILED
    assert found.reason in {"ORDERNOTEXIST", "ACQ.TRADE_NOT_EXIST"}


@pytest.mark.parametrize("wallet", ["alipay", "wechat"])
def test_userpaying_confirmed_by_time(tmp_path: Path, wallet: str) -> None:
    """The customer confirms after a while, whoever asks how often: a query after
    ``confirm_seconds`` finds it paid (or closed, for the code that never confirms)."""
    now = [datetime.now(UTC)]
    with running_gateway(tmp_path / "gw", confirm_queries=1000, confirm_seconds=30, clock=lambda: now[0]) as gw:
        p = alipay_for(gw.demo) if wallet == "alipay" else wechat_for(gw.demo)
        codes = CODES[wallet]
        pays, never = trade_no(), trade_no()
        assert p.pay(out_trade_no=pays, auth_code=codes[Scenario.CONFIRM_THEN_PAID], amount=Money(100),
                     subject="t").state == ChargeState.USERPAYING
        assert p.pay(out_trade_no=never, auth_code=codes[Scenario.CONFIRM_THEN_CLOSED], amount=Money(100),
                     subject="t").state == ChargeState.USERPAYING
        assert p.query(out_trade_no=pays).state == ChargeState.USERPAYING
        now[0] += timedelta(seconds=31)
        assert p.query(out_trade_no=pays).state == ChargeState.PAID
        assert p.query(out_trade_no=never).state == ChargeState.CLOSED

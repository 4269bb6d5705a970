"""Refunds through both providers: exact amount once, idempotent by refund number (also after
a lost reply), never more than was paid."""

from __future__ import annotations

import pytest

from paygate.democodes import Scenario
from pos.errors import InvalidInput
from pos.money import Money
from pos.payments.wallet import ChargeState, RefundState, WalletProvider
from tests.payments.conftest import LiveGateway
from tests.payments.test_states import code, provider, trade_no

__all__ = ["provider"]  # the parametrised fixture, reused


def paid(p: WalletProvider, fen: int, scenario: Scenario = Scenario.SUCCESS) -> str:
    no = trade_no()
    charge = p.pay(out_trade_no=no, auth_code=code(p, scenario), amount=Money(fen), subject="t")
    assert charge.state == ChargeState.PAID
    return no


def refunded_at_gateway(gateway: LiveGateway, p: WalletProvider, no: str) -> int:
    trade = gateway.ledger.trade(p.wallet, "demo", no)
    assert trade is not None
    return trade.refunded


def test_refund_exact_amount_once(provider: WalletProvider, wallet_gateway: LiveGateway) -> None:
    no = paid(provider, 9_000)
    first = provider.refund(out_trade_no=no, refund_no="R1", amount=Money(4_000), total=Money(9_000), reason="r")
    assert first.state == RefundState.SUCCESS and first.refund_id, first
    again = provider.refund(out_trade_no=no, refund_no="R1", amount=Money(4_000), total=Money(9_000), reason="r")
    assert again.state == RefundState.SUCCESS
    assert refunded_at_gateway(wallet_gateway, provider, no) == 4_000
    assert provider.query(out_trade_no=no).state == ChargeState.PAID  # part-refunded, still paid


def test_refund_retried_after_a_lost_reply_refunds_once(provider: WalletProvider,
                                                        wallet_gateway: LiveGateway) -> None:
    no = paid(provider, 6_600, Scenario.REFUND_REPLY_LOST)
    lost = provider.refund(out_trade_no=no, refund_no="R-LOST", amount=Money(6_600), total=Money(6_600), reason="r")
    assert lost.state == RefundState.UNKNOWN, lost
    assert refunded_at_gateway(wallet_gateway, provider, no) == 6_600  # it did happen
    retry = provider.refund(out_trade_no=no, refund_no="R-LOST", amount=Money(6_600), total=Money(6_600), reason="r")
    assert retry.state == RefundState.SUCCESS, retry
    assert refunded_at_gateway(wallet_gateway, provider, no) == 6_600


def test_refund_over_the_paid_amount_refused(provider: WalletProvider, wallet_gateway: LiveGateway) -> None:
    no = paid(provider, 5_000)
    ok = provider.refund(out_trade_no=no, refund_no="R1", amount=Money(3_000), total=Money(5_000), reason="r")
    assert ok.state == RefundState.SUCCESS
    over = provider.refund(out_trade_no=no, refund_no="R2", amount=Money(2_001), total=Money(5_000), reason="r")
    assert over.state == RefundState.FAILED and over.reason in {"ERROR", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"}, over
    assert refunded_at_gateway(wallet_gateway, provider, no) == 3_000
    with pytest.raises(InvalidInput):  # more than the total: not even sent
        provider.refund(out_trade_no=no, refund_no="R3", amount=Money(5_001), total=Money(5_000), reason="r")


def test_refund_number_reused_for_another_amount_refused(provider: WalletProvider,
                                                         wallet_gateway: LiveGateway) -> None:
    no = paid(provider, 5_000)
    provider.refund(out_trade_no=no, refund_no="R1", amount=Money(1_000), total=Money(5_000), reason="r")
    other = provider.refund(out_trade_no=no, refund_no="R1", amount=Money(2_000), total=Money(5_000), reason="r")
    assert other.state == RefundState.FAILED
    assert refunded_at_gateway(wallet_gateway, provider, no) == 1_000


def test_refund_of_a_reversed_or_unknown_trade_refused(provider: WalletProvider) -> None:
    no = paid(provider, 5_000)
    assert provider.reverse(out_trade_no=no).done
    gone = provider.refund(out_trade_no=no, refund_no="R1", amount=Money(5_000), total=Money(5_000), reason="r")
    assert gone.state == RefundState.FAILED
    never = provider.refund(out_trade_no=trade_no(), refund_no="R2", amount=Money(100), total=Money(100), reason="r")
    assert never.state == RefundState.FAILED


def test_a_refunded_trade_cannot_be_reversed(provider: WalletProvider) -> None:
    no = paid(provider, 5_000)
    provider.refund(out_trade_no=no, refund_no="R1", amount=Money(1_000), total=Money(5_000), reason="r")
    reversal = provider.reverse(out_trade_no=no)
    assert not reversal.done and reversal.reason

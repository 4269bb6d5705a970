"""Refunds of a wallet-paid order go back to the wallet charge, for the exact amount, once:
against the real local gateway, also when the refund's reply is lost and it is asked again."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.aftersales.reversal import refund, void_last_sale
from pos.money import Money
from pos.payments import refunds as wallet_refunds
from pos.payments.checkout import sell_by_wallet
from pos.sales import CartItem
from tests.factories import NOW
from tests.payments.flow_helpers import Around, unreachable

CODES = {"wechat": WECHAT, "alipay": ALIPAY}
SEATS = [CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")]
TOTAL = Money(2 * 38000 + 2 * 500)


@pytest.fixture(params=["wechat", "alipay"])
def wallet(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def provider(request: pytest.FixtureRequest, wallet: str) -> Any:
    return request.getfixturevalue(f"{wallet}_provider")


def _paid(counter: Any, provider: Any, code: str) -> Any:
    return sell_by_wallet(
        counter.store, wallets={provider.wallet: provider}, auth_code=code, amount=TOTAL, gateway=None,
        performance_id="P-CONCERT", items=SEATS, actor=counter.clerk, signer=counter.signer,
        clock=lambda: NOW, poll_seconds=0.0,
    )


def _trade(gateway: Any, counter: Any, wallet: str) -> Any:
    (no,) = sqlite3.connect(counter.store.path).execute("SELECT out_trade_no FROM payment_intent").fetchone()
    return gateway.ledger.trade(wallet, "demo", no) or gateway.ledger.trade(wallet, gateway.demo.name, no)


def test_refund_of_a_ticket_refunds_its_price_once_also_after_a_lost_reply(
    counter: Any, provider: Any, wallet_gateway: Any, wallet: str
) -> None:
    sale = _paid(counter, provider, CODES[wallet][Scenario.REFUND_REPLY_LOST])
    one = sale.tickets[0].ticket_id
    back = refund(counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=[one], now=NOW)
    assert [(k, a) for k, a, _r in back.refunds] == [("mobile", Money(38000))]
    wallets = {wallet: provider}
    out = wallet_refunds.send(counter.store, wallets=wallets, reversal_id=back.reversal_id)
    assert [(o.state, o.amount) for o in out] == [("queued", Money(38000))]  # the reply was lost
    assert [o.refund_no for o in wallet_refunds.queued(counter.store)] == [out[0].refund_no]
    again = wallet_refunds.send(counter.store, wallets=wallets)  # the drain asks again, same number
    assert [(o.state, o.amount) for o in again] == [("success", Money(38000))]
    assert wallet_refunds.send(counter.store, wallets=wallets) == []  # nothing left to ask
    trade = _trade(wallet_gateway, counter, wallet)
    assert trade.refunded == 38000  # once, whatever the retries
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT state, attempts, amount FROM wallet_refund").fetchall() == [("success", 2, 38000)]
    kinds = [k for (k,) in con.execute("SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq")]
    assert kinds[-2:] == ["refund", "wallet_refund"]


def test_offline_refund_is_queued_and_sent_when_the_gateway_is_back(
    counter: Any, provider: Any, wallet_gateway: Any, wallet: str
) -> None:
    sale = _paid(counter, provider, CODES[wallet][Scenario.SUCCESS])
    back = void_last_sale(counter.store, actor=counter.supervisor, now=NOW)
    down = Around(provider, down=unreachable(wallet, wallet_gateway), link_up=False)
    out = wallet_refunds.send(counter.store, wallets={wallet: down}, reversal_id=back.reversal_id)
    assert [(o.state, o.amount, o.order_id) for o in out] == [("queued", TOTAL, sale.order_id)]
    assert _trade(wallet_gateway, counter, wallet).refunded == 0
    out = wallet_refunds.send(counter.store, wallets={wallet: provider})
    assert [(o.state, o.amount) for o in out] == [("success", TOTAL)]
    assert _trade(wallet_gateway, counter, wallet).refunded == TOTAL.amount


def test_a_second_refund_of_the_same_order_is_its_own_number(counter: Any, provider: Any, wallet_gateway: Any, wallet: str) -> None:
    sale = _paid(counter, provider, CODES[wallet][Scenario.SUCCESS])
    for t in sale.tickets:
        refund(counter.store, order=sale.order_id, actor=counter.supervisor, ticket_ids=[t.ticket_id], now=NOW)
    out = wallet_refunds.send(counter.store, wallets={wallet: provider})
    assert [o.state for o in out] == ["success", "success"] and len({o.refund_no for o in out}) == 2
    assert _trade(wallet_gateway, counter, wallet).refunded == 2 * 38000  # the fees stay (central's rule)


def test_a_hand_keyed_mobile_reference_is_not_sent_to_a_gateway(counter: Any) -> None:
    from pos.cash.tenders import Tender
    from pos.sales import sell

    sale = sell(counter.store, performance_id="P-CONCERT", items=SEATS,
                tenders=[Tender("mobile", TOTAL, "4200000000123456789")], actor=counter.clerk,
                signer=counter.signer, now=NOW)
    refund(counter.store, order=sale.order_id, actor=counter.supervisor, now=NOW)
    assert wallet_refunds.queued(counter.store) == []

"""An exchange's extra payment by a scanned wallet code, against the real local gateway: the
intent before the charge, the exchange committed with the gateway's transaction id, the charge
reversed when the exchange is refused after it, and nobody charged for bad input or a replay."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.aftersales.reversal import RefundWindowClosed, TicketScanned
from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NotSellable, PaymentError, PermissionDenied, PosError
from pos.money import Money
from pos.payments.exchange_pay import exchange_by_wallet
from pos.payments.recovery import recover
from pos.payments.wallet import ChargeState, WalletProvider
from pos.sales import CartItem, sell
from pos.staff.access import Permission
from tests.factories import NOW
from tests.payments.conftest import live_gateway
from tests.payments.flow_helpers import Around
from tests.pos.aftersales_helpers import approval, sale, scan_at_door

DIFFERENCE = Money(38500 - 18000)  # B-1-1 (zone 2, 180 yuan) for A-1-1 (zone 1, 380 yuan)


@pytest.fixture(scope="module")
def wallet_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_gateway(tmp_path_factory.mktemp("paygate")) as gateway:
        yield gateway


@pytest.fixture
def wallets(wechat_provider: WalletProvider, alipay_provider: WalletProvider) -> dict[str, Any]:
    return {"wechat": Around(wechat_provider), "alipay": Around(alipay_provider)}


def _ex(counter: Any, wallets: Any, order: str, code: str, amount: Money = DIFFERENCE, seat: str = "A-1-1",
        **kw: Any) -> Any:
    kw.setdefault("clock", lambda: NOW)
    kw.setdefault("poll_seconds", 0.0)
    kw.setdefault("actor", counter.supervisor)
    return exchange_by_wallet(
        counter.store, wallets=wallets, auth_code=code, amount=amount, order=order, performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=seat)], signer=counter.signer, **kw,
    )


def _rows(counter: Any, query: str, *args: Any) -> list[Any]:
    con = sqlite3.connect(counter.store.path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def _orders(counter: Any) -> int:
    return int(_rows(counter, "SELECT count(*) FROM sale_order")[0][0])


def _intents(counter: Any) -> list[tuple[str, str]]:
    return _rows(counter, "SELECT out_trade_no, state FROM payment_intent ORDER BY created_at, attempt")


@pytest.mark.parametrize("wallet", ["wechat", "alipay"])
def test_exchange_paid_by_a_scanned_code(counter: Any, wallets: Any, wallet: str) -> None:
    s = sale(counter, seats=("B-1-1",))
    code = {"wechat": WECHAT, "alipay": ALIPAY}[wallet][Scenario.SUCCESS]
    x = _ex(counter, wallets, s.order_id, code)
    ((trade_no, state),) = _intents(counter)
    charged = wallets[wallet].query(out_trade_no=trade_no)
    assert state == "committed" and charged.state is ChargeState.PAID and charged.amount == DIFFERENCE
    assert x.difference == DIFFERENCE and x.collected == (("mobile", DIFFERENCE, charged.transaction_id),)
    assert _rows(counter, "SELECT kind, provider, amount, reference FROM payment WHERE order_id = ? AND kind = "
                 "'mobile'", x.new_order_id) == [("mobile", wallet, 20500, charged.transaction_id)]
    kinds = [k for (k,) in _rows(counter, "SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq")]
    assert kinds[-4:] == ["payment_intent", "sale", "payment_paid", "exchange"]
    # The same exchange again (a double tap, a replayed request): nobody is charged twice.
    calls = list(wallets[wallet].calls)
    with pytest.raises(PaymentError) as err:
        _ex(counter, wallets, s.order_id, code, exchange_id=x.exchange_id)
    assert err.value.details["reason"] == "already_done" and wallets[wallet].calls == calls


def test_split_cash_and_the_wallet(counter: Any, wallets: Any) -> None:
    s = sale(counter, seats=("B-1-1",))
    x = _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], amount=Money(10_000),
            tenders=[Tender("cash", Money(20_000))])
    assert [(k, a.amount) for k, a, _r in x.collected] == [("mobile", 10_000), ("cash", 10_500)]
    assert x.change == Money(9_500)


def test_refused_code_no_exchange(counter: Any, wallets: Any) -> None:
    s = sale(counter, seats=("B-1-1",))
    with pytest.raises(PaymentError) as err:
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.NOT_ENOUGH])
    assert err.value.details["reason"] == "insufficient_balance"
    assert [st for _n, st in _intents(counter)] == ["failed"] and _orders(counter) == 1
    assert _rows(counter, "SELECT status FROM ticket WHERE order_id = ?", s.order_id) == [("valid",)]


def test_exchange_refused_after_the_charge_is_reversed(counter: Any, wallets: Any) -> None:
    s = sale(counter, seats=("B-1-1",))

    def sold_meanwhile() -> None:  # another sale takes the new seat while the customer pays
        sell(counter.store, performance_id="P-CONCERT", items=[CartItem("adult", seat_id="A-1-1")],
             tenders=[Tender("cash", Money(38500))], actor=counter.clerk, signer=counter.signer, now=NOW)

    racing = Around(wallets["alipay"].real, before_pay=sold_meanwhile)
    with pytest.raises(NotSellable) as err:
        _ex(counter, {"alipay": racing}, s.order_id, ALIPAY[Scenario.SUCCESS])
    assert err.value.details["payment_reversed"] is True and racing.calls == ["pay", "reverse"]
    ((trade_no, state),) = _intents(counter)
    assert state == "reversed" and racing.query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert _rows(counter, "SELECT status FROM ticket WHERE order_id = ?", s.order_id) == [("valid",)]
    # An amount that is not the difference: the exchange refuses it after the charge, reversed too.
    with pytest.raises(PaymentError) as err2:
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], amount=Money(100), seat="A-1-2")
    assert err2.value.details["reason"] == "underpaid" and err2.value.details["payment_reversed"] is True
    assert [st for _n, st in _intents(counter)] == ["reversed", "reversed"]


def test_bad_input_charges_nobody(counter: Any, wallets: Any) -> None:
    s = sale(counter, seats=("B-1-1",))
    only_wechat = {"wechat": wallets["wechat"]}
    with pytest.raises(PaymentError) as err:
        _ex(counter, only_wechat, s.order_id, ALIPAY[Scenario.SUCCESS])  # no account with that wallet
    assert err.value.details["reason"] == "no_provider"
    with pytest.raises(InvalidInput):
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], amount=Money(0))
    with pytest.raises(InvalidInput):
        _ex(counter, wallets, s.order_id, "123456")  # not a payment code
    with pytest.raises(InvalidInput):
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], tenders=[Tender("points", Money(100))])
    with pytest.raises(InvalidInput):
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], exchange_id="not-a-uuid")
    assert wallets["wechat"].calls == [] and wallets["alipay"].calls == [] and _intents(counter) == []


class Crash(BaseException):
    """The process dies here."""


def _crash(_charge: Any) -> None:
    raise Crash


def test_a_crash_after_the_charge_is_reversed_by_recovery(counter: Any, wallets: Any) -> None:
    s = sale(counter, seats=("B-1-1",))
    with pytest.raises(Crash):
        _ex(counter, {"wechat": Around(wallets["wechat"].real, after_pay=_crash)}, s.order_id,
            WECHAT[Scenario.SUCCESS], exchange_id=str(uuid.uuid4()))
    out = recover(counter.store, wallets=wallets, signer=counter.signer, include_live=True, clock=lambda: NOW)
    assert [(r.outcome, r.detail) for r in out] == [("reversed", "exchange_not_finished")]
    ((trade_no, _s),) = _intents(counter)
    assert wallets["wechat"].query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert _orders(counter) == 1


def test_what_the_exchange_would_refuse_is_refused_before_any_charge(counter: Any, wallets: Any) -> None:
    s = sale(counter, seats=("B-1-1",))
    other = sale(counter, seats=("B-1-2",))
    late = NOW + timedelta(days=1, hours=1)
    with pytest.raises(PermissionDenied):  # a clerk alone may not exchange
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], actor=counter.clerk)
    with pytest.raises(RefundWindowClosed):  # the window closed: an exchange approval is not enough
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], actor=counter.clerk,
            override=approval(counter, Permission.EXCHANGE, late), clock=lambda: late)
    with pytest.raises(PosError):  # another order's ticket (forged input)
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS], ticket_ids=[other.tickets[0].ticket_id])
    scan_at_door(counter, s.tickets[0].ticket_id, NOW)
    with pytest.raises(TicketScanned):
        _ex(counter, wallets, s.order_id, WECHAT[Scenario.SUCCESS])
    assert wallets["wechat"].calls == [] and _intents(counter) == []

"""The sale paid by a wallet, through the core, against the real local gateway on loopback:
the intent before the charge, the charge outside the transaction, the commit with the
gateway's transaction id, and a reversal of whatever no sale took. Both wallets, every state."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NoOpenShift, NotSellable, PaymentError
from pos.money import Money
from pos.payments.checkout import ChargeWatch, sell_by_wallet
from pos.payments.recovery import recover
from pos.payments.wallet import ChargeState, WalletProvider
from pos.sales import CartItem, sell, standing
from tests.factories import NOW
from tests.payments.conftest import live_gateway
from tests.payments.flow_helpers import Around, unreachable

CODES = {"wechat": WECHAT, "alipay": ALIPAY}
CASH = Tender(kind="cash", amount=Money(500000))
SEATS = [CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")]
TOTAL = Money(2 * 38000 + 2 * 500)


@pytest.fixture(scope="module")
def wallet_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One gateway for the module (its merchant's keys take seconds to make); each test's
    trade numbers are its own orders'."""
    with live_gateway(tmp_path_factory.mktemp("paygate")) as gateway:
        yield gateway


@pytest.fixture
def wallets(wechat_provider: WalletProvider, alipay_provider: WalletProvider) -> dict[str, WalletProvider]:
    return {"wechat": wechat_provider, "alipay": alipay_provider}


@pytest.fixture(params=["wechat", "alipay"])
def wallet(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _db(counter: Any) -> sqlite3.Connection:
    return sqlite3.connect(counter.store.path)


def _pay(counter: Any, wallets: Any, code: str, amount: Money = TOTAL, items: Any = SEATS, **kw: Any) -> Any:
    kw.setdefault("clock", lambda: NOW)
    kw.setdefault("poll_seconds", 0.0)
    return sell_by_wallet(
        counter.store, wallets=wallets, auth_code=code, amount=amount, gateway=None,
        performance_id="P-CONCERT", items=items, actor=counter.clerk, signer=counter.signer, **kw,
    )


def _intents(counter: Any) -> list[tuple[str, str]]:
    return _db(counter).execute("SELECT out_trade_no, state FROM payment_intent ORDER BY created_at, attempt").fetchall()


def _sales(counter: Any) -> int:
    return int(_db(counter).execute("SELECT count(*) FROM sale_order").fetchone()[0])


def test_paid_sale_commits_with_the_transaction_id_as_the_mobile_reference(counter: Any, wallets: Any, wallet: str) -> None:
    result = _pay(counter, wallets, CODES[wallet][Scenario.SUCCESS])
    ((trade_no, state),) = _intents(counter)
    assert state == "committed" and trade_no == result.order_id.replace("-", "")[:28] + "0001"
    at_gateway = wallets[wallet].query(out_trade_no=trade_no)
    assert at_gateway.state is ChargeState.PAID and at_gateway.amount == TOTAL
    con = _db(counter)
    assert con.execute("SELECT kind, provider, amount, reference FROM payment").fetchall() == [
        ("mobile", wallet, TOTAL.amount, at_gateway.transaction_id)
    ]
    kinds = [k for (k,) in con.execute("SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq")]
    assert kinds[-3:] == ["payment_intent", "payment_paid", "sale"]


def test_split_with_cash_is_kept(counter: Any, wallets: Any) -> None:
    result = _pay(counter, wallets, ALIPAY[Scenario.SUCCESS], amount=Money(50000),
                  tenders=[Tender("cash", Money(30000))])
    assert result.change == Money(30000 - (TOTAL.amount - 50000))
    rows = _db(counter).execute("SELECT kind, provider, amount FROM payment ORDER BY id").fetchall()
    assert rows == [("mobile", "alipay", 50000), ("cash", "cash-drawer", TOTAL.amount - 50000)]


def test_userpaying_is_queried_until_paid(counter: Any, wallets: Any, wallet: str) -> None:
    watched = Around(wallets[wallet])
    watch = ChargeWatch()
    _pay(counter, {wallet: watched}, CODES[wallet][Scenario.CONFIRM_THEN_PAID], watch=watch)
    assert watched.calls == ["pay", "query", "query"] and watch.state is ChargeState.PAID
    assert _intents(counter)[0][1] == "committed"


def test_customer_who_never_confirms_is_closed_and_nothing_sold(counter: Any, wallets: Any, wallet: str) -> None:
    with pytest.raises(PaymentError) as err:
        _pay(counter, wallets, CODES[wallet][Scenario.CONFIRM_THEN_CLOSED])
    assert err.value.details["reason"] == "trade_closed"
    assert _sales(counter) == 0 and _intents(counter)[0][1] == "reversed"


@pytest.mark.parametrize(("scenario", "reasons"), [
    (Scenario.NOT_ENOUGH, {"insufficient_balance"}),
    (Scenario.CODE_EXPIRED, {"code_expired", "code_invalid"}),  # Alipay says "invalid" for both
    (Scenario.CODE_INVALID, {"code_invalid"}),
])
def test_refusals_are_reason_coded_and_nothing_is_sold(
    counter: Any, wallets: Any, wallet: str, scenario: Scenario, reasons: set[str]
) -> None:
    with pytest.raises(PaymentError) as err:
        _pay(counter, wallets, CODES[wallet][scenario])
    assert err.value.details["reason"] in reasons
    assert _sales(counter) == 0 and [s for _n, s in _intents(counter)] == ["failed"]


@pytest.mark.parametrize("scenario", [Scenario.LOST_REPLY, Scenario.SLOW_REPLY])
def test_a_reply_lost_after_the_charge_is_found_by_query(
    counter: Any, wallets: Any, wallet: str, scenario: Scenario
) -> None:
    result = _pay(counter, wallets, CODES[wallet][scenario])
    (ref,) = _db(counter).execute("SELECT reference FROM payment").fetchone()
    ((trade_no, _s),) = _intents(counter)
    at_gateway = wallets[wallet].query(out_trade_no=trade_no)
    assert at_gateway.state is ChargeState.PAID and at_gateway.transaction_id == ref
    assert result.total == TOTAL


def test_forged_replies_are_never_believed(counter: Any, wallets: Any, wallet_gateway: Any, wallet: str) -> None:
    """Every reply for this code is signed with a key that is not the gateway's: nothing is
    sold on its word, and the payment is reversed (a reversal is final only on a genuine reply)."""
    with pytest.raises(PaymentError) as err:
        _pay(counter, wallets, CODES[wallet][Scenario.FORGED_REPLY], confirm_seconds=1, poll_seconds=0.2)
    assert err.value.details["reason"] == "no_confirmation"
    assert _sales(counter) == 0
    # The reversal's own reply is genuine here: reversed (or left to recovery if it were not).
    assert [s for _n, s in _intents(counter)] in (["reversed"], ["reversing"])


def test_retry_after_a_refusal_is_a_new_attempt_of_the_same_order(counter: Any, wallets: Any, wallet: str) -> None:
    order_id = str(uuid.uuid4())
    with pytest.raises(PaymentError):
        _pay(counter, wallets, CODES[wallet][Scenario.NOT_ENOUGH], order_id=order_id)
    result = _pay(counter, wallets, CODES[wallet][Scenario.SUCCESS], order_id=order_id)
    assert result.order_id == order_id
    assert [(n[-4:], s) for n, s in _intents(counter)] == [("0001", "failed"), ("0002", "committed")]


def test_cancel_while_waiting_reverses(counter: Any, wallets: Any, wallet: str) -> None:
    watch = ChargeWatch()
    hesitant = Around(wallets[wallet], after_pay=lambda _c: watch.cancel())  # Cancel while the customer hesitates
    with pytest.raises(PaymentError) as err:
        _pay(counter, {wallet: hesitant}, CODES[wallet][Scenario.CONFIRM_THEN_PAID], watch=watch)
    assert err.value.details["reason"] == "cancelled" and err.value.details["reversed"] is True
    assert hesitant.calls == ["pay", "reverse"]
    ((trade_no, state),) = _intents(counter)
    assert state == "reversed" and wallets[wallet].query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert _sales(counter) == 0


def test_no_answer_past_the_deadline_reverses_and_recovery_finishes_the_reversal(
    counter: Any, wallets: Any, wallet_gateway: Any, wallet: str
) -> None:
    flaky = Around(wallets[wallet], down=unreachable(wallet, wallet_gateway))
    flaky.after_pay = lambda _c: setattr(flaky, "link_up", False)  # charged, then the link drops
    ticks = iter(NOW + timedelta(seconds=s) for s in range(0, 1000, 20))
    with pytest.raises(PaymentError) as err:
        _pay(counter, {wallet: flaky}, CODES[wallet][Scenario.LOST_REPLY], clock=lambda: next(ticks),
             confirm_seconds=30)
    assert err.value.details["reason"] == "no_confirmation" and err.value.details["reversed"] is False
    ((trade_no, state),) = _intents(counter)
    assert state == "reversing" and wallets[wallet].query(out_trade_no=trade_no).state is ChargeState.PAID
    out = recover(counter.store, wallets=wallets, signer=counter.signer)  # the link is back
    assert [r.outcome for r in out] == ["reversed"]
    assert wallets[wallet].query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert _sales(counter) == 0


def test_commit_that_fails_after_the_charge_reverses_it(counter: Any, wallets: Any, wallet: str) -> None:
    def sold_meanwhile() -> None:  # another sale takes a seat while the customer pays
        sell(counter.store, performance_id="P-CONCERT", items=[SEATS[0]], tenders=[CASH],
             actor=counter.clerk, signer=counter.signer, now=NOW)

    racing = Around(wallets[wallet], before_pay=sold_meanwhile)
    with pytest.raises(NotSellable) as err:
        _pay(counter, {wallet: racing}, CODES[wallet][Scenario.SUCCESS])
    assert err.value.details["payment_reversed"] is True
    assert racing.calls == ["pay", "reverse"]
    ((trade_no, state),) = _intents(counter)
    assert state == "reversed" and wallets[wallet].query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert _sales(counter) == 1  # the other sale only


def test_bad_input_charges_nobody(counter: Any, wallets: Any) -> None:
    watched = {w: Around(p) for w, p in wallets.items()}
    good = WECHAT[Scenario.SUCCESS]
    with pytest.raises(InvalidInput):
        _pay(counter, watched, "A-1-1")  # a ticket-like text is not a payment code
    with pytest.raises(InvalidInput):
        _pay(counter, watched, "19" + "0" * 16)  # 19: no wallet's prefix
    with pytest.raises(InvalidInput):
        _pay(counter, watched, good, order_id="not-a-uuid")
    with pytest.raises(PaymentError) as err:
        _pay(counter, watched, good, amount=Money(TOTAL.amount + 1))  # mobile gives no change
    assert err.value.details["reason"] == "overpaid"
    with pytest.raises(PaymentError):
        _pay(counter, watched, good, amount=Money(100))  # underpaid, no cash
    with pytest.raises(InvalidInput):
        _pay(counter, watched, good, amount=Money(100, "USD"))
    with pytest.raises(InvalidInput):
        _pay(counter, watched, good, tenders=[Tender("mobile", Money(100), "1234567890")])  # two mobiles
    with pytest.raises(PaymentError):
        _pay(counter, {"alipay": watched["alipay"]}, good)  # no WeChat account configured
    with pytest.raises(NotSellable):
        _pay(counter, watched, good, items=[CartItem("adult", seat_id="NO-SUCH-SEAT")])
    assert not any(p.calls for p in watched.values())
    assert _intents(counter) == []


def test_no_shift_no_charge(counter: Any, wallets: Any) -> None:
    con = _db(counter)
    con.execute("UPDATE shift SET status = 'closed'")
    con.commit()
    watched = Around(wallets["wechat"])
    with pytest.raises(NoOpenShift):
        _pay(counter, {"wechat": watched}, WECHAT[Scenario.SUCCESS])
    assert not watched.calls


class Crash(BaseException):
    """The process dies here."""


def _crash(_charge: Any) -> None:
    raise Crash


def test_recovery_commits_paid_and_reverses_the_rest(counter: Any, wallets: Any) -> None:
    # Paid, and the process died before the sale committed.
    with pytest.raises(Crash):
        _pay(counter, {"wechat": Around(wallets["wechat"], after_pay=_crash)}, WECHAT[Scenario.SUCCESS])
    # The customer was still confirming when the process died.
    with pytest.raises(Crash):
        _pay(counter, {"alipay": Around(wallets["alipay"], after_pay=_crash)}, ALIPAY[Scenario.CONFIRM_THEN_PAID],
             items=list(standing("FLOOR", 1, "adult")), amount=Money(28500))
    # The intent was written, the pay never left.
    with pytest.raises(Crash):
        _pay(counter, {"wechat": Around(wallets["wechat"], before_pay=lambda: _crash(None))},
             WECHAT[Scenario.SUCCESS], items=[CartItem("adult", seat_id="A-2-1")], amount=Money(38500))
    assert recover(counter.store, wallets=wallets, signer=counter.signer, clock=lambda: NOW) != []  # live: left alone
    assert [s for _n, s in _intents(counter)] == ["pending"] * 3
    out = recover(counter.store, wallets=wallets, signer=counter.signer, include_live=True, clock=lambda: NOW)
    assert [r.outcome for r in out] == ["committed", "reversed", "reversed"]
    (paid_no, _s), (waiting_no, _), (never_no, _) = _intents(counter)
    tid = wallets["wechat"].query(out_trade_no=paid_no).transaction_id
    assert _db(counter).execute("SELECT kind, provider, reference FROM payment").fetchall() == [("mobile", "wechat", tid)]
    assert wallets["alipay"].query(out_trade_no=waiting_no).state is ChargeState.CLOSED
    # The fence: a pay arriving after the reversal is refused.
    late = wallets["wechat"].pay(out_trade_no=never_no, auth_code=WECHAT[Scenario.SUCCESS], amount=Money(38500), subject="t")
    assert late.state is not ChargeState.PAID
    assert recover(counter.store, wallets=wallets, signer=counter.signer, include_live=True) == []


def test_recovery_reverses_a_paid_intent_whose_seats_went_elsewhere(counter: Any, wallets: Any) -> None:
    with pytest.raises(Crash):
        _pay(counter, {"wechat": Around(wallets["wechat"], after_pay=_crash)}, WECHAT[Scenario.SUCCESS])
    sell(counter.store, performance_id="P-CONCERT", items=[SEATS[1]], tenders=[CASH], actor=counter.clerk,
         signer=counter.signer, now=NOW)
    out = recover(counter.store, wallets=wallets, signer=counter.signer, include_live=True, clock=lambda: NOW)
    assert [r.outcome for r in out] == ["reversed"]
    ((trade_no, _s),) = _intents(counter)
    assert wallets["wechat"].query(out_trade_no=trade_no).state is ChargeState.CLOSED
    assert _sales(counter) == 1


def test_the_customers_phone_goes_up_with_a_wallet_paid_sale(counter: Any, wallets: Any) -> None:
    """Customer service finds a wallet-paid sale by phone as any other (issue 22); a phone that
    is not a mobile number refuses the sale before anyone is charged."""
    result = _pay(counter, wallets, WECHAT[Scenario.SUCCESS], customer_phone="+86 138-0013-1234")
    (payload,) = _db(counter).execute(
        "SELECT payload FROM outbox WHERE kind = 'order' AND id = ?", (result.order_id,)).fetchone()
    assert json.loads(payload)["customer_phone"] == "13800131234"
    with pytest.raises(InvalidInput):
        _pay(counter, wallets, WECHAT[Scenario.SUCCESS], customer_phone="12345")
    assert _sales(counter) == 1
    assert [s for _, s in _intents(counter)] == ["committed"]  # the bad phone charged nobody

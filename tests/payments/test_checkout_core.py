"""The sale paid by a wallet, through the core: intent before the charge, the charge outside
the transaction, commit with the transaction id, reversal of whatever no sale took."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pos.cash.tenders import Tender
from pos.errors import InvalidInput, NoOpenShift, NotSellable, PaymentError
from pos.money import Money
from pos.payments.checkout import ChargeWatch, sell_by_wallet
from pos.payments.recovery import recover
from pos.sales import CartItem, sell, standing
from tests.factories import NOW
from tests.payments.flow_fake import FakeWallet

WECHAT = "134567890123456789"
ALIPAY = "284567890123456789"
CASH = Tender(kind="cash", amount=Money(500000))
SEATS = [CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")]
TOTAL = Money(2 * 38000 + 2 * 500)


def _db(counter):  # type: ignore[no-untyped-def]
    return sqlite3.connect(counter.store.path)


def _pay(counter, wallets, code=WECHAT, amount=TOTAL, items=SEATS, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("clock", lambda: NOW)
    kw.setdefault("poll_seconds", 0.0)
    return sell_by_wallet(
        counter.store, wallets=wallets, auth_code=code, amount=amount, gateway=None,
        performance_id="P-CONCERT", items=items, actor=counter.clerk, signer=counter.signer, **kw,
    )


def _wallets():  # type: ignore[no-untyped-def]
    return {"wechat": FakeWallet("wechat"), "alipay": FakeWallet("alipay")}


def test_paid_sale_commits_with_the_transaction_id_as_the_mobile_reference(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    result = _pay(counter, w)
    trade_no, trade = next(iter(w["wechat"].charged().items()))
    assert trade_no.startswith(result.order_id.replace("-", "")[:28]) and trade_no.endswith("0001")
    con = _db(counter)
    assert con.execute("SELECT kind, provider, amount, reference FROM payment").fetchall() == [
        ("mobile", "wechat", TOTAL.amount, trade.transaction_id)
    ]
    assert con.execute("SELECT state, transaction_id FROM payment_intent").fetchall() == [
        ("committed", trade.transaction_id)
    ]
    kinds = [k for (k,) in con.execute("SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq")]
    assert kinds[-3:] == ["payment_intent", "payment_paid", "sale"]


def test_alipay_code_goes_to_alipay_and_split_with_cash_is_kept(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    result = _pay(counter, w, code=ALIPAY, amount=Money(50000), tenders=[Tender("cash", Money(30000))])
    assert result.change == Money(30000 - (TOTAL.amount - 50000))
    assert not w["wechat"].trades and len(w["alipay"].charged()) == 1
    rows = _db(counter).execute("SELECT kind, provider, amount FROM payment ORDER BY id").fetchall()
    assert rows == [("mobile", "alipay", 50000), ("cash", "cash-drawer", TOTAL.amount - 50000)]


def test_userpaying_is_queried_until_paid(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    w["wechat"].script[WECHAT] = "userpaying:3"
    watch = ChargeWatch()
    _pay(counter, w, watch=watch)
    assert w["wechat"].calls == ["pay", "query", "query", "query"]
    assert watch.state is not None and watch.state.value == "paid"


def test_refusal_is_reason_coded_and_nothing_is_sold(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    w["wechat"].script[WECHAT] = "refused"
    with pytest.raises(PaymentError) as err:
        _pay(counter, w)
    assert err.value.details["reason"] == "insufficient_balance"
    con = _db(counter)
    assert con.execute("SELECT count(*) FROM sale_order").fetchone() == (0,)
    assert con.execute("SELECT state, reason FROM payment_intent").fetchall() == [("failed", "NOTENOUGH")]


def test_cancel_while_waiting_reverses(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    w["wechat"].script[WECHAT] = "userpaying"
    watch = ChargeWatch()
    w["wechat"].on_pay = watch.cancel  # the clerk presses Cancel while the customer hesitates
    with pytest.raises(PaymentError) as err:
        _pay(counter, w, watch=watch)
    assert err.value.details["reason"] == "cancelled" and err.value.details["reversed"] is True
    assert w["wechat"].calls == ["pay", "reverse"] and not w["wechat"].charged()
    assert _db(counter).execute("SELECT state FROM payment_intent").fetchall() == [("reversed",)]


def test_no_answer_past_the_deadline_reverses_and_recovery_finishes_the_reversal(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    wechat = w["wechat"]
    wechat.script[WECHAT] = "lost"  # charged, but the reply and every query after it are lost

    def link_drops() -> None:
        wechat.offline = True

    wechat.on_pay = link_drops
    ticks = iter(NOW + timedelta(seconds=s) for s in range(0, 1000, 20))
    with pytest.raises(PaymentError) as err:
        _pay(counter, w, clock=lambda: next(ticks), confirm_seconds=30)
    assert err.value.details["reason"] == "no_confirmation" and err.value.details["reversed"] is False
    assert len(wechat.charged()) == 1  # the reversal did not get through either
    assert _db(counter).execute("SELECT state FROM payment_intent").fetchall() == [("reversing",)]
    wechat.offline = False
    out = recover(counter.store, wallets=w, signer=counter.signer)
    assert [r.outcome for r in out] == ["reversed"] and not wechat.charged()
    assert _db(counter).execute("SELECT count(*) FROM sale_order").fetchone() == (0,)


def test_commit_that_fails_after_the_charge_reverses_it(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()

    def sold_meanwhile() -> None:  # another sale takes a seat while the customer pays
        sell(counter.store, performance_id="P-CONCERT", items=[SEATS[0]], tenders=[CASH],
             actor=counter.clerk, signer=counter.signer, now=NOW)

    w["wechat"].on_pay = sold_meanwhile
    with pytest.raises(NotSellable) as err:
        _pay(counter, w)
    assert err.value.details["payment_reversed"] is True
    assert w["wechat"].calls == ["pay", "reverse"] and not w["wechat"].charged()
    assert _db(counter).execute("SELECT count(*) FROM sale_order").fetchone() == (1,)  # the other sale


def test_bad_input_charges_nobody(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    with pytest.raises(InvalidInput):
        _pay(counter, w, code="A-1-1")  # a ticket-like text is not a payment code
    with pytest.raises(InvalidInput):
        _pay(counter, w, code="19" + "0" * 16)  # 19: no wallet's prefix
    with pytest.raises(PaymentError) as err:
        _pay(counter, w, amount=Money(TOTAL.amount + 1))  # more than is due: mobile gives no change
    assert err.value.details["reason"] == "overpaid"
    with pytest.raises(PaymentError):
        _pay(counter, w, amount=Money(100))  # underpaid, no cash
    with pytest.raises(PaymentError):
        _pay(counter, {"alipay": FakeWallet("alipay")})  # no WeChat account configured
    with pytest.raises(NotSellable):
        _pay(counter, w, items=[CartItem("adult", seat_id="NO-SUCH-SEAT")])
    assert not w["wechat"].calls
    assert _db(counter).execute("SELECT count(*) FROM payment_intent").fetchone() == (0,)


def test_no_shift_no_charge(counter) -> None:  # type: ignore[no-untyped-def]
    con = _db(counter)
    con.execute("UPDATE shift SET status = 'closed'")
    con.commit()
    w = _wallets()
    with pytest.raises(NoOpenShift):
        _pay(counter, w)
    assert not w["wechat"].calls


def test_recovery_commits_paid_and_reverses_the_rest(counter) -> None:  # type: ignore[no-untyped-def]
    w = _wallets()
    paid, waiting = w["wechat"], w["alipay"]
    waiting.script[ALIPAY] = "userpaying"

    class Crash(BaseException):
        pass

    def crash() -> None:
        raise Crash

    # A paid charge whose sale never committed: the process died just after the reply.
    orig = paid.pay
    paid.pay = lambda **kw: (orig(**kw), crash())[0]  # type: ignore[method-assign]
    with pytest.raises(Crash):
        _pay(counter, w)
    waiting.on_pay = None
    orig_a = waiting.pay
    waiting.pay = lambda **kw: (orig_a(**kw), crash())[0]  # type: ignore[method-assign]
    with pytest.raises(Crash):
        _pay(counter, w, code=ALIPAY, items=list(standing("FLOOR", 1, "adult")), amount=Money(28500))
    out = recover(counter.store, wallets=w, signer=counter.signer, include_live=True, clock=lambda: NOW)
    assert sorted(r.outcome for r in out) == ["committed", "reversed"]
    con = _db(counter)
    (tid,) = [t.transaction_id for t in paid.charged().values()]
    assert con.execute("SELECT kind, provider, reference FROM payment").fetchall() == [("mobile", "wechat", tid)]
    assert not waiting.charged()
    assert recover(counter.store, wallets=w, signer=counter.signer, include_live=True) == []

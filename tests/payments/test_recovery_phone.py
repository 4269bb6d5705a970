"""A wallet-paid sale that a recovery finishes after a crash goes up with the customer's phone
like the live one (issue 19), on the real local gateway; the phone is never kept in clear
outside the order's upload, and a settled intent keeps it not even sealed (invariant 11)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from paygate.democodes import WECHAT, Scenario
from pos.customers.kept_phone import open_phone, seal_phone
from pos.money import Money
from pos.payments.checkout import sell_by_wallet
from pos.payments.recovery import recover
from pos.payments.wallet import ChargeState, WalletProvider
from pos.sales import CartItem
from tests.factories import NOW
from tests.payments.conftest import live_gateway
from tests.payments.flow_helpers import Around

SEATS = [CartItem("adult", seat_id="A-1-1"), CartItem("adult", seat_id="A-1-2")]
TOTAL = Money(2 * 38000 + 2 * 500)
PHONE = "13800131234"


@pytest.fixture(scope="module")
def wallet_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with live_gateway(tmp_path_factory.mktemp("paygate")) as gateway:
        yield gateway


@pytest.fixture
def wallets(wechat_provider: WalletProvider, alipay_provider: WalletProvider) -> dict[str, WalletProvider]:
    return {"wechat": wechat_provider, "alipay": alipay_provider}


class Crash(BaseException):
    """The process dies here."""


def _crash(_charge: Any) -> None:
    raise Crash


def _pay(counter: Any, wallets: Any, **kw: Any) -> Any:
    return sell_by_wallet(
        counter.store, wallets=wallets, auth_code=WECHAT[Scenario.SUCCESS], amount=TOTAL, gateway=None,
        performance_id="P-CONCERT", items=SEATS, actor=counter.clerk, signer=counter.signer,
        clock=lambda: NOW, poll_seconds=0.0, **kw,
    )


def _db(counter: Any) -> sqlite3.Connection:
    return sqlite3.connect(counter.store.path)


def _sales(counter: Any) -> list[dict[str, Any]]:
    return [json.loads(p) for (p,) in _db(counter).execute("SELECT payload FROM outbox WHERE kind = 'order'")]


def _intent_sale(counter: Any) -> dict[str, Any]:
    ((sale,),) = _db(counter).execute("SELECT sale FROM payment_intent").fetchall()
    return dict(json.loads(sale))


def _clear_phone_outside_the_outbox(counter: Any) -> list[str]:
    """Every table (but the outbox, the upload itself) that holds the phone in clear."""
    con = _db(counter)
    found = []
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'outbox'"):
        for row in con.execute(f'SELECT * FROM "{table}"'):
            if any(PHONE in str(v) for v in row):
                found.append(table)
                break
    return found


def test_a_recovered_sale_goes_up_with_the_customers_phone(counter: Any, wallets: Any) -> None:
    with pytest.raises(Crash):
        _pay(counter, {"wechat": Around(wallets["wechat"], after_pay=_crash)}, customer_phone="+86 138-0013-1234")
    sealed = _intent_sale(counter)["phone_sealed"]
    assert PHONE not in sealed and _clear_phone_outside_the_outbox(counter) == []
    out = recover(counter.store, wallets=wallets, signer=counter.signer, include_live=True, clock=lambda: NOW)
    assert [r.outcome for r in out] == ["committed"]
    (payload,) = _sales(counter)
    assert payload["customer_phone"] == PHONE
    assert "phone_sealed" not in _intent_sale(counter)  # settled: not even sealed any more
    assert _clear_phone_outside_the_outbox(counter) == []


def test_a_live_sale_leaves_no_phone_in_its_intent(counter: Any, wallets: Any) -> None:
    result = _pay(counter, wallets, customer_phone=PHONE)
    (payload,) = _sales(counter)
    assert payload["order_id"] == result.order_id and payload["customer_phone"] == PHONE
    assert "phone_sealed" not in _intent_sale(counter)
    assert _clear_phone_outside_the_outbox(counter) == []


def test_a_reversed_payment_forgets_the_phone(counter: Any, wallets: Any) -> None:
    with pytest.raises(Crash):  # the intent was written, the pay never left
        _pay(counter, {"wechat": Around(wallets["wechat"], before_pay=lambda: _crash(None))}, customer_phone=PHONE)
    assert "phone_sealed" in _intent_sale(counter)
    out = recover(counter.store, wallets=wallets, signer=counter.signer, include_live=True, clock=lambda: NOW)
    assert [r.outcome for r in out] == ["reversed"]
    assert "phone_sealed" not in _intent_sale(counter) and _sales(counter) == []


def test_a_sealed_phone_that_does_not_open_does_not_stop_the_sale(counter: Any, wallets: Any) -> None:
    """Forged or from another key: the paid sale is still finished, without a phone."""
    with pytest.raises(Crash):
        _pay(counter, {"wechat": Around(wallets["wechat"], after_pay=_crash)}, customer_phone=PHONE)
    ((order_id,),) = _db(counter).execute("SELECT order_id FROM payment_intent").fetchall()
    other = seal_phone(b"\x07" * 32, order_id=order_id, phone="13900000000")  # another key
    con = _db(counter)
    con.execute("UPDATE payment_intent SET sale = json_set(sale, '$.phone_sealed', ?)", (other,))
    con.commit()
    out = recover(counter.store, wallets=wallets, signer=counter.signer, include_live=True, clock=lambda: NOW)
    assert [r.outcome for r in out] == ["committed"]
    (payload,) = _sales(counter)
    assert "customer_phone" not in payload
    assert wallets["wechat"].query(out_trade_no=out[0].out_trade_no).state is ChargeState.PAID


def test_a_sealed_phone_opens_only_for_its_order_and_key() -> None:
    key = b"\x01" * 32
    sealed = seal_phone(key, order_id="o-1", phone=PHONE)
    assert open_phone(key, order_id="o-1", sealed=sealed) == PHONE
    assert open_phone(key, order_id="o-2", sealed=sealed) is None
    assert open_phone(b"\x02" * 32, order_id="o-1", sealed=sealed) is None
    for junk in ("", "not base64!", sealed[:-8], 12345, None):
        assert open_phone(key, order_id="o-1", sealed=junk) is None

"""A terminal's wallet-paid sales reach a live central over HTTP on loopback naming the wallet,
the gateway's transaction id and the trade number (issue 19), a sale a recovery finished
after a crash with its customer's phone like a live one, and central's settlement splits the
mobile money by wallet. Against the real local wallet gateway; SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from central.customer_models import OrderPhone
from central.payment_models import OrderPayment
from central.services.customers import phone_key
from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.cash.tenders import Tender
from pos.catalog.cache import free_allocated_seats
from pos.money import Money
from pos.payments.checkout import sell_by_wallet
from pos.payments.recovery import recover
from pos.sales import CartItem
from pos.sales.selling import sell_cart
from pos.terminal.identity import load_signer, terminal_info
from sync.enrol import connect
from sync.online import hold_gateway
from sync.protocol.closeouts import CloseoutReply, CloseoutUpload, Totals
from sync.relay import drain
from tests.central.live import Live
from tests.payments.conftest import alipay_for, live_gateway, wechat_for
from tests.payments.flow_helpers import Around
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import CLERK, PERF, counter

PRICE = 38_500  # an adult seat with its fee
PHONE = "13800131234"


class Crash(BaseException):
    """The process dies here."""


def _crash(_charge: Any) -> None:
    raise Crash


def test_wallet_sales_reach_central_with_their_wallet_and_phone(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    data = tmp_path / "till"
    store = counter(central, data, memory_keyring)
    signer = load_signer(store)
    seats = list(free_allocated_seats(store, performance_id=PERF, outlet_id=terminal_info(store).outlet_id, limit=3))
    assert len(seats) == 3
    with live_gateway(tmp_path / "paygate") as gateway:
        wallets: dict[str, Any] = {"wechat": wechat_for(gateway.demo), "alipay": alipay_for(gateway.demo)}

        def pay(code: str, seat: str, provider: Any, **kw: Any) -> Any:
            with hold_gateway(store, upload=False) as holds:  # held at central; the relay uploads
                return sell_by_wallet(
                    store, wallets=provider, auth_code=code, amount=Money(PRICE), gateway=holds, performance_id=PERF,
                    items=[CartItem("adult", seat_id=seat)], actor=CLERK, signer=signer, poll_seconds=0.0, **kw,
                )

        live = pay(WECHAT[Scenario.SUCCESS], seats[0], wallets, customer_phone=PHONE)
        with pytest.raises(Crash):  # paid, and the till died before the sale was written
            pay(ALIPAY[Scenario.SUCCESS], seats[1], {"alipay": Around(wallets["alipay"], after_pay=_crash)},
                customer_phone="+86 138 0013 1234")
        with hold_gateway(store, upload=False) as holds:
            (done,) = recover(store, wallets=wallets, signer=signer, gateway=holds, include_live=True)
        assert done.outcome == "committed", done
    with hold_gateway(store, upload=False) as holds:  # a mobile payment keyed by the clerk: no wallet
        keyed = sell_cart(store, gateway=holds, performance_id=PERF, items=[CartItem("adult", seat_id=seats[2])],
                          tenders=[Tender("mobile", Money(PRICE), "KEYED12345678")], actor=CLERK, signer=signer)

    client = connect(store)
    try:
        report = drain(store, client)
        assert (report.sent, report.attention) == (3, 0)
        start = datetime.now(UTC) - timedelta(hours=1)
        closed = client.put(f"/closeouts/{uuid.uuid4()}", CloseoutUpload(
            business_date=start.date(), period_start=start, period_end=start + timedelta(hours=2),
            totals=Totals(orders=3, tickets=3, gross=3 * PRICE, refunds=0)), CloseoutReply)
    finally:
        client.close()

    intents = sqlite3.connect(data / "pos.sqlite").execute(
        "SELECT order_id, wallet, transaction_id, out_trade_no FROM payment_intent WHERE state = 'committed'"
    ).fetchall()
    assert {o for o, *_ in intents} == {live.order_id, done.order_id}

    def at_central(s: Any) -> tuple[set[tuple[Any, ...]], set[str]]:
        paid = {(p.order_id, p.wallet, p.transaction_id, p.out_trade_no)
                for p in s.scalars(select(OrderPayment).where(OrderPayment.method == "mobile"))}
        found = set(s.scalars(select(OrderPhone.order_id).where(OrderPhone.phone_key == phone_key(central.ctx, PHONE))))
        return paid, found

    paid, by_phone = central.ctx.db.run(at_central)
    assert paid == {*(tuple(i) for i in intents), (keyed.order_id, None, None, None)}
    assert by_phone == {live.order_id, done.order_id}  # the recovered sale is found by phone too
    split = {(t.method, t.wallet): (t.payments, t.amount) for t in closed.settlement.by_payment}
    assert split == {("mobile", "wechat"): (1, PRICE), ("mobile", "alipay"): (1, PRICE), ("mobile", None): (1, PRICE)}
    assert closed.discrepancies == []


def _queued(payments: list[dict[str, Any]]) -> dict[str, Any]:
    """An order payload as the outbox keeps it, with these payments."""
    return {"created_at": "2030-05-01T10:00:00+00:00", "currency": "CNY", "hold_id": None, "fee_total": 0,
            "total": sum(p["amount"] for p in payments), "number": "T1-000001", "payments": payments,
            "tickets": [{"id": "T" * 16, "performance_id": PERF, "seat_id": "A-1-1", "area_id": None,
                         "concession": "adult", "list_price": PRICE, "discount": 0, "promotion_id": None,
                         "code": "A" * 40, "key_id": "0123ABCD"}]}


def test_queued_payloads_map_to_the_wire_old_and_new() -> None:
    """A wallet charge queued by this version names its trade number; one queued before it was
    kept goes up with the wallet and transaction id only; ids central would refuse (a gateway
    that changed its format) go up as a plain mobile payment rather than block the outbox."""
    from sync.uploads import order_upload

    trade = "0123456789abcdef0123456789ab0001"
    new, old, odd, keyed, cash = order_upload(_queued([
        {"kind": "mobile", "provider": "wechat", "amount": 100, "tendered": 100, "reference": "4200000001",
         "out_trade_no": trade},
        {"kind": "mobile", "provider": "alipay", "amount": 100, "tendered": 100, "reference": "2026050122001"},
        {"kind": "mobile", "provider": "alipay", "amount": 100, "tendered": 100, "reference": "2026-0501"},
        {"kind": "mobile", "provider": "manual-mobile", "amount": 100, "tendered": 100, "reference": "KEYED12345"},
        {"kind": "cash", "provider": "cash-drawer", "amount": 100, "tendered": 200, "reference": ""},
    ])).payments
    assert (new.wallet, new.transaction_id, new.out_trade_no) == ("wechat", "4200000001", trade)
    assert (old.wallet, old.transaction_id, old.out_trade_no) == ("alipay", "2026050122001", None)
    assert (odd.wallet, odd.transaction_id, odd.reference) == (None, None, "2026-0501")
    assert (keyed.wallet, keyed.reference) == (None, "KEYED12345")
    assert (cash.method, cash.wallet, cash.transaction_id) == ("cash", None, None)

"""Wallet payments in outlet orders (issue 19): central keeps each order's payments, a mobile
payment charged at a wallet's gateway with its wallet, transaction id and trade number, sums
them by method and wallet in the settlement, and believes none of it blindly: a forged
wallet, wallet ids on a cash payment, oversize ids, another order's trade number or a
transaction already paid are refused with a clear 4xx and nothing is stored. An older
terminal's order, without any of it, is taken as before. SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from central.models import Order
from central.payment_models import OrderPayment
from tests.central.conftest import T0, Env, order, ticket

TXN = "4200001234202605010000000001"


def _trade_no(oid: str, attempt: int = 1) -> str:
    return uuid.UUID(oid).hex[:28] + f"{attempt:04d}"


def _wallet_order(env: Env, seat: str, oid: str, *, hold: str | None = None, **payment: Any) -> dict[str, Any]:
    """An order of one seat (held now, unless ``hold``), paid 10 yuan cash and the rest by wallet."""
    body = order([ticket(env.own, seat=seat)], holds=[hold or env.hold(env.own, [seat])["hold_id"]])
    total = body["total"]
    mobile = {"method": "mobile", "amount": total - 1000, "reference": TXN, "wallet": "wechat",
              "transaction_id": TXN, "out_trade_no": _trade_no(oid)}
    mobile.update(payment)
    body["payments"] = [{"method": "cash", "amount": 1000}, {k: v for k, v in mobile.items() if v is not None}]
    return body


def _stored(env: Env) -> tuple[int, int]:
    def count(s: Any) -> tuple[int, int]:
        return (s.execute(select(func.count()).select_from(Order)).scalar_one(),
                s.execute(select(func.count()).select_from(OrderPayment)).scalar_one())
    return env.ctx.db.run(count)


def test_a_wallet_payment_is_kept_with_its_ids_and_replays(env: Env) -> None:
    oid = str(uuid.uuid4())
    body = _wallet_order(env, "A-1-2", oid)
    r = env.put_order(env.own, body, oid)
    assert r.status_code == 201, r.text
    assert env.put_order(env.own, body, oid).status_code == 200  # a replay stores nothing more
    rows = env.ctx.db.run(lambda s: [
        (p.method, p.amount, p.wallet, p.transaction_id, p.out_trade_no, p.outlet_id)
        for p in s.scalars(select(OrderPayment).where(OrderPayment.order_id == oid).order_by(OrderPayment.id))
    ])
    total = body["total"]
    assert rows == [("cash", 1000, None, None, None, "OWN"),
                    ("mobile", total - 1000, "wechat", TXN, _trade_no(oid), "OWN")]


def test_an_older_terminals_order_without_wallet_fields_is_taken(env: Env) -> None:
    body = order([ticket(env.own, seat="A-1-2")], holds=[env.hold(env.own, ["A-1-2"])["hold_id"]])
    body["payments"] = [{"method": "mobile", "amount": body["total"], "reference": "KEYED12345678"}]
    oid = str(uuid.uuid4())
    assert env.put_order(env.own, body, oid).status_code == 201
    rows = env.ctx.db.run(lambda s: [(p.method, p.wallet, p.transaction_id) for p in s.scalars(select(OrderPayment))])
    assert rows == [("mobile", None, None)]


def _refused(env: Env, body: dict[str, Any], oid: str, status: int, reason: str, words: str) -> None:
    before = _stored(env)
    r = env.put_order(env.own, body, oid)
    assert r.status_code == status, r.text
    assert r.json()["reason"] == reason and words in r.json()["message"], r.text
    assert _stored(env) == before  # nothing stored


def test_forged_and_misplaced_wallet_claims_are_refused(env: Env) -> None:
    oid = str(uuid.uuid4())
    hold = env.hold(env.own, ["A-1-2"])["hold_id"]

    def bad(**payment: Any) -> dict[str, Any]:
        return _wallet_order(env, "A-1-2", oid, hold=hold, **payment)

    _refused(env, bad(wallet="paypal"), oid, 422, "invalid_request", "'wechat' or 'alipay'")
    _refused(env, bad(wallet="WeChat"), oid, 422, "invalid_request", "'wechat' or 'alipay'")
    _refused(env, bad(transaction_id="4200" * 17), oid, 422, "invalid_request", "pattern")  # 68 > 64
    _refused(env, bad(transaction_id="42000;DROP"), oid, 422, "invalid_request", "pattern")
    _refused(env, bad(out_trade_no=_trade_no(oid) + "0"), oid, 422, "invalid_request", "pattern")
    _refused(env, bad(reference="SOMETHINGELSE1"), oid, 422, "invalid_request", "reference is its transaction id")
    _refused(env, bad(transaction_id=None, reference=None), oid, 422, "invalid_request", "transaction id")
    _refused(env, bad(wallet=None), oid, 422, "invalid_request", "needs the wallet")
    # Wallet ids on a cash payment.
    body = bad()
    body["payments"] = [{"method": "cash", "amount": body["total"], "wallet": "alipay", "transaction_id": TXN}]
    _refused(env, body, oid, 422, "invalid_request", "only a mobile payment")
    body["payments"] = [{"method": "card", "amount": body["total"], "reference": "AB1234", "transaction_id": TXN}]
    _refused(env, body, oid, 422, "invalid_request", "only a mobile payment")
    assert env.put_order(env.own, bad(), oid).status_code == 201  # the honest one still goes


def test_claims_on_other_trades_refuse_the_order(env: Env) -> None:
    """Checked by central against the order (a refusal, like any other: the order id and its
    codes are refused for good), and nothing of the order is stored."""
    oid = str(uuid.uuid4())
    hold = env.hold(env.own, ["A-1-2"])["hold_id"]
    # Another order's trade number: not this order's to claim.
    body = _wallet_order(env, "A-1-2", oid, hold=hold, out_trade_no=_trade_no(str(uuid.uuid4())))
    _refused(env, body, oid, 422, "invalid_request", "this order's own")
    # The same transaction twice in one order.
    oid = str(uuid.uuid4())
    body = _wallet_order(env, "A-1-2", oid, hold=hold)
    half = body["total"] // 2
    body["payments"] = [
        {"method": "mobile", "amount": half, "wallet": "wechat", "transaction_id": TXN},
        {"method": "mobile", "amount": body["total"] - half, "wallet": "wechat", "transaction_id": TXN},
    ]
    _refused(env, body, oid, 422, "invalid_request", "same wallet transaction twice")


def test_a_wallet_transaction_pays_one_order_only(env: Env) -> None:
    first = str(uuid.uuid4())
    assert env.put_order(env.own, _wallet_order(env, "A-1-2", first), first).status_code == 201
    # Another order, by another terminal of another outlet, claiming the same gateway trade.
    second = str(uuid.uuid4())
    h2 = env.hold(env.part, ["A-1-8"])
    body = order([ticket(env.part, seat="A-1-8", price=9500)], holds=[h2["hold_id"]])
    body["payments"] = [{"method": "mobile", "amount": body["total"], "wallet": "wechat", "transaction_id": TXN,
                         "out_trade_no": _trade_no(second)}]
    before = _stored(env)
    r = env.client.put(f"/v1/orders/{second}", json=body, headers=env.part.h)
    assert r.status_code == 422 and r.json()["reason"] == "wallet_trade_taken", r.text
    assert _stored(env) == before
    # The same id at the other wallet is another trade (a new order: a refused one stays refused).
    third = str(uuid.uuid4())
    h3 = env.hold(env.part, ["A-1-9"])
    body = order([ticket(env.part, seat="A-1-9", price=9500)], holds=[h3["hold_id"]])
    body["payments"] = [{"method": "mobile", "amount": body["total"], "wallet": "alipay", "transaction_id": TXN,
                         "out_trade_no": _trade_no(third)}]
    r = env.client.put(f"/v1/orders/{third}", json=body, headers=env.part.h)
    assert r.status_code == 201, r.text


def test_a_batch_cannot_claim_one_trade_twice(env: Env) -> None:
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    orders = [
        {"order_id": a, "order": _wallet_order(env, "A-1-3", a)},
        {"order_id": b, "order": _wallet_order(env, "A-1-4", b, out_trade_no=_trade_no(b))},
    ]
    r = env.client.post("/v1/order-batches", json={"orders": orders}, headers=env.own.h)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert results[0]["status"] == 201, results
    assert results[1]["status"] == 422 and results[1]["error"]["reason"] == "wallet_trade_taken", results
    assert _stored(env) == (1, 2)


def test_the_settlement_sums_payments_by_method_and_wallet(env: Env) -> None:
    for seat, wallet, txn in (("A-1-3", "wechat", TXN), ("A-1-4", "alipay", "2026050122001400001"),
                              ("A-1-5", "wechat", TXN + "2")):
        oid = str(uuid.uuid4())
        body = _wallet_order(env, seat, oid, wallet=wallet, transaction_id=txn, reference=txn)
        assert env.put_order(env.own, body, oid).status_code == 201, seat
    keyed = order([ticket(env.own, seat="A-1-6")], holds=[env.hold(env.own, ["A-1-6"])["hold_id"]])
    keyed["payments"] = [{"method": "mobile", "amount": keyed["total"], "reference": "KEYED12345678"}]
    assert env.put_order(env.own, keyed).status_code == 201
    closeout = {"business_date": T0.date().isoformat(), "period_start": (T0 - timedelta(hours=1)).isoformat(),
                "period_end": (T0 + timedelta(hours=1)).isoformat(),
                "totals": {"orders": 4, "tickets": 4, "gross": 0, "refunds": 0}}
    r = env.client.put(f"/v1/closeouts/{uuid.uuid4()}", json=closeout, headers=env.own.h)
    assert r.status_code == 201, r.text
    price = keyed["total"]
    split = [(t["method"], t["wallet"], t["payments"], t["amount"]) for t in r.json()["settlement"]["by_payment"]]
    assert split == [("cash", None, 3, 3000), ("mobile", None, 1, price),
                     ("mobile", "alipay", 1, price - 1000), ("mobile", "wechat", 2, 2 * (price - 1000))]

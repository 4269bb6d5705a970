"""A city partner's account (issue 24): commission by event or category, the contract term,
payments received, the statement (JSON and CSV) reconciled with the credit and the orders,
close-out mismatches, and who may read it."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from central.cli import central
from central.services import partner
from tests.central.conftest import T0, Env, order, ticket

DAY = "2030-05-01"  # T0 is 10:00 UTC, 18:00 in Shanghai


def _sell(env: Env, seats: list[str], price: int = 9500) -> dict:
    h = env.hold(env.part, seats)
    r = env.put_order(env.part, order([ticket(env.part, seat=s, price=price) for s in seats], holds=[h["hold_id"]],
                                            sold_at=env.clock.now))
    assert r.status_code == 201, r.text
    return r.json()


def _statement(env: Env, frm: str = DAY, to: str = DAY, **kw: str) -> dict:
    r = env.client.get("/v1/outlets/PART/statement", params={"from": frm, "to": to, **kw}, headers=env.part.h)
    assert r.status_code == 200, r.text
    return r.json() if not kw else {"text": r.text}


def test_commission_by_event_rule_and_refund_gives_it_back(env: Env) -> None:
    partner.set_terms(env.ctx, outlet_id="PART", rules={"event": {"E1": 1250}, "category": {"concert": 300}})
    o = _sell(env, ["A-1-2", "A-1-3"])
    assert o["commission"] == (19000 * 1250 + 5000) // 10000 == 2375
    refund = {"order_id": o["order_id"], "ticket_ids": [o["tickets"][0]["ticket_id"]], "amount": 9500,
              "refunded_at": T0.isoformat()}
    assert env.client.put(f"/v1/refunds/{uuid.uuid4()}", json=refund, headers=env.part.h).status_code == 201
    st = _statement(env)
    assert (st["sales"], st["refunds"], st["commission_earned"], st["commission_returned"]) == (
        19000, 9500, 2375, (9500 * 1250 + 5000) // 10000)
    assert st["net_owed"] == 19000 - 9500 - (2375 - 1188)
    acct = env.client.get("/v1/outlets/PART/account", headers=env.part.h).json()
    # Over all time the ledger's balance is the credit used, to the fen.
    assert acct["credit_used"] == st["closing_balance"] == st["lines"][-1]["balance"]
    assert acct["credit_left"] == 1_000_000 - acct["credit_used"]
    assert [r["scope"] for r in acct["rules"]] == ["event", "category"]


def test_category_rule_when_no_event_rule(env: Env) -> None:
    partner.set_terms(env.ctx, outlet_id="PART", rules={"category": {"concert": 300}})
    o = _sell(env, ["A-1-4"])
    assert o["commission"] == (9500 * 300 + 5000) // 10000


def test_payment_lowers_what_is_owed_and_is_idempotent(env: Env) -> None:
    _sell(env, ["A-1-2"])
    pid = str(uuid.uuid4())
    partner.record_payment(env.ctx, outlet_id="PART", amount=5000, received_at=T0 + timedelta(hours=1),
                           payment_id=pid)
    partner.record_payment(env.ctx, outlet_id="PART", amount=5000, received_at=T0 + timedelta(hours=1),
                           payment_id=pid)  # recorded twice: counted once
    st = _statement(env)
    assert st["payments"] == 5000
    assert st["closing_balance"] == 9500 - 950 - 5000
    assert env.client.get("/v1/outlets/PART/account", headers=env.part.h).json()["credit_used"] == 9500 - 950 - 5000
    assert [line["kind"] for line in st["lines"]] == ["sale", "payment"]
    with pytest.raises(ValueError):
        partner.record_payment(env.ctx, outlet_id="PART", amount=-1)
    with pytest.raises(ValueError):
        partner.record_payment(env.ctx, outlet_id="PART", amount=0)


def test_statement_opening_balance_and_csv(env: Env) -> None:
    _sell(env, ["A-1-2"])
    env.clock.advance(days=1)
    _sell(env, ["A-1-3"])
    nxt = (date(2030, 5, 2)).isoformat()
    st = _statement(env, nxt, nxt)
    assert st["opening_balance"] == 8550 and st["closing_balance"] == 17100 and st["orders"] == 1
    text = _statement(env, DAY, nxt, format="csv")["text"]
    rows = list(csv.reader(io.StringIO(text)))
    assert ["sales", "19000"] in rows and ["closing_balance", "17100"] in rows
    assert sum(1 for r in rows if r[:1] and r[1:2] == ["sale"]) == 2


def test_another_outlets_terminal_cannot_read_the_account(env: Env) -> None:
    for path in ("account", "statement", "mismatches"):
        r = env.client.get(f"/v1/outlets/PART/{path}", params={"from": DAY, "to": DAY}, headers=env.own.h)
        assert r.status_code == 403, (path, r.text)
    assert env.client.get("/v1/outlets/PART/account").status_code == 401


@pytest.mark.parametrize("frm,to", [("2030-05-02", "2030-05-01"), ("2030-13-01", DAY), ("yesterday", DAY),
                                    ("2030-05-01", ""), ("2029-01-01", "2030-05-01")])
def test_bad_periods_are_refused(env: Env, frm: str, to: str) -> None:
    r = env.client.get("/v1/outlets/PART/statement", params={"from": frm, "to": to}, headers=env.part.h)
    assert r.status_code == 422, r.text
    r = env.client.get("/v1/outlets/PART/statement", params={"from": DAY, "to": DAY, "format": "pdf"},
                       headers=env.part.h)
    assert r.status_code == 422


def test_contract_term_refuses_sales_outside_it(env: Env) -> None:
    partner.set_terms(env.ctx, outlet_id="PART", contract_start=date(2030, 5, 2), contract_end=date(2030, 6, 1))
    r = env.client.put(f"/v1/holds/{uuid.uuid4()}", json={"performance_id": "P1", "seat_ids": ["A-1-2"]},
                       headers=env.part.h)
    assert r.status_code == 422 and r.json()["reason"] == "contract_inactive"  # no seat held
    # An offline order (no hold) dated outside the contract: refused too.
    r = env.put_order(env.part, order([ticket(env.part, seat="A-2-8", price=9500)]))
    assert r.status_code == 422 and r.json()["reason"] == "contract_inactive", r.text
    env.clock.advance(days=1)  # 2030-05-02 in Shanghai: inside
    _sell(env, ["A-1-3"])
    with pytest.raises(ValueError):
        partner.set_terms(env.ctx, outlet_id="PART", contract_start=date(2030, 7, 1))


def test_closeout_mismatch_is_recorded_and_listed(env: Env) -> None:
    _sell(env, ["A-1-2"])
    cid = str(uuid.uuid4())
    body = {"business_date": DAY, "period_start": (T0 - timedelta(hours=10)).isoformat(),
            "period_end": (T0 + timedelta(hours=10)).isoformat(),
            "totals": {"orders": 2, "tickets": 2, "gross": 19000, "refunds": 0}}
    assert env.client.put(f"/v1/closeouts/{cid}", json=body, headers=env.part.h).status_code == 201
    items = env.client.get("/v1/outlets/PART/mismatches", headers=env.part.h).json()["items"]
    assert len(items) == 1 and items[0]["closeout_id"] == cid
    assert items[0]["fields"] == {"orders": [2, 1], "tickets": [2, 1], "gross": [19000, 9500]}


def test_cli_terms_payment_statement(env: Env, db_url: str) -> None:
    run = CliRunner()
    r = run.invoke(central, ["partner", "terms", "PART", "--db", db_url, "--credit-limit", "500000",
                             "--event-rule", "E1=800", "--category-rule", "theatre=600",
                             "--contract-start", "2030-01-01", "--contract-end", "2030-12-31"])
    assert r.exit_code == 0, r.output
    assert '"credit_limit": 500000' in r.output and '"contract_end": "2030-12-31"' in r.output
    r = run.invoke(central, ["partner", "payment", "PART", "--db", db_url, "--amount", "-5"])
    assert r.exit_code == 1 and "positive" in r.output
    r = run.invoke(central, ["partner", "payment", "PART", "--db", db_url, "--amount", "100",
                             "--received-at", "not a time"])
    assert r.exit_code == 1 and "bad time" in r.output
    r = run.invoke(central, ["partner", "terms", "PART", "--db", db_url, "--event-rule", "E1=abc"])
    assert r.exit_code == 1 and "bad event rule" in r.output
    r = run.invoke(central, ["partner", "payment", "PART", "--db", db_url, "--amount", "100",
                             "--received-at", "2030-05-01T12:00:00+08:00"])
    assert r.exit_code == 0, r.output
    r = run.invoke(central, ["partner", "statement", "PART", "--db", db_url, "--from", DAY, "--to", DAY])
    assert r.exit_code == 0 and '"payments": 100' in r.output
    r = run.invoke(central, ["partner", "statement", "PART", "--db", db_url, "--from", "2030-05-03", "--to", DAY])
    assert r.exit_code == 1 and "after its last" in r.output


def test_a_void_gives_back_the_whole_order_on_the_ledger(env: Env) -> None:
    o = _sell(env, ["A-1-2", "A-1-3"])
    body = {"order_id": o["order_id"], "ticket_ids": [t["ticket_id"] for t in o["tickets"]], "amount": 19000,
            "voided_at": env.clock.now.isoformat()}
    r = env.client.put(f"/v1/voids/{uuid.uuid4()}", json=body, headers=env.part.h)
    assert r.status_code == 201, r.text
    st = _statement(env)
    assert [line["kind"] for line in st["lines"]] == ["sale", "void"]
    assert (st["refunds"], st["commission_returned"], st["net_owed"], st["closing_balance"]) == (19000, 1900, 0, 0)
    assert env.client.get("/v1/outlets/PART/account", headers=env.part.h).json()["credit_used"] == 0

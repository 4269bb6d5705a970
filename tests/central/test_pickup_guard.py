"""Finding 4 of issue 16: pickup look-ups see only orders the caller's outlet may hand out,
never carry ticket codes before the pickup is committed, and are throttled: wrong phone
digits lock the order, misses lock the terminal, and central keeps an alert."""

from __future__ import annotations

import json
import uuid
from typing import Any

from click.testing import CliRunner

from central.services import pickup_guard
from tests.central.conftest import Env

LOOKUP = "/v1/pickups/lookup"


def _web(env: Env, *, outlet: str | None = None, perf: str = "P1", phone: str = "13800135678") -> Any:
    body = {"performance_id": perf, "area_id": "S", "quantity": 2, "concession": "adult",
            "buyer_name": "王小明", "buyer_phone": phone, "pickup_outlet_id": outlet}
    r = env.client.put(f"/v1/online-orders/{uuid.uuid4()}", json=body, headers=env.ph)
    assert r.status_code == 201, r.text
    return r.json()


def _by_number(env: Env, term: Any, web: Any, last4: str) -> Any:
    return env.client.get(LOOKUP, params={"order_number": web["order_number"], "phone_last4": last4},
                          headers=term.h)


def _wrong(last4: str) -> str:
    return f"{(int(last4) + 1) % 10000:04d}"


def test_a_lookup_sees_only_orders_for_the_callers_outlet_and_never_their_codes(env: Env) -> None:
    free = _web(env)
    r = env.client.get(LOOKUP, params={"code": free["pickup_code"]}, headers=env.own.h)
    assert r.status_code == 200 and r.json()["codes_withheld"]
    assert [t["code"] for t in r.json()["tickets"]] == ["", ""]
    assert _by_number(env, env.own, free, "5678").json()["tickets"][0]["code"] == ""
    # Assigned to the partner: the own outlet is told where, and nothing else.
    theirs = _web(env, outlet="PART")
    r = env.client.get(LOOKUP, params={"code": theirs["pickup_code"]}, headers=env.own.h)
    assert r.status_code == 409 and r.json()["reason"] == "wrong_outlet" and "tickets" not in r.text
    assert _by_number(env, env.own, theirs, "5678").status_code == 409
    assert _by_number(env, env.own, theirs, "1111").status_code == 404  # the phone first
    r = env.client.put(f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": theirs["pickup_code"]},
                       headers=env.own.h)
    assert r.status_code == 409 and r.json()["reason"] == "wrong_outlet"
    # Not on sale to the partner (P3 excludes partners): unknown to it.
    closed = _web(env, perf="P3")
    r = env.client.get(LOOKUP, params={"code": closed["pickup_code"]}, headers=env.part.h)
    assert r.status_code == 404 and r.json()["reason"] == "unknown_pickup_code"
    # The committed pickup carries the codes; the outlet's own feed keeps them (offline pickup).
    r = env.client.put(f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": free["pickup_code"]},
                       headers=env.own.h)
    assert r.status_code == 201 and [t["code"] for t in r.json()["order"]["tickets"]] == \
        [t["code"] for t in free["tickets"]]
    feed = env.client.get("/v1/pickups/feed", headers=env.part.h).json()["orders"]
    assert [o["order_id"] for o in feed] == [theirs["order_id"]] and feed[0]["tickets"][0]["code"]
    # Bad input.
    assert env.client.get(LOOKUP, params={"code": free["pickup_code"], "order_number": free["order_number"],
                                          "phone_last4": "5678"}, headers=env.own.h).status_code == 422
    assert env.client.get(LOOKUP, params={"order_number": free["order_number"]}, headers=env.own.h).status_code == 422
    assert _by_number(env, env.own, free, "56a8").status_code == 422
    assert env.client.get(LOOKUP, params={"code": free["pickup_code"]}).status_code == 401


def test_wrong_phone_digits_lock_the_order_and_raise_an_alert(env: Env) -> None:
    web = _web(env)
    tried = 0
    for last4 in (f"{n:04d}" for n in range(10_000)):  # a guesser walking through every ending
        if last4 == "5678":
            continue
        r = _by_number(env, env.own if tried % 2 else env.own2, web, last4)  # two tills of one outlet
        tried += 1
        if r.status_code == 429:
            break
        assert r.status_code == 404
    assert tried == pickup_guard.ORDER_MISSES + 1 and r.json()["reason"] == "pickup_locked"
    assert r.json()["details"]["retry_after"] > 0
    # Locked even for the right digits, and from another outlet's terminal...
    assert _by_number(env, env.own, web, "5678").json()["reason"] == "pickup_locked"
    assert _by_number(env, env.part, web, "5678").status_code == 429
    # ...but the buyer's pickup code still works.
    assert env.client.get(LOOKUP, params={"code": web["pickup_code"]}, headers=env.own.h).status_code == 200
    alerts = pickup_guard.alerts(env.ctx)
    assert [(a.kind, a.order_id) for a in alerts] == [("order_locked", web["order_id"])]
    env.clock.advance(minutes=16)
    assert _by_number(env, env.own, web, "5678").status_code == 200


def test_misses_lock_the_terminal_out_and_an_admin_sees_the_alert(env: Env, tmp_path: Any) -> None:
    web = _web(env)
    mine = _web(env, outlet="OWN")
    codes = {web["pickup_code"], mine["pickup_code"]}
    guesses = (f"{n:08d}" for n in range(10**8) if f"{n:08d}" not in codes)
    for _ in range(pickup_guard.TERMINAL_MISSES - 1):
        assert env.client.get(LOOKUP, params={"code": next(guesses)}, headers=env.own.h).status_code == 404
    r = env.client.put(f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": next(guesses)}, headers=env.own.h)
    assert r.status_code == 404  # a pickup by an unknown code is a miss too: the 20th
    r = env.client.get(LOOKUP, params={"code": web["pickup_code"]}, headers=env.own.h)
    assert r.status_code == 429 and r.json()["reason"] == "pickup_throttled"
    assert _by_number(env, env.own, web, "5678").status_code == 429
    r = env.client.put(f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": web["pickup_code"]}, headers=env.own.h)
    assert r.status_code == 429
    # An order of its own outlet's feed can still be collected (it may have been handed out offline).
    r = env.client.put(f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": mine["pickup_code"]}, headers=env.own.h)
    assert r.status_code == 201
    # The outlet's other till is not locked.
    assert env.client.get(LOOKUP, params={"code": web["pickup_code"]}, headers=env.own2.h).status_code == 200
    alerts = pickup_guard.alerts(env.ctx)
    assert [(a.kind, a.terminal_id) for a in alerts] == [("terminal_locked", env.own.terminal_id)]
    # The administrator's command lists it.
    from central.cli import central

    out = CliRunner().invoke(central, ["pickup-alerts", "--db", env.ctx.db.url, "--json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    assert rows and rows[0]["kind"] == "terminal_locked" and rows[0]["terminal_id"] == env.own.terminal_id
    out = CliRunner().invoke(central, ["pickup-alerts", "--db", env.ctx.db.url])
    assert "terminal_locked" in out.output
    env.clock.advance(hours=1, seconds=1)
    assert env.client.get(LOOKUP, params={"code": web["pickup_code"]}, headers=env.own.h).status_code == 200

from __future__ import annotations

import uuid
from datetime import timedelta

from central.keys import verify_central_code
from central.services.doors import bind_door
from tests.central.conftest import T0, Env, order, ticket


def _sell(env: Env, seats: list[str]) -> dict:  # type: ignore[type-arg]
    h = env.hold(env.own, seats)
    r = env.put_order(env.own, order([ticket(env.own, seat=s) for s in seats], holds=[h["hold_id"]]))
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_refund_revokes_and_frees(env: Env) -> None:
    o = _sell(env, ["A-1-2", "A-1-3"])
    tid = o["tickets"][0]["ticket_id"]
    rid = str(uuid.uuid4())
    body = {
        "order_id": o["order_id"],
        "ticket_ids": [tid],
        "amount": 10000,
        "reason": "changed mind",
        "refunded_at": T0.isoformat(),
    }
    r = env.client.put(f"/v1/refunds/{rid}", json=body, headers=env.own.h)
    assert r.status_code == 201, r.text
    assert env.client.put(f"/v1/refunds/{rid}", json=body, headers=env.own.h).status_code == 200
    r = env.client.put(f"/v1/refunds/{rid}", json={**body, "reason": "x"}, headers=env.own.h)
    assert r.status_code == 409
    rev = env.client.get("/v1/feeds/revocations", headers=env.own.h).json()["items"]
    assert [(x["ticket_id"], x["reason"]) for x in rev] == [(tid, "refund")]
    # Refunding it again under a new id: not refundable.
    r = env.client.put(f"/v1/refunds/{uuid.uuid4()}", json=body, headers=env.own.h)
    assert r.json()["reason"] == "ticket_not_refundable"
    # The seat is free again.
    env.hold(env.part, ["A-1-2"])
    # Wrong amount; another outlet's order; refund window.
    other = o["tickets"][1]["ticket_id"]
    r = env.client.put(
        f"/v1/refunds/{uuid.uuid4()}", json={**body, "ticket_ids": [other], "amount": 1}, headers=env.own.h
    )
    assert r.json()["reason"] == "amount_mismatch"
    r = env.client.put(
        f"/v1/refunds/{uuid.uuid4()}", json={**body, "ticket_ids": [other]}, headers=env.part.h
    )
    assert r.status_code == 404
    env.clock.advance(days=30, hours=12)  # within 24 h of the start
    r = env.client.put(f"/v1/refunds/{uuid.uuid4()}", json={**body, "ticket_ids": [other]}, headers=env.own.h)
    assert r.json()["reason"] == "refund_window_closed"


def test_exchange(env: Env) -> None:
    o = _sell(env, ["A-1-2"])
    h = env.hold(env.own, ["A-1-5"])
    new_ticket = ticket(env.own, seat="A-1-5", concession="child", price=5000)
    new_order = order([new_ticket], holds=[h["hold_id"]])
    new_order["payments"] = [{"method": "exchange", "amount": 5000}]
    body = {
        "order_id": o["order_id"],
        "old_ticket_ids": [o["tickets"][0]["ticket_id"]],
        "refund_amount": 10000,
        "new_order_id": str(uuid.uuid4()),
        "new_order": new_order,
    }
    eid = str(uuid.uuid4())
    r = env.client.put(f"/v1/exchanges/{eid}", json=body, headers=env.own.h)
    assert r.status_code == 201, r.text
    assert r.json()["difference"] == -5000
    assert env.client.put(f"/v1/exchanges/{eid}", json=body, headers=env.own.h).json() == r.json()
    rev = env.client.get("/v1/feeds/revocations", headers=env.own.h).json()["items"]
    assert rev[0]["reason"] == "exchange"
    # A failing new order undoes the refund too.
    o2 = _sell(env, ["A-1-6"])
    bad = {
        **body,
        "order_id": o2["order_id"],
        "old_ticket_ids": [o2["tickets"][0]["ticket_id"]],
        "new_order_id": str(uuid.uuid4()),
        "new_order": order([ticket(env.own, seat="A-1-7")]),
    }
    r = env.client.put(f"/v1/exchanges/{uuid.uuid4()}", json=bad, headers=env.own.h)
    assert r.status_code == 422 and r.json()["reason"] == "no_hold"
    assert len(env.client.get("/v1/feeds/revocations", headers=env.own.h).json()["items"]) == 1


def test_online_order_and_pickup(env: Env) -> None:
    oid = str(uuid.uuid4())
    body = {
        "performance_id": "P1",
        "seat_ids": ["A-1-2", "A-1-3"],
        "concession": "adult",
        "buyer_name": "张三",
        "buyer_phone": "13800138000",
    }
    r = env.client.put(f"/v1/online-orders/{oid}", json=body, headers=env.ph)
    assert r.status_code == 201, r.text
    o = r.json()
    assert len(o["pickup_code"]) == 8 and o["total"] == 20000
    assert env.client.put(f"/v1/online-orders/{oid}", json=body, headers=env.ph).json() == o
    assert (
        env.client.put(
            f"/v1/online-orders/{oid}", json={**body, "buyer_name": "李四"}, headers=env.ph
        ).status_code
        == 409
    )
    # Terminal tokens cannot create web orders.
    assert (
        env.client.put(f"/v1/online-orders/{uuid.uuid4()}", json=body, headers=env.own.h).status_code == 401
    )
    # Competes for seats: taken seats, allocated seats.
    r = env.client.put(
        f"/v1/online-orders/{uuid.uuid4()}", json={**body, "seat_ids": ["A-1-3", "A-1-4"]}, headers=env.ph
    )
    assert r.json()["reason"] == "seat_taken"
    r = env.client.put(
        f"/v1/online-orders/{uuid.uuid4()}", json={**body, "seat_ids": ["A-2-9"]}, headers=env.ph
    )
    assert r.json()["reason"] == "not_allocated"
    r = env.client.put(
        f"/v1/online-orders/{uuid.uuid4()}",
        json={**body, "seat_ids": [], "area_id": "S", "quantity": 3},
        headers=env.ph,
    )
    assert r.status_code == 201
    # Central signs its tickets with the key it publishes.
    keys = env.client.get("/v1/feeds/keys", headers=env.own.h).json()["items"]
    central = next(k for k in keys if k["owner"] == "central")
    import base64

    payload = verify_central_code(o["tickets"][0]["code"], base64.b64decode(central["public_key"]))
    assert payload["t"] == o["tickets"][0]["ticket_id"]
    # Pickup: once.
    pid = str(uuid.uuid4())
    r = env.client.put(f"/v1/pickups/{pid}", json={"pickup_code": o["pickup_code"]}, headers=env.own.h)
    assert r.status_code == 201 and len(r.json()["order"]["tickets"]) == 2
    assert (
        env.client.put(
            f"/v1/pickups/{pid}", json={"pickup_code": o["pickup_code"]}, headers=env.own.h
        ).status_code
        == 200
    )
    r = env.client.put(
        f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": o["pickup_code"]}, headers=env.part.h
    )
    assert r.status_code == 409 and r.json()["reason"] == "already_collected"
    assert r.json()["details"]["terminal_id"] == env.own.terminal_id
    r = env.client.put(f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": "00000000"}, headers=env.own.h)
    assert r.status_code == 404 and r.json()["reason"] == "unknown_pickup_code"
    r = env.client.put(f"/v1/pickups/{uuid.uuid4()}", json={"pickup_code": "12"}, headers=env.own.h)
    assert r.status_code == 422
    got = env.client.get(f"/v1/online-orders/{oid}", headers=env.ph).json()
    assert got["collected"]["outlet_id"] == "OWN"


def test_scans_first_wins(env: Env) -> None:
    o = _sell(env, ["A-1-2"])
    tid = o["tickets"][0]["ticket_id"]
    door = env.own2
    for gate in (env.own2, env.part):  # doors of the venue, bound by central (issue 16)
        bind_door(env.ctx, terminal_id=gate.terminal_id, venue_id="V1")
    env.clock.advance(minutes=30)  # scans are not dated ahead of central's clock

    def scan(at_minutes: int, nonce: str | None = None, **kw):  # type: ignore[no-untyped-def]
        return {
            "nonce": nonce or str(uuid.uuid4()),
            "ticket_id": tid,
            "performance_id": "P1",
            "gate_id": "G1",
            "scanned_at": (T0 + timedelta(minutes=at_minutes)).isoformat(),
            "verdict": "admitted",
            **kw,
        }

    first = scan(10)
    r = env.client.post("/v1/scans", json={"scans": [first]}, headers=door.h)
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "recorded"
    assert (
        env.client.post("/v1/scans", json={"scans": [first]}, headers=door.h).json()["results"][0]["status"]
        == "duplicate"
    )
    reused = {**first, "gate_id": "G2"}
    assert (
        env.client.post("/v1/scans", json={"scans": [reused]}, headers=door.h).json()["results"][0]["status"]
        == "nonce_reused"
    )
    # Another gate admits the same ticket later: conflict, the first admission reported.
    r = env.client.post("/v1/scans", json={"scans": [scan(12)]}, headers=env.part.h).json()["results"][0]
    assert r["status"] == "conflict" and r["first_admission"]["nonce"] == first["nonce"]
    # One scanned earlier but uploaded late wins; the reply says so.
    early = scan(5)
    r = env.client.post("/v1/scans", json={"scans": [early]}, headers=env.part.h).json()["results"][0]
    assert r["status"] == "conflict" and r["first_admission"]["nonce"] == early["nonce"]
    r = env.client.post("/v1/scans", json={"scans": [scan(1, ticket_id="NOPE")]}, headers=door.h).json()
    assert r["results"][0]["status"] == "unknown_ticket"
    assert env.client.post("/v1/scans", json={"scans": []}, headers=door.h).status_code == 422
    bad = scan(1)
    bad["scanned_at"] = "2030-01-01T00:00:00"
    assert env.client.post("/v1/scans", json={"scans": [bad]}, headers=door.h).status_code == 422


def test_closeout_settlement(env: Env) -> None:
    h = env.hold(env.part, ["A-1-2", "A-1-3"])
    r = env.put_order(
        env.part,
        order([ticket(env.part, seat=s, price=9500) for s in ("A-1-2", "A-1-3")], holds=[h["hold_id"]]),
    )
    o = r.json()
    refund = {
        "order_id": o["order_id"],
        "ticket_ids": [o["tickets"][0]["ticket_id"]],
        "amount": 9500,
        "refunded_at": T0.isoformat(),
    }
    assert env.client.put(f"/v1/refunds/{uuid.uuid4()}", json=refund, headers=env.part.h).status_code == 201
    cid = str(uuid.uuid4())
    body = {
        "business_date": "2030-05-01",
        "period_start": (T0 - timedelta(hours=10)).isoformat(),
        "period_end": (T0 + timedelta(hours=10)).isoformat(),
        "totals": {"orders": 1, "tickets": 2, "gross": 19000, "refunds": 9000},
    }
    r = env.client.put(f"/v1/closeouts/{cid}", json=body, headers=env.part.h)
    assert r.status_code == 201, r.text
    c = r.json()
    s = c["settlement"]
    assert (s["gross"], s["refunds"], s["net_sales"], s["commission"], s["net_owed"]) == (
        19000,
        9500,
        9500,
        950,
        8550,
    )
    assert (
        s["credit_limit"] == 1_000_000
        and s["credit_used"] == 8550
        and s["credit_available"] == 1_000_000 - 8550
    )
    assert c["discrepancies"] == ["refunds: terminal 9000, central 9500"]
    assert env.client.put(f"/v1/closeouts/{cid}", json=body, headers=env.part.h).json() == c
    assert (
        env.client.put(
            f"/v1/closeouts/{cid}", json={**body, "business_date": "2030-05-02"}, headers=env.part.h
        ).status_code
        == 409
    )
    bad = {**body, "period_end": body["period_start"]}
    assert env.client.put(f"/v1/closeouts/{uuid.uuid4()}", json=bad, headers=env.part.h).status_code == 422
    # The own outlet sees only its own numbers.
    r = env.client.put(f"/v1/closeouts/{uuid.uuid4()}", json=body, headers=env.own.h).json()
    assert r["settlement"]["gross"] == 0 and r["settlement"]["credit_available"] is None

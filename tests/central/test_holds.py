from __future__ import annotations

import uuid

from tests.central.conftest import Env


def test_hold_all_or_nothing(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2", "A-1-3"])
    assert h["status"] == "active" and h["seat_ids"] == ["A-1-2", "A-1-3"]
    # Overlap: nothing of the second hold is taken.
    r = env.client.put(
        f"/v1/holds/{uuid.uuid4()}",
        headers=env.part.h,
        json={"performance_id": "P1", "seat_ids": ["A-1-3", "A-1-4"]},
    )
    assert r.status_code == 422 and r.json()["reason"] == "seat_taken"
    assert r.json()["details"]["seat_ids"] == ["A-1-3"]
    env.hold(env.part, ["A-1-4"])  # still free


def test_hold_rules(env: Env) -> None:
    def put(term, body):  # type: ignore[no-untyped-def]
        return env.client.put(f"/v1/holds/{uuid.uuid4()}", headers=term.h, json=body)

    r = put(env.part, {"performance_id": "P1", "seat_ids": ["A-2-9"]})
    assert r.json()["reason"] == "not_allocated"
    env.hold(env.own, ["A-2-9"])  # own allocation: fine for its own outlet
    assert put(env.own, {"performance_id": "P1", "seat_ids": ["A-1-1"]}).json()["reason"] == "seat_taken"
    assert put(env.own, {"performance_id": "P1", "seat_ids": ["NOPE"]}).json()["reason"] == "seat_unknown"
    assert (
        put(env.own, {"performance_id": "P2", "seat_ids": ["A-1-5"]}).json()["reason"]
        == "performance_cancelled"
    )
    assert (
        put(env.part, {"performance_id": "P3", "seat_ids": ["A-1-5"]}).json()["reason"]
        == "performance_unknown"
    )
    assert (
        put(env.own, {"performance_id": "PX", "seat_ids": ["A-1-5"]}).json()["reason"]
        == "performance_unknown"
    )
    for bad in (
        {"performance_id": "P1"},
        {"performance_id": "P1", "seat_ids": ["A-1-5", "A-1-5"]},
        {"performance_id": "P1", "seat_ids": ["A-1-5"], "area_id": "S", "quantity": 1},
        {"performance_id": "P1", "seat_ids": ["A-1-5"], "ttl_seconds": 99999},
        {"performance_id": "P1", "area_id": "S", "quantity": 101},
        {"performance_id": "P1", "seat_ids": ["A-1-5"], "surprise": 1},
    ):
        r = put(env.own, bad)
        assert r.status_code == 422 and r.json()["reason"] == "invalid_request", bad
    assert (
        env.client.put(
            "/v1/holds/not-a-uuid", headers=env.own.h, json={"performance_id": "P1", "seat_ids": ["A-1-5"]}
        ).status_code
        == 422
    )
    env.clock.advance(days=40)  # after sales close
    assert put(env.own, {"performance_id": "P1", "seat_ids": ["A-1-5"]}).json()["reason"] == "sales_closed"


def test_hold_idempotent_put(env: Env) -> None:
    hid = str(uuid.uuid4())
    body = {"performance_id": "P1", "seat_ids": ["A-1-6"]}
    assert env.client.put(f"/v1/holds/{hid}", json=body, headers=env.own.h).status_code == 201
    assert env.client.put(f"/v1/holds/{hid}", json=body, headers=env.own.h).status_code == 200
    r = env.client.put(f"/v1/holds/{hid}", json={**body, "seat_ids": ["A-1-7"]}, headers=env.own.h)
    assert r.status_code == 409 and r.json()["reason"] == "idempotency_conflict"
    # Another terminal cannot read or touch it.
    assert env.client.get(f"/v1/holds/{hid}", headers=env.own2.h).status_code == 404
    assert env.client.delete(f"/v1/holds/{hid}", headers=env.own2.h).status_code == 404


def test_extend_release_expire(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2"], ttl=60)
    hid = h["hold_id"]
    env.clock.advance(seconds=50)
    r = env.client.post(f"/v1/holds/{hid}/extend", json={"ttl_seconds": 120}, headers=env.own.h)
    assert r.status_code == 200 and r.json()["status"] == "active"
    env.clock.advance(seconds=100)
    assert env.client.get(f"/v1/holds/{hid}", headers=env.own.h).json()["status"] == "active"
    env.clock.advance(seconds=30)
    assert env.client.get(f"/v1/holds/{hid}", headers=env.own.h).json()["status"] == "expired"
    r = env.client.post(f"/v1/holds/{hid}/extend", json={"ttl_seconds": 120}, headers=env.own.h)
    assert r.status_code == 422 and r.json()["reason"] == "hold_expired"
    # Lazy sweep: another outlet can now hold the seat.
    env.hold(env.part, ["A-1-2"])
    assert env.client.get(f"/v1/holds/{hid}", headers=env.own.h).json()["status"] == "expired"
    h2 = env.hold(env.own, ["A-1-3"])
    r = env.client.delete(f"/v1/holds/{h2['hold_id']}", headers=env.own.h)
    assert r.json()["status"] == "released"
    assert env.client.delete(f"/v1/holds/{h2['hold_id']}", headers=env.own.h).json()["status"] == "released"
    env.hold(env.own2, ["A-1-3"])
    r = env.client.post(f"/v1/holds/{h2['hold_id']}/extend", json={}, headers=env.own.h)
    assert r.json()["reason"] == "hold_not_active"


def test_background_sweep(env: Env) -> None:
    from central.services.holds import sweep

    env.hold(env.own, ["A-1-2"], ttl=10)
    env.hold(env.own, area="S", quantity=3, ttl=10)
    env.clock.advance(seconds=11)
    assert sweep(env.ctx) == 2
    seats = env.client.get("/v1/feeds/seats", params={"performance_id": "P1"}, headers=env.own.h).json()
    assert {s["seat_id"]: s["status"] for s in seats["seats"]}["A-1-2"] == "free"
    assert seats["standing"][0]["available"] == 45 and seats["standing"][0]["own_available"] == 5


def test_standing_holds_guarded(env: Env) -> None:
    h = env.hold(env.own, area="S", quantity=7)  # 5 from OWN's quota, 2 from the pool
    assert h["quantity"] == 7
    st = env.client.get("/v1/feeds/seats", params={"performance_id": "P1"}, headers=env.own.h).json()[
        "standing"
    ][0]
    assert st["own_available"] == 0 and st["available"] == 43
    env.hold(env.part, area="S", quantity=43)
    r = env.client.put(
        f"/v1/holds/{uuid.uuid4()}",
        headers=env.part.h,
        json={"performance_id": "P1", "area_id": "S", "quantity": 1},
    )
    assert r.status_code == 422 and r.json()["reason"] == "sold_out"
    env.client.delete(f"/v1/holds/{h['hold_id']}", headers=env.own.h)
    st = env.client.get("/v1/feeds/seats", params={"performance_id": "P1"}, headers=env.own.h).json()[
        "standing"
    ][0]
    assert st["own_available"] == 5 and st["available"] == 2

from __future__ import annotations

import base64

from central.services import admin
from tests.central.conftest import T0, Env, enrol, new_key


def test_enrol_happy_and_code_single_use(env: Env) -> None:
    code = admin.make_enrol_code(env.ctx, "OWN")
    _, pub, key_id = new_key()
    r = env.client.post("/v1/enrol", json={"code": code, "public_key": pub, "terminal_name": "x"})
    assert r.status_code == 201
    body = r.json()
    assert body["key_id"] == key_id and body["outlet_id"] == "OWN"
    assert "x-server-time" in r.headers
    _, pub2, _ = new_key()
    again = env.client.post("/v1/enrol", json={"code": code, "public_key": pub2, "terminal_name": "y"})
    assert again.status_code == 403 and again.json()["reason"] == "invalid_code"
    me = env.client.get("/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["terminal_id"] == body["terminal_id"]


def test_enrol_bad_cases(env: Env) -> None:
    code = admin.make_enrol_code(env.ctx, "OWN", ttl_minutes=1)
    env.clock.advance(minutes=2)
    _, pub, _ = new_key()
    r = env.client.post("/v1/enrol", json={"code": code, "public_key": pub, "terminal_name": "x"})
    assert r.status_code == 403  # expired
    code = admin.make_enrol_code(env.ctx, "OWN")
    short = base64.b64encode(b"x" * 31).decode().ljust(44, "=")
    r = env.client.post("/v1/enrol", json={"code": code, "public_key": short, "terminal_name": "x"})
    assert r.status_code == 422 and r.json()["reason"] == "invalid_request"
    # The same key twice is refused.
    code2 = admin.make_enrol_code(env.ctx, "OWN")
    r = env.client.post("/v1/enrol", json={"code": code2, "public_key": pub, "terminal_name": "x"})
    assert r.status_code == 201
    code3 = admin.make_enrol_code(env.ctx, "OWN")
    r = env.client.post("/v1/enrol", json={"code": code3, "public_key": pub, "terminal_name": "x"})
    assert r.status_code == 409 and r.json()["reason"] == "key_in_use"
    r = env.client.post("/v1/enrol", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_auth_required_and_revocation(env: Env) -> None:
    assert env.client.get("/v1/me").status_code == 401
    assert env.client.get("/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    admin.revoke_terminal(env.ctx, env.own2.terminal_id, revoke_key=True)
    r = env.client.get("/v1/me", headers=env.own2.h)
    assert r.status_code == 401 and r.json()["reason"] == "token_revoked"
    keys = env.client.get("/v1/feeds/keys", headers=env.own.h).json()["items"]
    revoked = [k for k in keys if k["key_id"] == env.own2.key_id]
    assert revoked and revoked[-1]["revoked_at"] is not None
    # Platform tokens are not terminal tokens and vice versa.
    assert env.client.get("/v1/me", headers=env.ph).status_code == 401


def test_body_limit_and_unknown_route(env: Env) -> None:
    r = env.client.post("/v1/scans", content=b"x" * (1024 * 1024 + 10), headers=env.own.h)
    assert r.status_code == 413 and r.json()["reason"] == "body_too_large"
    r = env.client.get("/v1/nothing", headers=env.own.h)
    assert r.status_code == 404 and r.json()["reason"] == "not_found"


def test_catalog_feed_and_snapshot_filtered_per_outlet(env: Env) -> None:
    page = env.client.get("/v1/feeds/catalog", headers=env.part.h).json()
    assert not page["more"]
    events = {i["id"]: i for i in page["items"] if i["kind"] == "event"}
    assert events["E2"]["deleted"]  # theatre is closed to partners
    perf = events["E1"]["data"]["performances"][0]
    assert [a["outlet_id"] for a in perf["allocations"]] == ["PART"]
    outlets = [i for i in page["items"] if i["kind"] == "outlet" and not i["deleted"]]
    assert [o["id"] for o in outlets] == ["PART"]
    # Nothing new since the cursor.
    again = env.client.get("/v1/feeds/catalog", params={"cursor": page["next_cursor"]}, headers=env.part.h)
    assert again.json()["items"] == []
    snap = env.client.get("/v1/catalog", headers=env.own.h)
    assert snap.status_code == 200 and {e["id"] for e in snap.json()["events"]} == {"E1", "E2"}
    # Paging.
    p1 = env.client.get("/v1/feeds/catalog", params={"limit": 2}, headers=env.own.h).json()
    assert p1["more"] and len(p1["items"]) == 2
    assert env.client.get("/v1/feeds/catalog", params={"limit": 0}, headers=env.own.h).status_code == 422
    assert env.client.get("/v1/feeds/catalog", params={"cursor": -1}, headers=env.own.h).status_code == 422


def test_seat_allocation_revocation_keys_feeds(env: Env) -> None:
    r = env.client.get("/v1/feeds/seats", params={"performance_id": "P1"}, headers=env.own.h).json()
    seats = {s["seat_id"]: s for s in r["seats"]}
    assert len(seats) == 20
    assert seats["A-1-1"]["status"] == "blocked"
    assert seats["A-2-9"]["allocation"] == "own" and seats["A-2-8"]["allocation"] == "other"
    st = r["standing"][0]
    assert st["capacity"] == 50 and st["available"] == 45 and st["own_available"] == 5
    cursor = r["next_cursor"]
    env.hold(env.own, ["A-1-2"])
    delta = env.client.get(
        "/v1/feeds/seats", params={"performance_id": "P1", "cursor": cursor}, headers=env.own.h
    ).json()
    assert [(s["seat_id"], s["status"], s["held_by_me"]) for s in delta["seats"]] == [("A-1-2", "held", True)]
    # Partners do not see P3.
    r2 = env.client.get("/v1/feeds/seats", params={"performance_id": "P3"}, headers=env.part.h)
    assert r2.status_code == 422 and r2.json()["reason"] == "performance_unknown"
    allocs = env.client.get("/v1/feeds/allocations", headers=env.own.h).json()["items"]
    assert {a["performance_id"] for a in allocs} == {"P1"}  # only performances allocating to OWN
    own_p1 = next(a for a in allocs if a["performance_id"] == "P1")
    assert own_p1["seat_ids"] == ["A-2-10", "A-2-9"] and own_p1["standing"] == {"S": 5}
    keys = env.client.get("/v1/feeds/keys", headers=env.own.h).json()["items"]
    owners = {k["owner"] for k in keys}
    assert owners == {"central", "terminal"} and len(keys) == 4
    assert env.client.get("/v1/feeds/revocations", headers=env.own.h).json()["items"] == []
    assert T0  # the clock the server answers with
    assert (
        env.client.get("/v1/feeds/keys", headers=env.own.h).headers["x-server-time"].startswith("2030-05-01")
    )


def test_second_terminal_of_other_outlet_cannot_see_others(env: Env) -> None:
    t = enrol(env.client, env.ctx, "PART", "p2")
    allocs = env.client.get("/v1/feeds/allocations", headers={"Authorization": f"Bearer {t.token}"}).json()
    assert all(a["seat_ids"] in (["A-2-8"], []) for a in allocs["items"])

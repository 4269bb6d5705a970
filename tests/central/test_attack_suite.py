"""The attack suite (issue 16): terminals of two outlets and both roles are enrolled (counters,
a door bound to the venue, a door of another venue, a withdrawn terminal, the platform's
token); then, for every route of the OpenAPI document, every token that route must not
accept is tried with a body that would be accepted from the right caller. The tally is
printed; any acceptance fails the test, and so does a route the suite does not know (a new
route must say here who may call it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from central.services import admin
from central.services.doors import bind_door
from central.services.members import add_member
from pos.tickets.sealing import seal
from tests.central.conftest import T0, Env, Term, enrol, make_env, new_key, order, ticket
from tests.central.test_scan_scopes import two_venue_catalog

Body = dict[str, Any] | None


@dataclass
class World:
    env: Env
    door: Term  # OWN's terminal, bound as a door of V1 (P1's venue)
    door_v2: Term  # PART's terminal, bound as a door of V2
    revoked: Term
    hold_id: str  # OWN's active hold
    order_id: str  # OWN's order, with its body
    order_body: dict[str, Any]
    ticket_id: str
    pickup_code: str  # an online order to be collected at OWN
    order_number: str
    closeout_id: str
    closeout_body: dict[str, Any]
    points_auth_id: str = ""  # OWN's active points authorisation (issue 22), with its body
    points_body: dict[str, Any] | None = None


@pytest.fixture
def world(tmp_path: Any) -> Iterator[World]:
    for env in make_env(f"sqlite:///{tmp_path / 'attack.sqlite'}", two_venue_catalog()):
        door, door_v2 = enrol(env.client, env.ctx, "OWN", "gate"), enrol(env.client, env.ctx, "PART", "gate 2")
        bind_door(env.ctx, terminal_id=door.terminal_id, venue_id="V1")
        bind_door(env.ctx, terminal_id=door_v2.terminal_id, venue_id="V2")
        revoked = enrol(env.client, env.ctx, "OWN", "stolen")
        bind_door(env.ctx, terminal_id=revoked.terminal_id, venue_id="V1")
        admin.revoke_terminal(env.ctx, revoked.terminal_id)
        h = env.hold(env.own, ["A-1-2"])
        body = order([ticket(env.own, seat="A-1-2")], holds=[h["hold_id"]])
        oid = str(uuid.uuid4())
        r = env.put_order(env.own, body, oid)
        assert r.status_code == 201, r.text
        tid = r.json()["tickets"][0]["ticket_id"]
        live_hold = env.hold(env.own, ["A-1-5"])["hold_id"]
        web = env.client.put(f"/v1/online-orders/{uuid.uuid4()}", headers=env.ph, json={
            "performance_id": "P1", "area_id": "S", "quantity": 1, "concession": "adult",
            "buyer_name": "张三", "buyer_phone": "13800138000", "pickup_outlet_id": "OWN"})
        assert web.status_code == 201, web.text
        cid = str(uuid.uuid4())
        closeout = {"business_date": date(2030, 5, 1).isoformat(), "period_start": T0.isoformat(),
                    "period_end": (T0 + timedelta(hours=8)).isoformat(),
                    "totals": {"orders": 1, "tickets": 1, "gross": 10000, "refunds": 0}}
        r = env.client.put(f"/v1/closeouts/{cid}", json=closeout, headers=env.own.h)
        assert r.status_code == 201, r.text
        add_member(env.ctx, number="M0001", phone="13700137000", name="会员", tier="gold", points=1000)
        aid, points = str(uuid.uuid4()), {"member_number": "M0001", "points": 100, "order_id": str(uuid.uuid4())}
        r = env.client.put(f"/v1/points-authorisations/{aid}", json=points, headers=env.own.h)
        assert r.status_code == 201, r.text
        yield World(env, door, door_v2, revoked, live_hold, oid, body, tid,
                    web.json()["pickup_code"], web.json().get("order_number") or "", cid, closeout, aid, points)


# What each route is tried with: (path with ids filled in, query, body) for a given world.
Request = tuple[str, dict[str, Any], Body]


def _routes(w: World) -> dict[tuple[str, str], Callable[[], Request]]:
    t0 = T0.isoformat()
    part_line = ticket(w.env.part, seat="A-1-9")
    scan = {"nonce": str(uuid.uuid4()), "ticket_id": w.ticket_id, "performance_id": "P1", "gate_id": "G1",
            "scanned_at": t0, "verdict": "admitted"}
    return {
        ("post", "/v1/enrol"): lambda: ("/v1/enrol", {}, None),  # special: tried with used codes
        ("get", "/v1/me"): lambda: ("/v1/me", {}, None),
        ("get", "/v1/feeds/catalog"): lambda: ("/v1/feeds/catalog", {}, None),
        ("get", "/v1/feeds/seats"): lambda: ("/v1/feeds/seats", {"performance_id": "P1"}, None),
        ("get", "/v1/feeds/allocations"): lambda: ("/v1/feeds/allocations", {}, None),
        ("get", "/v1/feeds/revocations"): lambda: ("/v1/feeds/revocations", {}, None),
        ("get", "/v1/feeds/keys"): lambda: ("/v1/feeds/keys", {}, None),
        ("get", "/v1/catalog"): lambda: ("/v1/catalog", {}, None),
        ("put", "/v1/holds/{hold_id}"): lambda: (
            f"/v1/holds/{w.hold_id}", {}, {"performance_id": "P1", "seat_ids": ["A-1-5"]}),
        ("get", "/v1/holds/{hold_id}"): lambda: (f"/v1/holds/{w.hold_id}", {}, None),
        ("delete", "/v1/holds/{hold_id}"): lambda: (f"/v1/holds/{w.hold_id}", {}, None),
        ("post", "/v1/holds/{hold_id}/extend"): lambda: (f"/v1/holds/{w.hold_id}/extend", {}, {"ttl_seconds": 300}),
        ("post", "/v1/holds/{hold_id}/holders"): lambda: (f"/v1/holds/{w.hold_id}/holders", {}, {
            "holders": [seal(w.env.ctx.holders().public_b64, "resident_id", "440301199001011234")]}),
        ("put", "/v1/orders/{order_id}"): lambda: (f"/v1/orders/{w.order_id}", {}, w.order_body),
        ("post", "/v1/order-batches"): lambda: (
            "/v1/order-batches", {}, {"orders": [{"order_id": w.order_id, "order": w.order_body}]}),
        ("put", "/v1/refunds/{refund_id}"): lambda: (f"/v1/refunds/{uuid.uuid4()}", {}, {
            "order_id": w.order_id, "ticket_ids": [w.ticket_id], "amount": 10000, "refunded_at": t0}),
        ("put", "/v1/exchanges/{exchange_id}"): lambda: (f"/v1/exchanges/{uuid.uuid4()}", {}, {
            "order_id": w.order_id, "old_ticket_ids": [w.ticket_id], "refund_amount": 10000,
            "new_order_id": str(uuid.uuid4()), "new_order": order([part_line])}),
        ("put", "/v1/reprints/{reprint_id}"): lambda: (f"/v1/reprints/{uuid.uuid4()}", {}, {
            "order_id": w.order_id, "revoked_ticket_id": w.ticket_id,
            "ticket": ticket(w.env.part, seat="A-1-2"), "reprinted_at": t0}),
        ("put", "/v1/voids/{void_id}"): lambda: (f"/v1/voids/{uuid.uuid4()}", {}, {
            "order_id": w.order_id, "ticket_ids": [w.ticket_id], "amount": 10000, "voided_at": t0}),
        ("get", "/v1/pickups/lookup"): lambda: ("/v1/pickups/lookup", {"code": w.pickup_code}, None),
        ("get", "/v1/pickups/feed"): lambda: ("/v1/pickups/feed", {}, None),
        ("put", "/v1/online-orders/{order_id}"): lambda: (f"/v1/online-orders/{uuid.uuid4()}", {}, {
            "performance_id": "P1", "area_id": "S", "quantity": 1, "concession": "adult",
            "buyer_name": "李四", "buyer_phone": "13900139000"}),
        ("get", "/v1/online-orders/{order_id}"): lambda: (f"/v1/online-orders/{uuid.uuid4()}", {}, None),
        ("put", "/v1/pickups/{pickup_id}"): lambda: (
            f"/v1/pickups/{uuid.uuid4()}", {}, {"pickup_code": w.pickup_code}),
        ("post", "/v1/scans"): lambda: ("/v1/scans", {}, {"scans": [scan]}),
        ("get", "/v1/feeds/scans"): lambda: ("/v1/feeds/scans", {"performance_id": "P1"}, None),
        ("get", "/v1/scans/double-admissions"): lambda: (
            "/v1/scans/double-admissions", {"performance_id": "P1"}, None),
        ("put", "/v1/closeouts/{closeout_id}"): lambda: (f"/v1/closeouts/{w.closeout_id}", {}, w.closeout_body),
        ("get", "/v1/lease"): lambda: ("/v1/lease", {}, None),
        ("post", "/v1/lease"): lambda: ("/v1/lease", {}, None),
        ("delete", "/v1/lease"): lambda: ("/v1/lease", {}, None),
        ("get", "/v1/journal/anchor"): lambda: ("/v1/journal/anchor", {}, None),
        ("post", "/v1/customers/lookup"): lambda: ("/v1/customers/lookup", {}, {"phone": "13800138000"}),
        ("put", "/v1/customer-notes/{note_id}"): lambda: (f"/v1/customer-notes/{uuid.uuid4()}", {}, {
            "phone": "13800138000", "kind": "complaint", "text": "排队太久", "noted_at": t0, "staff_id": "C1"}),
        ("get", "/invoice/{token}"): lambda: ("/invoice/", {}, None),  # special: tried with forged tokens
        ("post", "/invoice/{token}"): lambda: ("/invoice/", {}, None),
        ("get", "/v1/members/{number}"): lambda: ("/v1/members/M0001", {}, None),
        ("post", "/v1/members/lookup"): lambda: ("/v1/members/lookup", {}, {"phone": "13700137000"}),
        ("get", "/v1/feeds/members"): lambda: ("/v1/feeds/members", {}, None),
        ("put", "/v1/points-authorisations/{auth_id}"): lambda: (
            f"/v1/points-authorisations/{w.points_auth_id}", {}, w.points_body),
        ("delete", "/v1/points-authorisations/{auth_id}"): lambda: (
            f"/v1/points-authorisations/{w.points_auth_id}", {}, None),
        ("put", "/v1/journal/anchor"): lambda: ("/v1/journal/anchor", {}, {
            "seq": 1, "hash": "0" * 64, "since": 0, "entries": [], "key_id": w.env.own.key_id,
            "signature": "A" * 86 + "=="}),
        # A partner's account (issue 24): read by its own outlet's terminals only.
        ("get", "/v1/outlets/{outlet_id}/account"): lambda: ("/v1/outlets/OWN/account", {}, None),
        ("get", "/v1/outlets/{outlet_id}/statement"): lambda: (
            "/v1/outlets/OWN/statement", {"from": "2030-05-01", "to": "2030-05-01"}, None),
        ("get", "/v1/outlets/{outlet_id}/mismatches"): lambda: ("/v1/outlets/OWN/mismatches", {}, None),
    }


PLATFORM = {"/v1/online-orders/{order_id}"}
DOOR = {"/v1/scans", "/v1/feeds/scans", "/v1/scans/double-admissions"}
# Routes on an object (or in a body naming one) of the OWN outlet: PART's tokens must fail.
OUTLET_SCOPED = {
    "/v1/holds/{hold_id}", "/v1/holds/{hold_id}/extend", "/v1/holds/{hold_id}/holders", "/v1/orders/{order_id}",
    "/v1/order-batches",
    "/v1/refunds/{refund_id}", "/v1/exchanges/{exchange_id}", "/v1/reprints/{reprint_id}",
    "/v1/voids/{void_id}", "/v1/pickups/lookup", "/v1/pickups/{pickup_id}", "/v1/closeouts/{closeout_id}",
    "/v1/outlets/{outlet_id}/account", "/v1/outlets/{outlet_id}/statement", "/v1/outlets/{outlet_id}/mismatches",
    "/v1/points-authorisations/{auth_id}",  # issue 22: only the terminal that took it
}


def _wrong_tokens(w: World, path: str) -> dict[str, str | None]:
    env = w.env
    wrong: dict[str, str | None] = {"none": None, "garbage": "x" * 43, "revoked": w.revoked.token}
    if path in PLATFORM:
        wrong.update(counter=env.own.token, door=w.door.token)
        return wrong
    wrong["platform"] = env.platform
    if path in OUTLET_SCOPED:
        wrong["other outlet"] = env.part.token
        wrong["other outlet's door"] = w.door_v2.token
    if path in DOOR:
        wrong["counter"] = env.own.token
        wrong["door of another venue"] = w.door_v2.token
    return wrong


def _forged_invoice_tokens(w: World) -> dict[str, str]:
    """Invoice-request tokens no receipt carried: another outlet's terminal over OWN's order,
    an unregistered key claiming OWN's key id, a tampered one, garbage."""
    from pos.tickets.invoice import invoice_token

    real = invoice_token(w.env.own.private, order_id=w.order_id, issued_at=T0)
    stranger = invoice_token(new_key()[0], order_id=w.order_id, issued_at=T0)
    claimed = real[:1] + stranger[1:8] + real[8:]  # header bits of OWN's key id, another signature
    return {"other outlet's terminal": invoice_token(w.env.part.private, order_id=w.order_id, issued_at=T0),
            "unregistered key": stranger, "claims OWN's key": stranger[:1] + real[1:8] + stranger[8:],
            "tampered": real[:30] + ("A" if real[30] != "A" else "B") + real[31:], "spliced": claimed,
            "garbage": "x" * 40}


def _accepted(path: str, status: int, reply: Any) -> bool:
    if status >= 300:
        return False
    # Batches answer 200 with one outcome each: accepted means an item taken.
    if path == "/v1/order-batches":
        return any(r["status"] < 300 for r in reply["results"])
    if path == "/v1/scans":
        return any(r["status"] in ("recorded", "duplicate", "conflict") for r in reply["results"])
    return True


def test_every_route_refuses_every_token_it_must_not_accept(world: World) -> None:
    env = world.env
    routes = _routes(world)
    documented = {(m, p) for p, ops in env.client.app.openapi()["paths"].items() for m in ops}
    assert documented == set(routes), f"routes the suite does not know: {documented ^ set(routes)}"
    tried = refused = 0
    accepted: list[str] = []
    implausible: list[str] = []
    for (method, path), build in sorted(routes.items()):
        if path == "/v1/enrol":  # no token, but a one-time code: a used one, a made-up one, none
            used = admin.make_enrol_code(env.ctx, "OWN")
            _priv, pub, _kid = new_key()
            ok = env.client.post("/v1/enrol", json={"code": used, "public_key": pub, "terminal_name": "t"})
            assert ok.status_code == 201, ok.text
            for code in (used, "ZZZZZZZZ", ""):
                _priv, pub, _kid = new_key()
                r = env.client.post("/v1/enrol", json={"code": code, "public_key": pub, "terminal_name": "t"})
                tried += 1
                refused += r.status_code >= 400
                if r.status_code < 300:
                    accepted.append(f"POST /v1/enrol with code {code!r}")
            continue
        if path == "/invoice/{token}":  # public: the token in the path is the credential
            for name, forged in _forged_invoice_tokens(world).items():
                form = {"buyer_title": "某公司", "tax_number": "", "email": "a@example.com"}
                r = env.client.request(method.upper(), f"/invoice/{forged}", data=form if method == "post" else None)
                tried += 1
                refused += 400 <= r.status_code < 500
                if r.status_code < 300 or r.status_code >= 500:
                    accepted.append(f"{method.upper()} {path} with {name}: {r.status_code}")
            continue
        for name, token in _wrong_tokens(world, path).items():
            url, params, body = build()
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            r = env.client.request(method.upper(), url, params=params, json=body, headers=headers)
            tried += 1
            if r.status_code >= 500 or _accepted(path, r.status_code, r.json()):
                accepted.append(f"{method.upper()} {path} with {name}: {r.status_code} {r.text[:200]}")
            else:
                refused += 1
                # Refused for who is asking, not for a body the right caller could not send.
                if r.status_code == 422 and r.json().get("reason") == "invalid_request":
                    implausible.append(f"{method.upper()} {path} with {name}: {r.text[:200]}")
                if os.environ.get("ATTACK_DEBUG"):
                    print(method.upper(), path, name, r.status_code, r.text[:150])
    print(f"\nattack suite: {len(routes)} routes, tried {tried}, refused {refused}")
    assert not accepted, "\n".join(accepted)
    assert not implausible, "\n".join(implausible)
    assert tried == refused and tried > 4 * len(routes)

"""Strict input (issue 16, finding 8): no strings (nor floats, nor booleans) where an integer
is due, no control or bidi characters (nor line breaks) in any free text, lengths bounded,
timestamps as ISO strings only."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from central.services import admin
from sync.protocol.common import ShortText, Text
from tests.central.conftest import T0, Env, new_key, order, ticket

UNSAFE = [
    "\x1b[31mred\x1b[0m",  # ANSI escape
    "abc\u202edcba",  # right-to-left override
    "line\r\nX-Injected: 1",  # CR/LF
    "tab\there",
    "a\u2066b\u2069",  # bidi isolate
    "nul\x00",
    "c1\x85",
    "ls\u2028",
]


@pytest.mark.parametrize("bad", UNSAFE)
def test_the_shared_text_type_refuses_unsafe_characters(bad: str) -> None:
    for kind in (Text, ShortText):
        with pytest.raises(ValidationError):
            TypeAdapter(kind).validate_python(bad)


@pytest.mark.parametrize("good", ["张三", "O'Brien-Smith", "家庭 👨‍👩‍👧", "عربي", "x" * 80])
def test_ordinary_names_pass(good: str) -> None:
    assert TypeAdapter(ShortText).validate_python(good) == good


def _sale(env: Env, **line: Any) -> dict[str, Any]:
    """A sale of the next free seat of row 1, under its hold."""
    n = env.extra["seat"] = env.extra.get("seat", 1) + 1
    seat = f"A-1-{n}"
    h = env.hold(env.own, [seat])
    return order([ticket(env.own, seat=seat, **line)], holds=[h["hold_id"]])


def test_strings_for_integers_are_refused(env: Env) -> None:
    body = _sale(env)
    for field, value in (("total", "10000"), ("fees", "0"), ("total", 10000.0), ("total", True)):
        r = env.put_order(env.own, {**body, field: value})
        assert r.status_code == 422, (field, value, r.text)
    line = {**body["tickets"][0], "price": "10000"}
    assert env.put_order(env.own, {**body, "tickets": [line]}).status_code == 422
    pay = [{"method": "cash", "amount": "10000"}]
    assert env.put_order(env.own, {**body, "payments": pay}).status_code == 422
    for hold in ({"quantity": "2", "area_id": "S"}, {"seat_ids": ["A-2-4"], "ttl_seconds": "300"}):
        r = env.client.put(f"/v1/holds/{uuid.uuid4()}", json={"performance_id": "P1", **hold}, headers=env.own.h)
        assert r.status_code == 422, r.text
    r = env.put_order(env.own, {**body, "sold_at": 1_900_000_000})  # a Unix time
    assert r.status_code == 422
    r = env.put_order(env.own, {**body, "sold_at": "1900000000"})
    assert r.status_code == 422
    assert env.put_order(env.own, body).status_code == 201  # the well-typed one goes through


@pytest.mark.parametrize("bad", UNSAFE[:4])
def test_unsafe_text_is_refused_on_every_path(env: Env, bad: str) -> None:
    body = _sale(env, holder_name=bad)
    r = env.put_order(env.own, body)
    assert r.status_code == 422, r.text
    good = _sale(env)
    assert env.put_order(env.own, {**good, "note": bad}).status_code == 422
    r = env.put_order(env.own, {**good, "payments": [{"method": "cash", "amount": good["total"], "reference": bad}]})
    assert r.status_code == 422
    oid = str(uuid.uuid4())
    assert env.put_order(env.own, good, oid).status_code == 201
    tid = good["tickets"][0]["ticket_id"]
    refund = {"order_id": oid, "ticket_ids": [tid], "amount": 10000, "refunded_at": T0.isoformat()}
    for extra in ({"reason": bad}, {"approved_by": bad}):
        r = env.client.put(f"/v1/refunds/{uuid.uuid4()}", json={**refund, **extra}, headers=env.own.h)
        assert r.status_code == 422, r.text
    online = {"performance_id": "P1", "area_id": "S", "quantity": 1, "concession": "adult",
              "buyer_name": bad, "buyer_phone": "13800138000"}
    assert env.client.put(f"/v1/online-orders/{uuid.uuid4()}", json=online, headers=env.ph).status_code == 422
    _priv, pub, _kid = new_key()
    enrol = {"code": admin.make_enrol_code(env.ctx, "OWN"), "public_key": pub, "terminal_name": bad}
    assert env.client.post("/v1/enrol", json=enrol).status_code == 422


def test_lengths_are_bounded(env: Env) -> None:
    good = _sale(env)
    assert env.put_order(env.own, {**good, "note": "x" * 201}).status_code == 422
    assert env.put_order(env.own, _sale(env, holder_name="名" * 81)).status_code == 422

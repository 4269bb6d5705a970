"""``POST /v1/order-batches``: each order of a batch gets the outcome ``PUT /v1/orders/{id}``
would give it alone (accepted, replayed, conflict, refused), and a refusal never fails the
others; a seat is never sold twice, even by two orders of the same batch."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from tests.central.conftest import T0, Env, Term, order, sign, ticket


def _batch(env: Env, term: Term, items: list[tuple[str, dict[str, Any]]]) -> Any:
    body = {"orders": [{"order_id": oid, "order": o} for oid, o in items]}
    return env.client.post("/v1/order-batches", json=body, headers=term.h)


def _outcomes(r: Any) -> list[tuple[int, str | None]]:
    assert r.status_code == 200, r.text
    return [(x["status"], (x["error"] or {}).get("reason")) for x in r.json()["results"]]


def _valid_tickets(env: Env, seat: str) -> int:
    with env.ctx.db.engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM tickets WHERE seat_id = :s AND status = 'valid'"),
                             {"s": seat}).scalar_one())


def _orders(env: Env) -> set[str]:
    with env.ctx.db.engine.connect() as c:
        return {str(r[0]) for r in c.execute(text("SELECT id FROM orders"))}


def test_a_good_batch_goes_in_whole_and_replays(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2", "A-1-3"])
    offline = T0 - timedelta(hours=1)
    items = [
        (str(uuid.uuid4()), order([ticket(env.own, seat="A-2-9")], sold_at=offline)),
        (str(uuid.uuid4()), order([ticket(env.own, area="S", price=8000) for _ in range(2)], sold_at=offline)),
        (str(uuid.uuid4()), order([ticket(env.own, seat="A-1-2")], holds=[h["hold_id"]])),
    ]
    r = _batch(env, env.own, items)
    assert _outcomes(r) == [(201, None)] * 3
    first = r.json()["results"]
    assert [x["order_id"] for x in first] == [oid for oid, _ in items]
    assert first[0]["order"]["offline"] and not first[2]["order"]["offline"]
    seats = env.client.get("/v1/feeds/seats", params={"performance_id": "P1"}, headers=env.own.h).json()
    status = {s["seat_id"]: s["status"] for s in seats["seats"]}
    assert status["A-2-9"] == status["A-1-2"] == "sold" and status["A-1-3"] == "free"
    seqs = [s["seq"] for s in seats["seats"] if s["seat_id"] in ("A-2-9", "A-1-2", "A-1-3")]
    assert len(set(seqs)) == 3  # each change its own feed number
    # The whole batch again (a lost reply): every order answers its stored reply.
    again = _batch(env, env.own, items)
    assert _outcomes(again) == [(200, None)] * 3
    assert [x["order"] for x in again.json()["results"]] == [x["order"] for x in first]
    # The single PUT of a batched order is a replay too, and the other way round.
    r = env.put_order(env.own, items[0][1], items[0][0])
    assert r.status_code == 200 and r.json() == first[0]["order"]
    # Same id, other payload: a 409 for that order only.
    changed = [items[0], (items[1][0], {**items[1][1], "note": "other"})]
    assert _outcomes(_batch(env, env.own, changed)) == [(200, None), (409, "idempotency_conflict")]
    # Another terminal's ids: conflicts, no leak of the stored replies.
    assert _outcomes(_batch(env, env.own2, items[:1])) == [(409, "idempotency_conflict")]
    assert _valid_tickets(env, "A-2-9") == 1


def test_a_refused_order_does_not_fail_the_others(env: Env) -> None:
    offline = T0 - timedelta(hours=1)
    ids = [str(uuid.uuid4()) for _ in range(5)]
    items = [
        (ids[0], order([ticket(env.own, seat="A-2-9")], sold_at=offline)),
        (ids[1], order([ticket(env.own, seat="A-1-5")], sold_at=offline)),  # not the outlet's: no hold
        (ids[2], order([ticket(env.own, area="S", price=8000)], sold_at=offline)),
        (ids[3], order([ticket(env.own, seat="A-2-10", price=1)], sold_at=offline)),  # wrong price
        (ids[4], order([ticket(env.own, seat="A-2-10")], sold_at=offline)),
    ]
    r = _batch(env, env.own, items)
    assert _outcomes(r) == [(201, None), (422, "no_hold"), (201, None), (422, "price_mismatch"), (201, None)]
    assert r.json()["results"][3]["error"]["details"]["tickets"][0]["expected"] == 10000
    assert _orders(env) == {ids[0], ids[2], ids[4]}
    # On a retry the accepted ones replay and the refused ones are refused again for good (their
    # codes were revoked at the first refusal: issue 17), as a single PUT of each would be now.
    assert _outcomes(_batch(env, env.own, items)) == [
        (200, None), (422, "order_refused"), (200, None), (422, "order_refused"), (200, None)]


def test_one_seat_twice_in_a_batch_is_sold_once(env: Env) -> None:
    offline = T0 - timedelta(hours=1)
    items = [(str(uuid.uuid4()), order([ticket(env.own, seat="A-2-10")], sold_at=offline)) for _ in range(2)]
    assert _outcomes(_batch(env, env.own, items)) == [(201, None), (422, "seat_taken")]
    assert _valid_tickets(env, "A-2-10") == 1
    # A ticket id used twice in one batch: the second order is refused, the first stands.
    t = ticket(env.own, seat="A-2-9")
    again = {**t, "seat_id": None, "area_id": "S", "price": 8000}
    again["code"] = sign(env.own, again)  # a genuine code for the same ticket id
    items = [
        (str(uuid.uuid4()), order([t], sold_at=offline)),
        (str(uuid.uuid4()), order([again], sold_at=offline)),
    ]
    assert _outcomes(_batch(env, env.own, items)) == [(201, None), (422, "ticket_id_taken")]


def test_bad_batches_are_refused_whole(env: Env) -> None:
    one = order([ticket(env.own, seat="A-2-9")], sold_at=T0 - timedelta(hours=1))
    oid = str(uuid.uuid4())
    post = env.client.post
    assert post("/v1/order-batches", json={"orders": []}, headers=env.own.h).status_code == 422
    r = post("/v1/order-batches", json={"orders": [{"order_id": oid, "order": one}] * 2}, headers=env.own.h)
    assert r.status_code == 422 and r.json()["reason"] == "invalid_request"
    many = [{"order_id": str(uuid.uuid4()), "order": one} for _ in range(201)]
    assert post("/v1/order-batches", json={"orders": many}, headers=env.own.h).status_code == 422
    broken = {**one, "total": -1}
    r = post("/v1/order-batches", json={"orders": [{"order_id": oid, "order": broken}]}, headers=env.own.h)
    assert r.status_code == 422
    assert post("/v1/order-batches", json={"orders": [{"order_id": oid, "order": one}]}).status_code == 401
    assert _orders(env) == set()

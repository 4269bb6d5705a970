from __future__ import annotations

import uuid
from datetime import timedelta

from tests.central.conftest import T0, Env, order, sign, ticket


def test_order_with_hold_and_replay(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2", "A-1-3", "A-1-4"])
    body = order(
        [ticket(env.own, seat="A-1-2"), ticket(env.own, seat="A-1-3", concession="child", price=5000)],
        holds=[h["hold_id"]],
    )
    oid = str(uuid.uuid4())
    r = env.put_order(env.own, body, oid)
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["total"] == 15000 and len(first["tickets"]) == 2 and not first["offline"]
    again = env.put_order(env.own, body, oid)
    assert again.status_code == 200 and again.json() == first
    changed = {**body, "note": "different"}
    r = env.put_order(env.own, changed, oid)
    assert r.status_code == 409 and r.json()["reason"] == "idempotency_conflict"
    # Same id from another terminal: conflict, not a leak of the stored reply.
    assert env.put_order(env.own2, body, oid).status_code == 409
    seats = env.client.get("/v1/feeds/seats", params={"performance_id": "P1"}, headers=env.own.h).json()
    status = {s["seat_id"]: s["status"] for s in seats["seats"]}
    assert status["A-1-2"] == status["A-1-3"] == "sold"
    assert status["A-1-4"] == "free"  # the hold's unused seat went back
    assert env.client.get(f"/v1/holds/{h['hold_id']}", headers=env.own.h).json()["status"] == "consumed"


def test_order_rejections(env: Env) -> None:
    def reason(term, body):  # type: ignore[no-untyped-def]
        r = env.put_order(term, body)
        assert r.status_code == 422, r.text
        return r.json()["reason"]

    # No hold on an unallocated seat.
    assert reason(env.own, order([ticket(env.own, seat="A-1-5")])) == "no_hold"
    # Another outlet's allocation.
    assert reason(env.part, order([ticket(env.part, seat="A-2-9", price=9500)])) == "not_allocated"
    # A hold of another terminal does not count.
    h = env.hold(env.own2, ["A-1-6"])
    assert reason(env.own, order([ticket(env.own, seat="A-1-6")], holds=[h["hold_id"]])) == "no_hold"
    # Expired hold.
    h = env.hold(env.own, ["A-1-7"], ttl=10)
    env.clock.advance(seconds=11)
    assert reason(env.own, order([ticket(env.own, seat="A-1-7")], holds=[h["hold_id"]])) == "hold_expired"
    # Price checks: partner's channel price is 9500, the zone's 10000.
    h = env.hold(env.part, ["A-1-8"])
    r = env.put_order(env.part, order([ticket(env.part, seat="A-1-8", price=10000)], holds=[h["hold_id"]]))
    assert r.json()["reason"] == "price_mismatch"
    assert r.json()["details"]["tickets"][0]["expected"] == 9500
    assert (
        reason(env.part, order([ticket(env.part, seat="A-1-8", price=1)], holds=[h["hold_id"]]))
        == "price_mismatch"
    )
    assert (
        env.put_order(
            env.part, order([ticket(env.part, seat="A-1-8", price=9500)], holds=[h["hold_id"]])
        ).status_code
        == 201
    )
    # Taken seat.
    assert reason(env.own, order([ticket(env.own, seat="A-1-8")])) == "seat_taken"
    # Cancelled performance.
    assert reason(env.own, order([ticket(env.own, "P2", seat="A-1-2")])) == "performance_cancelled"
    # Totals and payments.
    h = env.hold(env.own, ["A-1-9"])
    body = order([ticket(env.own, seat="A-1-9")], holds=[h["hold_id"]])
    assert reason(env.own, {**body, "total": 1}) == "total_mismatch"
    assert reason(env.own, {**body, "payments": [{"method": "cash", "amount": 1}]}) == "payment_mismatch"
    assert (
        reason(env.own, {**body, "payments": [{"method": "exchange", "amount": body["total"]}]})
        == "payment_mismatch"
    )
    assert reason(env.own, {**body, "fees": 100, "total": body["total"] + 100}) == "fees_mismatch"
    # Wrong key id.
    t = ticket(env.own, seat="A-1-9")
    t["key_id"] = "00000000"
    assert reason(env.own, order([t], holds=[h["hold_id"]])) == "key_unknown"
    # Repeated seat / malformed.
    t1 = ticket(env.own, seat="A-1-9")
    assert (
        reason(env.own, order([t1, {**t1, "ticket_id": "OTHER"}], holds=[h["hold_id"]])) == "invalid_request"
    )
    bad = order([ticket(env.own, seat="A-1-9")])
    bad["tickets"][0]["price"] = -5
    assert reason(env.own, bad) == "invalid_request"
    bad["tickets"][0]["price"] = 10**30
    assert reason(env.own, bad) == "invalid_request"
    assert (
        reason(env.own, {**order([ticket(env.own, seat="A-1-9")]), "sold_at": "2030-01-01T00:00:00"})
        == "invalid_request"
    )
    # The hold is still usable after all those refusals.
    assert env.put_order(env.own, body).status_code == 201


def test_offline_allocated_sale_and_sales_window(env: Env) -> None:
    # Offline: allocated seats and standing quota, no hold, sold_at from the terminal.
    body = order(
        [ticket(env.own, seat="A-2-9"), ticket(env.own, area="S", price=8000)],
        sold_at=T0 - timedelta(hours=2),
    )
    r = env.put_order(env.own, body)
    assert r.status_code == 201 and r.json()["offline"]
    # The other till of the same outlet sold the same allocated seat offline: conflict reported.
    r = env.put_order(env.own2, order([ticket(env.own2, seat="A-2-9")]))
    assert r.status_code == 422 and r.json()["reason"] == "seat_taken"
    # Quota exhausted: 4 left of 5.
    r = env.put_order(env.own, order([ticket(env.own, area="S", price=8000) for _ in range(5)]))
    assert r.json()["reason"] == "no_hold"
    assert (
        env.put_order(env.own, order([ticket(env.own, area="S", price=8000) for _ in range(4)])).status_code
        == 201
    )
    # Offline sale stamped before sales opened.
    r = env.put_order(env.own, order([ticket(env.own, seat="A-2-10")], sold_at=T0 - timedelta(days=3)))
    assert r.json()["reason"] == "sales_closed"
    r = env.put_order(env.own, order([ticket(env.own, seat="A-2-10")], sold_at=T0 + timedelta(hours=1)))
    assert r.json()["reason"] == "invalid_request"  # in the future


def test_standing_hold_order_and_fees(env: Env) -> None:
    h = env.hold(env.own, perf="P3", area="S", quantity=3)
    tickets = [ticket(env.own, "P3", area="S", price=8000) for _ in range(2)]
    body = order(tickets, holds=[h["hold_id"]], fees=500 + 2 * 200)
    r = env.put_order(env.own, body)
    assert r.status_code == 201, r.text
    assert r.json()["fees"] == 900
    st = env.client.get("/v1/feeds/seats", params={"performance_id": "P3"}, headers=env.own.h).json()[
        "standing"
    ][0]
    assert st["available"] == 48  # the third held place went back


def test_promotions_and_coupons(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2", "A-1-3"])
    t = ticket(env.own, seat="A-1-2", price=9000, promotion_id="PROMO10")
    r = env.put_order(env.own, order([t], holds=[h["hold_id"]]))
    assert r.status_code == 201, r.text
    h = env.hold(env.own, ["A-1-4"])
    t = ticket(env.own, seat="A-1-4", price=8000, promotion_id="CPN")
    assert env.put_order(env.own, order([t], holds=[h["hold_id"]])).json()["reason"] == "coupon_invalid"
    r = env.put_order(env.own, order([t], holds=[h["hold_id"]], coupon_code="SAVE-2000"))
    assert r.status_code == 201, r.text
    h = env.hold(env.own, ["A-1-5"])
    t = ticket(env.own, seat="A-1-5", price=8000, promotion_id="CPN")
    r = env.put_order(env.own, order([t], holds=[h["hold_id"]], coupon_code="SAVE-2000"))
    assert r.json()["reason"] == "coupon_invalid"  # used up
    t = ticket(env.own, seat="A-1-5", price=1000, promotion_id="NOPE")
    assert env.put_order(env.own, order([t], holds=[h["hold_id"]])).json()["reason"] == "promotion_invalid"


def test_ticket_ids_unique(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2"])
    t = ticket(env.own, seat="A-1-2")
    assert env.put_order(env.own, order([t], holds=[h["hold_id"]])).status_code == 201
    h = env.hold(env.own, ["A-1-3"])
    again = {**t, "seat_id": "A-1-3"}
    again["code"] = sign(env.own, again)  # a genuine code for the same ticket id
    r = env.put_order(env.own, order([again], holds=[h["hold_id"]]))
    assert r.status_code == 422 and r.json()["reason"] == "ticket_id_taken"


def test_credit_limit(env: Env) -> None:
    from central.services import admin

    admin.upsert_outlet(
        env.ctx,
        outlet_id="PART",
        name_zh="合伙人",
        name_en="Partner",
        kind="partner",
        commission_bps=1000,
        credit_limit=20000,
    )
    h = env.hold(env.part, ["A-1-2", "A-1-3", "A-1-4"])
    body = order(
        [ticket(env.part, seat=s, price=9500) for s in ("A-1-2", "A-1-3", "A-1-4")], holds=[h["hold_id"]]
    )
    r = env.put_order(env.part, body)
    assert r.status_code == 422 and r.json()["reason"] == "credit_limit_exceeded"
    body = order([ticket(env.part, seat=s, price=9500) for s in ("A-1-2", "A-1-3")], holds=[h["hold_id"]])
    assert env.put_order(env.part, body).status_code == 201


def test_order_stamps_seat_feed(env: Env) -> None:
    """Sold seats and the freed leftovers of the consumed hold each get a fresh feed number,
    after the hold's, so that a terminal paging the feed from its cursor sees all three."""
    h = env.hold(env.own, ["A-2-2", "A-2-3", "A-2-4"])

    def page(cursor: int) -> dict[str, dict[str, object]]:
        r = env.client.get("/v1/feeds/seats", params={"performance_id": "P1", "cursor": cursor},
                           headers=env.own.h)
        return {s["seat_id"]: s for s in r.json()["seats"]}

    before = page(0)
    cursor = max(int(s["seq"]) for s in before.values())  # type: ignore[call-overload]
    assert before["A-2-4"]["status"] == "held"
    body = order([ticket(env.own, seat="A-2-2"), ticket(env.own, seat="A-2-3")], holds=[h["hold_id"]])
    assert env.put_order(env.own, body).status_code == 201
    after = page(cursor)
    assert {sid: s["status"] for sid, s in after.items()} == {"A-2-2": "sold", "A-2-3": "sold", "A-2-4": "free"}
    seqs = [int(s["seq"]) for s in after.values()]  # type: ignore[call-overload]
    assert len(set(seqs)) == 3 and min(seqs) > cursor

"""Central's members (issue 22), through the HTTP API: a terminal that lies about a member or
a tier is refused; points are earned once per order; points authorisations are held, repeated,
refused beyond the balance, expire, and are spent only by the terminal and order they name."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from central.member_models import Member, PointsEntry
from central.models import Order
from central.services.members import add_member
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import T0, Env, make_env, order, ticket


def _catalog() -> dict[str, Any]:
    feed = small_catalog(T0)
    feed["member_tiers"] = [{"code": "silver", "name": {"zh": "银卡", "en": "Silver"}},
                            {"code": "gold", "name": {"zh": "金卡", "en": "Gold"}, "rank": 1}]
    feed["promotions"].append({"id": "GOLD20", "name": {"zh": "金卡八折", "en": "Gold 20% off"}, "kind": "percent",
                               "value": 20, "event_ids": ["E1"], "members_only": True, "member_tiers": ["gold"]})
    feed["events"][0]["points_per_yuan"] = 2
    return feed


@pytest.fixture
def menv(db_url: str) -> Iterator[Env]:
    for env in make_env(db_url, _catalog()):
        add_member(env.ctx, number="G0001", phone="13800001111", name="金卡", tier="gold", points=10_000)
        add_member(env.ctx, number="S0001", phone="13800002222", name="银卡", tier="silver")
        yield env


def _member(env: Env, number: str) -> tuple[int, int]:
    def tx(s: Any) -> tuple[int, int]:
        m = s.get(Member, number)
        return m.points, m.held

    return env.ctx.db.run(tx)


def _gold_line(env: Env, seat: str) -> dict[str, Any]:
    return ticket(env.own, seat=seat, price=8000, promotion_id="GOLD20")


def test_tier_prices_need_a_real_member_of_the_tier_and_points_are_earned_once(menv: Env) -> None:
    env = menv
    for member, reason in ((None, "promotion_invalid"), ("S0001", "promotion_invalid"), ("NOBODY1", "member_unknown")):
        body = order([_gold_line(env, "A-2-9")], **({"member_number": member} if member else {}))
        r = env.put_order(env.own, body)
        assert r.status_code == 422 and r.json()["reason"] == reason, r.text
    oid = str(uuid.uuid4())
    body = order([_gold_line(env, "A-2-9")], member_number="G0001")
    r = env.put_order(env.own, body, oid)
    assert r.status_code == 201 and r.json()["points_earned"] == 160, r.text  # 80 yuan x 2
    assert env.ctx.db.run(lambda s: s.get(Order, oid).member_number) == "G0001"  # for customer service
    again = env.put_order(env.own, body, oid)
    assert again.status_code == 200 and again.json()["points_earned"] == 160
    assert _member(env, "G0001") == (10_160, 0)
    earned = env.ctx.db.run(lambda s: [(e.kind, e.points) for e in s.scalars(select(PointsEntry).where(
        PointsEntry.member_number == "G0001"))])
    assert earned == [("adjust", 10_000), ("earn", 160)]


def _authorise(env: Env, term: Any, aid: str, points: int, order_id: str, member: str = "G0001") -> Any:
    return env.client.put(f"/v1/points-authorisations/{aid}", headers=term.h,
                          json={"member_number": member, "points": points, "order_id": order_id})


def test_points_authorisations_hold_repeat_refuse_expire_and_release(menv: Env) -> None:
    env = menv
    aid, oid = str(uuid.uuid4()), str(uuid.uuid4())
    r = _authorise(env, env.own, aid, 6_000, oid)
    assert r.status_code == 201 and r.json()["available"] == 4_000, r.text
    assert _authorise(env, env.own, aid, 6_000, oid).status_code == 200  # a retry
    assert _authorise(env, env.own, aid, 5_000, oid).status_code == 409  # same id, other body
    assert _authorise(env, env.own2, aid, 6_000, oid).status_code == 409  # another till's id
    over = _authorise(env, env.own, str(uuid.uuid4()), 4_001, oid)
    assert over.status_code == 409 and over.json()["reason"] == "points_insufficient"
    looked = env.client.get("/v1/members/G0001", headers=env.part.h).json()
    assert (looked["points"], looked["available"], looked["phone_masked"]) == (10_000, 4_000, "138****1111")
    assert env.client.delete(f"/v1/points-authorisations/{aid}", headers=env.own2.h).status_code == 404
    env.clock.advance(seconds=301)
    looked = env.client.post("/v1/members/lookup", headers=env.own.h, json={"phone": "13800001111"}).json()
    assert looked["available"] == 10_000  # expired: held no more
    aid2 = str(uuid.uuid4())
    assert _authorise(env, env.own, aid2, 1_000, oid).status_code == 201
    gone = env.client.delete(f"/v1/points-authorisations/{aid2}", headers=env.own.h)
    assert gone.status_code == 200 and gone.json()["status"] == "released"
    assert _member(env, "G0001") == (10_000, 0)
    bad = env.client.post("/v1/members/lookup", headers=env.own.h, json={"phone": "13800001111", "number": "G0001"})
    assert bad.status_code == 422
    assert env.client.get("/v1/members/NOBODY1", headers=env.own.h).json()["reason"] == "member_unknown"
    feed = env.client.get("/v1/feeds/members", headers=env.own.h).json()
    assert {i["number"]: i["points"] for i in feed["items"]} == {"G0001": 10_000, "S0001": 0}
    assert all("phone" not in i for i in feed["items"]) and "金卡" not in str(feed)


def test_points_are_spent_only_by_the_terminal_and_order_they_were_authorised_for(menv: Env) -> None:
    env = menv
    aid, oid = str(uuid.uuid4()), str(uuid.uuid4())
    assert _authorise(env, env.own, aid, 3_000, oid).status_code == 201

    def paid(term: Any, seat: str, **kw: Any) -> dict[str, Any]:
        body = order([ticket(term, seat=seat, price=10000)], member_number="G0001", **kw)
        body["payments"] = [{"method": "points", "amount": 3_000, "reference": aid},
                            {"method": "cash", "amount": 7_000}]
        return body

    # Another till of the same outlet, or the right till for another order: refused.
    r = env.put_order(env.own2, paid(env.own2, "A-2-10"), oid)
    assert r.status_code == 422 and r.json()["reason"] == "points_invalid", r.text
    r = env.put_order(env.own, paid(env.own, "A-2-10"))
    assert r.status_code == 422 and r.json()["reason"] == "points_invalid", r.text
    r = env.put_order(env.own, paid(env.own, "A-2-10", ), oid)
    assert r.status_code == 201 and r.json()["points_earned"] == 140, r.text  # 70 yuan paid x 2
    assert _member(env, "G0001") == (10_000 - 3_000 + 140, 0)
    # Spent: releasing it changes nothing, and it pays for no other order.
    assert env.client.delete(f"/v1/points-authorisations/{aid}", headers=env.own.h).json()["status"] == "consumed"
    r = env.put_order(env.own, paid(env.own, "A-2-9"), str(uuid.uuid4()))
    assert r.status_code == 422 and r.json()["reason"] == "points_invalid"
    assert _member(env, "G0001") == (7_140, 0)


def test_an_expired_authorisation_still_pays_a_late_upload_while_the_points_are_there(menv: Env) -> None:
    env = menv
    aid, oid = str(uuid.uuid4()), str(uuid.uuid4())
    assert _authorise(env, env.own, aid, 3_000, oid).status_code == 201
    env.clock.advance(seconds=900)  # the sale committed; its upload waited for the network
    body = order([ticket(env.own, seat="A-2-10", price=10000)], member_number="G0001")
    body["payments"] = [{"method": "points", "amount": 3_000, "reference": aid}, {"method": "cash", "amount": 7_000}]
    r = env.put_order(env.own, body, oid)
    assert r.status_code == 201, r.text
    assert _member(env, "G0001") == (10_000 - 3_000 + 140, 0)


def test_a_refund_gives_the_points_paid_back_and_takes_the_points_earned(menv: Env) -> None:
    env = menv
    aid, oid = str(uuid.uuid4()), str(uuid.uuid4())
    assert _authorise(env, env.own, aid, 3_000, oid).status_code == 201
    lines = [ticket(env.own, seat="A-2-9", price=10000), ticket(env.own, seat="A-2-10", price=10000)]
    body = order(lines, member_number="G0001")
    body["payments"] = [{"method": "points", "amount": 3_000, "reference": aid}, {"method": "cash", "amount": 17_000}]
    r = env.put_order(env.own, body, oid)
    assert r.status_code == 201 and r.json()["points_earned"] == 340, r.text
    assert _member(env, "G0001") == (10_000 - 3_000 + 340, 0)
    refund = {"order_id": oid, "ticket_ids": [lines[0]["ticket_id"]], "amount": 10000,
              "refunded_at": T0.isoformat()}
    r = env.client.put(f"/v1/refunds/{uuid.uuid4()}", json=refund, headers=env.own.h)
    assert r.status_code == 201, r.text
    assert _member(env, "G0001") == (7_340 + 1_500 - 170, 0)  # half of each back
    refund["ticket_ids"] = [lines[1]["ticket_id"]]
    r = env.client.put(f"/v1/refunds/{uuid.uuid4()}", json=refund, headers=env.own.h)
    assert r.status_code == 201, r.text
    assert _member(env, "G0001") == (10_000, 0)  # as before the sale

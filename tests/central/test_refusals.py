"""Issue 17 at central: a refused order's codes are revoked at once, and only those. A
terminal cannot revoke tickets it did not sign, nor spoil another terminal's order by
uploading a bad order under its id; a refused order id stays refused for its terminal."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import text

from tests.central.conftest import T0, Env, order, ticket


def _revoked(env: Env) -> dict[str, str]:
    with env.ctx.db.engine.connect() as c:
        return {r[0]: r[1] for r in c.execute(text("SELECT ticket_id, reason FROM revocations"))}


def _feed(env: Env, term: Any) -> list[dict[str, Any]]:
    r = env.client.get("/v1/feeds/revocations", headers=term.h)
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def test_a_refused_order_revokes_its_own_codes_on_the_feed(env: Env) -> None:
    offline = T0 - timedelta(hours=1)
    bad = order([ticket(env.own, seat="A-2-9", price=1), ticket(env.own, seat="A-2-10")], sold_at=offline)
    oid = str(uuid.uuid4())
    r = env.put_order(env.own, bad, oid)
    assert r.status_code == 422 and r.json()["reason"] == "price_mismatch"
    ids = {t["ticket_id"] for t in bad["tickets"]}
    assert _revoked(env) == {i: "refused" for i in ids}
    # Every terminal's feed carries them (another till of the outlet, the doors).
    feed = _feed(env, env.own2)
    assert {i["ticket_id"] for i in feed} == ids and {i["reason"] for i in feed} == {"refused"}
    assert {i["code"] for i in feed} == {t["code"] for t in bad["tickets"]}
    # The same order again, even with the price put right: refused for good, nothing added.
    fixed = {**bad, "tickets": [{**t, "price": 10000} for t in bad["tickets"]], "total": 20000,
             "payments": [{"method": "cash", "amount": 20000}]}
    r = env.put_order(env.own, fixed, oid)
    assert r.status_code == 422 and r.json()["reason"] == "order_refused"
    assert len(_revoked(env)) == 2


def test_a_terminal_cannot_revoke_what_it_did_not_sign_or_spoil_another_order(env: Env) -> None:
    offline = T0 - timedelta(hours=1)
    good = order([ticket(env.own, seat="A-2-9")], sold_at=offline)
    oid = str(uuid.uuid4())
    assert env.put_order(env.own, good, oid).status_code == 201
    # Another till uploads the accepted tickets (someone else's key) under a new id: refused,
    # and nothing of theirs is revoked.
    stolen = order([dict(t) for t in good["tickets"]], sold_at=offline)
    r = env.put_order(env.own2, stolen)
    assert r.status_code == 422 and r.json()["reason"] == "key_unknown"
    # The same till signs a bad order under the accepted order's id: a conflict; its own code
    # is revoked, the accepted order's are not, and the owner's replay still answers.
    clash = order([ticket(env.own2, seat="A-2-10", price=1)], sold_at=offline)
    r = env.put_order(env.own2, clash, oid)
    assert r.status_code in (409, 422)
    assert set(_revoked(env)) == {clash["tickets"][0]["ticket_id"]}
    replay = env.put_order(env.own, good, oid)
    assert replay.status_code == 200
    # The owner replaying its accepted order with a changed payload: a conflict that revokes
    # only the new codes; the order stands.
    changed = order([ticket(env.own, seat="A-2-10")], sold_at=offline)
    assert env.put_order(env.own, changed, oid).status_code == 409
    assert good["tickets"][0]["ticket_id"] not in _revoked(env)
    assert changed["tickets"][0]["ticket_id"] in _revoked(env)
    assert env.put_order(env.own, good, oid).status_code == 200

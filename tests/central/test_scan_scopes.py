"""Who may scan where (issue 16, finding 3): central takes a scan only from a terminal bound
as a door of the ticket's venue, only for a ticket it issued, dated after the sale and not
ahead of its own clock; the scans feed and the double-admission report are for the doors of
the venue only."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from central.models import Scan
from central.services.admin import revoke_terminal
from central.services.doors import bind_door
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import T0, Env, Term, make_env, order, ticket


def two_venue_catalog() -> dict[str, Any]:
    """The small catalog with a second venue (V2) whose doors must not scan V1's tickets."""
    cat = small_catalog(T0)
    other = copy.deepcopy(cat["venues"][0])
    other["id"] = "V2"
    cat["venues"].append(other)
    return cat


@pytest.fixture
def env(db_url: str) -> Iterator[Env]:
    yield from make_env(db_url, two_venue_catalog())


def sell(env: Env, seat: str = "A-1-2") -> str:
    h = env.hold(env.own, [seat])
    r = env.put_order(env.own, order([ticket(env.own, seat=seat)], holds=[h["hold_id"]]))
    assert r.status_code == 201, r.text
    return str(r.json()["tickets"][0]["ticket_id"])


def scan(ticket_id: str, at: Any, **kw: Any) -> dict[str, Any]:
    return {"nonce": str(uuid.uuid4()), "ticket_id": ticket_id, "performance_id": "P1", "gate_id": "G1",
            "scanned_at": at.isoformat(), "verdict": "admitted", **kw}


def post(env: Env, term: Term, *scans: dict[str, Any]) -> Any:
    return env.client.post("/v1/scans", json={"scans": list(scans)}, headers=term.h)


def statuses(env: Env, term: Term, *scans: dict[str, Any]) -> list[str]:
    r = post(env, term, *scans)
    assert r.status_code == 200, r.text
    return [x["status"] for x in r.json()["results"]]


def stored(env: Env) -> int:
    return int(env.ctx.db.run(lambda s: s.scalar(select(func.count()).select_from(Scan))))


def test_only_a_door_of_the_tickets_venue_scans(env: Env) -> None:
    tid = sell(env)
    env.clock.advance(hours=1)
    now = env.clock.now
    # The selling counter (any terminal, on main) is no door: the whole batch is refused.
    r = post(env, env.own, scan(tid, now))
    assert r.status_code == 403 and r.json()["reason"] == "not_a_door", r.text
    assert f"pos central door bind {env.own.terminal_id} --venue" in r.json()["message"]
    # A door of another venue (and of another outlet): not this ticket's door.
    bind_door(env.ctx, terminal_id=env.part.terminal_id, venue_id="V2")
    assert statuses(env, env.part, scan(tid, now)) == ["wrong_venue"]
    assert stored(env) == 0
    # The venue's own door admits it; the door of any outlet guards the venue's every ticket.
    bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    assert statuses(env, env.own2, scan(tid, now)) == ["recorded"]
    # A door withdrawn at central is unbound and its token dead.
    revoke_terminal(env.ctx, env.own2.terminal_id)
    assert post(env, env.own2, scan(tid, now)).status_code == 401


def test_a_backdated_or_future_scan_is_refused_and_the_holder_gets_in(env: Env) -> None:
    tid = sell(env)  # sold at T0
    env.clock.advance(hours=2)
    bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    door = env.own2
    # On main, a scan dated before the sale became the first admission.
    before_sale = scan(tid, T0 - timedelta(hours=1))
    ahead = scan(tid, env.clock.now + timedelta(minutes=30))
    assert statuses(env, door, before_sale, ahead) == ["scan_time_refused", "scan_time_refused"]
    assert stored(env) == 0
    # The real holder is admitted, first (on main: refused ``already_admitted``).
    assert statuses(env, door, scan(tid, env.clock.now + timedelta(minutes=4))) == ["recorded"]


def test_a_refund_is_not_blocked_by_a_refused_scan(env: Env) -> None:
    h = env.hold(env.own, ["A-1-3"])
    r = env.put_order(env.own, order([ticket(env.own, seat="A-1-3")], holds=[h["hold_id"]]))
    oid, tid = r.json()["order_id"], r.json()["tickets"][0]["ticket_id"]
    bind_door(env.ctx, terminal_id=env.part.terminal_id, venue_id="V2")
    bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    assert statuses(env, env.part, scan(tid, T0 + timedelta(minutes=1))) == ["wrong_venue"]
    assert statuses(env, env.own2, scan(tid, T0 - timedelta(minutes=10))) == ["scan_time_refused"]
    # On main the selling outlet's refund was then refused ``ticket_scanned``.
    body = {"order_id": oid, "ticket_ids": [tid], "amount": 10000, "reason": "changed mind",
            "refunded_at": T0.isoformat()}
    r = env.client.put(f"/v1/refunds/{uuid.uuid4()}", json=body, headers=env.own.h)
    assert r.status_code == 201, r.text


def test_unknown_tickets_and_bad_scans(env: Env) -> None:
    tid = sell(env)
    bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    door, now = env.own2, env.clock.now
    assert statuses(env, door, scan("NEVER-ISSUED", now), scan(tid, now, performance_id="P3")) == [
        "unknown_ticket", "unknown_ticket"]
    assert stored(env) == 0  # tickets central never issued leave nothing behind
    for bad in (
        {"scanned_at": "1700000000"},  # a number as a string where a timestamp is due
        {"scanned_at": now.replace(tzinfo=None).isoformat()},
        {"ticket_id": "K\x1b[31m"},
        {"gate_id": "G1\u202e"},
        {"reason": "ok\r\nX-Injected: 1"},
        {"ticket_id": "K" * 200},
        {"verdict": "maybe"},
        {"direction": 1},
    ):
        r = post(env, door, {**scan(tid, now), **bad})
        assert r.status_code == 422, (bad, r.text)
    r = env.client.post("/v1/scans", json={"scans": "x"}, headers=door.h)
    assert r.status_code == 422
    assert stored(env) == 0


def test_scan_feeds_only_for_the_doors_of_the_venue(env: Env) -> None:
    tid = sell(env)
    bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    bind_door(env.ctx, terminal_id=env.part.terminal_id, venue_id="V2")
    assert statuses(env, env.own2, scan(tid, env.clock.now)) == ["recorded"]
    for path in ("/v1/feeds/scans", "/v1/scans/double-admissions"):
        for term in (env.own, env.part):  # the counter that sold it; a door of another venue
            r = env.client.get(path, params={"performance_id": "P1"}, headers=term.h)
            assert r.status_code == 403 and r.json()["reason"] == "not_a_door", (path, r.text)
        r = env.client.get(path, params={"performance_id": "P1"}, headers=env.own2.h)
        assert r.status_code == 200, r.text
        assert env.client.get(path, params={"performance_id": "P1"}).status_code == 401
        r = env.client.get(path, params={"performance_id": "NOPE"}, headers=env.own2.h)
        assert r.status_code == 422
    items = env.client.get("/v1/feeds/scans", params={"performance_id": "P1"}, headers=env.own2.h).json()["items"]
    assert [i["ticket_id"] for i in items] == [tid]

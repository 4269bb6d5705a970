"""A standing area's pool as sub-counters (issue 23): the last place is still found, a take
does not wait on a slot another transaction holds, the feed shows the pool folded back, a
catalog change resizes the slots, and the slots never pass their capacity (SQLite and
PostgreSQL)."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from central.services import standing
from central.services.catalog import import_catalog
from central.slot_models import SLOTS
from sync.protocol import CatalogFeed
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import T0, Env, order, ticket

POOL = 45  # area S: capacity 50, of which OWN's quota is 5


def _slots(env: Env) -> list[tuple[int, int, int]]:
    return [tuple(r) for r in env.ctx.db.run(lambda s: s.execute(text(
        "SELECT slot, capacity, used FROM standing_slots WHERE performance_id='P1' AND area_id='S' ORDER BY slot"
    )).all())]


def _set_used(env: Env, used: dict[int, int]) -> None:
    def tx(s: Any) -> None:
        for slot, u in used.items():
            s.execute(text("UPDATE standing_slots SET used = :u WHERE performance_id='P1' AND area_id='S' "
                           "AND slot = :i"), {"u": u, "i": slot})
    env.ctx.db.run(tx)


def _fill_but(env: Env, left: dict[int, int]) -> None:
    """Every slot full but those in ``left`` (slot: places left)."""
    _set_used(env, {slot: cap - left.get(slot, 0) for slot, cap, _ in _slots(env)})


def test_pool_is_split_evenly(env: Env) -> None:
    rows = _slots(env)
    assert len(rows) == SLOTS and sum(c for _, c, _ in rows) == POOL
    assert max(c for _, c, _ in rows) - min(c for _, c, _ in rows) <= 1
    assert all(u == 0 for _, _, u in rows)


def test_last_place_found_in_the_only_slot_that_has_any(env: Env) -> None:
    _fill_but(env, {5: 1})
    env.hold(env.part, area="S", quantity=2, expect=422)  # one place left, not two
    h = env.hold(env.part, area="S", quantity=1)
    assert sum(u for _, _, u in _slots(env)) == POOL
    env.hold(env.part, area="S", quantity=1, expect=422)
    r = env.client.delete(f"/v1/holds/{h['hold_id']}", headers=env.part.h)
    assert r.status_code == 200 and r.json()["status"] == "released"
    assert sum(u for _, _, u in _slots(env)) == POOL - 1


def test_a_hold_takes_across_slots_when_no_single_slot_has_enough(env: Env) -> None:
    _fill_but(env, {1: 1, 4: 1, 7: 1})
    h = env.hold(env.part, area="S", quantity=3)
    assert all(u == c for _, c, u in _slots(env))
    env.hold(env.part, area="S", quantity=1, expect=422)
    # The order consumes the hold: nothing goes back, nothing more is taken.
    r = env.put_order(env.part, order([ticket(env.part, area="S", price=8000) for _ in range(3)],
                                      holds=[h["hold_id"]]))
    assert r.status_code == 201, r.text
    assert sum(u for _, _, u in _slots(env)) == POOL


def test_feed_shows_the_pool_folded_back(env: Env) -> None:
    def page(cursor: int) -> dict[str, Any]:
        r = env.client.get("/v1/feeds/seats", params={"performance_id": "P1", "cursor": cursor}, headers=env.part.h)
        assert r.status_code == 200
        return r.json()

    first = page(0)
    (area,) = first["standing"]
    assert area["available"] == POOL
    cursor = first["next_cursor"]
    h = env.hold(env.part, area="S", quantity=4)
    nxt = page(cursor)
    assert [a["available"] for a in nxt["standing"]] == [POOL - 4] and nxt["next_cursor"] > cursor
    assert page(nxt["next_cursor"])["standing"] == []
    env.client.delete(f"/v1/holds/{h['hold_id']}", headers=env.part.h)
    assert [a["available"] for a in page(nxt["next_cursor"])["standing"]] == [POOL]


def test_expired_standing_hold_gives_its_places_back(env: Env) -> None:
    from central.services.holds import sweep

    env.hold(env.part, area="S", quantity=3, ttl=10)
    assert sum(u for _, _, u in _slots(env)) == 3
    env.clock.advance(seconds=11)
    assert sweep(env.ctx) == 1
    assert sum(u for _, _, u in _slots(env)) == 0


def test_extend_and_release_twice(env: Env) -> None:
    h = env.hold(env.part, area="S", quantity=2, ttl=10)
    r = env.client.post(f"/v1/holds/{h['hold_id']}/extend", json={"ttl_seconds": 600}, headers=env.part.h)
    assert r.status_code == 200, r.text
    assert r.json()["expires_at"] > h["expires_at"]
    for _ in range(2):
        r = env.client.delete(f"/v1/holds/{h['hold_id']}", headers=env.part.h)
        assert r.status_code == 200 and r.json()["status"] == "released"
    assert sum(u for _, _, u in _slots(env)) == 0
    # Another terminal's hold is not found, whatever it asks.
    h = env.hold(env.part, area="S", quantity=1)
    for call in (env.client.delete, lambda u, headers: env.client.post(u + "/extend", json={"ttl_seconds": 60},
                                                                          headers=headers)):
        assert call(f"/v1/holds/{h['hold_id']}", headers=env.own.h).status_code == 404
    assert sum(u for _, _, u in _slots(env)) == 1


def test_replayed_standing_hold_takes_nothing_twice(env: Env) -> None:
    hid = str(uuid.uuid4())
    body = {"performance_id": "P1", "area_id": "S", "quantity": 4}
    assert env.client.put(f"/v1/holds/{hid}", json=body, headers=env.part.h).status_code == 201
    assert env.client.put(f"/v1/holds/{hid}", json=body, headers=env.part.h).status_code == 200
    assert env.client.put(f"/v1/holds/{hid}", json={**body, "quantity": 3}, headers=env.part.h).status_code == 409
    assert env.client.put(f"/v1/holds/{hid}", json=body, headers=env.own.h).status_code == 409
    assert sum(u for _, _, u in _slots(env)) == 4


def test_catalog_change_resizes_the_slots(env: Env) -> None:
    env.hold(env.part, area="S", quantity=4)
    env.hold(env.part, area="S", quantity=3)
    cat = small_catalog(T0)
    for sec in cat["venues"][0]["sections"]:
        if sec["id"] == "S":
            sec["capacity"] = 105  # pool 100
    import_catalog(env.ctx, CatalogFeed.model_validate(cat))
    rows = _slots(env)
    assert sum(c for _, c, _ in rows) == 100 and sum(u for _, _, u in rows) == 7
    assert all(u <= c for _, c, u in rows)
    for sec in cat["venues"][0]["sections"]:
        if sec["id"] == "S":
            sec["capacity"] = 8  # pool 3: below what is held; nothing taken away, nothing more sold
    import_catalog(env.ctx, CatalogFeed.model_validate(cat))
    rows = _slots(env)
    assert sum(u for _, _, u in rows) == 7 and all(u == c for _, c, u in rows)
    env.hold(env.part, area="S", quantity=1, expect=422)


def test_level_spreads_evenly_over_what_is_used() -> None:
    assert standing.level({0: 0, 1: 0, 2: 0}, 10) == {0: 4, 1: 3, 2: 3}
    assert standing.level({0: 5, 1: 0, 2: 0}, 10) == {0: 5, 1: 3, 2: 2}
    assert standing.level({0: 5, 1: 4}, 3) == {0: 5, 1: 4}
    caps = standing.level({i: i for i in range(8)}, 1000)
    assert sum(caps.values()) == 1000 and all(caps[i] >= i for i in caps)


def test_the_database_refuses_a_slot_past_its_capacity(env: Env) -> None:
    with pytest.raises(Exception, match=r"(?i)check|constraint"):
        _set_used(env, {0: 999})
    with pytest.raises(Exception, match=r"(?i)check|constraint"):
        _set_used(env, {0: -1})


@pytest.mark.pg
def test_a_take_skips_slots_other_transactions_hold(request: pytest.FixtureRequest) -> None:
    """Seven of the eight slots locked by another transaction: a hold is granted at once
    from the eighth, and a hold that fits none of the free ones waits, then is served."""
    from tests.central.conftest import _truncate, make_env

    url: str = request.getfixturevalue("pg_database")
    _truncate(url)
    gen = make_env(url)
    env = next(gen)
    try:
        eng = create_engine(url)
        with eng.connect() as other:
            other.execute(text("SELECT slot FROM standing_slots WHERE performance_id='P1' AND area_id='S' "
                               "AND slot <> 3 FOR UPDATE"))
            t0 = time.monotonic()
            env.hold(env.part, area="S", quantity=2)
            assert time.monotonic() - t0 < 5  # not the lock timeout: it never waited
            assert [u for slot, _, u in _slots(env) if slot == 3] == [2]
            # 5 places do not fit slot 3 (6 capacity, 2 used): it must wait for the others.
            done = threading.Event()
            th = threading.Thread(target=lambda: (env.hold(env.part, area="S", quantity=5), done.set()))
            th.start()
            assert not done.wait(1.0)
            other.rollback()
            th.join(timeout=30)
            assert done.is_set()
        eng.dispose()
        assert sum(u for _, _, u in _slots(env)) == 7
    finally:
        gen.close()


def test_migration_lays_an_area_s_pool_into_its_slots(tmp_path: Any) -> None:
    """0015 on a database with standing areas already sold from: each area's pool spread over
    its slots, what it had used laid into them; down again, the pool's total comes back."""
    from alembic import command

    from central.db import make_engine
    from central.migrate import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0014")
        conn.execute(text("INSERT INTO standing_areas (performance_id, area_id, zone_id, capacity, pool_capacity, "
                          "pool_used, seq) VALUES ('P1', 'S', NULL, 50, 45, 30, 7), ('P1', 'T', NULL, 3, 3, 0, 8)"))
        command.upgrade(cfg, "0015")
        rows = conn.execute(text("SELECT area_id, sum(capacity), sum(used), count(*), max(capacity - used) "
                                 "FROM standing_slots GROUP BY area_id ORDER BY area_id")).all()
        assert [tuple(r) for r in rows] == [("S", 45, 30, SLOTS, 5), ("T", 3, 0, SLOTS, 1)]
        conn.execute(text("UPDATE standing_slots SET used = capacity WHERE area_id = 'S'"))
        command.downgrade(cfg, "0014")
        assert conn.execute(text("SELECT pool_used FROM standing_areas WHERE area_id = 'S'")).scalar() == 45
    engine.dispose()


def test_one_sweeper_at_a_time(db_url: str) -> None:
    """Two processes' sweeper locks on one database: one sweeps; when it stops, the other
    does. SQLite is one process: it always sweeps."""
    from central.db import Database
    from central.migrate import upgrade
    from central.sweeper import SweeperLock

    first, second = Database(db_url), Database(db_url)
    upgrade(first.engine)
    try:
        a, b = SweeperLock(first), SweeperLock(second)
        if not first.is_postgres:
            assert a.held() and b.held()
            return
        assert a.held() and not b.held()
        assert a.held() and not b.held()  # kept, tick after tick
        a.release()
        assert b.held() and not a.held()
        b.release()
    finally:
        first.dispose()
        second.dispose()

"""Issue 16, finding 2: credit limits and offline caps enforced at central on every path (with
a hold, without, batched); beyond them only with the supervisor approval the terminal
journaled, and reported (``pos central over-caps``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner

from central.cli import central
from central.services import admin
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import T0, Env, make_env, order, ticket


def partner_catalog(now: Any) -> dict[str, Any]:
    """The small catalog with standing quota for both outlets on P1 (sold without holds)."""
    cat = small_catalog(now)
    for ev in cat["events"]:
        for p in ev["performances"]:
            if p["id"] == "P1":
                p["allocations"] = [
                    {"outlet_id": "OWN", "seat_ids": ["A-2-9", "A-2-10"], "standing": {"S": 20}},
                    {"outlet_id": "PART", "seat_ids": ["A-2-8"], "standing": {"S": 20}},
                ]
    return cat


@pytest.fixture
def cenv(db_url: str) -> Iterator[Env]:
    yield from make_env(db_url, partner_catalog(T0))


def _partner(env: Env, **kw: Any) -> None:
    admin.upsert_outlet(env.ctx, outlet_id="PART", name_zh="合伙人", name_en="Partner", kind="partner",
                        commission_bps=1000, **kw)


def _standing(env: Env, term: Any, n: int = 1, **kw: Any) -> dict[str, Any]:
    return order([ticket(term, area="S", price=8000) for _ in range(n)], **kw)


def _reason(r: Any) -> str | None:
    return None if r.status_code in (200, 201) else r.json()["reason"]


def test_credit_limit_holds_without_holds_single_and_batched(cenv: Env) -> None:
    env = cenv
    _partner(env, credit_limit=20_000)  # each ticket charges 8000 less 10% = 7200
    assert env.put_order(env.part, _standing(env, env.part)).status_code == 201
    assert env.put_order(env.part, _standing(env, env.part)).status_code == 201
    assert _reason(env.put_order(env.part, _standing(env, env.part))) == "credit_limit_exceeded"
    # Batched: the limit is as full for a batch as for a single PUT.
    items = [{"order_id": str(uuid.uuid4()), "order": _standing(env, env.part)} for _ in range(3)]
    r = env.client.post("/v1/order-batches", json={"orders": items}, headers=env.part.h)
    assert [x["status"] for x in r.json()["results"]] == [422, 422, 422]
    assert {x["error"]["reason"] for x in r.json()["results"]} == {"credit_limit_exceeded"}
    # With a hold, too.
    h = env.hold(env.part, area="S", quantity=1)
    assert _reason(env.put_order(env.part, _standing(env, env.part, holds=[h["hold_id"]]))) == "credit_limit_exceeded"


def test_offline_sale_over_credit_needs_approval_and_is_reported(cenv: Env) -> None:
    env = cenv
    _partner(env, credit_limit=10_000)
    env.client.get("/v1/me", headers=env.part.h)  # in contact at T0
    env.clock.advance(hours=1)  # out of contact since
    sold = T0 + timedelta(minutes=30)
    assert env.put_order(env.part, _standing(env, env.part, sold_at=sold)).status_code == 201
    assert _reason(env.put_order(env.part, _standing(env, env.part, sold_at=sold))) == "credit_limit_exceeded"
    approved = _standing(env, env.part, sold_at=sold, approved_by="SUP1")
    assert env.put_order(env.part, approved).status_code == 201
    # Online (in contact now) no approval helps: the sale has not happened yet.
    assert _reason(env.put_order(env.part, _standing(env, env.part, sold_at=env.clock.now, approved_by="SUP1"))) \
        == "credit_limit_exceeded"
    out = CliRunner().invoke(central, ["over-caps", "--db", env.ctx.db.url, "--json", "--outlet", "PART"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [(r["kind"], r["limit"], r["actual"], r["approved_by"]) for r in rows] == [
        ("credit_limit", 10_000, 14_400, "SUP1")]


def test_offline_caps_per_sale_total_and_hours(cenv: Env) -> None:
    env = cenv
    admin.upsert_outlet(env.ctx, outlet_id="OWN", name_zh="自营", name_en="Own", kind="own",
                        offline_max_sale=15_000, offline_max_total=20_000, offline_max_hours=2)
    env.client.get("/v1/me", headers=env.own.h)  # last contact T0
    env.clock.advance(hours=3)

    def put(n: int, minutes: int, **kw: Any) -> str | None:
        return _reason(env.put_order(env.own, _standing(env, env.own, n, sold_at=T0 + timedelta(minutes=minutes), **kw)))

    assert put(2, 10) == "offline_cap_exceeded"  # 16,000 in one sale
    assert put(2, 10, approved_by="SUP1") is None
    assert put(1, 20) == "offline_cap_exceeded"  # 24,000 since going offline
    assert put(1, 20, approved_by="SUP1") is None
    assert put(1, 150, approved_by="SUP1") is None  # 2.5 hours offline (and the total)
    assert put(1, 150) == "offline_cap_exceeded"
    # In contact now: a sale without holds is not an offline sale, no offline caps.
    assert _reason(env.put_order(env.own, _standing(env, env.own, 1, sold_at=env.clock.now))) is None
    out = CliRunner().invoke(central, ["over-caps", "--db", env.ctx.db.url, "--json"])
    kinds = sorted(json.loads(line)["kind"] for line in out.output.splitlines())
    assert kinds == ["offline_max_hours", "offline_max_sale", "offline_max_total", "offline_max_total"]
    text = CliRunner().invoke(central, ["over-caps", "--db", env.ctx.db.url, "--outlet", "NONE"])
    assert text.exit_code == 0 and "no orders accepted beyond a limit" in text.output


def test_batched_offline_total_counts_the_batch(cenv: Env) -> None:
    env = cenv
    admin.upsert_outlet(env.ctx, outlet_id="OWN", name_zh="自营", name_en="Own", kind="own",
                        offline_max_total=20_000)
    env.client.get("/v1/me", headers=env.own.h)
    env.clock.advance(hours=1)
    items = [{"order_id": str(uuid.uuid4()), "order": _standing(env, env.own, sold_at=T0 + timedelta(minutes=m))}
             for m in (5, 6, 7)]
    r = env.client.post("/v1/order-batches", json={"orders": items}, headers=env.own.h)
    assert [(x["status"], (x["error"] or {}).get("reason")) for x in r.json()["results"]] == [
        (201, None), (201, None), (422, "offline_cap_exceeded")]


def test_price_overrides_need_approval(cenv: Env) -> None:
    env = cenv
    t = ticket(env.own, area="S", price=1000)
    assert _reason(env.put_order(env.own, order([t]))) == "price_mismatch"
    assert _reason(env.put_order(env.own, order([t], price_overrides=[t["ticket_id"]]))) == "approval_missing"
    assert _reason(env.put_order(env.own, order([t], price_overrides=["NOTINORDER"], approved_by="SUP1"))) \
        == "invalid_request"
    other = ticket(env.own, area="S", price=1000)
    assert _reason(env.put_order(env.own, order([t, other], price_overrides=[t["ticket_id"]], approved_by="SUP1"))) \
        == "price_mismatch"  # only the named line may differ
    assert env.put_order(env.own, order([t], price_overrides=[t["ticket_id"]], approved_by="SUP1")).status_code == 201
    out = CliRunner().invoke(central, ["over-caps", "--db", env.ctx.db.url, "--json"])
    row = json.loads(out.output.splitlines()[0])
    assert (row["kind"], row["limit"], row["actual"], row["details"]["ticket_id"]) == (
        "price_override", 8000, 1000, t["ticket_id"])


@pytest.mark.pg
def test_credit_limit_is_exact_under_concurrency(request: pytest.FixtureRequest) -> None:
    """8 threads of two partner terminals over real HTTP, single PUTs and batches, none with a
    hold: exactly as many orders are accepted as the credit limit allows, never one more."""
    import threading
    from datetime import UTC, datetime

    import httpx
    from sqlalchemy import text

    from tests.central.conftest import _truncate
    from tests.central.live import live_server

    url: str = request.getfixturevalue("pg_database")
    _truncate(url)
    with live_server(url, partner_catalog(datetime.now(UTC))) as live:
        admin.upsert_outlet(live.ctx, outlet_id="PART", name_zh="合伙人", name_en="Partner", kind="partner",
                            commission_bps=1000, credit_limit=50_000)  # 6 orders of 7200
        terms = [live.enrol("PART", f"t{i}") for i in range(2)]
        statuses: list[int] = []
        lock = threading.Lock()
        barrier = threading.Barrier(8)

        def client(i: int) -> None:
            term = terms[i % 2]
            got: list[int] = []
            with httpx.Client(base_url=live.base, headers=term.h, timeout=60) as c:
                barrier.wait()
                for _ in range(2):
                    body = order([ticket(term, area="S", price=8000)], sold_at=datetime.now(UTC))
                    if i % 2:
                        r = c.post("/v1/order-batches", json={"orders": [
                            {"order_id": str(uuid.uuid4()), "order": body},
                            {"order_id": str(uuid.uuid4()),
                             "order": order([ticket(term, area="S", price=8000)], sold_at=datetime.now(UTC))}]})
                        got += [x["status"] for x in r.json()["results"]]
                    else:
                        got.append(c.put(f"/v1/orders/{uuid.uuid4()}", json=body).status_code)
            with lock:
                statuses.extend(got)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert sorted(set(statuses)) == [201, 422] and statuses.count(201) == 6, statuses
        with live.ctx.db.engine.connect() as c:
            used = c.execute(text("SELECT credit_used FROM outlets WHERE id = 'PART'")).scalar_one()
            orders = c.execute(text("SELECT count(*) FROM orders WHERE outlet_id = 'PART'")).scalar_one()
        assert (used, orders) == (6 * 7200, 6)

"""Two central nodes (two ``pos central serve`` processes on their own ports) over one
PostgreSQL behave as one central (issue 23): started at the same instant on an empty
database they migrate once and make one signing key; each terminal's retries go to the
other node and get the same answer; nothing is sold twice and no accepted order is lost;
one of them sweeps expired holds, and the other takes over when it stops; a long poll on
one node sees a hold made on the other."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from central.context import Central
from central.db import Database
from central.services import admin, hold_policy
from central.services.catalog import import_catalog
from central.sweeper import LOCK_KEY
from sync.protocol import CatalogFeed
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import PG_URL, Term, new_key, ticket
from tests.door.peering import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.pg, pytest.mark.slow]
HOT = [f"A-{r}-{n}" for r in (1, 2) for n in range(2, 12)]  # 20 seats every till wants


@pytest.fixture
def empty_database() -> Iterator[str]:
    """A new database with nothing in it: the nodes migrate it themselves."""
    if not PG_URL:
        pytest.skip("POS_TEST_PG_URL is not set")
    admin_url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    name = f"central_nodes_{uuid.uuid4().hex[:10]}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


@contextmanager
def nodes(db_url: str, tmp: Path, n: int = 2) -> Iterator[list[tuple[str, subprocess.Popen[bytes]]]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POS_CENTRAL_HOLDER_KEYS": str(tmp / "holder.keys")}
    procs = []
    for _ in range(n):  # at the same instant, on the empty database
        port = free_port()
        cmd = [sys.executable, "-m", "poscli", "central", "serve", "--db", db_url, "--port", str(port)]
        log = (tmp / f"node-{port}.log").open("wb")
        procs.append((f"http://127.0.0.1:{port}", subprocess.Popen(cmd, stdout=log, stderr=log, cwd=tmp, env=env)))
    try:
        for base, proc in procs:
            deadline, up = time.monotonic() + 90, False
            while not up and time.monotonic() < deadline and proc.poll() is None:
                try:
                    up = httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200
                except httpx.HTTPError:
                    time.sleep(0.2)
            assert up, f"node {base} did not start"
        yield procs
    finally:
        for _, proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)


def _sweepers(db: Database) -> int:
    """Sessions holding the sweeper's advisory lock (a bigint key: high and low halves) in this
    test's database: pg_locks lists every database's, and another central on the same server
    (a helper's test, a leftover) holds its own."""
    with db.engine.connect() as c:
        return int(c.execute(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = :hi "
            "AND objid = :lo AND objsubid = 1 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
            {"hi": LOCK_KEY >> 32, "lo": LOCK_KEY & 0xFFFFFFFF}).scalar())


def _wait_for(pred: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.2)
    return bool(pred())


def _enrol(ctx: Central, base: str, outlet: str, name: str) -> Term:
    private, pub, key_id = new_key()
    r = httpx.post(f"{base}/v1/enrol", json={"code": admin.make_enrol_code(ctx, outlet), "public_key": pub,
                                             "terminal_name": name})
    assert r.status_code == 201, r.text
    b = r.json()
    return Term(b["terminal_id"], b["outlet_id"], b["token"], key_id, private, ctx.now)


def _same(a: httpx.Response, b: httpx.Response) -> bool:
    strip = lambda r: {k: v for k, v in r.json().items() if k != "server_time"}  # noqa: E731
    return strip(a) == strip(b)


def _put(c: httpx.Client, path: str, body: dict[str, Any], into: list[httpx.Response]) -> None:
    into.append(c.put(path, json=body))


def test_two_nodes_are_one_central(empty_database: str, tmp_path: Path) -> None:
    with nodes(empty_database, tmp_path) as procs:
        bases = [b for b, _ in procs]
        db = Database(empty_database)
        ctx = Central(db=db)
        with db.engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM signing_keys WHERE owner = 'central'")).scalar() == 1
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar()
        import_catalog(ctx, CatalogFeed.model_validate(small_catalog(datetime.now(UTC), seats_per_row=12)))
        admin.upsert_outlet(ctx, outlet_id="PART", name_zh="合伙人", name_en="Partner", kind="partner",
                            credit_limit=0)
        for outlet in ("OWN", "PART"):
            hold_policy.set_policy(ctx, outlet, outlet_standing=10_000, outlet_seats=10_000)
        terms = [_enrol(ctx, bases[i % 2], "OWN" if i % 2 else "PART", f"t{i}") for i in range(8)]
        assert _wait_for(lambda: _sweepers(db) == 1, 20)  # each node tried: one sweeps

        # A long poll on node B sees a hold made through node A.
        page = httpx.get(f"{bases[1]}/v1/feeds/seats", params={"performance_id": "P1"}, headers=terms[0].h).json()
        polled: list[dict[str, Any]] = []
        poll = threading.Thread(target=lambda: polled.append(httpx.get(
            f"{bases[1]}/v1/feeds/seats", headers=terms[0].h, timeout=30,
            params={"performance_id": "P1", "cursor": page["next_cursor"], "wait": 20}).json()))
        poll.start()
        time.sleep(0.5)
        t0 = time.monotonic()
        first = httpx.put(f"{bases[0]}/v1/holds/{uuid.uuid4()}", headers=terms[1].h,
                          json={"performance_id": "P1", "area_id": "S", "quantity": 2})
        assert first.status_code == 201, first.text
        poll.join(timeout=25)
        assert polled and polled[0]["standing"] and time.monotonic() - t0 < 10

        accepted: dict[str, int] = {}  # order id -> tickets
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(terms))

        def till(i: int, term: Term) -> None:
            rng = random.Random(i)
            here, there = (httpx.Client(base_url=bases[k], headers=term.h, timeout=60) for k in (i % 2, 1 - i % 2))
            with here, there:
                barrier.wait()
                for _ in range(12):
                    hid = str(uuid.uuid4())
                    if rng.random() < 0.5:
                        qty, seats = rng.randint(1, 4), []
                        body: dict[str, Any] = {"performance_id": "P1", "area_id": "S", "quantity": qty}
                    else:
                        seats = rng.sample(HOT, rng.randint(1, 3))
                        body = {"performance_id": "P1", "seat_ids": seats}
                    r = here.put(f"/v1/holds/{hid}", json=body)
                    if r.status_code == 422:
                        continue
                    retry = there.put(f"/v1/holds/{hid}", json=body)  # the retry goes to the other node
                    if r.status_code != 201 or retry.status_code != 200 or not _same(r, retry):
                        with lock:
                            errors.append(f"hold {r.status_code}/{retry.status_code} {retry.text[:200]}")
                        continue
                    price = 8000 if not seats else (9500 if term.outlet_id == "PART" else 10000)
                    tickets = [ticket(term, seat=s, price=price) for s in seats] or [
                        ticket(term, area="S", price=price) for _ in range(qty)]
                    total = sum(t["price"] for t in tickets)
                    order = {"sold_at": datetime.now(UTC).isoformat(), "hold_ids": [hid], "tickets": tickets,
                             "fees": 0, "total": total, "payments": [{"method": "card", "amount": total}]}
                    oid = str(uuid.uuid4())
                    answers: list[httpx.Response] = []
                    if rng.random() < 0.5:  # sent, and (its answer lost) sent again to the other node
                        answers = [there.put(f"/v1/orders/{oid}", json=order), here.put(f"/v1/orders/{oid}", json=order)]
                    else:  # both at once, one to each node
                        pair = [threading.Thread(target=_put, args=(c, f"/v1/orders/{oid}", order, answers))
                                for c in (here, there)]
                        for t in pair:
                            t.start()
                        for t in pair:
                            t.join()
                    codes = sorted(a.status_code for a in answers)
                    with lock:
                        if codes != [200, 201] or not _same(answers[0], answers[1]):
                            errors.append(f"order {codes} {answers[0].text[:200]}")
                        else:
                            accepted[oid] = len(tickets)

        threads = [threading.Thread(target=till, args=(i, t)) for i, t in enumerate(terms)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert not errors, errors[:5]
        assert len(accepted) >= 10  # the area (45) and the 17 free hot seats run out: about 25

        with db.engine.connect() as c:
            q = lambda sql: c.execute(text(sql)).all()  # noqa: E731
            stored = dict(q("SELECT o.id, count(t.id) FROM orders o JOIN tickets t ON t.order_id = o.id "
                            "GROUP BY o.id"))
            assert stored == accepted  # none lost, none made twice, none unasked for
            assert q("SELECT seat_id FROM tickets WHERE seat_id IS NOT NULL AND status = 'valid' "
                     "GROUP BY performance_id, seat_id HAVING count(*) > 1") == []
            ((used,),) = q("SELECT sum(used) FROM standing_slots WHERE performance_id = 'P1' AND area_id = 'S'")
            ((held,),) = q("SELECT coalesce(sum(from_pool), 0) FROM holds WHERE status = 'active' AND area_id = 'S'")
            ((sold,),) = q("SELECT count(*) FROM tickets WHERE area_id = 'S' AND status = 'valid' AND source = 'pool'")
            assert used == held + sold

        # One sweeper: a hold left to expire is swept with no one touching its performance.
        hid = str(uuid.uuid4())
        r = httpx.put(f"{bases[1]}/v1/holds/{hid}", headers=terms[2].h,
                      json={"performance_id": "P1", "seat_ids": ["A-1-12"], "ttl_seconds": 10})
        assert r.status_code == 201, r.text

        def status() -> str:
            with db.engine.connect() as c:
                return str(c.execute(text("SELECT status FROM holds WHERE id = :h"), {"h": hid}).scalar())

        assert _wait_for(lambda: status() == "expired", 25)
        assert _sweepers(db) == 1
        # Node A stops: one sweeper still (node B's, at its next tick if it was not already).
        procs[0][1].terminate()
        procs[0][1].wait(timeout=30)
        assert _wait_for(lambda: _sweepers(db) == 1, 20)
        ctx.db.dispose()

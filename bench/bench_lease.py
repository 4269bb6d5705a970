"""The cost of the offline lease (issue 17) at central: one refill per terminal per sync.

Central on SQLite (or PostgreSQL with ``POS_BENCH_PG_URL``) with the demo catalog, called in
process (no network: the server's own cost). Three tills of BO-MALL refill their lease: the
first refill of each (seats and standing places leased), then refills with nothing to add (the
steady state, once a minute per till), then refills after each till sold a few of its seats.
Baseline in the same run: the allocations feed read from its start, a call every sync makes
anyway. Numbers, no assertions.

    .venv/bin/python bench/bench_lease.py [ROUNDS=20]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _numbers import pct
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from central.app import create_app
from central.services.catalog import import_catalog
from resources.demo.generate import build_catalog
from sync.protocol import CatalogFeed
from tests.central.conftest import Term, enrol


def timed(call: object) -> float:
    t0 = time.perf_counter()
    r = call()  # type: ignore[operator]
    assert r.status_code == 200, r.text
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    pg = os.environ.get("POS_BENCH_PG_URL")
    admin = (
        create_engine(make_url(pg).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
        if pg
        else None
    )
    name = f"bench_lease_{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/central.sqlite"
        if admin is not None:  # a database of its own, dropped at the end
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = admin.url.set(database=name).render_as_string(hide_password=False)
        try:
            seats, units, first, steady, after_sales, base = run(url, rounds)
        finally:
            if admin is not None:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(
        f"lease refill at central ({'PostgreSQL' if pg else 'SQLite'}, demo catalog, 3 tills of BO-MALL, "
        f"{seats} seats and {units} standing places leased in all)"
    )
    print(f"  first refill            p50 {pct(first, 50):7.1f} ms   max {max(first):7.1f} ms")
    print(f"  refill, nothing to add  p50 {pct(steady, 50):7.1f} ms   p95 {pct(steady, 95):7.1f} ms")
    print(f"  refill after sales      p50 {pct(after_sales, 50):7.1f} ms   max {max(after_sales):7.1f} ms")
    print(
        f"  baseline: allocations feed from its start  p50 {pct(base, 50):7.1f} ms   p95 {pct(base, 95):7.1f} ms"
    )


def run(url: str, rounds: int) -> tuple[int, int, list[float], list[float], list[float], list[float]]:
    app = create_app(db_url=url, sweep_interval=None)
    ctx = app.state.central
    import_catalog(
        ctx, CatalogFeed.model_validate(build_catalog(datetime.now(ZoneInfo("Asia/Shanghai")).date()))
    )
    with TestClient(app) as c:
        tills: list[Term] = [enrol(c, ctx, "BO-MALL", f"till{i}") for i in range(3)]
        first = [timed(lambda t=t: c.post("/v1/lease", headers=t.h)) for t in tills]
        steady = [timed(lambda t=t: c.post("/v1/lease", headers=t.h)) for _ in range(rounds) for t in tills]
        base = [
            timed(lambda t=t: c.get("/v1/feeds/allocations", headers=t.h, params={"cursor": 0}))
            for _ in range(rounds)
            for t in tills
        ]
        # Seats sold since: central deletes them from the lease; the refill leases new ones.
        with ctx.db.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE seats SET status = 'sold' WHERE (performance_id, seat_id) IN "
                    "(SELECT performance_id, seat_id FROM seat_leases WHERE seat_id LIKE '%1')"
                )
            )
        after_sales = [timed(lambda t=t: c.post("/v1/lease", headers=t.h)) for t in tills]
        with ctx.db.engine.connect() as conn:
            seats = conn.execute(text("SELECT count(*) FROM seat_leases")).scalar()
            units = conn.execute(text("SELECT coalesce(sum(remaining), 0) FROM standing_leases")).scalar()
    ctx.db.dispose()
    return int(seats or 0), int(units or 0), first, steady, after_sales, base


if __name__ == "__main__":
    main()

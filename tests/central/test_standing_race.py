"""The on-sale rush on one standing area, over real HTTP on PostgreSQL (issue 23): 20 tills
hold and sell places of one area whose pool of 200 is split into sub-counters, until it is
sold out. Exactly 200 are sold, every run: never one more (no slot passes its capacity),
never one less (the last places are found wherever they are left)."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from central.services import admin, hold_policy
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import Term, _truncate, ticket
from tests.central.live import live_server

QUOTA = 200
CLIENTS = 20


def _rush_catalog() -> dict[str, Any]:
    cat = small_catalog(datetime.now(UTC), seats_per_row=5)
    for sec in cat["venues"][0]["sections"]:
        if sec["id"] == "S":
            sec["capacity"] = QUOTA
    for perf in cat["events"][0]["performances"]:
        perf["allocations"] = []  # no outlet quota: the whole area is the general pool
    return cat


def _order(term: Term, hold_id: str, qty: int) -> dict[str, Any]:
    tickets = [ticket(term, area="S", price=8000) for _ in range(qty)]
    total = sum(t["price"] for t in tickets)
    return {"sold_at": datetime.now(UTC).isoformat(), "hold_ids": [hold_id], "tickets": tickets, "fees": 0,
            "total": total, "payments": [{"method": "card", "amount": total}]}


@pytest.mark.pg
def test_twenty_tills_sell_exactly_the_pool(request: pytest.FixtureRequest) -> None:
    url: str = request.getfixturevalue("pg_database")
    _truncate(url)
    with live_server(url, _rush_catalog()) as live:
        admin.upsert_outlet(live.ctx, outlet_id="PART", name_zh="合伙人", name_en="Partner", kind="partner",
                            commission_bps=1000, credit_limit=0)
        for outlet in ("OWN", "PART"):
            hold_policy.set_policy(live.ctx, outlet, outlet_standing=10_000)
        terms = [live.enrol("OWN" if i % 2 else "PART", f"t{i}") for i in range(CLIENTS)]
        sold: Counter[str] = Counter()
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(CLIENTS)

        def till(term: Term, seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=live.base, headers=term.h, timeout=60) as c:
                barrier.wait()
                qty = rng.randint(1, 4)
                while True:
                    hid = str(uuid.uuid4())
                    r = c.put(f"/v1/holds/{hid}", json={"performance_id": "P1", "area_id": "S", "quantity": qty})
                    if r.status_code == 422 and r.json()["reason"] == "sold_out":
                        if qty == 1:
                            return  # not one place left anywhere
                        qty = 1  # fewer places than asked: take what is left one by one
                        continue
                    if r.status_code != 201:
                        with lock:
                            errors.append(f"hold {r.status_code} {r.text[:200]}")
                        return
                    if rng.random() < 0.1:  # a buyer walks away: the places go back
                        assert c.delete(f"/v1/holds/{hid}").status_code == 200
                        continue
                    r = c.put(f"/v1/orders/{uuid.uuid4()}", json=_order(term, hid, qty))
                    with lock:
                        if r.status_code == 201:
                            sold[term.terminal_id] += qty
                        else:
                            errors.append(f"order {r.status_code} {r.text[:200]}")
                    qty = rng.randint(1, 4)

        threads = [threading.Thread(target=till, args=(t, i)) for i, t in enumerate(terms)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert not errors, errors[:5]
        assert sum(sold.values()) == QUOTA
        assert len(sold) > 1  # the tills did share the rush

        def check(s: Any) -> None:
            q = lambda sql: s.execute(text(sql)).all()  # noqa: E731
            assert q("SELECT count(*) FROM tickets WHERE area_id = 'S' AND status = 'valid'") == [(QUOTA,)]
            assert q("SELECT sum(used), sum(capacity) FROM standing_slots WHERE area_id = 'S' "
                     "AND performance_id = 'P1'") == [(QUOTA, QUOTA)]
            assert q("SELECT count(*) FROM holds WHERE status = 'active'") == [(0,)]
            assert q("SELECT count(*) FROM standing_slots WHERE used > capacity OR used < 0") == [(0,)]

        live.ctx.db.run(check)
        # The seat feed shows the area sold out.
        r = httpx.get(f"{live.base}/v1/feeds/seats", params={"performance_id": "P1"}, headers=terms[0].h)
        assert [a["available"] for a in r.json()["standing"]] == [0]

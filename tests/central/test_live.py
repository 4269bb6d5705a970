"""Against a real uvicorn server: retry after a dropped connection, and the race test."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from central.services import admin
from central.services.doors import bind_door
from tests.central.conftest import Term, ticket
from tests.central.live import DropProxy, live_server


def _order_body(
    term: Term, seats: list[str], price: int, hold_ids: list[str], *, area: str | None = None, qty: int = 0
) -> dict[str, Any]:
    from datetime import UTC, datetime

    tickets = [ticket(term, seat=s, price=price) for s in seats] + [
        ticket(term, area=area, price=8000) for _ in range(qty)
    ]
    total = sum(t["price"] for t in tickets)
    return {
        "sold_at": datetime.now(UTC).isoformat(),
        "hold_ids": hold_ids,
        "tickets": tickets,
        "fees": 0,
        "total": total,
        "payments": [{"method": "mobile", "amount": total}],
    }


def test_retry_after_dropped_connection(db_url: str) -> None:
    with live_server(db_url) as live:
        term = live.enrol("OWN")
        bind_door(live.ctx, terminal_id=term.terminal_id, venue_id="V1")  # it scans too
        port = int(live.base.rsplit(":", 1)[1])
        proxy = DropProxy(port)
        try:
            with (
                httpx.Client(base_url=live.base, headers=term.h, timeout=30) as direct,
                httpx.Client(
                    base_url=f"http://127.0.0.1:{proxy.port}", headers=term.h, timeout=30
                ) as dropping,
            ):
                hid = str(uuid.uuid4())
                hold_body = {"performance_id": "P1", "seat_ids": ["A-1-2", "A-1-3"]}
                with pytest.raises(httpx.TransportError):
                    dropping.put(f"/v1/holds/{hid}", json=hold_body)
                assert direct.put(f"/v1/holds/{hid}", json=hold_body).status_code == 200  # already granted
                oid = str(uuid.uuid4())
                body = _order_body(term, ["A-1-2", "A-1-3"], 10000, [hid])
                with pytest.raises(httpx.TransportError):
                    dropping.put(f"/v1/orders/{oid}", json=body)
                assert proxy.forwarded == 2
                r = direct.put(f"/v1/orders/{oid}", json=body)
                assert r.status_code == 200, r.text  # the stored result: committed before the drop
                assert direct.put(f"/v1/orders/{oid}", json=body).json() == r.json()
                n = live.ctx.db.run(
                    lambda s: s.execute(
                        text("SELECT count(*) FROM tickets WHERE order_id = :o"), {"o": oid}
                    ).scalar_one()
                )
                assert n == 2
                # The scan upload retried the same way is deduplicated by nonce.
                scan = {
                    "nonce": str(uuid.uuid4()),
                    "ticket_id": body["tickets"][0]["ticket_id"],
                    "performance_id": "P1",
                    "scanned_at": body["sold_at"],
                    "verdict": "admitted",
                }
                with pytest.raises(httpx.TransportError):
                    dropping.post("/v1/scans", json={"scans": [scan]})
                assert (
                    direct.post("/v1/scans", json={"scans": [scan]}).json()["results"][0]["status"]
                    == "duplicate"
                )
        finally:
            proxy.close()


@pytest.mark.pg
def test_race_no_double_sale(request: pytest.FixtureRequest) -> None:
    """24 concurrent clients over real HTTP: outlet holds and orders (online and offline on
    allocations) and web sales fight over 30 seats and a standing area."""
    url: str = request.getfixturevalue("pg_database")
    from tests.central.conftest import _truncate

    _truncate(url)
    from datetime import UTC, datetime

    from tests.central.catalog_fixture import small_catalog

    with live_server(url, small_catalog(datetime.now(UTC), seats_per_row=15)) as live:
        admin.upsert_outlet(
            live.ctx,
            outlet_id="PART",
            name_zh="合伙人",
            name_en="Partner",
            kind="partner",
            commission_bps=1000,
            credit_limit=0,
        )
        terms = [live.enrol("OWN" if i % 2 else "PART", f"t{i}") for i in range(12)]
        seats = [f"A-{r}-{n}" for r in (1, 2) for n in range(1, 16)]
        errors: list[str] = []
        granted_holds: list[tuple[list[str], list[str]]] = []
        sold: list[str] = []
        reasons: Counter[str] = Counter()
        lock = threading.Lock()
        barrier = threading.Barrier(24)

        def outlet_client(term: Term, seed: int) -> None:
            rng = random.Random(seed)
            price = 10000 if term.outlet_id == "OWN" else 9500
            with httpx.Client(base_url=live.base, headers=term.h, timeout=60) as c:
                barrier.wait()
                for _ in range(12):
                    if term.outlet_id == "OWN" and rng.random() < 0.15:
                        # Offline sale of the outlet's allocation: the other OWN tills compete.
                        r = c.put(
                            f"/v1/orders/{uuid.uuid4()}",
                            json=_order_body(term, [rng.choice(["A-2-9", "A-2-10"])], price, []),
                        )
                        record(r, "order")
                        continue
                    hid = str(uuid.uuid4())
                    if rng.random() < 0.25:
                        qty = rng.randint(1, 6)
                        r = c.put(
                            f"/v1/holds/{hid}", json={"performance_id": "P1", "area_id": "S", "quantity": qty}
                        )
                        if record(r, "hold") and rng.random() < 0.7:
                            record(
                                c.put(
                                    f"/v1/orders/{uuid.uuid4()}",
                                    json=_order_body(term, [], 0, [hid], area="S", qty=qty),
                                ),
                                "order",
                            )
                        continue
                    want = rng.sample(seats, rng.randint(1, 4))
                    r = c.put(
                        f"/v1/holds/{hid}", json={"performance_id": "P1", "seat_ids": want, "ttl_seconds": 60}
                    )
                    if record(r, "hold", want):
                        if rng.random() < 0.7:
                            record(
                                c.put(
                                    f"/v1/orders/{uuid.uuid4()}", json=_order_body(term, want, price, [hid])
                                ),
                                "order",
                            )
                        elif rng.random() < 0.5:
                            c.delete(f"/v1/holds/{hid}")

        def web_client(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(
                base_url=live.base, headers={"Authorization": f"Bearer {live.platform}"}, timeout=60
            ) as c:
                barrier.wait()
                for i in range(12):
                    if rng.random() < 0.25:
                        body = {"area_id": "S", "quantity": rng.randint(1, 6)}
                    else:
                        body = {"seat_ids": rng.sample(seats, rng.randint(1, 4))}
                    r = c.put(
                        f"/v1/online-orders/{uuid.uuid4()}",
                        json={
                            "performance_id": "P1",
                            "concession": "adult",
                            "buyer_name": f"b{i}",
                            "buyer_phone": "13800000000",
                            **body,
                        },
                    )
                    record(r, "online")

        def record(r: httpx.Response, kind: str, want: list[str] | None = None) -> bool:
            with lock:
                if r.status_code >= 500 or r.status_code not in (200, 201, 422):
                    errors.append(f"{kind}: {r.status_code} {r.text[:200]}")
                    return False
                if r.status_code == 422:
                    reasons[r.json()["reason"]] += 1
                    return False
                body = r.json()
                if kind == "hold":
                    granted_holds.append((want or [], body["seat_ids"]))
                else:
                    sold.extend(t["seat_id"] for t in body["tickets"] if t.get("seat_id"))
                return True

        threads = [threading.Thread(target=outlet_client, args=(t, i)) for i, t in enumerate(terms)]
        threads += [threading.Thread(target=web_client, args=(100 + i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
        assert not errors, errors[:5]
        assert set(reasons) <= {"seat_taken", "sold_out", "not_allocated", "no_hold"}, reasons
        # No seat sold twice, as the clients saw it...
        dup = [s for s, n in Counter(sold).items() if n > 1]
        assert not dup, dup
        # ...no partial hold granted...
        assert all(sorted(w) == sorted(g) for w, g in granted_holds if w)
        assert sold and granted_holds

        def check(s: Any) -> None:
            q = lambda sql: s.execute(text(sql)).all()  # noqa: E731
            assert (
                q(
                    "SELECT seat_id FROM tickets WHERE status='valid' AND seat_id IS NOT NULL "
                    "GROUP BY performance_id, seat_id HAVING count(*) > 1"
                )
                == []
            )
            # Every sold seat has exactly its one valid ticket; no ticket on a non-sold seat.
            assert (
                q(
                    "SELECT s.seat_id FROM seats s LEFT JOIN tickets t ON t.id = s.ticket_id "
                    "AND t.status = 'valid' WHERE s.status = 'sold' AND t.id IS NULL"
                )
                == []
            )
            assert (
                q(
                    "SELECT t.seat_id FROM tickets t JOIN seats s ON s.performance_id = t.performance_id "
                    "AND s.seat_id = t.seat_id WHERE t.status='valid' AND s.status <> 'sold'"
                )
                == []
            )
            # Held seats belong to an active hold; active holds hold all their seats.
            assert (
                q(
                    "SELECT s.seat_id FROM seats s LEFT JOIN holds h ON h.id = s.hold_id "
                    "WHERE s.status = 'held' AND (h.id IS NULL OR h.status <> 'active')"
                )
                == []
            )
            for hold_id, seat_json in q("SELECT id, seat_ids FROM holds WHERE status = 'active'"):
                mine = {
                    r[0]
                    for r in s.execute(text("SELECT seat_id FROM seats WHERE hold_id = :h"), {"h": hold_id})
                }
                assert mine == set(seat_json["seats"]), hold_id
            # Standing counters equal what holds and tickets account for, within capacity.
            # The pool: its sub-counters folded back (issue 23).
            ((pool_used, pool_cap),) = q(
                "SELECT sum(used), sum(capacity) FROM standing_slots WHERE area_id='S' AND performance_id='P1'"
            )
            held_pool = q("SELECT coalesce(sum(from_pool),0) FROM holds WHERE status='active'")[0][0]
            sold_pool = q(
                "SELECT count(*) FROM tickets WHERE area_id='S' AND status='valid' AND source='pool'"
            )[0][0]
            assert pool_used == held_pool + sold_pool and pool_used <= pool_cap
            ((quota_used, quota),) = q(
                "SELECT used, quota FROM standing_quotas WHERE outlet_id='OWN' AND performance_id='P1'"
            )
            held_q = q("SELECT coalesce(sum(from_quota),0) FROM holds WHERE status='active'")[0][0]
            sold_q = q(
                "SELECT count(*) FROM tickets WHERE area_id='S' AND status='valid' AND source='quota'"
            )[0][0]
            assert quota_used == held_q + sold_q and quota_used <= quota

        live.ctx.db.run(check)

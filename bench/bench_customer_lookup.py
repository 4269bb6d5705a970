"""Customer look-up at central (issue 22): ``POST /v1/customers/lookup`` by phone, against the
pickup look-up by code (``GET /v1/pickups/lookup``) as the baseline, in the same run, on
SQLite through the ASGI app (no network). Web orders: N customers with 5 orders each.
Also the invoice page: ``GET /invoice/{token}`` for a counter order.

Run: ``.venv/bin/python bench/bench_customer_lookup.py [N]``. No target in DESIGN.md; the
look-up logs a row and checks the throttle in the same transaction, so it is a write."""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _numbers import pct  # noqa: E402  (this folder)

from central.services import customers  # noqa: E402
from pos.tickets.invoice import invoice_token  # noqa: E402
from tests.central.catalog_fixture import small_catalog  # noqa: E402
from tests.central.conftest import T0, Env, make_env, order, ticket  # noqa: E402


def _measure(env: Env, n: int) -> tuple[list[float], list[float], list[float]]:
    phones = [f"1380000{i:04d}" for i in range(n)]
    codes = []
    for phone in phones:
        for _ in range(5):
            r = env.client.put(f"/v1/online-orders/{uuid.uuid4()}", headers=env.ph, json={
                "performance_id": "P1", "area_id": "S", "quantity": 1, "concession": "adult",
                "buyer_name": "张三", "buyer_phone": phone})
            assert r.status_code == 201, r.text
            codes.append(r.json()["pickup_code"])
    oid = str(uuid.uuid4())
    body = order([ticket(env.own, seat="A-2-9")])
    assert env.put_order(env.own, body, oid).status_code == 201
    token = invoice_token(env.own.private, order_id=oid, issued_at=T0)

    def timed(call: object) -> list[float]:
        out = []
        for i in range(n):
            t = time.perf_counter()
            call(i)  # type: ignore[operator]
            out.append((time.perf_counter() - t) * 1000)
        return out

    lookup = timed(lambda i: env.client.post("/v1/customers/lookup", headers=env.own.h,
                                             json={"phone": phones[i]}).raise_for_status())
    pickup = timed(lambda i: env.client.get("/v1/pickups/lookup", headers=env.own.h,
                                            params={"code": codes[5 * i]}))
    page = timed(lambda i: env.client.get(f"/invoice/{token}").raise_for_status())
    return lookup, pickup, page


def main(n: int) -> None:
    customers.LOOKUP_LIMIT = customers.MISS_LIMIT = 10**9  # measure the look-up, not the throttle
    with tempfile.TemporaryDirectory() as tmp:
        catalog = small_catalog(T0)
        for venue in catalog["venues"]:
            for section in venue.get("sections", []):
                if section.get("kind") == "standing":
                    section["capacity"] = 10 * n  # room for every web order
        for env in make_env(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", catalog):
            lookup, pickup, page = _measure(env, n)
    for name, values in (("pickup look-up by code (baseline)", pickup), ("customer look-up by phone", lookup),
                         ("invoice page GET", page)):
        print(f"{name:36} p50 {pct(values, 50):6.2f} ms   p95 {pct(values, 95):6.2f} ms   (n={len(values)})")
    print(f"customer look-up / pickup look-up, p50: {pct(lookup, 50) / pct(pickup, 50):.2f}x")
    print(f"(at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

"""The workloads ``bench_central.py`` gained with issue 23: the on-sale rush (every client on
one standing area: a hold of 1-4 places, then the order that consumes it), and a second
central node (another server process on the same PostgreSQL database, each client sending
to one of the two). Imported by the script from its own folder, like ``_central_load``;
written against the outlet API only, so that it runs the baseline tree unchanged."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

PERF = "B0"  # the performance of the rush: every client's holds go to its standing area
AREA = "S"
AREA_CAPACITY = 500_000  # never sold out during a run: measure the taking, not the refusals
AREA_PRICE = 8000  # the catalog's price of the standing zone


def rush(n_ops: int, line: Any) -> Any:
    """Every client on the one area: hold 1-4 places, then order them under the hold.
    ``line(term, perf, item, price)``: a ticket line signed by the terminal, as it prints it."""

    def work(i: int, term: dict[str, Any], c: Any) -> Any:
        rng = random.Random(1000 + i)
        for _ in range(n_ops):
            qty = rng.randint(1, 4)
            hid = str(uuid.uuid4())
            t0 = time.perf_counter()
            r = c.put(f"/v1/holds/{hid}", json={"performance_id": PERF, "area_id": AREA, "quantity": qty})
            t1 = time.perf_counter()
            yield "hold", t1 - t0, r.status_code
            if r.status_code != 201:
                continue
            tickets = [line(term, PERF, AREA, AREA_PRICE) for _ in range(qty)]
            total = AREA_PRICE * qty
            body = {"sold_at": datetime.now(UTC).isoformat(), "hold_ids": [hid], "tickets": tickets, "fees": 0,
                    "total": total, "payments": [{"method": "card", "amount": total}]}
            t2 = time.perf_counter()
            r = c.put(f"/v1/orders/{uuid.uuid4()}", json=body)
            t3 = time.perf_counter()
            yield "order", t3 - t2, r.status_code
            if r.status_code == 201:
                yield "sale", (t1 - t0) + (t3 - t2), r.status_code

    return work


def start_node(db_url: str, root: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """One more server process over the bench database (already migrated); (process, base URL)
    once it answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "POS_CENTRAL_DB": db_url, "PYTHONPATH": str(root), "POS_CENTRAL_MIGRATED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "central.app:app_from_env", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(workers)], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            httpx.get(f"{base}/openapi.json", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    return proc, base


ROWS = [
    ("in process", "standing", "in process: CPU ms per standing sale"),
    ("in process", "seats", "in process: CPU ms per seated sale"),
    ("uncontended", "orders_ok", "seats spread: orders/s"), ("uncontended", "orders_p95", "seats spread: order p95 ms"),
    ("contended", "orders_ok", "seats contended: orders/s"),
    ("contended", "orders_p95", "seats contended: order p95 ms"),
    ("standing", "orders_ok", "standing rush, 1 node: orders/s"),
    ("standing", "orders_p95", "standing rush, 1 node: order p95"),
    ("standing", "holds_p95", "standing rush, 1 node: hold p95"),
    ("standing", "sale_p95", "standing rush, 1 node: sale p95"),
    ("standing", "cpu_ms", "standing rush: server CPU ms/req"),
    ("standing", "db_cpu_ms", "standing rush: PG CPU ms/req"),
    ("standing 2 nodes", "orders_ok", "standing rush, 2 nodes: orders/s"),
    ("standing 2 nodes", "sale_p95", "standing rush, 2 nodes: sale p95"),
    ("seats 2 nodes", "orders_ok", "seats spread, 2 nodes: orders/s"),
    ("seats 2 nodes", "orders_p95", "seats spread, 2 nodes: order p95"),
    ("holds only", "holds_ok", "holds only: granted/s"), ("holds only", "holds_p95", "holds only: p95 ms"),
    ("uncontended", "cpu_ms", "seats: server CPU ms/request"), ("uncontended", "db_cpu_ms", "seats: PG CPU ms/request"),
]


def compare(before: dict[str, Any], after: dict[str, Any]) -> None:
    print("\nbaseline -> current (same run, same machine), and the ratio current / baseline")
    try:
        load = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        load = ["?"]
    print(f"  (machine load average now: {' '.join(load)}; {os.cpu_count()} cores)")
    for phase, key, label in ROWS:
        b, a = before.get(phase, {}).get(key, 0), after.get(phase, {}).get(key, 0)
        ratio = f"x{a / b:.2f}" if b else "-"
        print(f"  {label:36s} {b:8.2f} -> {a:8.2f}   {ratio}")
    # The clients' code is the same in both runs: their CPU per request moves only with the
    # load of the machine, so the server's CPU divided by theirs is the server's cost with
    # that load taken out (roughly: both slow alike when the cores are shared).
    for phase, label in (("uncontended", "seats spread"), ("standing", "standing rush, 1 node"),
                         ("standing 2 nodes", "standing rush, 2 nodes")):
        b, a = (r.get(phase, {}) for r in (before, after))
        if b.get("client_cpu_ms") and a.get("client_cpu_ms"):
            nb, na = b["cpu_ms"] / b["client_cpu_ms"], a["cpu_ms"] / a["client_cpu_ms"]
            print(f"  {label + ': server/client CPU':36s} {nb:8.2f} -> {na:8.2f}   x{na / nb:.2f}")
    ib, ia = before.get("in process", {}), after.get("in process", {})
    if ib.get("seats") and ia.get("seats"):
        print(f"  {'in process: standing / seated sale':36s} {ib['standing'] / ib['seats']:8.2f} -> "
              f"{ia['standing'] / ia['seats']:8.2f}")
    print(f"  {'peak resident MB per worker':36s} {before['rss_peak_mb']:8d} -> {after['rss_peak_mb']:8d}")
    print(f"  {'double sales':36s} {before['double_sales']:8d} -> {after['double_sales']:8d}")


def cpu_per_sale(ctx: Any, terms: list[dict[str, Any]], line: Any, n: int = 200) -> dict[str, float]:
    """CPU ms of one sale (a hold of 2 places, then the order of its 2 tickets), in process
    through the services, on a standing area and on seats: the cost of the code path itself,
    which other load on the machine hardly moves (unlike rates). One terminal, alternating."""
    from central.services.enrolment import authenticate
    from central.services.holds import create_hold
    from central.services.orders import put_order
    from sync.protocol.holds import HoldRequest
    from sync.protocol.orders import OrderUpload

    term = terms[0]
    caller = authenticate(ctx, term["token"])
    out: dict[str, float] = {}
    next_seat = 0
    for kind in ("standing", "seats", "standing", "seats"):  # the first of each warms up
        spent = 0.0
        for _ in range(n):
            if kind == "standing":
                hold = {"performance_id": PERF, "area_id": AREA, "quantity": 2}
                lines = [line(term, PERF, AREA, AREA_PRICE) for _ in range(2)]
                price = AREA_PRICE
            else:
                seats = [f"A-{1 + (next_seat + k) // 500}-{1 + (next_seat + k) % 500}" for k in (0, 1)]
                next_seat += 2
                hold = {"performance_id": "B17", "seat_ids": seats}
                lines = [line(term, "B17", s, 10000, seat=True) for s in seats]
                price = 10000
            hid = uuid.uuid4()
            body = {"sold_at": datetime.now(UTC).isoformat(), "hold_ids": [str(hid)], "tickets": lines, "fees": 0,
                    "total": 2 * price, "payments": [{"method": "card", "amount": 2 * price}]}
            t0 = time.process_time()
            create_hold(ctx, caller, hid, HoldRequest.model_validate(hold))
            put_order(ctx, caller, uuid.uuid4(), OrderUpload.model_validate(body))
            spent += time.process_time() - t0
        out[kind] = spent / n * 1000
    print(f"\nin process, CPU per sale (hold of 2 + its order): standing {out['standing']:.2f} ms, "
          f"seats {out['seats']:.2f} ms")
    return out

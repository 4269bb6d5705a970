"""Throughput of central on PostgreSQL: holds/s and orders/s with 8 concurrent clients,
seats spread (each client its own performance), seats contended (all on the same 120 seats),
one standing area contended (the on-sale rush: every client holds 1-4 places of the same
area, then orders them; ``_central_rush``), and the standing rush and the seats spread again
with two central nodes on the same database; with p95 latency and the resident memory of
each server worker. A script that prints numbers, not a test.

    POS_BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/postgres python bench/bench_central.py

The 8 terminals sit at three outlets, as at a real counter site: four tills of the own box
office and two tills at each of two city partners with a credit limit (whose sales do lock
their outlet's credit row). ``POS_BENCH_OUTLETS=1`` puts all eight at the own box office.

A baseline runs first in the same run: the same script against central as of git ref
``POS_BENCH_BASELINE`` (default: central before issue 23, ``main`` when it began), exported with
``git archive`` into a temporary directory. ``POS_BENCH_BASELINE=none`` skips it.

The clients are keep-alive connections of the standard library (``LeanClient``): real
terminals sit on other machines, and here the load generator shares the 2 cores with central
and PostgreSQL, so it should take as little of them as it can (it prints what it took).
``POS_BENCH_CLIENT=httpx`` uses httpx (about 0.8 ms of CPU per request, 3-4x more).
``POS_BENCH_WORKERS=2`` runs ``uvicorn --workers 2``, as ``pos central serve --workers 2``.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
# The code under test: this checkout, or an exported older tree for the baseline.
ROOT = Path(os.environ.get("POS_BENCH_ROOT") or REPO)
sys.path.insert(0, str(ROOT))

import _central_load as load  # noqa: E402  (this folder)
import _central_rush as rush  # noqa: E402
from _central_load import LeanClient, database_cpu, memory_mb, p95, server_cpu, workers_of  # noqa: E402

from central.context import Central  # noqa: E402
from central.db import Database  # noqa: E402
from central.migrate import upgrade  # noqa: E402
from central.services import admin  # noqa: E402
from central.services.catalog import import_catalog  # noqa: E402
from pos.tickets.codec import TicketClaims, TicketSigner, new_ticket_id  # noqa: E402  (the terminal's signer)
from sync.protocol import CatalogFeed  # noqa: E402
from sync.protocol.enrolment import key_id_of  # noqa: E402
from tests.central.catalog_fixture import small_catalog  # noqa: E402

CLIENTS = 8
WORKERS = int(os.environ.get("POS_BENCH_WORKERS", "1"))  # uvicorn worker processes
OPS = int(os.environ.get("POS_BENCH_OPS", "150"))  # per client per phase
SEATS_PER_ROW = 500  # 1,000 seats per performance
# Central just before it checked each line's code, credit and caps on every path (issue 16):
# the run without the checks. ``a2ecb1f`` is central before the performance work.
BASELINE_REF = "df6242c"  # central before issue 23 (the standing pool one row, the ORM on its path)
LABEL = os.environ.get("POS_BENCH_LABEL", "current")
# Outlet of each terminal: (id, kind, credit limit in fen).
LAYOUT = ([("OWN", "own", 0)] * 4 + [("BP1", "partner", 10**12)] * 2 + [("BP2", "partner", 10**12)] * 2
          if os.environ.get("POS_BENCH_OUTLETS", "3") != "1" else [("OWN", "own", 0)] * CLIENTS)


def catalog() -> dict[str, Any]:
    cat = small_catalog(datetime.now(UTC), seats_per_row=SEATS_PER_ROW)
    base = cat["events"][0]["performances"][0]
    for sec in cat["venues"][0]["sections"]:
        if sec["id"] == rush.AREA:
            sec["capacity"] = rush.AREA_CAPACITY
    perfs = []
    for i in range(2 * CLIENTS + 2):  # B0 contended, B1-B8 one per client, B9-B16 2 nodes, B17 in process
        p = copy.deepcopy(base)
        p.update(id=f"B{i}", blocked_seats=[], allocations=[], channel_rules=[])
        perfs.append(p)
    cat["events"] = [{**cat["events"][0], "performances": perfs, "max_tickets_per_order": 10}]
    return cat


CLIENT = os.environ.get("POS_BENCH_CLIENT", "lean")


def run_phase(name: str, base: str | list[str], terms: list[dict[str, Any]], work: Any) -> dict[str, float]:
    bases = [base] if isinstance(base, str) else base  # client i talks to node i % len(bases)
    lat: dict[str, list[float]] = {"hold": [], "order": [], "sale": []}
    outcome: dict[str, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(len(terms))
    spans: dict[str, list[float]] = {"hold": [], "order": []}

    def client(i: int, term: dict[str, Any]) -> None:
        c: Any = (
            httpx.Client(base_url=bases[i % len(bases)], headers={"Authorization": f"Bearer {term['token']}"},
                         timeout=60)
            if CLIENT == "httpx" else LeanClient(bases[i % len(bases)], term["token"])
        )
        with c:
            barrier.wait()
            for kind, dt, status in work(i, term, c):
                with lock:
                    lat[kind].append(dt)
                    outcome[f"{kind} {status}"] = outcome.get(f"{kind} {status}", 0) + 1

    cpu0, db_cpu0, client_cpu0 = server_cpu(), database_cpu(), time.process_time()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i, t)) for i, t in enumerate(terms)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu, db_cpu = server_cpu() - cpu0, database_cpu() - db_cpu0
    client_cpu = time.process_time() - client_cpu0  # the 8 clients share the 2 cores with central
    del spans
    holds, orders = lat["hold"], lat["order"]
    ok_orders = outcome.get("order 201", 0)
    ok_holds = outcome.get("hold 201", 0)
    print(f"\n{name}: {wall:.1f} s wall, {CLIENTS} clients, {len(bases)} node(s)")
    # Rates over the wall time of the whole phase (holds and orders interleave).
    print(f"  holds : {len(holds) / wall:7.0f} req/s ({ok_holds / wall:6.0f} granted/s)  p95 {p95(holds):6.1f} ms  "
          f"p50 {statistics.median(holds) * 1000 if holds else 0:5.1f} ms")
    print(f"  orders: {len(orders) / wall:7.0f} req/s ({ok_orders / wall:6.0f} accepted/s) p95 {p95(orders):6.1f} ms  "
          f"p50 {statistics.median(orders) * 1000 if orders else 0:5.1f} ms")
    if lat["sale"]:
        print(f"  sales (hold + order): p95 {p95(lat['sale']):6.1f} ms")
    print("  outcomes:", ", ".join(f"{k}: {v}" for k, v in sorted(outcome.items())))
    # CPU of the server per request: unlike rates, hardly moved by other load on the machine.
    n_req = len(holds) + len(orders)
    print(f"  server CPU: {cpu / max(1, n_req) * 1000:.2f} ms per request ({cpu / wall:.2f} cores); "
          f"PostgreSQL backends: {db_cpu / max(1, n_req) * 1000:.2f} ms per request ({db_cpu / wall:.2f} cores); "
          f"the clients: {client_cpu / max(1, n_req) * 1000:.2f} ms per request ({client_cpu / wall:.2f} cores)")
    return {"cpu_ms": cpu / max(1, n_req) * 1000, "db_cpu_ms": db_cpu / max(1, n_req) * 1000,
            "client_cpu_ms": client_cpu / max(1, n_req) * 1000, "holds_req": len(holds) / wall, "holds_ok": ok_holds / wall, "holds_p95": p95(holds),
            "orders_req": len(orders) / wall, "orders_ok": ok_orders / wall, "orders_p95": p95(orders),
            "sale_p95": p95(lat["sale"])}


def order_body(term: dict[str, Any], perf: str, seats: list[str], hold_id: str) -> dict[str, Any]:
    # Real codes, signed by the terminal's key for each line: central checks them (issue 16).
    signer: TicketSigner = term["signer"]
    now = int(time.time())
    tickets = []
    for s in seats:
        tid = new_ticket_id()
        code = signer.sign(TicketClaims(ticket_id=tid, performance_id=perf, item_id=s, gate_id="",
                                        concession="adult", issued_at=now))
        tickets.append({"ticket_id": tid, "performance_id": perf, "seat_id": s, "concession": "adult",
                        "price": 10000, "code": code, "key_id": term["key_id"]})
    total = 10000 * len(seats)
    return {"sold_at": datetime.now(UTC).isoformat(), "hold_ids": [hold_id], "tickets": tickets, "fees": 0,
            "total": total, "payments": [{"method": "card", "amount": total}]}


def area_line(term: dict[str, Any], perf: str, item: str, price: int, *, seat: bool = False) -> dict[str, Any]:
    tid = new_ticket_id()
    code = term["signer"].sign(TicketClaims(ticket_id=tid, performance_id=perf, item_id=item, gate_id="",
                                            concession="adult", issued_at=int(time.time())))
    return {"ticket_id": tid, "performance_id": perf, "seat_id" if seat else "area_id": item, "concession": "adult",
            "price": price, "code": code, "key_id": term["key_id"]}


def hold_then_order(seat_pool: Any, n_ops: int, order_ratio: float = 1.0) -> Any:
    def work(i: int, term: dict[str, Any], c: httpx.Client) -> Any:
        rng = random.Random(i)
        for _ in range(n_ops):
            perf, seats = seat_pool(i, rng)
            hid = str(uuid.uuid4())
            t = time.perf_counter()
            r = c.put(f"/v1/holds/{hid}", json={"performance_id": perf, "seat_ids": seats})
            yield "hold", time.perf_counter() - t, r.status_code
            if r.status_code != 201:
                continue
            if rng.random() < order_ratio:
                t = time.perf_counter()
                r = c.put(f"/v1/orders/{uuid.uuid4()}", json=order_body(term, perf, seats, hid))
                yield "order", time.perf_counter() - t, r.status_code
            else:
                c.delete(f"/v1/holds/{hid}")

    return work


def main() -> dict[str, Any]:
    url = os.environ.get("POS_BENCH_PG_URL") or os.environ.get("POS_TEST_PG_URL")
    if not url:
        sys.exit("set POS_BENCH_PG_URL (or POS_TEST_PG_URL) to a PostgreSQL URL")
    admin_url = make_url(url).set(drivername="postgresql+psycopg")
    name = f"central_bench_{uuid.uuid4().hex[:10]}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = admin_url.set(database=name).render_as_string(hide_password=False)
    proc = None
    try:
        db = Database(db_url)
        upgrade(db.engine)
        ctx = Central(db=db)
        import_catalog(ctx, CatalogFeed.model_validate(catalog()))
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        env = {**os.environ, "POS_CENTRAL_DB": db_url, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "central.app:app_from_env", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(WORKERS)], env=env)
        base = f"http://127.0.0.1:{port}"
        load.SERVER[:] = [proc.pid]
        load.DATABASE[:] = [eng, name]
        load.WORKERS[:] = [WORKERS]
        for _ in range(200):
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        for outlet_id, kind, limit in sorted(set(LAYOUT)):
            if outlet_id != "OWN":
                admin.upsert_outlet(ctx, outlet_id=outlet_id, name_zh=outlet_id, name_en=outlet_id, kind=kind,
                                    credit_limit=limit)
        if (ROOT / "central" / "services" / "hold_policy.py").exists():  # not in older baselines
            from central.services import hold_policy

            for outlet_id in sorted({o for o, _, _ in LAYOUT}):
                # The load holds far more at once than a box office would: measure throughput, not caps.
                hold_policy.set_policy(ctx, outlet_id, **dict.fromkeys(hold_policy.CAPS, 1_000_000))
        terms = []
        for i in range(CLIENTS):
            code = admin.make_enrol_code(ctx, LAYOUT[i][0])
            signer = TicketSigner(Ed25519PrivateKey.generate())
            raw = signer.public_key
            r = httpx.post(f"{base}/v1/enrol", json={"code": code, "public_key": base64.b64encode(raw).decode(),
                                                     "terminal_name": f"bench {i}"})
            r.raise_for_status()
            terms.append({**r.json(), "key_id": key_id_of(raw), "signer": signer})
        all_seats = [f"A-{r}-{n}" for r in ("1", "2") for n in range(1, SEATS_PER_ROW + 1)]

        def own_perf(i: int, rng: random.Random) -> tuple[str, list[str]]:
            # Each client sells its own performance, walking through the seats: never a clash.
            state = own_perf.__dict__.setdefault(i, {"next": 0})
            k = rng.randint(1, 4)
            seats = all_seats[state["next"]:state["next"] + k]
            state["next"] += k
            return f"B{i + 1}", seats

        hot = all_seats[:120]

        def hot_perf(_i: int, rng: random.Random) -> tuple[str, list[str]]:
            return "B0", rng.sample(hot, rng.randint(1, 4))

        outlets = ", ".join(f"{o}x{LAYOUT.count((o, k, c))}" for o, k, c in sorted(set(LAYOUT)))
        print(f"central bench [{LABEL}]: PostgreSQL, {WORKERS} uvicorn worker(s), {CLIENTS} {CLIENT} clients x {OPS} "
              f"hold+order each, 1-4 tickets per order; terminals per outlet: {outlets}")
        results: dict[str, Any] = {}
        results["uncontended"] = run_phase("uncontended (own performance per client)", base, terms, hold_then_order(own_perf, OPS))
        holds_only_state: dict[int, int] = {}

        def holds_only(i: int, term: dict[str, Any], c: httpx.Client) -> Any:
            rng = random.Random(100 + i)
            for _ in range(OPS):
                start = holds_only_state.get(i, 2 * SEATS_PER_ROW // 2)
                k = rng.randint(1, 4)
                seats = all_seats[start:start + k] if start + k <= len(all_seats) else rng.sample(all_seats, k)
                holds_only_state[i] = start + k
                t = time.perf_counter()
                r = c.put(f"/v1/holds/{uuid.uuid4()}", json={"performance_id": f"B{i + 1}", "seat_ids": seats})
                yield "hold", time.perf_counter() - t, r.status_code

        results["holds only"] = run_phase("uncontended holds only", base, terms, holds_only)
        results["contended"] = run_phase("contended (all clients on the same 120 seats)", base, terms,
                  hold_then_order(hot_perf, OPS, order_ratio=0.5))
        results["standing"] = run_phase("standing rush (every client on one standing area: hold 1-4, then the "
                                        "order)", base, terms, rush.rush(OPS, area_line))
        proc2, base2 = rush.start_node(db_url, ROOT, WORKERS)  # a second node on the same database
        load.SERVER.append(proc2.pid)
        try:
            results["standing 2 nodes"] = run_phase("standing rush on 2 nodes", [base, base2], terms,
                                                    rush.rush(OPS, area_line))
            results["seats 2 nodes"] = run_phase(
                "seats spread on 2 nodes (own performance per client)", [base, base2], terms,
                hold_then_order(lambda i, rng: (f"B{i + 1 + CLIENTS}", own_perf(i + 100, rng)[1]), OPS))
        finally:
            load.SERVER.remove(proc2.pid)
            proc2.terminate()
            proc2.wait(timeout=10)

        results["in process"] = rush.cpu_per_sale(ctx, terms, area_line)

        def check(s: Any) -> tuple[int, int]:
            dup = s.execute(text("SELECT count(*) FROM (SELECT 1 FROM tickets WHERE status='valid' AND seat_id IS "
                                 "NOT NULL GROUP BY performance_id, seat_id HAVING count(*) > 1) d")).scalar_one()
            sold = s.execute(text("SELECT count(*) FROM tickets")).scalar_one()
            return int(dup), int(sold)

        dup, sold = ctx.db.run(check)
        mem = [memory_mb(pid) for pid in workers_of(proc.pid)]
        print(f"\n{sold} tickets sold, double sales: {dup}; resident memory per server worker (now / peak): "
              + ", ".join(f"{now} / {peak} MB" for now, peak in mem))
        results["double_sales"] = dup
        checks = check_cost()
        if checks is not None:
            results["checks_ms"] = checks
        results["rss_peak_mb"] = max((peak for _, peak in mem), default=0)
        print("RESULT " + json.dumps(results))
        return results
        db.dispose()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


def check_cost() -> float | None:
    """CPU ms per order (1-4 tickets, as the load) of the line checks central added in issue
    16 (each code's signature and payload against its line), measured in process. None when
    the tree under test has no such checks (a baseline)."""
    if not (ROOT / "central" / "services" / "order_codes.py").exists():
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from central.services import order_codes
    from sync.protocol.orders import TicketLine

    signer = TicketSigner(Ed25519PrivateKey.generate())
    key = Ed25519PublicKey.from_public_bytes(signer.public_key)
    rng = random.Random(7)
    orders = []
    for _ in range(500):
        lines = []
        for n in range(rng.randint(1, 4)):
            tid = new_ticket_id()
            code = signer.sign(TicketClaims(ticket_id=tid, performance_id="B1", item_id=f"A-1-{n + 1}", gate_id="",
                                            concession="adult", issued_at=int(time.time())))
            lines.append(TicketLine(ticket_id=tid, performance_id="B1", seat_id=f"A-1-{n + 1}", concession="adult",
                                    price=10000, code=code, key_id=signer.key_id))
        orders.append(lines)
    start = time.process_time()
    for lines in orders:
        for t in lines:
            assert order_codes.line_problem(key, signer.key_id, t) is None
    ms = (time.process_time() - start) / len(orders) * 1000
    print(f"  cost of the code checks: {ms:.3f} ms CPU per order (1-4 tickets), measured in process")
    return ms


def run_baseline() -> dict[str, Any] | None:
    """Run this script against the baseline tree in a child process; its numbers, or None."""
    ref = os.environ.get("POS_BENCH_BASELINE", BASELINE_REF)
    if ref.lower() == "none":
        return None
    with tempfile.TemporaryDirectory(prefix="central_baseline_") as tree:
        paths = ["central", "sync", "tests/__init__.py", "tests/central"]
        try:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, *paths], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"baseline {ref} not available ({exc}); skipped")
            return None
        env = {**os.environ, "POS_BENCH_ROOT": tree, "POS_BENCH_LABEL": f"baseline {ref}",
               "POS_BENCH_BASELINE": "none"}
        out = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True, check=False)
        lines = out.stdout.splitlines()
        print("\n".join(ln for ln in lines if not ln.startswith("RESULT ")))
        print(out.stderr[-2000:], end="")
        found = [json.loads(ln[7:]) for ln in lines if ln.startswith("RESULT ")]
        return found[0] if found else None


if __name__ == "__main__":
    if os.environ.get("POS_BENCH_ROOT"):
        main()
    else:
        baseline = run_baseline()
        current = main()
        if baseline is not None and current is not None:
            rush.compare(baseline, current)

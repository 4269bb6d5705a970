"""Gate-to-gate propagation on loopback: from a scan recorded at gate A to the scan merged
into gate B's store by B's peer node (signed reply verified, scan written), p50/p95/max.

The nodes poll every ``--interval`` seconds (default 0.1, as `pos door peers`), so the
expected mean is about half an interval plus one exchange. Baseline in the same run: one
bare TCP request/reply on loopback. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _numbers import pct

from pos.door import DoorValidator
from sync.door.peers import PeerNode
from tests.door.helpers import Clock
from tests.door.peering import make_gates


def tcp_baseline(n: int = 200) -> float:
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        for _ in range(n):
            conn, _ = server.accept()
            with conn:
                conn.recv(100)
                conn.sendall(b"ok\n")

    threading.Thread(target=serve, daemon=True).start()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        with socket.create_connection(server.getsockname()) as s:
            s.sendall(b"ping\n")
            s.recv(10)
        times.append(time.perf_counter() - t)
    server.close()
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scans", type=int, default=100)
    ap.add_argument("--interval", type=float, default=0.1)
    args = ap.parse_args()
    a, b = make_gates(Path(tempfile.mkdtemp(prefix="bench-prop-")))
    seen: dict[str, float] = {}
    arrived = threading.Condition()

    def on_merge(scans: list) -> None:  # type: ignore[type-arg]
        now = time.perf_counter()
        with arrived:
            for s in scans:
                seen[s.nonce] = now
            arrived.notify_all()

    node_a = PeerNode(a.store, listen=("127.0.0.1", 0), peers=[], interval=args.interval)
    node_b = PeerNode(
        b.store, listen=("127.0.0.1", 0), peers=[node_a.address], interval=args.interval, on_merge=on_merge
    )
    node_a.start()
    node_b.start()
    gate_a = DoorValidator(a.store, performance_id="P-CONCERT", gate="G1", clock=Clock())
    rng = random.Random(3)
    delays = []
    for _ in range(args.scans):
        code, _ = a.ticket(gate="")
        time.sleep(rng.uniform(0, args.interval))  # scans arrive at any point of B's cycle
        t0 = time.perf_counter()
        r = gate_a.check(code)
        with arrived:
            arrived.wait_for(lambda: r.nonce in seen, timeout=10)  # noqa: B023
        delays.append(seen[r.nonce] - t0)
    node_a.stop()
    node_b.stop()
    base = tcp_baseline()
    ms = [d * 1000 for d in delays]
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; poll interval {args.interval * 1000:.0f} ms"
    )
    print(f"baseline: bare TCP request/reply on loopback   p50 {base * 1000:6.2f} ms")
    print(
        f"gate A scan -> merged at gate B ({len(ms)} scans)  p50 {pct(ms, 50):6.1f} ms   "
        f"p95 {pct(ms, 95):6.1f} ms   max {max(ms):6.1f} ms"
    )


if __name__ == "__main__":
    main()

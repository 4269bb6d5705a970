"""Door validations per second in the core, with 100,000 tickets and 10,000 revocations.

Target (DESIGN.md): at least 5,000 validations/s. Baselines in the same run: the bare
Ed25519 signature check of the same codes, and the codec's full decode + verify. Then:
- ``evaluate``: every check of the door in order (decode, key, signature, revocation,
  performance and gate, window, scan log), in a read transaction, nothing recorded;
- ``check``: the same plus recording the scan, one write transaction each (BEGIN IMMEDIATE,
  WAL, synchronous=FULL: each scan is on disk before the verdict shows), as at the door.
The scan log is pre-filled with 50,000 admissions so lookups run against a busy table.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pos.door import DoorValidator
from pos.store import sql
from pos.tickets import TicketClaims, TicketSigner, generate_private_key, new_ticket_id, verify
from pos.tickets.codec import _load_public_key, _parse
from tests.door.helpers import NOW, Clock, make_door

TICKETS = 100_000
REVOKED = 10_000
PREADMITTED = 50_000


def rate(label: str, n: int, seconds: float) -> float:
    per_s = n / seconds
    print(f"  {label:<44} {per_s:>10,.0f} /s   ({seconds * 1e6 / n:7.1f} µs each, n={n:,})")
    return per_s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000, help="scans to time per mode")
    ap.add_argument("--check-n", type=int, default=5_000, help="recorded scans to time")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-door-"))
    seller = TicketSigner(generate_private_key())
    door = make_door(tmp / "door", seller=seller)
    t0 = time.perf_counter()
    codes, ids = [], []
    for i in range(TICKETS):
        tid = new_ticket_id()
        ids.append(tid)
        claims = TicketClaims(
            ticket_id=tid,
            performance_id="P-CONCERT",
            item_id=f"A-1-{i % 5 + 1}",
            gate_id="G1",
            concession="adult",
            issued_at=int(NOW.timestamp()),
        )
        codes.append(seller.sign(claims))
    print(f"setup: {TICKETS:,} tickets signed in {time.perf_counter() - t0:.1f} s", end="")
    rng = random.Random(1)
    revoked = rng.sample(ids, REVOKED)
    admitted = rng.sample(sorted(set(ids) - set(revoked)), PREADMITTED)
    clock = Clock()
    with door.store.write() as s:
        sql.run(
            s,
            "INSERT INTO revocation (ticket_id, reason, revoked_at, replaced_by) VALUES (?,?,?,NULL)",
            [(t, rng.choice(["refund", "exchange", "reprint"]), sql.time_in(NOW)) for t in revoked],
        )
        at = sql.time_in(clock.at - timedelta(minutes=1))
        sql.run(
            s,
            "INSERT INTO scan (nonce, ticket_id, performance_id, gate, direction, verdict, reason, scanned_at,"
            " terminal_id, origin, uploaded) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (f"pre-{i}", t, "P-CONCERT", "G2", "in", "valid", "", at, "D02", "peer", 1)
                for i, t in enumerate(admitted)
            ],
        )
    print(f"; {REVOKED:,} revocations, {PREADMITTED:,} admissions in the scan log")
    # As SQLite's auto-checkpoint would have by now: reads then find pages in the database
    # file, not through a WAL of the whole bulk load.
    with door.store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    sample = [codes[rng.randrange(TICKETS)] for _ in range(args.n)]
    keys = {seller.key_id: seller.public_key}
    parsed = [_parse(c) for c in sample]
    pub = _load_public_key(seller.public_key)
    v = DoorValidator(door.store, performance_id="P-CONCERT", gate="G1", clock=clock)
    # The machine is shared: run the three in interleaved rounds so that load changes hit
    # the baseline and the door alike.
    spent = {"bare": 0.0, "codec": 0.0, "evaluate": 0.0}
    verdicts: dict[str, int] = {}
    step = 1_000

    def run_bare(lo: int) -> None:
        for p in parsed[lo : lo + step]:
            pub.verify(p.signature, p.body)

    def run_codec(lo: int) -> None:
        for c in sample[lo : lo + step]:
            verify(c, keys=keys)

    def run_door(lo: int) -> None:
        for c in sample[lo : lo + step]:
            r = v.evaluate(c)
            verdicts[r.verdict.value] = verdicts.get(r.verdict.value, 0) + 1

    modes = [("bare", run_bare), ("codec", run_codec), ("evaluate", run_door)]
    for i, lo in enumerate(range(0, len(sample), step)):
        for name, fn in modes[i % 3 :] + modes[: i % 3]:  # rotate the order every round
            t = time.perf_counter()
            fn(lo)
            spent[name] += time.perf_counter() - t
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("baselines:")
    base = rate("bare Ed25519 verify (cryptography)", len(sample), spent["bare"])
    rate("codec decode + verify", len(sample), spent["codec"])
    print("door validator:")
    ev = rate("evaluate: all checks, nothing recorded", len(sample), spent["evaluate"])
    print(f"    verdicts: {dict(sorted(verdicts.items()))}")
    used = set(admitted) | set(revoked)
    fresh = [c for c, tid in zip(codes, ids, strict=True) if tid not in used]
    batch = fresh[: args.check_n] + sample[: args.check_n // 4]  # new admissions, and some repeats
    t = time.perf_counter()
    for c in batch:
        v.check(c)
    ck = rate("check: all checks + scan recorded (fsync)", len(batch), time.perf_counter() - t)
    print(
        f"summary: evaluate {ev:,.0f}/s = {ev / base:.2f}x bare Ed25519; recorded check {ck:,.0f}/s "
        f"(target >= 5,000/s for validation in the core)"
    )


if __name__ == "__main__":
    main()

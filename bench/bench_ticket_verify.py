"""Micro-benchmark of ticket-code verification (door target: >= 5,000/s on 2 cores).

Prints verifications per second of ``pos.tickets.verify`` over N distinct codes
(signed by a few keys, as at a real door), and as a same-run baseline the raw
``Ed25519PublicKey.verify`` on the same bytes, so that the codec's own overhead
(normalising, base32, parsing, key lookup) shows as the difference.
No assertions: run it, read it.

    python bench/bench_ticket_verify.py [-n 2000] [--rounds 5] [--keys 4]
"""

from __future__ import annotations

import argparse
import base64
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pos.tickets import TicketClaims, TicketSigner, generate_private_key, new_ticket_id, verify


def make_codes(count: int, key_count: int) -> tuple[list[str], dict[str, bytes]]:
    signers = [TicketSigner(generate_private_key()) for _ in range(key_count)]
    codes = []
    for i in range(count):
        claims = TicketClaims(
            ticket_id=new_ticket_id(),
            performance_id=f"P2024{i % 40:04d}",
            item_id=f"A-{i % 50:02d}-{i % 37:02d}",
            gate_id=f"G{i % 9}",
            concession=("adult", "child", "student", "senior")[i % 4],
            issued_at=1_723_700_000 + i,
            holder="张*·1234" if i % 3 == 0 else "",
        )
        codes.append(signers[i % key_count].sign(claims))
    return codes, {s.key_id: s.public_key for s in signers}


def best_rate(label: str, count: int, rounds: int, run: Callable[[], None]) -> None:
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = max(best, count / (time.perf_counter() - start))
    print(f"{label:<34} {best:>10,.0f} /s   ({1e6 / best:6.1f} µs each, best of {rounds})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="distinct codes")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keys", type=int, default=4, help="signing keys in play")
    args = parser.parse_args()

    codes, keys = make_codes(args.n, args.keys)
    lengths = sorted(len(c) for c in codes)
    print(f"{args.n} codes, {args.keys} keys, code length {lengths[0]}..{lengths[-1]} characters")

    # Baseline input: the same signatures and signed bytes, keys already parsed.
    public = {kid: Ed25519PublicKey.from_public_bytes(raw) for kid, raw in keys.items()}
    raw_items = []
    for code in codes:
        raw = base64.b32decode(code + "=" * (-len(code) % 8))
        raw_items.append((public[raw[1:5].hex().upper()], raw[-64:], raw[:-64]))

    def run_raw() -> None:
        for key, signature, body in raw_items:
            key.verify(signature, body)

    def run_codec() -> None:
        for code in codes:
            verify(code, keys=keys)

    best_rate("raw Ed25519PublicKey.verify", args.n, args.rounds, run_raw)
    best_rate("pos.tickets.verify", args.n, args.rounds, run_codec)


if __name__ == "__main__":
    main()

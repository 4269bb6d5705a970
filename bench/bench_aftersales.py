"""Refund and exchange of a 2-ticket sale, each one transaction (revocations, payments,
journal, outbox; the exchange also the new sale), against the 2-ticket sale itself,
measured in the same run.

Run: ``.venv/bin/python bench/bench_aftersales.py [N]``. Prints p50/p95 of each and the
ratios to the sale. No target in DESIGN.md; the sale's own target is p95 <= 10 ms.
"""

from __future__ import annotations

import functools
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _numbers import pct  # noqa: E402  (this folder)

from pos.aftersales.exchange import exchange  # noqa: E402
from pos.aftersales.reversal import refund  # noqa: E402
from pos.cash.tenders import Tender  # noqa: E402
from pos.catalog.cache import free_allocated_seats  # noqa: E402
from pos.errors import PaymentError  # noqa: E402
from pos.money import Money  # noqa: E402
from pos.sales import CartItem, sell  # noqa: E402
from tests.factories import make_counter, small_catalog  # noqa: E402


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        catalog = small_catalog(datetime.now(UTC), rows_per_section=50, seats_per_row=50)
        counter = make_counter(Path(tmp) / "t", catalog=catalog)
        seats = list(
            free_allocated_seats(
                counter.store, performance_id="P-CONCERT", outlet_id="BO-1", limit=6 * n + 12
            )
        )
        sales: list[float] = []
        refunds: list[float] = []
        exchanges: list[float] = []

        def sale_of(ss: list[str]):  # type: ignore[no-untyped-def]
            return sell(
                counter.store,
                performance_id="P-CONCERT",
                items=[CartItem("adult", seat_id=s) for s in ss],
                tenders=[Tender("cash", Money(1_000_000))],
                actor=counter.clerk,
                signer=counter.signer,
            )

        for i in range(n):
            pair, later, spare = (
                seats[6 * i : 6 * i + 2],
                seats[6 * i + 2 : 6 * i + 4],
                seats[6 * i + 4 : 6 * i + 6],
            )
            t0 = time.perf_counter()
            first = sale_of(pair)
            sales.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            refund(counter.store, order=first.order_id, actor=counter.supervisor)
            refunds.append((time.perf_counter() - t0) * 1000)
            second = sale_of(later)
            # Same zone: only the new booking fees are due; across zones the difference.
            new_items = [CartItem("adult", seat_id=s) for s in spare]
            t0 = time.perf_counter()
            swap = functools.partial(
                exchange,
                counter.store,
                order=second.order_id,
                performance_id="P-CONCERT",
                items=new_items,
                actor=counter.supervisor,
                signer=counter.signer,
            )
            try:
                swap(tenders=[Tender("cash", Money(1_000_000))])
            except PaymentError:  # nothing to collect: the difference goes back instead
                t0 = time.perf_counter()
                swap()
            exchanges.append((time.perf_counter() - t0) * 1000)
        counter.store.close()
    for name, values in (("sale (baseline)", sales), ("refund", refunds), ("exchange", exchanges)):
        print(
            f"{name:16} p50 {statistics.median(values):6.2f} ms  p95 {pct(values, 95):6.2f} ms"
            f"  x{pct(values, 95) / pct(sales, 95):.2f} of the sale's p95"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

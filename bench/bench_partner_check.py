"""What a city partner's sale checks cost before any seat is held (issue 24): the contract
and the credit left (the cart priced once more, this terminal's uncounted sales summed),
against the same call on an own box office (one settings read), measured in the same run,
and the commit of a 4-ticket sale on the same store beside them.

Run: ``.venv/bin/python bench/bench_partner_check.py [N] [UNCOUNTED]``: N checks (default 300)
with UNCOUNTED of this terminal's sales not yet counted by central (default 200)."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _numbers import pct  # noqa: E402  (this folder)

from pos.cash.tenders import Tender  # noqa: E402
from pos.catalog.cache import free_allocated_seats  # noqa: E402
from pos.money import Money  # noqa: E402
from pos.partner import account as acct  # noqa: E402
from pos.partner.checks import check_sale  # noqa: E402
from pos.sales import CartItem, sell  # noqa: E402
from tests.factories import make_counter, small_catalog  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    uncounted = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        cat = small_catalog(now, rows_per_section=20, seats_per_row=30)
        cat["outlets"][0].update(kind="partner", commission_bps=800, credit_limit=100_000_000)
        for ev in cat["events"]:
            for p in ev["performances"]:
                p["channel_rules"] = [{"outlet_kind": "partner", "allowed": True}]
        c = make_counter(Path(tmp) / "t", catalog=cat, now=now)
        seats = list(free_allocated_seats(c.store, performance_id="P-CONCERT", outlet_id="BO-1", limit=1000))
        asked = datetime.now(UTC)
        for i in range(uncounted):
            sell(c.store, performance_id="P-CONCERT", items=[CartItem("adult", seat_id=seats[i])],
                 tenders=[Tender("cash", Money(100_000))], actor=c.clerk, signer=c.signer)
        cart = [CartItem("adult", seat_id=s) for s in seats[uncounted:uncounted + 4]]

        def run() -> list[float]:
            out = []
            for _ in range(n):
                t0 = time.perf_counter()
                check_sale(c.store, performance_id="P-CONCERT", items=cart, coupon_code=None, member_number=None,
                           now=datetime.now(UTC))
                out.append((time.perf_counter() - t0) * 1000)
            return out

        own = run()  # no account kept: an own box office
        acct.keep(c.store, acct.Account(outlet_id="BO-1", outlet_kind="partner", commission_bps=800,
                                        rules=(acct.Rule("event", "EV-CONCERT", 1200),), credit_limit=100_000_000,
                                        credit_left=90_000_000, contract_start=None, contract_end=None,
                                        asked_at=asked, pending=()))
        partner = run()
        commits = []
        for i in range(50):
            items = [CartItem("adult", seat_id=s) for s in seats[uncounted + 4 + 4 * i: uncounted + 8 + 4 * i]]
            t0 = time.perf_counter()
            sell(c.store, performance_id="P-CONCERT", items=items, tenders=[Tender("cash", Money(1_000_000))],
                 actor=c.clerk, signer=c.signer)
            commits.append((time.perf_counter() - t0) * 1000)
        print(f"checks before the hold, {n} runs, {uncounted} uncounted sales:")
        print(f"  own box office (baseline) p50 {pct(own, 50):.3f} ms  p95 {pct(own, 95):.3f} ms")
        print(f"  partner (contract+credit) p50 {pct(partner, 50):.3f} ms  p95 {pct(partner, 95):.3f} ms")
        print(f"  4-ticket sale commit       p50 {pct(commits, 50):.3f} ms  p95 {pct(commits, 95):.3f} ms")
        c.store.close()


if __name__ == "__main__":
    main()

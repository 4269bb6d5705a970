"""A city partner's day (issue 24): two terminals of the partner outlet sell online and
offline, refund, and the partner pays; one terminal is offline for a third of the day. Then
the statement central gives the terminal equals, to the fen, the orders, refunds, commission
and payments recomputed from central's own records (commission from each ticket's price and
the outlet's rules, not from the stored figures), the terminals' own sales, the credit used,
and the two close-outs' totals."""

from __future__ import annotations

import dataclasses
import json
import os
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from central.models import Order, Performance, Refund, Ticket
from central.partner_models import PartnerPayment
from central.services import partner as central_partner
from pos.aftersales.reversal import refund
from pos.cash import closeout, shifts
from pos.errors import NotSellable
from pos.partner import account as account_mod
from pos.store import sql
from pos.store.db import Store
from pos.terminal import connectivity, lease
from pos.terminal.identity import terminal_info
from sync import partner
from sync.relay import drain, needs_attention
from tests.sync.partner_helpers import CLERK, PERF, SUP, partner_central, sell_seats, terminal

RULES = {"event": {"EV-CONCERT": 1250}, "category": {"sport": 500}}
DEFAULT_BPS = 800
OPS = 320
LIMIT = 100_000_000  # fen: never reached here (the credit tests are in test_partner_terminal)
OFFLINE = range(100, 210)  # terminal B is offline for these operations


def _half_up(amount: int, bps: int) -> int:
    return (amount * bps + 5000) // 10000


def _commission(total: int, lines: list[tuple[int, str, str]]) -> int:
    """The rule, written again here: each ticket at its event's (else category's, else the
    default) rate, the rest of the total at the default, each rate rounded once."""
    by_rate: dict[int, int] = defaultdict(int)
    for price, event_id, category in lines:
        bps = RULES["event"].get(event_id, RULES["category"].get(category, DEFAULT_BPS))
        by_rate[bps] += price
    by_rate[DEFAULT_BPS] += total - sum(p for p, _, _ in lines)
    return sum(_half_up(a, b) for b, a in by_rate.items())


def _leased_free(store: Store) -> list[str]:
    with store.read() as s:
        leased = sorted(lease.leased_seats(s, performance_id=PERF))
        sold = {r.seat_id for r in sql.rows(s, "SELECT seat_id FROM ticket WHERE seat_id IS NOT NULL")}
    return [x for x in leased if x not in sold]


@pytest.mark.slow
def test_statement_equals_central_records_over_a_random_day(central_db: str, tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("PARTNER_DAY_SEED", "2412")))
    with partner_central(central_db, credit_limit=LIMIT, commission_bps=DEFAULT_BPS, rows=10, per_row=30) as live:
        central_partner.set_terms(live.ctx, outlet_id="BO-1", rules=RULES)
        a, ca = terminal(live, tmp_path / "a")
        b, cb = terminal(live, tmp_path / "b")
        online_pool = [f"B-{r}-{n}" for r in range(1, 11) for n in range(1, 31) if not (r == 2 and n <= 2)]
        rng.shuffle(online_pool)
        sold: dict[str, tuple[Store, list[str]]] = {}  # order id -> (its terminal, valid ticket ids)
        counts: dict[str, int] = defaultdict(int)
        paid = 0
        for i in range(OPS):
            b_offline = i in OFFLINE
            if i == OFFLINE.start:
                connectivity.record_offline(b, reason="the shop's router rebooted")
            if i == OFFLINE.stop:
                connectivity.record_online(b)
                assert drain(b, cb).attention == 0
            roll = rng.random()
            if roll < 0.6:  # a sale
                store = rng.choice((a, b))
                n = rng.choice((1, 1, 2))
                if store is b and b_offline:
                    seats = _leased_free(b)[:n]
                    if not seats:
                        store, seats = a, [online_pool.pop() for _ in range(n)]
                else:
                    seats = [online_pool.pop() for _ in range(n)]
                offline = store is b and b_offline
                try:
                    result = sell_seats(store, None if offline else (ca if store is a else cb), seats)
                except NotSellable as exc:  # pragma: no cover - a failure says why
                    raise AssertionError(f"op {i}: {exc.message}") from exc
                sold[result.order_id] = (store, [t.ticket_id for t in result.tickets])
                counts["offline sale" if offline else "online sale"] += 1
            elif roll < 0.8 and sold:  # a refund of one ticket (or what is left of an order)
                order_id = rng.choice([o for o, (_, t) in sold.items() if t] or [""])  # in sale order: reproducible
                if not order_id:
                    continue
                store, tickets = sold[order_id]
                take = [tickets.pop(rng.randrange(len(tickets)))] if rng.random() < 0.7 else [*tickets]
                tickets[:] = [t for t in tickets if t not in take]
                refund(store, order=order_id, actor=SUP, ticket_ids=take)
                counts["refund"] += 1
            elif roll < 0.88:  # the partner pays part of what it owes
                amount = rng.randint(1, 80_000)
                central_partner.record_payment(live.ctx, outlet_id="BO-1", amount=amount)
                paid += amount
                counts["payment"] += 1
            else:  # the relay runs
                for store, client in ((a, ca), (b, cb)):
                    if not (store is b and b_offline):
                        assert drain(store, client).attention == 0
                counts["drain"] += 1
        for store, client in ((a, ca), (b, cb)):
            assert drain(store, client).attention == 0 and not needs_attention(store)
        assert sum(counts.values()) >= 300 and counts["offline sale"] >= 10, counts

        # The close-out of each terminal, uploaded as it is in the app.
        replies: dict[str, dict[str, Any]] = {}
        for store, client in ((a, ca), (b, cb)):
            shifts.close_shift(store, actor=CLERK, counted=0)
            z = closeout.close_day(store, actor=SUP)
            assert drain(store, client).attention == 0
            replies[z.terminal_id] = z.to_dict()

        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
        st = partner.statement(ca, "BO-1", today - timedelta(days=1), today + timedelta(days=1))

        def records(s: Any) -> dict[str, Any]:
            perfs = {p.id: (p.event_id, p.category) for p in s.scalars(select(Performance))}
            orders = list(s.scalars(select(Order).where(Order.outlet_id == "BO-1", Order.kind == "outlet")))
            tickets = list(s.scalars(select(Ticket).where(Ticket.outlet_id == "BO-1")))
            by_order: dict[str, list[Ticket]] = defaultdict(list)
            for t in tickets:
                by_order[t.order_id].append(t)
            price = {t.id: (t.price, *perfs[t.performance_id]) for t in tickets}
            refunds = list(s.scalars(select(Refund).where(Refund.outlet_id == "BO-1")))
            earned = [_commission(o.total, [price[t.id] for t in by_order[o.id]]) for o in orders]
            returned = [_commission(r.amount, [price[t] for t in r.reply["ticket_ids"]]) for r in refunds]
            return {
                "orders": len(orders), "tickets": len(tickets), "sales": sum(o.total for o in orders),
                "refunds": sum(r.amount for r in refunds), "earned": sum(earned), "returned": sum(returned),
                "stored_earned": [o.commission for o in orders], "recomputed_earned": earned,
                "payments": sum(p.amount for p in s.scalars(select(PartnerPayment))),
            }

        c = live.ctx.db.run(records)
        assert c["stored_earned"] == c["recomputed_earned"]  # order by order
        assert (st.orders, st.tickets, st.sales, st.refunds) == (c["orders"], c["tickets"], c["sales"], c["refunds"])
        assert (st.commission_earned, st.commission_returned) == (c["earned"], c["returned"])
        assert st.fees_returned == 0 and st.payments == c["payments"] == paid
        assert st.net_owed == c["sales"] - c["refunds"] - (c["earned"] - c["returned"])
        assert st.opening_balance == 0 and st.closing_balance == st.net_owed - paid
        assert st.lines[-1].balance == st.closing_balance
        assert len(st.lines) == c["orders"] + counts["refund"] + counts["payment"]
        # The credit used is the ledger's balance, to the fen.
        acct = partner.pull_account(a, ca)
        assert acct.credit_left == LIMIT - st.closing_balance
        # The terminal's own estimate of what its sales owe (the credit check's, with the rules)
        # is central's figure for the same orders, to the fen.
        for store in (a, b):
            tid = terminal_info(store).terminal_id
            kept = account_mod.load(store)
            assert kept is not None
            since = dataclasses.replace(kept, asked_at=datetime(2000, 1, 1, tzinfo=UTC), pending=())
            with store.read() as s:
                estimate = account_mod.owed_since(s, since)
            owed = live.ctx.db.run(lambda s, tid=tid: sum(o.total - o.commission for o in s.scalars(
                select(Order).where(Order.terminal_id == tid))))
            assert estimate == owed
        # The terminals' own records: every sale they made is on the statement.
        local = 0
        for store in (a, b):
            with store.read() as s:
                local += int(sql.row(s, "SELECT coalesce(sum(total), 0) AS v FROM sale_order").v)
        assert local == st.sales
        # The close-outs: central agreed with each, and the statement's terminals are theirs.
        rows = live.ctx.db.run(lambda s: [json.loads(r) if isinstance(r, str) else r for r in s.execute(
            text("SELECT reply FROM closeouts")).scalars()])
        assert len(rows) == 2 and all(r["discrepancies"] == [] for r in rows)
        by_terminal = {t.terminal_id: t for t in st.terminals}
        for r in rows:
            t = by_terminal[r["terminal_id"]]
            assert (t.orders, t.tickets, t.gross, t.refunds) == tuple(
                r["server"][k] for k in ("orders", "tickets", "gross", "refunds"))
            z = replies[r["terminal_id"]]
            assert (z["orders"], z["gross"]) == (t.orders, t.gross)
        assert sum(t.gross for t in st.terminals) == st.sales and sum(t.refunds for t in st.terminals) == st.refunds
        assert not live.ctx.db.run(lambda s: central_partner.mismatches(live.ctx, "BO-1").items)
        print(f"\npartner day: {dict(counts)}; sales {st.sales}, refunds {st.refunds}, commission "
              f"{st.commission}, payments {st.payments}, owed {st.closing_balance}")
        a.close()
        b.close()

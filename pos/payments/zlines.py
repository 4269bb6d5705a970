"""The Z-report's and close-out's mobile totals per provider (WeChat Pay, Alipay, and the
references keyed by hand), so that each wallet's figure can be checked against its statement.

Counted the way the tender lines are (:mod:`pos.cash.figures`): sales from the period's orders
(an exchange's new order by its difference collected), refunds, voids and exchange differences
from the period's journal entries, each refund attributed to the provider of the payment it
went back to (the same order, the same reference).
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy.orm import Session

from pos.cash.zreport import TenderLine
from pos.store import sql

ORDER = ("wechat", "alipay")


def _provider(session: Session, order_id: str, reference: str) -> str:
    row = sql.row(
        session,
        "SELECT provider FROM payment WHERE order_id = ? AND reference = ? AND kind = 'mobile' AND amount > 0",
        order_id,
        reference,
    )
    return row.provider if row else "manual-mobile"


def provider_lines(session: Session, *, first_seq: int, last_seq: int) -> tuple[TenderLine, ...]:
    # provider -> [sales count, sales, refund count, refunds, exchange in, exchange out]
    acc: defaultdict[str, list[int]] = defaultdict(lambda: [0] * 6)
    exchange_orders: set[str] = set()
    for e in sql.rows(
        session,
        "SELECT record FROM journal WHERE seq BETWEEN ? AND ? "
        "AND json_extract(record, '$.kind') IN ('refund', 'void', 'exchange') ORDER BY seq",
        first_seq,
        last_seq,
    ):
        rec = json.loads(e.record)
        data = rec["data"]
        exchange = rec["kind"] == "exchange"
        if exchange:
            exchange_orders.add(data["new_order"])
            for c in data.get("collected", ()):
                if c["kind"] == "mobile":
                    acc[_provider(session, data["new_order"], c["reference"])][4] += int(c["amount"])
        for r in data.get("refunds", ()):
            if r["kind"] != "mobile":
                continue
            line = acc[_provider(session, rec["ref"], r["reference"])]
            if exchange:
                line[5] += int(r["amount"])
            else:
                line[2] += 1
                line[3] += int(r["amount"])
    for p in sql.rows(
        session,
        "SELECT p.order_id, p.provider, p.amount FROM payment p JOIN sale_order o ON o.id = p.order_id "
        "WHERE p.kind = 'mobile' AND p.amount > 0 AND o.journal_seq BETWEEN ? AND ?",
        first_seq,
        last_seq,
    ):
        if p.order_id in exchange_orders:
            continue
        acc[p.provider][0] += 1
        acc[p.provider][1] += p.amount
    names = [*[n for n in ORDER if n in acc], *sorted(set(acc) - set(ORDER))]
    return tuple(TenderLine(n, *acc[n]) for n in names)

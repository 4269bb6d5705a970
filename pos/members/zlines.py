"""The Z-report's member sales by tier (issue 22): orders, tickets and fen sold to members,
one line per tier, as sold (refunds are in the report's refund lines, not here)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from pos.cash.zreport import Line
from pos.store import sql


def tier_lines(session: Session, order_ids: Sequence[str], language: str) -> tuple[Line, ...]:
    if not order_ids:
        return ()
    names = {r.code: (r.name_zh if language == "zh" else r.name_en)
             for r in sql.rows(session, "SELECT code, name_zh, name_en FROM member_tier")}
    totals: dict[str, list[int]] = {}
    for i in range(0, len(order_ids), 500):
        chunk = order_ids[i:i + 500]
        for o in sql.rows(session, "SELECT member_tier, ticket_count, total FROM sale_order WHERE member_number IS "
                          f"NOT NULL AND id IN ({sql.marks(len(chunk))})", *chunk):
            acc = totals.setdefault(o.member_tier or "?", [0, 0, 0])
            acc[0] += 1
            acc[1] += o.ticket_count
            acc[2] += o.total
    return tuple(Line(k, names.get(k, k), *v) for k, v in sorted(totals.items()))

"""A city partner's commission and contract term (issue 24), as central applies them to
every order and refund.

Commission: each ticket's price earns the rate of its event's rule, else its category's,
else the outlet's default; whatever the order's total holds beyond its tickets' prices
(fees, less any discount) earns the default. Each rate's amount is rounded half up once, so
an outlet with no rules earns exactly ``half_up(total, commission_bps)`` as before.

Contract: a partner with a contract sells only from its first day to its last, inclusive,
in the platform's business time zone; pickups, refunds and close-outs go on outside it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from central.context import Caller
from central.errors import unprocessable
from central.services.common import half_up

BUSINESS_TZ_NAME = "Asia/Shanghai"
BUSINESS_TZ = ZoneInfo(BUSINESS_TZ_NAME)


def rate(rules: dict[str, Any], default_bps: int, event_id: str, category: str) -> int:
    by_event = rules.get("event") or {}
    if event_id in by_event:
        return int(by_event[event_id])
    by_category = rules.get("category") or {}
    if category in by_category:
        return int(by_category[category])
    return default_bps


def commission(
    rules: dict[str, Any], default_bps: int, total: int, lines: Iterable[tuple[int, str, str]]
) -> int:
    """``lines``: (price, event id, category) of each ticket; ``total`` the money they are in."""
    if not rules:
        return half_up(total, default_bps)
    by_rate: dict[int, int] = defaultdict(int)
    priced = 0
    for price, event_id, category in lines:
        by_rate[rate(rules, default_bps, event_id, category)] += price
        priced += price
    by_rate[default_bps] += total - priced
    return sum(half_up(amount, bps) for bps, amount in by_rate.items())


def business_day(at: datetime) -> date:
    return at.astimezone(BUSINESS_TZ).date()


def check_contract(caller: Caller, at: datetime) -> None:
    """Refuse a partner's sale outside its contract (judged on the day of ``at``)."""
    if caller.outlet_kind != "partner":
        return
    day = business_day(at)
    start, end = caller.contract_start, caller.contract_end
    if (start is not None and day < start) or (end is not None and day > end):
        raise unprocessable(
            "contract_inactive", "this partner's contract does not cover the day of the sale",
            day=day.isoformat(), contract_start=start.isoformat() if start else None,
            contract_end=end.isoformat() if end else None,
        )

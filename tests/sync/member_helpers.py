"""A live central with member tiers, a tier price and a points rule, and its members (issue 22)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from central.member_models import Member, PointsAuthorisation
from central.services.members import add_member
from tests.central.live import Live, live_server
from tests.factories import small_catalog

GOLD = "G0001"
SILVER = "S0001"
GOLD_PHONE = "13800001111"


def member_catalog() -> dict[str, Any]:
    """The small catalog with tiers, a 10% gold price on the concert's adults and a point
    per yuan on the concert."""
    feed = small_catalog(datetime.now(UTC))
    feed["member_tiers"] = [
        {"code": "normal", "name": {"zh": "普通会员", "en": "Member"}, "rank": 0},
        {"code": "silver", "name": {"zh": "银卡会员", "en": "Silver"}, "rank": 1},
        {"code": "gold", "name": {"zh": "金卡会员", "en": "Gold"}, "rank": 2},
    ]
    feed["promotions"].append({
        "id": "GOLD10", "name": {"zh": "金卡九折", "en": "Gold 10% off"}, "kind": "percent", "value": 10,
        "event_ids": ["EV-CONCERT"], "concessions": ["adult"], "members_only": True, "member_tiers": ["gold"],
    })
    for event in feed["events"]:
        if event["id"] == "EV-CONCERT":
            event["points_per_yuan"] = 1
    return feed


@pytest.fixture
def member_central(central_db: str) -> Iterator[Live]:
    with live_server(central_db, member_catalog()) as live:
        add_member(live.ctx, number=GOLD, phone=GOLD_PHONE, name="金卡王", tier="gold", points=50_000)
        add_member(live.ctx, number=SILVER, phone="13900002222", name="银卡李", tier="silver")
        yield live


def member_row(live: Live, number: str) -> tuple[int, int, str]:
    """(points, held, tier) at central."""

    def tx(s: Any) -> tuple[int, int, str]:
        m = s.get(Member, number)
        return m.points, m.held, m.tier

    return live.ctx.db.run(tx)


def authorisations(live: Live) -> list[tuple[str, int, str]]:
    """(member, points, status) of every points authorisation at central."""
    from sqlalchemy import select

    return live.ctx.db.run(lambda s: [(a.member_number, a.points, a.status)
                                      for a in s.scalars(select(PointsAuthorisation))])

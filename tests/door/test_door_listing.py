"""pos.door.listing: what the Door tab offers (issue 20, item 2): local start times, and no
cancelled or finished performance."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos.door.listing import door_performances
from pos.errors import InvalidInput
from tests.factories import NOW

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_local_times_and_nothing_cancelled_or_over(counter) -> None:  # type: ignore[no-untyped-def]
    at = NOW + timedelta(days=1)  # P-CONCERT is tomorrow, P-CANCELLED the day after
    found = door_performances(counter.store, now=at, zone=SHANGHAI)
    assert [p.performance_id for p in found] == ["P-CONCERT"]
    concert = found[0]
    assert concert.starts_at.utcoffset() == timedelta(hours=8)
    assert concert.starts_at == (NOW + timedelta(days=2)).astimezone(SHANGHAI)
    assert concert.label("en").startswith(f"{concert.starts_at:%m-%d %H:%M}  ")
    # Too far ahead (three days), then over: not listed.
    assert door_performances(counter.store, now=NOW - timedelta(days=3), zone=SHANGHAI) == ()
    assert door_performances(counter.store, now=NOW + timedelta(days=3), zone=SHANGHAI) == ()


def test_during_the_show_it_is_still_listed(counter) -> None:  # type: ignore[no-untyped-def]
    during = NOW + timedelta(days=2, hours=1)  # started an hour ago, ends in one: late arrivals
    assert [p.performance_id for p in door_performances(counter.store, now=during, zone=SHANGHAI)] == ["P-CONCERT"]


def test_a_naive_time_is_refused(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput):
        door_performances(counter.store, now=datetime(2026, 12, 1, 10, 0), zone=SHANGHAI)

"""Offline caps and the journaled online/offline switch."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pos.cash.tenders import Tender
from pos.errors import NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.terminal.connectivity import OfflineCaps, record_offline, record_online, set_caps, state
from tests.factories import NOW, table_counts
from tests.pos.aftersales_helpers import sale


def _sell(counter, seat: str, now=NOW):  # type: ignore[no-untyped-def]
    return sale(counter, (seat,), when=now)


def _kinds(counter) -> list[str]:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    return [k for (k,) in con.execute("SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq")]


def test_the_switch_is_journaled_once_each_way(counter) -> None:  # type: ignore[no-untyped-def]
    assert state(counter.store).since is None
    assert record_online(counter.store, now=NOW)
    assert not record_online(counter.store, now=NOW + timedelta(seconds=5))
    assert record_offline(counter.store, reason="connection refused", now=NOW + timedelta(minutes=1))
    assert not record_offline(counter.store, reason="timeout", now=NOW + timedelta(minutes=2))
    assert record_online(counter.store, now=NOW + timedelta(minutes=3))
    assert _kinds(counter)[-3:] == ["online", "offline", "online"]
    s = state(counter.store)
    assert s.online and s.since == NOW + timedelta(minutes=3) and s.last_success == NOW + timedelta(minutes=3)


def test_no_caps_means_a_standalone_terminal_sells_its_allocation(counter) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, "A-1-1", now=NOW + timedelta(days=1))


def test_offline_caps_per_sale_total_and_hours(counter) -> None:  # type: ignore[no-untyped-def]
    set_caps(counter.store, OfflineCaps(max_sale_value=50000, max_total_value=70000, max_hours=4))
    record_offline(counter.store, reason="timeout", now=NOW)
    _sell(counter, "A-1-1")  # 385 yuan
    before = table_counts(counter.store)
    with pytest.raises(NotSellable, match=r"cap of 700\.00"):
        _sell(counter, "A-1-2")  # 385 + 385 > 700
    with pytest.raises(NotSellable, match=r"at most 500\.00"):
        sell(
            counter.store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id="A-2-1"), CartItem("adult", seat_id="A-2-2")],
            tenders=[Tender(kind="cash", amount=Money(100000))],
            actor=counter.clerk,
            signer=counter.signer,
            now=NOW,
        )
    assert table_counts(counter.store) == before
    # Back online, the cap no longer applies; offline again, it counts from the new switch.
    record_online(counter.store, now=NOW + timedelta(hours=1))
    _sell(counter, "A-1-2", now=NOW + timedelta(hours=1))
    record_offline(counter.store, reason="timeout", now=NOW + timedelta(hours=2))
    _sell(counter, "A-1-3", now=NOW + timedelta(hours=2))
    with pytest.raises(NotSellable, match="more than 4 hours"):
        _sell(counter, "A-1-4", now=NOW + timedelta(hours=6, seconds=1))

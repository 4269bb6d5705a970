"""Issue 22 against the real central over loopback: a points adjustment made at central reaches
the terminal's copy of the member at its next sync; a terminal looking members up by phone too
often is refused with a typed error (the code and the number still work), another terminal not."""

from __future__ import annotations

from pathlib import Path

import pytest

from central.services import member_lookups
from central.services.members import adjust_points
from pos.members.service import local_member
from sync.enrol import connect
from sync.members import MemberLookupRefused, find_member
from sync.pull import sync_once
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.member_helpers import GOLD, GOLD_PHONE, member_central, member_row
from tests.sync.selling_helpers import counter, pos_json

__all__ = ["member_central"]  # the fixture, used by name


def test_an_adjustment_at_central_reaches_the_terminal_at_the_next_sync(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(member_central, tmp_path / "a", memory_keyring)
    gold = local_member(store, GOLD)
    assert gold is not None and gold.points == 50_000
    done = adjust_points(member_central.ctx, number=GOLD, change=200, reason="show delayed: goodwill", actor="S1")
    assert done.points == 50_200 and member_row(member_central, GOLD)[0] == 50_200
    adjust_points(member_central.ctx, number=GOLD, change=-30, reason="correction", actor="S1")
    client = connect(store)
    try:
        assert sync_once(store, client).online
    finally:
        client.close()
    fed = local_member(store, GOLD)
    assert fed is not None and fed.points == 50_170


def test_phone_look_ups_beyond_the_limit_are_refused_with_a_typed_error_for_that_terminal_only(
    member_central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(member_central, tmp_path / "a", memory_keyring)
    client = connect(store)
    try:
        for _ in range(member_lookups.PHONE_LIMIT):
            assert find_member(store, client, phone=GOLD_PHONE).number == GOLD
        with pytest.raises(MemberLookupRefused) as err:
            find_member(store, client, phone=GOLD_PHONE)
        assert err.value.code == "member_lookup_refused"
        assert err.value.details["reason"] == "member_lookup_throttled"
        assert 1 <= int(str(err.value.details["retry_after"])) <= 60
        # The member number (or code) still finds the member at the throttled terminal.
        assert find_member(store, client, number=GOLD).number == GOLD
    finally:
        client.close()
    code, out = pos_json(tmp_path / "a", "member", "find", "--phone", GOLD_PHONE)
    assert code == 2 and out["error"] == "member_lookup_refused" and out["reason"] == "member_lookup_throttled", out
    # Another terminal is not held back by the first.
    other = counter(member_central, tmp_path / "b", memory_keyring)
    other_client = connect(other)
    try:
        assert find_member(other, other_client, phone=GOLD_PHONE).number == GOLD
    finally:
        other_client.close()

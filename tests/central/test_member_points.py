"""Issue 22: a supervisor adjusts a member's points at central (``pos central member points``),
with a reason kept in the ledger, never below zero or what authorisations hold, and bounded;
and look-ups of members by phone are throttled per terminal, the log in the database being
the throttle's state (so every central node sees it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from central.cli import central as central_cli
from central.member_models import Member, MemberLookupLog, PointsEntry
from central.services import member_lookups
from central.services.members import MAX_ADJUST, add_member
from tests.central.conftest import Env, make_env

GOLD, GOLD_PHONE = "G0001", "13800001111"


@pytest.fixture
def menv(db_url: str) -> Iterator[Env]:
    for env in make_env(db_url):
        add_member(env.ctx, number=GOLD, phone=GOLD_PHONE, name="金卡王", tier="gold", points=1_000)
        yield env


def _state(env: Env) -> tuple[int, int, int, int]:
    """(points, held, ledger entries, member seq) of the gold member."""

    def tx(s: Any) -> tuple[int, int, int, int]:
        m = s.get(Member, GOLD)
        n = s.scalar(select(func.count()).select_from(PointsEntry).where(PointsEntry.member_number == GOLD))
        return m.points, m.held, n, m.seq

    return env.ctx.db.run(tx)


def _points(env: Env, *args: str) -> Any:
    return CliRunner().invoke(central_cli, ["member", "points", "--db", env.ctx.db.url, *args])


def _show(env: Env, number: str = GOLD) -> Any:
    return CliRunner().invoke(central_cli, ["member", "show", "--db", env.ctx.db.url, number])


def test_an_adjustment_is_a_ledger_entry_with_its_reason_and_moves_the_feed(menv: Env) -> None:
    env = menv
    _, _, entries, seq = _state(env)
    out = _points(env, "--member", GOLD, "--add", "200", "--reason", "演出延误补偿  goodwill", "--by", "S1")
    assert out.exit_code == 0, out.output
    assert "+200" in out.output and "1200" in out.output
    out = _points(env, "--member", GOLD, "--remove", "50", "--reason", "double credit corrected", "--by", "S1")
    assert out.exit_code == 0, out.output
    points, held, after, new_seq = _state(env)
    assert (points, held, after) == (1_150, 0, entries + 2)
    assert new_seq > seq  # the member feed carries the new balance to the terminals
    shown = _show(env)
    assert shown.exit_code == 0, shown.output
    member = json.loads(shown.output)
    assert member["points"] == 1_150 and member["available"] == 1_150
    latest = member["ledger"][:2]
    assert [(e["kind"], e["points"], e["reason"], e["by"]) for e in latest] == [
        ("adjust", -50, "double credit corrected", "S1"), ("adjust", 200, "演出延误补偿 goodwill", "S1")]
    feed = env.client.get("/v1/feeds/members", params={"cursor": seq}, headers=env.own.h).json()
    assert [(i["number"], i["points"]) for i in feed["items"]] == [(GOLD, 1_150)]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--member", GOLD, "--remove", "1001", "--reason", "x"], "points_insufficient"),  # below zero
        (["--member", GOLD, "--add", "200"], "reason_required"),  # no reason
        (["--member", GOLD, "--add", "200", "--reason", "   "], "reason_required"),  # a blank one
        (["--member", GOLD, "--add", "200", "--reason", "x" * 201], "reason_required"),
        (["--member", "M99999", "--add", "200", "--reason", "goodwill"], "member_unknown"),
        (["--member", GOLD, "--add", str(MAX_ADJUST + 1), "--reason", "goodwill"], "amount_out_of_range"),
        (["--member", GOLD, "--remove", "99999999999", "--reason", "x"], "amount_out_of_range"),
        (["--member", GOLD, "--add", "0", "--reason", "goodwill"], "positive number"),
        (["--member", GOLD, "--add", "-5", "--reason", "goodwill"], "positive number"),
        (["--member", GOLD, "--add", "5", "--remove", "5", "--reason", "goodwill"], "exactly one"),
        (["--member", GOLD, "--reason", "goodwill"], "exactly one"),
    ],
)
def test_a_bad_adjustment_is_refused_and_changes_nothing(menv: Env, args: list[str], says: str) -> None:
    before = _state(menv)
    out = _points(menv, *args)
    assert out.exit_code == 1 and says in out.output, out.output
    assert _state(menv) == before


def test_points_held_by_an_authorisation_cannot_be_removed(menv: Env) -> None:
    import uuid

    env = menv
    body = {"member_number": GOLD, "points": 800, "order_id": str(uuid.uuid4())}
    r = env.client.put(f"/v1/points-authorisations/{uuid.uuid4()}", json=body, headers=env.own.h)
    assert r.status_code == 201, r.text
    before = _state(env)
    out = _points(env, "--member", GOLD, "--remove", "201", "--reason", "correction")
    assert out.exit_code == 1 and "200 points free" in out.output, out.output
    assert _state(env) == before
    assert _points(env, "--member", GOLD, "--remove", "200", "--reason", "correction").exit_code == 0
    assert _state(env)[:2] == (800, 800)


def _by_phone(env: Env, term: Any, phone: str = GOLD_PHONE) -> Any:
    return env.client.post("/v1/members/lookup", json={"phone": phone}, headers=term.h)


def _log(env: Env) -> list[tuple[str, bool, str | None]]:
    def tx(s: Any) -> list[tuple[str, bool, str | None]]:
        rows = s.scalars(select(MemberLookupLog).order_by(MemberLookupLog.id))
        return [(r.terminal_id, r.found, r.refused) for r in rows]

    return env.ctx.db.run(tx)


def test_phone_look_ups_are_throttled_per_terminal_and_logged(menv: Env) -> None:
    env = menv
    for _ in range(member_lookups.PHONE_LIMIT):
        r = _by_phone(env, env.own)
        assert r.status_code == 200 and r.json()["number"] == GOLD, r.text
    r = _by_phone(env, env.own)
    assert r.status_code == 429, r.text
    body = r.json()
    assert body["reason"] == "member_lookup_throttled" and 1 <= body["details"]["retry_after"] <= 60, body
    # Another till of the same outlet is not held back by the first.
    r = _by_phone(env, env.own2)
    assert r.status_code == 200 and r.json()["number"] == GOLD, r.text
    # Look-ups by member number need the number: not throttled.
    r = env.client.post("/v1/members/lookup", json={"number": GOLD}, headers=env.own.h)
    assert r.status_code == 200, r.text
    log = _log(env)
    assert log.count((env.own.terminal_id, False, "member_lookup_throttled")) == 1
    assert sum(1 for t, _, refused in log if t == env.own.terminal_id and refused is None) == member_lookups.PHONE_LIMIT
    # The window moves on: the terminal may look up again.
    env.clock.advance(seconds=61)
    assert _by_phone(env, env.own).status_code == 200


def test_a_terminal_trying_phones_is_throttled_by_its_misses(menv: Env) -> None:
    env = menv
    for n in range(member_lookups.MISS_LIMIT):
        if n and n % member_lookups.PHONE_LIMIT == 0:
            env.clock.advance(seconds=61)  # slowly enough for the per-minute limit
        r = _by_phone(env, env.own, f"1370000{n:04d}")
        assert r.status_code == 404 and r.json()["reason"] == "member_unknown", r.text
    env.clock.advance(seconds=61)
    r = _by_phone(env, env.own)  # even a real member's phone now
    assert r.status_code == 429 and r.json()["reason"] == "member_lookup_throttled", r.text
    assert "1370000" not in json.dumps(r.json())
    assert _by_phone(env, env.own2).status_code == 200
    env.clock.advance(hours=1)
    assert _by_phone(env, env.own).status_code == 200

"""Finding 6 of issue 16: caps per terminal and per outlet on seats and standing places
held at once, and on extensions of a hold, set per outlet at central; refusals name the cap."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner

from central.errors import ApiError
from central.guard_models import DEFAULT_EXTENSIONS
from central.services import hold_policy
from tests.central.conftest import Env

FREE_SEATS = [f"A-1-{n}" for n in range(2, 11)] + [f"A-2-{n}" for n in range(1, 8)]  # 16 unallocated


def _cap(r: dict[str, object]) -> object:
    assert r["reason"] == "hold_cap", r
    return r["details"]["cap"]  # type: ignore[index]


def test_one_terminal_can_no_longer_hold_every_free_seat(env: Env) -> None:
    hold_policy.set_policy(env.ctx, "OWN", terminal_seats=6, outlet_seats=10, terminal_standing=4,
                           outlet_standing=6)
    env.hold(env.own, FREE_SEATS[:4])
    r = env.hold(env.own, FREE_SEATS[4:7], expect=422)
    assert _cap(r) == "terminal_seats" and r["details"]["limit"] == 6 and r["details"]["held"] == 4
    env.hold(env.own, FREE_SEATS[4:6])  # up to the cap exactly
    # The outlet's other till may take what is left of the outlet's cap, no more.
    r = env.hold(env.own2, FREE_SEATS[6:11], expect=422)
    assert _cap(r) == "outlet_seats"
    env.hold(env.own2, FREE_SEATS[6:10])
    # The web and other outlets still find free seats.
    env.hold(env.part, FREE_SEATS[10:12])
    # Standing places have their own caps.
    env.hold(env.own, area="S", quantity=4)
    assert _cap(env.hold(env.own, area="S", quantity=1, expect=422)) == "terminal_standing"
    assert _cap(env.hold(env.own2, area="S", quantity=3, expect=422)) == "outlet_standing"
    # Released or expired holds no longer count.
    first = env.hold(env.own2, area="S", quantity=2)
    env.client.delete(f"/v1/holds/{first['hold_id']}", headers=env.own2.h)
    env.hold(env.own2, area="S", quantity=2)
    env.clock.advance(seconds=301)
    env.hold(env.own, FREE_SEATS[:6])


def test_a_hold_cannot_be_extended_for_ever(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2"])
    url = f"/v1/holds/{h['hold_id']}/extend"
    for _ in range(DEFAULT_EXTENSIONS):
        env.clock.advance(seconds=200)
        assert env.client.post(url, json={"ttl_seconds": 300}, headers=env.own.h).status_code == 200
    r = env.client.post(url, json={"ttl_seconds": 300}, headers=env.own.h)
    assert r.status_code == 422 and _cap(r.json()) == "extensions"
    assert r.json()["details"]["limit"] == DEFAULT_EXTENSIONS
    # The hold stays as it was, and expires when its last extension ends.
    env.clock.advance(seconds=301)
    assert env.client.get(f"/v1/holds/{h['hold_id']}", headers=env.own.h).json()["status"] == "expired"
    # A policy of 0 extensions: none.
    hold_policy.set_policy(env.ctx, "OWN", extensions=0)
    h = env.hold(env.own, ["A-1-3"])
    r = env.client.post(f"/v1/holds/{h['hold_id']}/extend", json={"ttl_seconds": 300}, headers=env.own.h)
    assert _cap(r.json()) == "extensions"


def test_defaults_stop_a_terminal_taking_a_stadium(env: Env) -> None:
    policy = hold_policy.get_policy(env.ctx, "OWN")
    assert not policy.custom and 0 < policy.terminal_seats <= 100 < policy.outlet_seats
    assert 0 < policy.extensions < 60
    # A replayed hold is answered, not counted twice against the cap.
    hold_policy.set_policy(env.ctx, "OWN", terminal_seats=2)
    hid = str(uuid.uuid4())
    body = {"performance_id": "P1", "seat_ids": ["A-1-2", "A-1-3"]}
    assert env.client.put(f"/v1/holds/{hid}", json=body, headers=env.own.h).status_code == 201
    assert env.client.put(f"/v1/holds/{hid}", json=body, headers=env.own.h).status_code == 200


def test_policy_bad_input(env: Env) -> None:
    with pytest.raises(ApiError) as err:
        hold_policy.set_policy(env.ctx, "NOPE", terminal_seats=1)
    assert err.value.status == 404
    with pytest.raises(ApiError):
        hold_policy.set_policy(env.ctx, "OWN", terminal_seats=-1)
    with pytest.raises(ValueError):
        hold_policy.set_policy(env.ctx, "OWN", bogus=1)
    # Changing one cap keeps the others.
    hold_policy.set_policy(env.ctx, "OWN", outlet_seats=50)
    p = hold_policy.set_policy(env.ctx, "OWN", terminal_seats=5)
    assert (p.outlet_seats, p.terminal_seats, p.custom) == (50, 5, True)


def test_hold_policy_command(tmp_path: object) -> None:
    from central.cli import central

    db = f"sqlite:///{tmp_path}/c.sqlite"  # type: ignore[str-bytes-safe]
    run = CliRunner()
    r = run.invoke(central, ["outlet", "add", "BO", "--db", db, "--name-zh", "店", "--name-en", "Shop",
                             "--kind", "own"])
    assert r.exit_code == 0, r.output
    r = run.invoke(central, ["outlet", "hold-policy", "BO", "--db", db])
    assert r.exit_code == 0 and "(defaults)" in r.output, r.output
    r = run.invoke(central, ["outlet", "hold-policy", "BO", "--db", db, "--terminal-seats", "8", "--extensions", "3"])
    assert r.exit_code == 0 and "terminal-seats 8" in r.output and "extensions 3" in r.output, r.output
    r = run.invoke(central, ["outlet", "hold-policy", "BO", "--db", db])
    assert "(set)" in r.output and "terminal-seats 8" in r.output
    assert run.invoke(central, ["outlet", "hold-policy", "NOPE", "--db", db, "--extensions", "1"]).exit_code == 1
    assert run.invoke(central, ["outlet", "hold-policy", "BO", "--db", db, "--extensions", "-4"]).exit_code == 2

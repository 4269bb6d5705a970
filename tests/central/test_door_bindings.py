"""Door bindings at central (issue 17): the platform binds a terminal as a door of a venue,
the keys feed carries each terminal key's role and venues, and a terminal's pull of the
feed keeps them (what its doors trust on the LAN)."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from central.cli import _open, central
from central.errors import ApiError
from central.services import admin
from central.services.doors import bind_door, list_doors, unbind_door
from central.services.enrolment import enrol
from pos.door.trust import door_venues
from sync.feeds import pull_keys
from sync.protocol.enrolment import EnrolRequest
from sync.protocol.feeds import KeysPage
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import Env, new_key
from tests.door.helpers import make_door


def keys(env: Env, cursor: int = 0) -> dict[str, Any]:
    r = env.client.get("/v1/feeds/keys", params={"cursor": cursor}, headers=env.own.h)
    assert r.status_code == 200, r.text
    return r.json()


def by_terminal(page: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    return {k["terminal_id"]: k for k in page["items"]}


def test_bind_shows_on_the_keys_feed_and_is_sent_again(env: Env) -> None:
    before = keys(env)
    items = by_terminal(before)
    assert items[env.own2.terminal_id]["role"] == "counter" and items[env.own2.terminal_id]["venue_ids"] == []
    assert items[None]["role"] is None  # central's own key
    info = bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    assert info.venue_ids == ("V1",)
    assert bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1") == info  # idempotent
    after = keys(env, before["next_cursor"])  # only what changed: the bound terminal's key
    assert [(k["terminal_id"], k["role"], k["venue_ids"]) for k in after["items"]] == [
        (env.own2.terminal_id, "door", ["V1"])
    ]
    assert [d.terminal_id for d in list_doors(env.ctx)] == [env.own2.terminal_id]
    unbound = unbind_door(env.ctx, terminal_id=env.own2.terminal_id)
    assert unbound.venue_ids == ()
    again = keys(env, after["next_cursor"])
    assert [(k["role"], k["venue_ids"]) for k in again["items"]] == [("counter", [])]
    # A terminal withdrawn (its token revoked, its key kept for the tickets it sold) is no
    # door any more: its key comes again on the feed without venues.
    bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
    cursor = keys(env, again["next_cursor"])["next_cursor"]
    admin.revoke_terminal(env.ctx, env.own2.terminal_id)
    last = keys(env, cursor)["items"]
    assert [(k["terminal_id"], k["role"], k["revoked_at"]) for k in last] == [(env.own2.terminal_id, "counter", None)]


def test_bind_refuses_bad_input(env: Env) -> None:
    for terminal, venue, reason in [
        ("NOPE", "V1", "not_found"),
        (env.own.terminal_id, "NO-SUCH-VENUE", "not_found"),
        (env.own.terminal_id, "", "not_found"),
    ]:
        with pytest.raises(ApiError) as err:
            bind_door(env.ctx, terminal_id=terminal, venue_id=venue)
        assert err.value.reason == reason
    admin.revoke_terminal(env.ctx, env.part.terminal_id)
    with pytest.raises(ApiError) as err:
        bind_door(env.ctx, terminal_id=env.part.terminal_id, venue_id="V1")
    assert err.value.reason == "terminal_revoked"
    with pytest.raises(ApiError):
        unbind_door(env.ctx, terminal_id="NOPE")
    assert list_doors(env.ctx) == []


class _FeedClient:
    """The terminal's pull, answered by the in-process central (the real reply JSON)."""

    def __init__(self, env: Env) -> None:
        self.env = env

    def get(self, path: str, model: type[KeysPage], params: dict[str, Any] | None = None) -> KeysPage:
        r = self.env.client.get("/v1" + path, params=params, headers=self.env.own.h)
        return model.model_validate(r.json())


def test_terminal_pull_keeps_the_bindings(env: Env, tmp_path: Path) -> None:
    door = make_door(tmp_path / "door")
    try:
        bind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
        client = _FeedClient(env)
        assert pull_keys(door.store, client) >= 4  # type: ignore[arg-type]
        assert door_venues(door.store, env.own2.key_id) == {"V1"}
        assert door_venues(door.store, env.own.key_id) == frozenset()
        unbind_door(env.ctx, terminal_id=env.own2.terminal_id, venue_id="V1")
        assert pull_keys(door.store, client) == 1  # type: ignore[arg-type]
        assert door_venues(door.store, env.own2.key_id) == frozenset()
    finally:
        door.store.close()


def test_cli_bind_unbind_list(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    runner = CliRunner()
    cat = tmp_path / "catalog.json.gz"
    cat.write_bytes(gzip.compress(json.dumps(small_catalog(datetime.now(UTC))).encode()))
    assert runner.invoke(central, ["import", "--db", db, str(cat)]).exit_code == 0
    ctx = _open(db)
    code = admin.make_enrol_code(ctx, "OWN")
    _priv, pub, _kid = new_key()
    terminal = enrol(ctx, EnrolRequest(code=code, public_key=pub, terminal_name="gate 1"), "00000000").terminal_id
    r = runner.invoke(central, ["door", "bind", "--db", db, terminal, "--venue", "V1"])
    assert r.exit_code == 0 and f"terminal {terminal}: door of V1" in r.output, r.output
    r = runner.invoke(central, ["door", "list", "--db", db])
    assert r.exit_code == 0 and r.output.split() == [terminal, "OWN", "V1"]
    r = runner.invoke(central, ["door", "bind", "--db", db, terminal, "--venue", "NOPE"])
    assert r.exit_code == 1 and "not in the published catalog" in r.output
    r = runner.invoke(central, ["door", "bind", "--db", db, "NOPE", "--venue", "V1"])
    assert r.exit_code == 1 and "not found" in r.output
    r = runner.invoke(central, ["door", "bind", "--db", db, terminal])
    assert r.exit_code == 2  # --venue is required
    r = runner.invoke(central, ["door", "unbind", "--db", db, terminal])
    assert r.exit_code == 0 and "not a door" in r.output

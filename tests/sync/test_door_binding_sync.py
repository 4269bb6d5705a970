"""A terminal central never bound as a door (issue 16): `pos door sync` is refused with what to
do (a supervisor binds it at central), and works once it is bound."""

from __future__ import annotations

from pathlib import Path

from central.services.doors import bind_door
from pos.terminal.identity import terminal_info
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import PERF, counter, pos_json


def test_door_sync_of_an_unbound_terminal_says_to_bind_it(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(central, tmp_path / "gate", memory_keyring)
    terminal_id = terminal_info(store).terminal_id
    args = ("door", "sync", "--performance", PERF, "--token-file")
    code, out = pos_json(tmp_path / "gate", *args)
    assert code != 0 and out["reason"] == "not_a_door", out
    assert f"pos central door bind {terminal_id} --venue" in out["message"]
    bind_door(central.ctx, terminal_id=terminal_id, venue_id="HALL")
    code, out = pos_json(tmp_path / "gate", *args)
    assert code == 0 and out["online"] and out["pulled"] == 0, out
    store.close()

"""`pos door check` and `pos door doubles` as a real process, on a door store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.door.helpers import Door, make_door
from tests.factories import small_catalog


def pos(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POS_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "poscli", *args], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.fixture(scope="module")
def live_door(tmp_path_factory: pytest.TempPathFactory) -> Door:
    # P-PAST started an hour ago: its doors are open now, by the real clock.
    door = make_door(tmp_path_factory.mktemp("cli") / "door", catalog=small_catalog(datetime.now(UTC)))
    door.store.close()
    return door


def test_check_admits_then_refuses(live_door: Door) -> None:
    code, tid = live_door.ticket(performance="P-PAST")
    data = live_door.store.data_dir
    first = pos(data, "door", "check", code, "--performance", "P-PAST", "--gate", "G1", "--json")
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert out["verdict"] == "valid" and out["admitted"] and out["ticket_id"] == tid
    second = pos(data, "door", "check", code, "--performance", "P-PAST", "--gate", "G1")
    assert second.returncode == 1
    assert "REFUSED [already_admitted]: already admitted at gate G1" in second.stdout
    exit_scan = pos(
        data, "--json", "door", "check", code, "--performance", "P-PAST", "--gate", "G1", "--direction", "out"
    )
    assert exit_scan.returncode == 0 and json.loads(exit_scan.stdout)["direction"] == "out"


def test_check_garbage_and_bad_options(live_door: Door) -> None:
    data = live_door.store.data_dir
    junk = pos(data, "door", "check", "NOT-A-TICKET", "--performance", "P-PAST", "--gate", "G1", "--json")
    assert junk.returncode == 1 and json.loads(junk.stdout)["verdict"] == "unreadable"
    bad_gate = pos(data, "door", "check", "X", "--performance", "P-PAST", "--gate", "G9", "--json")
    assert bad_gate.returncode == 2 and json.loads(bad_gate.stdout)["error"] == "invalid_input"
    bad_perf = pos(data, "door", "check", "X", "--performance", "NOPE", "--gate", "G1")
    assert bad_perf.returncode == 2 and "no performance" in bad_perf.stderr
    missing = pos(data, "door", "check", "X", "--gate", "G1")
    assert missing.returncode == 2  # click: --performance is required


def test_doubles_and_screen_message(live_door: Door) -> None:
    data = live_door.store.data_dir
    out = pos(data, "door", "doubles", "--json")
    assert out.returncode == 0 and json.loads(out.stdout) == {"double_admissions": []}
    screen = pos(data, "door", "--performance", "NOPE")
    assert screen.returncode == 2 and "no performance" in screen.stderr
    helptext = pos(data, "door")
    assert helptext.returncode == 0 and "check" in helptext.stdout


def test_peers_and_sync_refuse_bad_input(live_door: Door) -> None:
    data = live_door.store.data_dir
    bad = pos(data, "--json", "door", "peers", "--listen", "nowhere", "--peer", "127.0.0.1:1")
    assert bad.returncode == 2 and json.loads(bad.stdout)["error"] == "invalid_input"
    bad_peer = pos(data, "door", "peers", "--listen", "127.0.0.1:0", "--peer", "host:99999")
    assert bad_peer.returncode == 2 and "HOST:PORT" in bad_peer.stderr
    not_enrolled = pos(data, "door", "sync", "--performance", "P-PAST")
    assert not_enrolled.returncode == 2  # no central configured: a clear error, nothing changed

"""Counter terminals of one outlet enrolled with a live central, driven through `pos sell`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import Store, open_store
from sync.credentials import FileTokenStore
from sync.enrol import central_link, connect, enrol
from sync.pull import sync_once
from tests.central.live import Live
from tests.factories import open_shift_for
from tests.sync.conftest import MemoryKeyring, enrol_code

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
CLERK = StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC))
PERF = "P-CONCERT"


def counter(
    live: Live, data_dir: Path, ring: MemoryKeyring, outlet: str = "BO-1", *, lease: bool = True
) -> Store:
    """Enrolled, staffed, shift open, synced (online; ``lease``: with its offline lease); the
    token also in the owner-only file so that a `pos` subprocess (no keyring) reaches central."""
    enrol(data_dir, central_url=live.base, code=enrol_code(live, outlet), terminal_name=outlet)
    store = open_store(data_dir)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
    add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=SUP)
    open_shift_for(store, CLERK)
    link = central_link(store)
    assert link is not None
    token = next(v for (_, account), v in ring.secrets.items() if account == link.account)
    FileTokenStore(data_dir).put(token)
    client = connect(store)
    try:
        assert sync_once(store, client, lease=lease).online
    finally:
        client.close()
    return store


def sell_args(seats: list[str], *extra: str) -> list[str]:
    args = ["sell", "--performance", PERF, "--tender", "cash:500000", "--staff", "C1", "--pin", "1357"]
    for s in seats:
        args += ["--seat", s]
    return [*args, *extra]


def pos_json(data_dir: Path, *args: str) -> tuple[int, dict[str, Any]]:
    """`pos --json …` in this process (click's runner)."""
    from poscli.main import cli

    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "--json", *args], catch_exceptions=False)
    out = result.stdout
    return result.exit_code, json.loads(out[out.index("{") :]) if "{" in out else {}


def start_pos(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    """`pos --json …` as its own process, as a script or a second clerk would run it."""
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.Popen(
        [sys.executable, "-m", "poscli", "--data-dir", str(data_dir), "--json", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, dict[str, Any], str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, json.loads(out[out.index("{") :]) if "{" in out else {}, out + err

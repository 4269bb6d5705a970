"""``pos training`` start / status / result / stop on a real data folder (click's runner):
refusals change nothing, the drawer is disconnected unless allowed, a practice sale from the
command line (on the training folder) is ticked and its code refused by `pos ticket verify`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pos.training import training_dir
from pos.training.mode import SANDBOX_FOLDER
from poscli.main import cli
from poscli.sandbox import run_sandbox
from tests.factories import CLERK, SUPERVISOR

SUP = ["--staff", SUPERVISOR[0], "--pin", SUPERVISOR[1]]


@pytest.fixture
def data(data_dir: Path) -> Path:
    """A terminal whose catalog is on sale now (the commands run on the real clock)."""
    from datetime import UTC, datetime

    from pos.tickets.printers import save_printer_profile
    from tests.factories import make_counter

    counter = make_counter(data_dir, now=datetime.now(UTC))
    save_printer_profile(
        counter.store, name="counter", settings={"connection": "file", "device": "/dev/null", "drawer_pin": 2}
    )
    counter.store.close()
    return counter.store.data_dir  # type: ignore[no-any-return]


def pos(data: Path, *args: str, code: int = 0) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "--json", *args])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _journal(path: Path) -> list[str]:
    con = sqlite3.connect(path / "pos.sqlite")
    try:
        return [r[0] for r in con.execute("SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq")]
    finally:
        con.close()


def test_start_practise_result_stop(data: Path, tmp_path: Path) -> None:
    before = _journal(data)
    assert pos(data, "training", "status") == {"training": False}
    assert pos(data, "training", "stop", *SUP, code=2)["error"] == "training_refused"
    assert pos(data, "training", "start", "--staff", CLERK[0], "--pin", CLERK[1], code=2)["error"] == "permission_denied"
    assert pos(data, "training", "start", "--staff", SUPERVISOR[0], "--pin", "999999", code=2)["error"]
    assert pos(data, "training", "result", code=2)["error"] == "not_found"
    assert _journal(data) == before  # refusals write nothing

    started = pos(data, "training", "start", *SUP)
    assert started["training"] is True and started["allow_drawer"] is False and started["sandbox"] is True
    # The sandbox's web orders, to be collected at this outlet.
    assert len(started["pickup_codes"]) == 3 and all(len(c) == 8 for c in started["pickup_codes"])
    assert pos(data, "training", "start", *SUP, code=2)["error"] == "training_refused"
    folder = training_dir(data)
    assert Path(started["folder"]) == folder and (folder.stat().st_mode & 0o077) == 0
    assert (folder / SANDBOX_FOLDER / "central.sqlite").exists()
    printers = pos(folder, "printer", "list")["printers"]
    assert [(p["printer"], p["drawer_pin"]) for p in printers] == [("counter", None)]  # drawer disconnected

    # Practice from the command line, on the training folder, its sandbox running here.
    pos(folder, "shift", "open", "--float", "500", "--staff", CLERK[0], "--pin", CLERK[1])
    with run_sandbox(folder):
        sold = pos(folder, "sell", "--performance", "P-CONCERT", "--standing", "FLOOR=1",
                   "--tender", "cash:1000", "--staff", CLERK[0], "--pin", CLERK[1])
        assert sold.get("uploaded", True)
    refused = pos(data, "ticket", "verify", sold["tickets"][0]["code"], code=1)
    assert "training_ticket" in json.dumps(refused)
    out = tmp_path / "result.txt"
    png = tmp_path / "result.png"
    result = pos(data, "training", "result", "--out", str(out), "--preview", str(png))
    from PIL import Image

    assert Image.open(png).width == 576  # 80 mm paper, ready to print
    done = {e["key"] for e in result["exercises"] if e["done"]}
    assert done == {"standing_cash"}
    assert "[x]" in out.read_text(encoding="utf-8") and "培训结果" in out.read_text(encoding="utf-8")

    assert pos(data, "training", "stop", *SUP)["training"] is False
    assert _journal(data) == [*before, "training_started", "training_stopped"]
    assert not (folder / SANDBOX_FOLDER).exists()  # the sandbox central is thrown away
    assert (folder / "pos.sqlite").exists()  # the training store stays, for the result


def test_a_supervisor_may_allow_the_drawer(data: Path) -> None:
    pos(data, "training", "start", *SUP, "--allow-drawer")
    assert pos(training_dir(data), "printer", "list")["printers"][0]["drawer_pin"] == 2

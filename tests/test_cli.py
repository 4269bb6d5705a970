"""The ``pos`` command as a supervisor's script or a kiosk would run it: a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import small_catalog

CASH = "cash:2000"


def pos(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POS_DATA_DIR": str(data_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "poscli", "--json", *args], capture_output=True, text=True, env=env, timeout=60
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"pos {' '.join(args)} failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
    return proc


def _future_catalog(tmp_path: Path) -> Path:
    from datetime import UTC, datetime

    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(small_catalog(datetime.now(UTC)), ensure_ascii=False))
    return path


def new_till(tmp: Path, terminal_id: str) -> Path:
    """A terminal of BO-1 with the test catalog, a supervisor S1 and a clerk C1, shift open."""
    data = tmp / "data"
    pos(data, "init", "--terminal", terminal_id, "--outlet", "BO-1")
    pos(data, "catalog", "import", str(_future_catalog(tmp)))
    pos(data, "staff", "add", "--id", "S1", "--name", "主管", "--role", "supervisor", "--pin", "258036")
    pos(data, "staff", "add", "--id", "C1", "--name", "Clerk", "--role", "clerk", "--pin", "1357",
        "--by", "S1", "--by-pin", "258036")  # fmt: skip
    pos(data, "shift", "open", "--float", "500", "--staff", "C1", "--pin", "1357")
    return data


@pytest.fixture(scope="module")
def terminal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_till(tmp_path_factory.mktemp("cli"), "T07")


def test_sell_prints_order_number_and_codes_that_verify(terminal: Path) -> None:
    out = json.loads(
        pos(
            terminal,
            "sell",
            "--performance",
            "P-CONCERT",
            "--seat",
            "A-1-1",
            "--seat",
            "A-1-2:child",
            "--standing",
            "FLOOR=2",
            "--tender",
            CASH,
            "--staff",
            "C1",
            "--pin",
            "1357",
        ).stdout
    )
    assert out["order_number"] == "T07-000001"
    assert [t["concession"] for t in out["tickets"]] == ["adult", "child", "adult", "adult"]
    assert out["total"] == 38000 + 19000 + 2 * 28000 + 4 * 500
    for t in out["tickets"]:
        v = json.loads(pos(terminal, "ticket", "verify", t["code"]).stdout)
        assert (
            v["valid"] and v["matches_store"] and v["ticket_id"] == t["ticket_id"] and v["item"] == t["item"]
        )
    # Lower case (a wedge scanner with Caps Lock on) still verifies.
    assert json.loads(pos(terminal, "ticket", "verify", out["tickets"][0]["code"].lower()).stdout)["valid"]
    assert json.loads(pos(terminal, "journal", "verify").stdout)["ok"]


def test_card_tender_and_quote(terminal: Path) -> None:
    q = json.loads(pos(terminal, "quote", "--performance", "P-CONCERT", "--seat", "B-1-1").stdout)
    assert q["total"] == 18500
    out = json.loads(
        pos(
            terminal,
            "sell",
            "--performance",
            "P-CONCERT",
            "--seat",
            "B-1-1",
            "--tender",
            "card:185:AP7788",
            "--staff",
            "C1",
            "--pin",
            "1357",
        ).stdout
    )
    assert out["change"] == 0


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            [
                "sell",
                "--performance",
                "P-NOPE",
                "--seat",
                "A-1-3",
                "--tender",
                CASH,
                "--staff",
                "C1",
                "--pin",
                "1357",
            ],
            "not_found",
        ),
        (
            [
                "sell",
                "--performance",
                "P-CONCERT",
                "--seat",
                "B-2-1",
                "--tender",
                CASH,
                "--staff",
                "C1",
                "--pin",
                "1357",
            ],
            "not_sellable",
        ),
        (
            [
                "sell",
                "--performance",
                "P-CONCERT",
                "--seat",
                "A-1-3",
                "--tender",
                CASH,
                "--staff",
                "C1",
                "--pin",
                "0000",
            ],
            "auth_failed",
        ),
        (
            [
                "sell",
                "--performance",
                "P-CONCERT",
                "--seat",
                "A-1-3",
                "--tender",
                "cash:abc",
                "--staff",
                "C1",
                "--pin",
                "1357",
            ],
            "invalid_input",
        ),
        (
            [
                "sell",
                "--performance",
                "P-CONCERT",
                "--standing",
                "FLOOR=x",
                "--tender",
                CASH,
                "--staff",
                "C1",
                "--pin",
                "1357",
            ],
            "invalid_input",
        ),
        (
            [
                "sell",
                "--performance",
                "P-CONCERT",
                "--seat",
                "A-1-3",
                "--tender",
                "cash:1",
                "--staff",
                "C1",
                "--pin",
                "1357",
            ],
            "payment_error",
        ),
        (["refund", "T07-000001", "--staff", "C1", "--pin", "1357"], "permission_denied"),
    ],
)
def test_bad_commands_give_a_clear_error_and_change_nothing(
    terminal: Path, args: list[str], error: str
) -> None:
    before = json.loads(pos(terminal, "journal", "verify").stdout)["entries"]
    proc = pos(terminal, *args, check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["error"] == error
    assert "Traceback" not in proc.stderr
    after = json.loads(pos(terminal, "journal", "verify").stdout)["entries"]
    # A wrong PIN only counts a failure; it writes no journal entry until the lock-out.
    assert after == before


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("HELLO", "unreadable"),
        ("", "unreadable"),
        ("A" * 400, "unreadable"),
        ("票票票", "unreadable"),
    ],
)
def test_malformed_codes_are_rejected_with_a_reason(terminal: Path, code: str, reason: str) -> None:
    proc = pos(terminal, "ticket", "verify", code, check=False)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["reason"] == reason


def test_forged_and_tampered_codes_are_rejected(terminal: Path) -> None:
    from pos.tickets import TicketClaims, TicketSigner, generate_private_key, new_ticket_id

    forger = TicketSigner(generate_private_key())
    claims = TicketClaims(
        ticket_id=new_ticket_id(),
        performance_id="P-CONCERT",
        item_id="A-1-1",
        gate_id="G1",
        concession="adult",
        issued_at=1_800_000_000,
    )
    forged = forger.sign(claims)
    out = pos(terminal, "ticket", "verify", forged, check=False)
    assert out.returncode == 1 and json.loads(out.stdout)["reason"] == "unknown_key"

    sold = json.loads(
        pos(
            terminal,
            "sell",
            "--performance",
            "P-CONCERT",
            "--seat",
            "A-2-1",
            "--tender",
            CASH,
            "--staff",
            "C1",
            "--pin",
            "1357",
        ).stdout
    )
    code = sold["tickets"][0]["code"]
    # Flip one character in the signed body.
    i = 30
    tampered = code[:i] + ("B" if code[i] != "B" else "C") + code[i + 1 :]
    out = pos(terminal, "ticket", "verify", tampered, check=False)
    assert out.returncode == 1 and json.loads(out.stdout)["reason"] in ("bad_signature", "unreadable")


def test_catalog_import_of_a_bad_file_changes_nothing(terminal: Path, tmp_path: Path) -> None:
    bad = json.loads(_future_catalog(tmp_path).read_text())
    bad["events"][0]["venue_id"] = "NOWHERE"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    before = json.loads(pos(terminal, "catalog", "list").stdout)
    proc = pos(terminal, "catalog", "import", str(path), check=False)
    assert proc.returncode == 2 and json.loads(proc.stdout)["error"] == "catalog_invalid"
    assert "unknown venue" in json.loads(proc.stdout)["message"]
    assert json.loads(pos(terminal, "catalog", "list").stdout) == before


def test_commands_before_init_say_what_to_do(tmp_path: Path) -> None:
    proc = pos(tmp_path / "empty", "journal", "verify", check=False)
    assert proc.returncode == 2 and "pos init" in json.loads(proc.stdout)["message"]


def test_ticket_verify_does_not_load_qt_or_http(terminal: Path) -> None:
    env = {**os.environ, "POS_DATA_DIR": str(terminal)}
    probe = (
        "import sys, runpy; sys.argv=['pos','ticket','verify','HELLO'];\n"
        "try:\n runpy.run_module('poscli', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "bad=[m for m in ('PySide6','requests','escpos','fastapi','uvicorn') if m in sys.modules]\n"
        "print('LOADED', bad)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert "LOADED []" in out.stdout, out.stdout + out.stderr


@pytest.mark.slow
def test_the_standalone_demo_sells_and_verifies(tmp_path: Path) -> None:
    """`pos demo --standalone` on an empty data folder, twice: no central, the allocation."""
    first = json.loads(pos(tmp_path / "demo", "demo", "--standalone").stdout)
    second = json.loads(pos(tmp_path / "demo", "demo", "--standalone").stdout)
    # Each run: a sale in cash, then a seat paid by scanning the WeChat demo code (issue 19).
    assert first["order_number"].endswith("-000001") and second["order_number"].endswith("-000003")
    assert {t["item"] for t in first["tickets"]}.isdisjoint(t["item"] for t in second["tickets"])
    assert json.loads(pos(tmp_path / "demo", "journal", "verify").stdout)["ok"]
    import sqlite3

    con = sqlite3.connect(tmp_path / "demo" / "pos.sqlite")
    assert con.execute("SELECT kind, provider FROM payment ORDER BY id").fetchall() == [
        ("cash", "cash-drawer"), ("mobile", "wechat"), ("cash", "cash-drawer"), ("mobile", "wechat")
    ]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_the_quick_start_demo_runs_its_own_central_and_uploads(tmp_path: Path) -> None:
    """`pos demo`: a central on SQLite beside the data folder, enrolled, synced, a sale uploaded;
    the second run reuses both, and a taken port is a clear error."""
    port = str(_free_port())
    first = json.loads(pos(tmp_path / "demo", "demo", "--no-app", "--port", port).stdout)
    assert first["mode"] == "online"  # held at central first (the one selling path), then uploaded
    central_db = tmp_path / "demo-central" / "central.sqlite"
    assert central_db.exists()
    import sqlite3

    con = sqlite3.connect(central_db)
    try:
        assert con.execute("SELECT count(*) FROM orders WHERE id = ?", (first["order_id"],)).fetchone()[0] == 1
    finally:
        con.close()
    second = json.loads(pos(tmp_path / "demo", "demo", "--no-app", "--port", port).stdout)
    assert second["order_number"].endswith("-000003")  # after the first run's WeChat-paid seat
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        taken = pos(tmp_path / "demo", "demo", "--no-app", "--port", str(busy.getsockname()[1]), check=False)
    assert taken.returncode != 0 and "is taken" in taken.stdout + taken.stderr

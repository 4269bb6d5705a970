"""``pos backup``, ``pos restore``, ``pos doctor``, ``pos --self-test`` and the log file, as an
outlet's IT person runs them: real processes on a real data folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pos.store.db import SCHEMA_HEAD
from tests.pos.fs_limits import read_only


def pos(data_dir: Path, *args: str, check: bool = True, as_json: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POS_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    argv = [sys.executable, "-m", "poscli", *(["--json"] if as_json else []), *args]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"pos {' '.join(args)} failed ({proc.returncode}): {proc.stdout}{proc.stderr}")
    return proc


@pytest.fixture
def terminal(counter) -> Path:  # type: ignore[no-untyped-def]
    counter.store.close()
    return counter.store.data_dir  # type: ignore[no-any-return]


def test_backup_restore_round_trip_and_refusal(terminal: Path, tmp_path: Path) -> None:
    file = tmp_path / "counter.posbak"
    out = json.loads(pos(terminal, "backup", str(file)).stdout)
    assert out["terminal"] == "T01" and Path(out["file"]) == file
    assert json.loads(pos(terminal, "backup", "--check", str(file)).stdout)["schema"] == SCHEMA_HEAD
    # An unsynced order that the backup lacks: the restore refuses, exit 2, JSON error.
    con = sqlite3.connect(terminal / "pos.sqlite")
    con.execute(
        "INSERT INTO outbox (id, kind, payload, created_at, status, attempts, last_error) "
        "VALUES ('11111111-1111-1111-1111-111111111111', 'order', '{}', '2026-12-01 10:00:00.000000', 'pending', 0, '')"
    )
    con.commit()
    con.close()
    refused = pos(terminal, "restore", str(file), check=False)
    assert refused.returncode == 2
    assert json.loads(refused.stdout)["error"] == "restore_refused"
    forced = json.loads(pos(terminal, "restore", str(file), "--force").stdout)
    assert forced["lost_unsynced"] == ["11111111-1111-1111-1111-111111111111"]
    log = (terminal / "logs" / "pos.log").read_text()
    assert "backup written to" in log and "store restored from" in log


def test_local_backups_setting_and_list(terminal: Path) -> None:
    sched = json.loads(pos(terminal, "backup", "--keep", "2", "--every", "6").stdout)
    assert sched["keep"] == 2 and sched["every_hours"] == 6
    for _ in range(3):
        pos(terminal, "backup", "--local")
    listed = json.loads(pos(terminal, "backup", "--list").stdout)["backups"]
    assert len(listed) == 2
    bad = pos(terminal, "backup", "--keep", "0", check=False)
    assert bad.returncode == 2 and json.loads(bad.stdout)["error"] == "invalid_input"
    assert pos(terminal, "backup", check=False).returncode == 2  # neither FILE nor --local


def test_doctor_reports_each_check_and_fails_on_a_broken_journal(terminal: Path) -> None:
    report = json.loads(pos(terminal, "doctor", "--offline").stdout)
    by_name = {c["name"]: c for c in report["checks"]}
    assert by_name["store"]["status"] == "ok" and by_name["journal"]["status"] == "ok"
    assert report["status"] == "warn"  # no local backup yet
    text = pos(terminal, "doctor", "--offline", as_json=False).stdout
    assert "OK    journal" in text and "fix: run `pos backup --local`" in text

    con = sqlite3.connect(terminal / "pos.sqlite")
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    con.execute("UPDATE journal SET record = replace(record, 'BO-1', 'BO-9') WHERE seq = 1")
    con.commit()
    con.close()
    broken = pos(terminal, "doctor", "--offline", check=False)
    assert broken.returncode == 1
    journal_check = {c["name"]: c for c in json.loads(broken.stdout)["checks"]}["journal"]
    assert journal_check["status"] == "fail" and "edited" in journal_check["detail"]


def test_doctor_on_a_missing_or_read_only_folder(tmp_path: Path, terminal: Path) -> None:
    missing = pos(tmp_path / "nowhere", "doctor", check=False)
    assert missing.returncode == 1
    assert {c["name"]: c["status"] for c in json.loads(missing.stdout)["checks"]}["store"] == "fail"
    with read_only(terminal):
        ro = pos(terminal, "doctor", "--offline", check=False)
        assert ro.returncode == 1
        checks = {c["name"]: c for c in json.loads(ro.stdout)["checks"]}
        assert checks["data folder"]["status"] == "fail"
        sale = pos(terminal, "backup", "--local", check=False)
        assert sale.returncode == 2 and json.loads(sale.stdout)["error"] == "store_read_only"


def test_self_test_passes_from_source() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "poscli", "--self-test"],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout and "FAIL" not in proc.stdout


def test_logs_rotate_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from poscli import logs

    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    (tmp_path / "data").mkdir()
    path = logs.setup_logging(tmp_path / "data")
    assert path == tmp_path / "data" / "logs" / "pos.log"
    try:
        for i in range(200):
            logging.getLogger("pos.test").info("line %d of a long enough log message to fill the file", i)
        names = sorted(p.name for p in path.parent.iterdir())
        assert names == ["pos.log", *(f"pos.log.{n}" for n in range(1, logs.BACKUPS + 1))]
        assert all(p.stat().st_size <= 2200 for p in path.parent.iterdir())
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_pos_handler", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    # A data folder that does not exist yet (before `pos setup`) gets no log file, and no error.
    assert logs.setup_logging(tmp_path / "missing") is None

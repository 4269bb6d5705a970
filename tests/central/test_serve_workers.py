"""`pos central serve --workers N`: several worker processes on PostgreSQL, migrated and
given central's signing key once, before they start; refused on SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.central.conftest import _truncate
from tests.door.peering import free_port

ROOT = Path(__file__).resolve().parents[2]


def _serve(db_url: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "poscli",
        "central",
        "serve",
        "--db",
        db_url,
        "--workers",
        str(workers),
        "--port",
        str(port),
    ]


def test_several_workers_need_postgresql(tmp_path: Path) -> None:
    r = subprocess.run(
        _serve(f"sqlite:///{tmp_path / 'c.sqlite'}", free_port(), 2),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert r.returncode == 1 and "more than one worker needs PostgreSQL" in r.stderr
    assert not (tmp_path / "c.sqlite").exists()  # refused before anything was made
    bad = subprocess.run(
        _serve("::not a url::", free_port(), 2), capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert bad.returncode == 1 and "is not a database URL" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.pg
def test_two_workers_serve_one_central(pg_database: str) -> None:
    _truncate(pg_database)  # no central key yet: the parent must make exactly one
    port = free_port()
    proc = subprocess.Popen(
        _serve(pg_database, port, 2),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline, up = time.monotonic() + 60, False
        while not up and time.monotonic() < deadline and proc.poll() is None:
            try:
                up = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.2)
        assert up, "central did not start"
        workers = subprocess.run(
            ["pgrep", "-P", str(proc.pid), "-f", "spawn_main"], capture_output=True, text=True
        ).stdout.split()
        assert len(workers) == 2
        # New connections each time: every answer alike, none a 500.
        statuses = {
            httpx.get(f"http://127.0.0.1:{port}/v1/feeds/keys", timeout=5).status_code for _ in range(30)
        }
        assert statuses == {401}
        eng = create_engine(pg_database)
        with eng.connect() as c:
            assert c.execute(text("SELECT count(*) FROM signing_keys WHERE owner = 'central'")).scalar() == 1
        eng.dispose()
    finally:
        proc.terminate()
        proc.wait(timeout=30)

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from central.cli import central
from tests.central.catalog_fixture import small_catalog


def test_cli_flow(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    runner = CliRunner()
    cat = tmp_path / "catalog.json.gz"
    cat.write_bytes(gzip.compress(json.dumps(small_catalog(datetime.now(UTC))).encode()))
    r = runner.invoke(central, ["import", "--db", db, str(cat)])
    assert r.exit_code == 0, r.output
    assert "3 performances" in r.output and "40 seats added" not in r.output
    r = runner.invoke(central, ["import", "--db", db, str(cat)])  # idempotent
    assert r.exit_code == 0 and "0 documents changed" in r.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nope"}')
    r = runner.invoke(central, ["import", "--db", db, str(bad)])
    assert r.exit_code == 1 and "not a valid catalog feed" in r.output
    r = runner.invoke(
        central,
        [
            "outlet",
            "add",
            "--db",
            db,
            "MALL-7",
            "--name-zh",
            "商场",
            "--name-en",
            "Mall",
            "--kind",
            "partner",
            "--commission-bps",
            "800",
            "--credit-limit",
            "500000",
            "--category",
            "concert",
        ],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(central, ["enrol-code", "--db", db, "--outlet", "MALL-7", "--ttl-minutes", "5"])
    assert r.exit_code == 0 and len(r.output.strip()) == 14
    r = runner.invoke(central, ["enrol-code", "--db", db, "--outlet", "NOPE"])
    assert r.exit_code == 1
    r = runner.invoke(central, ["token", "platform", "--db", db])
    assert r.exit_code == 0 and r.output.startswith("plt_")
    r = runner.invoke(central, ["token", "revoke", "--db", db, "--terminal", "NOPE"])
    assert r.exit_code == 1
    r = runner.invoke(
        central,
        [
            "simulate-online-sales",
            "--db",
            db,
            "--performance",
            "P1",
            "--orders",
            "30",
            "--seed",
            "1",
            "--workers",
            "2",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "30 web orders" in r.output and "sold" in r.output
    r = runner.invoke(central, ["simulate-online-sales", "--db", db, "--performance", "P1", "--orders", "0"])
    assert r.exit_code == 2

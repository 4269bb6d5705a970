"""``pos setup`` and ``pos doctor``'s network and printer checks against a live central."""

from __future__ import annotations

import json
import socket
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from pos.field.doctor import FAIL, OK, WARN
from pos.store.db import open_store
from printing.doctor import printer_checks
from printing.errors import PrinterProfileError
from printing.spec import parse_printer_spec
from sync.doctor import network_checks
from sync.enrol import enrol
from tests.central.live import Live
from tests.sync.conftest import enrol_code
from tests.sync.test_clock_and_blocking import central_with_clock


def run_pos(data_dir: Path, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    from poscli.main import cli

    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "--json", *args], catch_exceptions=False)
    # The progress lines go to stderr; the JSON report is the last object printed.
    out = result.stdout
    return result.exit_code, json.loads(out[out.index("{") :]) if "{" in out else {}


def test_setup_enrols_prints_a_test_page_syncs_and_backs_up(central: Live, data_dir: Path, tmp_path: Path) -> None:
    paper_out = tmp_path / "printer.bin"
    args = ["setup", "--central", central.base, "--code", enrol_code(central), "--printer", f"file:{paper_out}",
            "--language", "en", "--supervisor", "9001", "--supervisor-name", "Boss", "--supervisor-pin", "258036"]
    code, report = run_pos(data_dir, *args)
    assert code == 0, report
    assert report["ok"] and report["language"] == "en"
    assert report["sync"]["online"] and report["sync"]["applied"]["catalog"] > 0
    # A file printer cannot confirm what it printed: the report says it was sent.
    assert "test page sent" in report["printer"]["result"] and report["printer"]["job_status"] == "unconfirmed"
    assert paper_out.stat().st_size > 1000  # the raster test page
    assert Path(report["backup"]).is_file()
    assert report["supervisor"] == {"staff": "9001"}
    # Run again (a roll-out script's retry): enrolment is skipped, the used code is not needed.
    code, again = run_pos(data_dir, *args)
    assert code == 0 and again["enrol"]["skipped"] == "enrolled already"
    assert "skipped" in again["supervisor"]


def test_setup_reports_a_failed_printer_and_a_retry_finishes(central: Live, data_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    code, report = run_pos(
        data_dir, "setup", "--central", central.base, "--code", enrol_code(central),
        "--printer", f"network:127.0.0.1:{dead_port}",
    )
    assert code == 2 and not report["ok"]
    assert "cannot be reached" in report["printer"]["error"]
    assert report["sync"]["online"]  # the other steps went on
    code, report = run_pos(data_dir, "setup", "--central", central.base, "--code", "USED-USED-USED",
                           "--printer", f"file:{tmp_path / 'p.bin'}")
    assert code == 0 and report["ok"]


@pytest.mark.parametrize(
    "args",
    [
        ["--code", "not a code"],
        ["--code", "ABCD-EFGH-JKLM", "--language", "fr"],
        ["--code", "ABCD-EFGH-JKLM", "--printer", "bluetooth"],
        ["--code", "ABCD-EFGH-JKLM", "--supervisor", "9001"],
    ],
)
def test_setup_refuses_bad_input_and_creates_nothing(central: Live, data_dir: Path, args: list[str]) -> None:
    code, report = run_pos(data_dir, "setup", "--central", central.base, *args)
    assert code == 2 and report["error"] in ("invalid_input", "printer_profile_invalid")
    assert not (data_dir / "pos.sqlite").exists()


def test_printer_specs() -> None:
    assert parse_printer_spec("network:10.0.0.5").address() == "10.0.0.5:9100"
    assert parse_printer_spec("network:10.0.0.5:9101").port == 9101
    assert parse_printer_spec("usb:04b8:0202").usb_product == 0x0202
    assert parse_printer_spec("serial:/dev/ttyUSB0@19200").baudrate == 19200
    for bad in ("network", "network:", "usb:zz", "serial:/dev/x@fast", "network:host:port", "lpt:1"):
        with pytest.raises(PrinterProfileError):
            parse_printer_spec(bad)


def test_doctor_network_checks_online_offline_and_skewed(tmp_path: Path) -> None:
    data = tmp_path / "t"
    with central_with_clock(f"sqlite:///{tmp_path / 'c.sqlite'}", timedelta(0)) as live:
        enrol(data, central_url=live.base, code=enrol_code(live))
        store = open_store(data)
        checks = {c.name: c for c in network_checks(store)}
        assert [checks[n].status for n in ("token", "central", "clock")] == [OK, OK, OK]
    checks = {c.name: c for c in network_checks(store, timeout=0.5)}
    assert checks["central"].status == FAIL and "did not answer" in checks["central"].detail
    assert "offline" in checks["central"].fix
    store.close()
    for offset, status in ((timedelta(minutes=2), WARN), (timedelta(minutes=-20), FAIL)):
        folder = tmp_path / f"skew{offset.total_seconds():.0f}"
        with central_with_clock(f"sqlite:///{folder}.sqlite", offset) as live:
            enrol(folder, central_url=live.base, code=enrol_code(live))
            store = open_store(folder)
            assert {c.name: c for c in network_checks(store)}["clock"].status == status
            store.close()


def test_doctor_printer_checks(counter) -> None:  # type: ignore[no-untyped-def]
    from pos.tickets.printjobs import save_printer_profile

    assert [c.status for c in printer_checks(counter.store)] == [WARN]  # none set up
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(1)
        port = listening.getsockname()[1]
        save_printer_profile(counter.store, name="up", settings=parse_printer_spec(f"network:127.0.0.1:{port}").to_settings())
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            dead = s.getsockname()[1]
        save_printer_profile(counter.store, name="down", settings=parse_printer_spec(f"network:127.0.0.1:{dead}").to_settings())
        checks = {c.name: c for c in printer_checks(counter.store)}
    # It answers the network but never its status: its jobs cannot be confirmed.
    assert checks["printer up"].status == WARN and "reports no status" in checks["printer up"].detail
    assert checks["printer down"].status == FAIL and "FEED" in checks["printer down"].fix

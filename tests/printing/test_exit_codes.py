"""Finding 5: `pos printer status`, `pos ticket verify` and `pos doctor` say no with exit 1,
and a print failure is said once, cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from click.testing import CliRunner

from pos.field.doctor import FAIL, OK, WARN
from pos.tickets.printjobs import save_printer_profile
from poscli.main import cli
from printing.doctor import printer_checks
from printing.jobs import reprint
from printing.profiles import PrinterProfile
from tests.factories import NOW
from tests.printing.conftest import closed_port
from tests.printing.test_reprint import _override


def _pos(counter: Any, *args: str, as_json: bool = True) -> tuple[int, str]:
    flags = ["--json"] if as_json else []
    result = CliRunner().invoke(cli, ["--data-dir", str(counter.store.data_dir), *flags, *args])
    return result.exit_code, result.output


def _add(counter: Any, profile: PrinterProfile) -> None:
    save_printer_profile(counter.store, name=profile.name, settings=profile.to_settings())


@pytest.mark.parametrize(
    ("state", "exit_code", "words"),
    [
        ("ready", 0, "ready"),
        ("paper_low", 0, "running low"),
        ("paper_out", 1, "load a new roll"),
        ("cover_open", 1, "close it"),
        ("offline", 1, "offline"),
        ("silent", 1, "does not report"),
    ],
)
def test_printer_status_exits_1_when_not_ready(
    counter: Any, fake_printer: Any, state: str, exit_code: int, words: str
) -> None:
    printer = fake_printer(state)
    _add(counter, printer.profile(timeout=0.3))
    code, out = _pos(counter, "printer", "status", "FAKE")
    printer.close()
    data = json.loads(out)
    assert code == exit_code and words in data["message"] and data["ready"] is (exit_code == 0)


def test_printer_status_of_an_unreachable_printer(counter: Any) -> None:
    _add(
        counter,
        PrinterProfile(name="N", connection="network", host="127.0.0.1", port=closed_port(), timeout=1),
    )
    code, out = _pos(counter, "printer", "status", "N", as_json=False)
    assert code == 2 and out.count("cannot be reached") == 1 and "))" not in out


def test_verify_exits_1_for_a_revoked_code(counter: Any, sale: Any, capture: Any) -> None:
    old = sale.tickets[0]
    result, _ = reprint(
        counter.store,
        ticket_id=old.ticket_id,
        actor=counter.clerk,
        signer=counter.signer,
        printer=PrinterProfile(name="P1", connection="file", device="/dev/null"),
        override=_override(counter),
        reason="lost",
        transport=capture,
        now=NOW,
    )
    code, out = _pos(counter, "ticket", "verify", old.code)
    assert code == 1 and json.loads(out)["revoked"]
    code, out = _pos(counter, "ticket", "verify", old.code, as_json=False)
    assert code == 1 and "REVOKED" in out
    code, out = _pos(counter, "ticket", "verify", result.new_code)
    assert code == 0 and json.loads(out)["status"] == "valid"


def test_a_print_failure_is_said_once_without_stray_brackets(counter: Any, sale: Any) -> None:
    """Through the real `pos` (its console logging as a person sees it)."""
    _add(
        counter,
        PrinterProfile(name="N", connection="network", host="127.0.0.1", port=closed_port(), timeout=1),
    )
    env = {**os.environ, "POS_DATA_DIR": str(counter.store.data_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "poscli", "print", "order", sale.order_number, "--printer", "N"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    said = proc.stdout + proc.stderr
    assert proc.returncode == 2 and said.count("cannot be reached") == 1, said
    assert "Connection refused))" not in said and "(Connection refused)" in said, said


def test_doctor_fails_on_paper_out_and_warns_on_paper_low(counter: Any, fake_printer: Any) -> None:
    printers = {s: fake_printer(s) for s in ("ready", "paper_low", "paper_out", "cover_open", "silent")}
    for state, p in printers.items():
        _add(counter, p.profile(name=state, timeout=0.3))
    checks = {c.name: c for c in printer_checks(counter.store)}
    for p in printers.values():
        p.close()
    assert {n: c.status for n, c in checks.items()} == {
        "printer ready": OK,
        "printer paper_low": WARN,
        "printer paper_out": FAIL,
        "printer cover_open": FAIL,
        "printer silent": WARN,  # answers the network, cannot say more: its jobs stay unconfirmed
        "print jobs": OK,
    }
    assert "load a new roll" in checks["printer paper_out"].detail

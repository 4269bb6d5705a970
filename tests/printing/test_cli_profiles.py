"""`pos printer …` and `pos print …` commands, and printer profile validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pos.tickets.printjobs import printer_profile, save_printer_profile
from poscli.main import cli
from printing.errors import PrinterProfileError
from printing.profiles import PrinterProfile, parse_usb
from tests.printing.conftest import closed_port


def _pos(counter: Any, *args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, ["--data-dir", str(counter.store.data_dir), "--json", *args])
    try:
        return result.exit_code, json.loads(result.output)
    except ValueError:
        return result.exit_code, result.output


def test_printer_add_list_and_test_print(counter: Any, tmp_path: Path) -> None:
    out = tmp_path / "printer.bin"
    code, data = _pos(
        counter,
        "printer",
        "add",
        "FRONT",
        "--connection",
        "file",
        "--device",
        str(out),
        "--paper",
        "58",
        "--mode",
        "text",
        "--encoding",
        "gbk",
        "--drawer-pin",
        "none",
    )
    assert code == 0 and data["paper"] == 58 and data["drawer_pin"] is None
    code, data = _pos(counter, "printer", "list")
    assert code == 0 and data["printers"][0]["printer"] == "FRONT" and data["printers"][0]["valid"]
    code, data = _pos(counter, "print", "test", "--printer", "FRONT")
    assert code == 3 and data["status"] == "unconfirmed"  # a file has no status to confirm it
    assert "打印机测试页".encode("gbk") in out.read_bytes()
    code, data = _pos(counter, "printer", "status", "FRONT")
    assert code == 0 and data["reported"] is False


def test_print_order_preview_and_jobs(counter: Any, sale: Any, tmp_path: Path) -> None:
    code, data = _pos(
        counter,
        "print",
        "preview",
        "--order",
        sale.order_number,
        "--out",
        str(tmp_path / "pv"),
        "--paper",
        "58",
    )
    assert code == 0 and len(data["files"]) == 5 and all(Path(f).is_file() for f in data["files"])
    code, data = _pos(
        counter, "print", "order", sale.order_number, "--preview", str(tmp_path / "all.png"), "--paper", "80"
    )
    assert code == 0 and data["documents"] == 5 and (tmp_path / "all.png").is_file()
    _pos(counter, "printer", "add", "P1", "--connection", "file", "--device", str(tmp_path / "p1.bin"))
    code, data = _pos(counter, "print", "order", sale.order_number)  # the only printer is the default
    assert code == 3 and len(data["tickets"]) == 4 and data["status"] == "unconfirmed"  # a file cannot confirm
    job = data["job"]
    code, data = _pos(counter, "print", "order", sale.order_number)  # not while nobody said whether it came out
    assert code == 2 and data["error"] == "print_refused" and data["job"] == job
    code, data = _pos(counter, "print", "confirm", job, "--staff", "C1", "--pin", "9999")
    assert code == 2 and data["error"] == "auth_failed"
    code, data = _pos(counter, "print", "confirm", "no-such-job", "--staff", "C1", "--pin", "1357")
    assert code == 2 and data["error"] == "not_found"
    code, data = _pos(counter, "print", "confirm", job, "--staff", "C1", "--pin", "1357")
    assert code == 0 and data["status"] == "confirmed" and data["confirmed_by"] == "C1"
    code, data = _pos(counter, "print", "confirm", job, "--staff", "C1", "--pin", "1357")
    assert code == 2 and data["error"] == "print_refused" and "confirmed already by C1" in data["message"]
    code, data = _pos(counter, "print", "order", sale.order_number)
    assert code == 2 and data["error"] == "print_refused" and "printed already" in data["message"]
    code, data = _pos(counter, "print", "jobs", "--order", sale.order_number)
    assert code == 0 and data["jobs"][0]["status"] == "confirmed" and data["jobs"][0]["confirmed_by"] == "C1"
    code, data = _pos(counter, "journal", "show")
    assert any(e["kind"] == "print_confirmed" and e["staff"] == "C1" for e in data["entries"])


def test_cli_reprint_needs_a_supervisor(counter: Any, sale: Any, tmp_path: Path) -> None:
    _pos(counter, "printer", "add", "P1", "--connection", "file", "--device", str(tmp_path / "p1.bin"))
    ticket = sale.tickets[0].ticket_id
    code, data = _pos(counter, "print", "reprint", ticket, "--staff", "C1", "--pin", "1357")
    assert code == 2 and data["error"] == "permission_denied"
    code, data = _pos(
        counter,
        "print",
        "reprint",
        ticket,
        "--staff",
        "C1",
        "--pin",
        "1357",
        "--approver",
        "S1",
        "--approver-pin",
        "258036",
        "--reason",
        "lost",
    )
    assert code == 3 and data["revoked"] == ticket and data["ticket"] != ticket  # sent; a file cannot confirm
    assert data["status"] == "unconfirmed"
    code, data = _pos(counter, "ticket", "verify", data["code"])
    assert code == 0 and data["valid"] and data["status"] == "valid"


def test_cli_failed_job_and_bad_input(counter: Any, sale: Any) -> None:
    code, data = _pos(counter, "print", "test", "--printer", "NOPE")
    assert code == 2 and data["error"] == "not_found" and "pos printer add" in data["message"]
    code, data = _pos(counter, "print", "test")
    assert code == 2 and "add one" in data["message"]
    code, data = _pos(
        counter,
        "printer",
        "add",
        "NET",
        "--connection",
        "network",
        "--host",
        "127.0.0.1",
        "--port",
        str(closed_port()),
        "--timeout",
        "1",
    )
    assert code == 0
    code, data = _pos(counter, "print", "order", sale.order_number, "--printer", "NET")
    assert code == 2 and data["error"] == "printer_unreachable" and data["job"]
    code, data = _pos(counter, "print", "retry", data["job"])
    assert code == 2 and data["error"] == "printer_unreachable"
    code, data = _pos(counter, "print", "order", "T01-999999", "--printer", "NET")
    assert code == 2 and data["error"] == "not_found"
    code, data = _pos(counter, "printer", "add", "BAD", "--connection", "network", "--host", "")
    assert code == 2 and data["error"] == "printer_profile_invalid" and data["setting"] == "host"
    code, data = _pos(counter, "printer", "add", "U", "--connection", "usb", "--usb", "zz")
    assert code == 2 and data["error"] == "printer_profile_invalid"


@pytest.mark.parametrize(
    ("settings", "setting"),
    [
        ({"connection": "bluetooth"}, "connection"),
        ({"connection": "network", "host": "bad host!"}, "host"),
        ({"connection": "network", "host": "10.0.0.5", "port": 70000}, "port"),
        ({"connection": "network", "host": "p1.local", "timeout": 0}, "timeout"),
        ({"connection": "usb"}, "usb"),
        ({"connection": "serial", "device": "/dev/ttyS0", "baudrate": 1234}, "baudrate"),
        ({"connection": "file"}, "device"),
        ({"connection": "file", "device": "/dev/usb/lp0", "paper": 76}, "paper"),
        ({"connection": "file", "device": "/dev/usb/lp0", "mode": "pdf"}, "mode"),
        ({"connection": "file", "device": "/dev/usb/lp0", "encoding": "utf-8"}, "encoding"),
        ({"connection": "file", "device": "/dev/usb/lp0", "qr": "svg"}, "qr"),
        ({"connection": "file", "device": "/dev/usb/lp0", "drawer_pin": 3}, "drawer_pin"),
        ({"connection": "file", "device": "/dev/usb/lp0", "colour": "red"}, "colour"),
        ({"device": "/dev/usb/lp0"}, "connection"),
    ],
)
def test_bad_profile_settings(settings: dict[str, Any], setting: str) -> None:
    with pytest.raises(PrinterProfileError) as err:
        PrinterProfile.from_settings("P", settings)
    assert err.value.details.get("setting") == setting


def test_profile_round_trip_and_bad_stored_json(counter: Any) -> None:
    p = PrinterProfile(name="U1", connection="usb", usb_vendor=0x04B8, usb_product=0x0202, paper=58)
    save_printer_profile(counter.store, name="U1", settings=p.to_settings())
    assert PrinterProfile.from_settings("U1", printer_profile(counter.store, name="U1")) == p
    assert parse_usb("04b8:0202") == (0x04B8, 0x0202)
    with pytest.raises(PrinterProfileError):
        PrinterProfile.from_settings("X", {"connection": "network", "host": "h", "port": "9100x"})
    save_printer_profile(counter.store, name="BROKEN", settings={"connection": "file"})
    code, data = _pos(counter, "printer", "list")
    assert code == 0 and {r["printer"]: r["valid"] for r in data["printers"]} == {"BROKEN": False, "U1": True}

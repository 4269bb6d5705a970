"""`pos shift …`, `pos drawer open` and `pos report z`, in process (CliRunner), with the
typed errors translated to one line or a JSON object and exit status 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from poscli.main import cli
from tests.factories import CLERK, FLOAT, SUPERVISOR, make_counter, table_counts

C = ["--staff", CLERK[0], "--pin", CLERK[1]]
S = ["--staff", SUPERVISOR[0], "--pin", SUPERVISOR[1]]
APPROVE = ["--approver", SUPERVISOR[0], "--approver-pin", SUPERVISOR[1]]


@pytest.fixture
def counter(tmp_path: Path) -> Any:
    """A terminal on today's clock: the commands use the real time, and a close-out refuses
    a clock behind the journal."""
    from datetime import UTC, datetime

    c = make_counter(tmp_path / "live", now=datetime.now(UTC))
    yield c
    c.store.close()


def _pos(counter: Any, *args: str, as_json: bool = True) -> tuple[int, Any]:
    flags = ["--json"] if as_json else []
    result = CliRunner().invoke(cli, ["--data-dir", str(counter.store.data_dir), *flags, *args])
    try:
        return result.exit_code, json.loads(result.output)
    except ValueError:
        return result.exit_code, result.output


def _sell(counter: Any, seat: str) -> Any:
    return _pos(counter, "sell", "--performance", "P-CONCERT", "--seat", seat, "--tender", "cash:500", *C)


def test_a_day_at_the_counter(counter: Any, tmp_path: Path) -> None:
    code, st = _pos(counter, "shift", "status", *C)
    assert code == 0 and st["float"] == FLOAT and "cash" not in st  # a clerk's count is blind
    assert _sell(counter, "A-1-1")[0] == 0
    code, mv = _pos(counter, "shift", "cash-in", "--amount", "100.50", "--reason", "coins", *C, *APPROVE)
    assert code == 0 and mv["amount"] == 10_050 and mv["approver"] == "S1"
    code, mv = _pos(counter, "shift", "cash-out", "--amount", "200", "--reason", "safe", *S)
    assert code == 0 and mv["amount"] == 20_000
    code, st = _pos(counter, "shift", "status", *S)
    expected = FLOAT + 38_500 + 10_050 - 20_000
    assert code == 0 and st["cash"]["expected"] == expected and st["sales"] == 1
    code, out = _pos(counter, "drawer", "open", "--reason", "change for a customer", *C, *APPROVE)
    assert code == 0 and out["journal_seq"] > 0
    code, closed = _pos(counter, "shift", "close", "--count", "783.50", *C)
    assert code == 0 and closed["expected"] == expected and closed["variance"] == 78_350 - expected

    code, rep = _pos(counter, "shift", "report", *C)
    assert code == 0 and rep["status"] == "closed" and rep["sales"] == 1 and rep["gross"] == 38_500
    assert {t["kind"]: t["net"] for t in rep["tenders"]}["cash"] == 38_500 and rep["expected"] == expected
    code, text = _pos(counter, "shift", "report", *S, as_json=False)
    assert code == 0 and "variance" in text

    pdf, csv_path = tmp_path / "z.pdf", tmp_path / "z.csv"
    code, x = _pos(counter, "report", "z", "--preview", *S)
    assert code == 0 and x["z_number"] == 0
    code, z = _pos(counter, "report", "z", *S, "--pdf", str(pdf), "--csv", str(csv_path))
    assert (
        code == 0 and z["z_number"] == 1 and z["gross"] == 38_500 and z["cash_variance"] == closed["variance"]
    )
    assert {t["kind"]: t["net"] for t in z["tenders"]}["cash"] == 38_500
    assert pdf.read_bytes().startswith(b"%PDF") and z["files"] == {"csv": str(csv_path), "pdf": str(pdf)}
    with open(csv_path, encoding="utf-8-sig") as f:
        assert next(csv.reader(f))[0] == "section"
    code, again = _pos(counter, "report", "z", "--number", "1", *S)
    assert code == 0 and again["closeout_id"] == z["closeout_id"]
    code, text = _pos(counter, "report", "z", "--number", "1", *S, as_json=False)
    assert code == 0 and "Z-report #1" in text and "not yet synced" in text and "T01-000001" in text


def test_a_printer_failure_after_the_close_out_shows_the_report(counter: Any, tmp_path: Path) -> None:
    from tests.printing.conftest import closed_port

    port = closed_port()
    assert (
        _pos(
            counter,
            "printer",
            "add",
            "NET",
            "--connection",
            "network",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--timeout",
            "1",
        )[0]
        == 0
    )
    assert _pos(counter, "shift", "close", "--count", "500", *C)[0] == 0
    code, z = _pos(counter, "report", "z", *S, "--print")
    assert code == 2 and z["z_number"] == 1 and "--number 1 --print" in z["print_error"]
    code, again = _pos(counter, "report", "z", "--number", "1", *S)
    assert code == 0 and again["closeout_id"] == z["closeout_id"]


def test_shift_open_close_in_text(counter: Any) -> None:
    code, text = _pos(counter, "shift", "close", "--count", "500", *C, as_json=False)
    assert code == 0 and "variance 0.00" in text
    code, text = _pos(counter, "shift", "open", "--float", "300", *C, as_json=False)
    assert code == 0 and "float 300.00" in text


def test_refusals_exit_2_and_change_nothing(counter: Any) -> None:
    before = table_counts(counter.store)
    # A clerk trying supervisor actions.
    for args in (
        ["shift", "cash-out", "--amount", "10", "--reason", "x", *C],
        ["drawer", "open", "--reason", "x", *C],
        ["report", "z", "--preview", *C],
    ):
        code, err = _pos(counter, *args)
        assert code == 2 and err["error"] == "permission_denied", args
    # Bad amounts.
    for amount in ("-5", "abc", "1.234", "", "1e3"):
        code, err = _pos(counter, "shift", "cash-in", "--amount", amount, "--reason", "x", *S)
        assert code == 2 and err["error"] == "invalid_input", amount
    code, err = _pos(counter, "shift", "cash-out", "--amount", "100000", "--reason", "x", *S)
    assert code == 2 and "should hold only" in err["message"]
    code, err = _pos(counter, "shift", "open", "--float", "10", *C)
    assert code == 2 and err["error"] == "shift_refused"
    code, err = _pos(counter, "report", "z", *S)
    assert code == 2 and err["error"] == "closeout_refused"
    code, err = _pos(counter, "shift", "status", "--staff", "C1", "--pin", "9999")
    assert code == 2 and err["error"] == "auth_failed"
    assert table_counts(counter.store) == before
    # Closing twice.
    assert _pos(counter, "shift", "close", "--count", "500", *C)[0] == 0
    code, err = _pos(counter, "shift", "close", "--count", "500", *C)
    assert code == 2 and err["error"] == "no_open_shift"
    # Selling without a shift.
    code, err = _sell(counter, "A-1-1")
    assert code == 2 and err["error"] == "no_open_shift"
    code, text = _pos(counter, "shift", "status", *C, as_json=False)
    assert code == 2 and text.startswith("error: no shift is open")
    code, err = _pos(counter, "report", "z", *S, "--csv", "/nonexistent/z.csv")
    assert code == 2 and "cannot write" in err["message"]
    code, err = _pos(counter, "report", "z", *S, "--print")
    assert code == 2 and "printer" in err["message"]  # none set up: refused before closing
    code, err = _pos(counter, "shift", "report", "--shift", "nope", *C)
    assert code == 2 and err["error"] == "not_found"
    code, err = _pos(counter, "report", "z", "--number", "3", *S)
    assert code == 2 and err["error"] == "not_found"


def test_a_cash_refund_with_no_shift_is_refused_a_card_refund_is_not(counter: Any) -> None:
    code, cash_sale = _sell(counter, "A-1-1")
    assert code == 0
    code, card_sale = _pos(
        counter, "sell", "--performance", "P-CONCERT", "--seat", "A-1-2", "--tender", "card:385:AP0001", *C
    )
    assert code == 0, card_sale
    code, _ = _pos(counter, "shift", "close", "--count", str(FLOAT // 100 + 385), *C)
    assert code == 0
    before = table_counts(counter.store)
    code, err = _pos(counter, "refund", cash_sale["order_number"], *S)
    assert code == 2 and err["error"] == "no_shift_for_cash" and "no shift is open" in err["message"]
    assert table_counts(counter.store) == before
    # A card refund goes back by the card's reference: no drawer, no shift needed.
    code, out = _pos(counter, "refund", card_sale["order_number"], *S)
    assert code == 0 and out["amount"] == 38000, out

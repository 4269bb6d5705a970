"""``pos refund``, ``pos exchange``, ``pos void`` and ``pos pickup`` as a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import new_till, pos

CLERK = ["--staff", "C1", "--pin", "1357"]
SUPER = ["--staff", "S1", "--pin", "258036"]


@pytest.fixture(scope="module")
def till(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_till(tmp_path_factory.mktemp("cli-after"), "T08")


def _sell(till: Path, *seats: str) -> dict:  # type: ignore[type-arg]
    args = [a for s in seats for a in ("--seat", s)]
    return json.loads(
        pos(till, "sell", "--performance", "P-CONCERT", *args, "--tender", "cash:2000", *CLERK).stdout
    )


def test_refund_exchange_void_from_the_command_line(till: Path) -> None:
    sale = _sell(till, "A-1-1", "A-1-2")
    first = sale["tickets"][0]["ticket_id"]
    out = json.loads(
        pos(
            till,
            "refund",
            sale["order_number"],
            "--ticket",
            first,
            *CLERK,
            "--approver",
            "S1",
            "--approver-pin",
            "258036",
            "--reason",
            "cannot come",
        ).stdout
    )
    assert out["tickets"] == [first] and out["amount"] == 38000 and out["approver"] == "S1"
    x = json.loads(
        pos(
            till, "exchange", sale["order_number"], "--performance", "P-CONCERT", "--seat", "B-1-1", *SUPER
        ).stdout
    )
    assert x["difference"] == 18500 - 38000 and x["refunds"][0]["kind"] == "cash"
    _sell(till, "A-2-1")
    v = json.loads(pos(till, "void", *SUPER, "--reason", "wrong show").stdout)
    assert v["amount"] == 38500 and v["order_number"].startswith("T08-")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["refund", "T08-999999", *SUPER], "not_found"),
        (["void", *CLERK], "permission_denied"),
        (["void", *SUPER, "--late"], "invalid_input"),
        (["refund", "T08-000001", *CLERK, "--approver-pin", "258036"], "invalid_input"),
        (["exchange", "T08-999999", "--performance", "P-CONCERT", "--seat", "A-1-3", *SUPER], "not_found"),
        (
            ["exchange", "T08-000001", "--performance", "P-CONCERT", "--seat", "A-1-3", "--online", *SUPER],
            "invalid_input",
        ),  # not enrolled: no central to hold seats at
        (["pickup", "123"], "invalid_input"),
        (["pickup", "--order", "W000000001", "--phone-last4", "12"], "invalid_input"),
        (["pickup", "12345678", "--lookup-only"], "pickup_offline"),
        (["pickup", "12345678"], "invalid_input"),
    ],
)
def test_bad_after_sales_commands_change_nothing(till: Path, args: list[str], error: str) -> None:
    before = json.loads(pos(till, "journal", "verify").stdout)["entries"]
    proc = pos(till, *args, check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["error"] == error
    assert "Traceback" not in proc.stderr
    assert json.loads(pos(till, "journal", "verify").stdout)["entries"] == before

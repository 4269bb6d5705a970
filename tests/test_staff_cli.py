"""``pos staff`` deactivate / reactivate / reset-pin / role / set-pin through click's
CliRunner on a real data folder; a deactivated person cannot sign in, sell or approve on the
command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from poscli.main import cli
from tests.factories import CLERK, SUPERVISOR

SUP2 = ("S2", "739164")
BY = ["--by", SUPERVISOR[0], "--by-pin", SUPERVISOR[1]]


@pytest.fixture
def data(counter) -> Path:  # type: ignore[no-untyped-def]
    counter.store.close()
    return counter.store.data_dir  # type: ignore[no-any-return]


def pos(data: Path, *args: str, code: int = 0) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "--json", *args])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _listed(data: Path) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in pos(data, "staff", "list")["staff"]}


def test_a_deactivated_clerk_cannot_sign_in_sell_or_approve(data: Path) -> None:
    pos(
        data,
        "staff",
        "add",
        "--id",
        SUP2[0],
        "--name",
        "Boss 2",
        "--role",
        "supervisor",
        "--pin",
        SUP2[1],
        *BY,
    )
    assert pos(data, "staff", "deactivate", CLERK[0], *BY)["active"] is False
    assert _listed(data)[CLERK[0]]["active"] is False
    sell = ["sell", "--performance", "P-CONCERT", "--seat", "A-1-1", "--tender", "cash:2000"]
    refused = pos(data, *sell, "--staff", CLERK[0], "--pin", CLERK[1], code=2)
    assert refused["error"] == "staff_inactive"
    refused = pos(data, "shift", "status", "--staff", CLERK[0], "--pin", CLERK[1], code=2)
    assert refused["error"] == "staff_inactive"
    # A deactivated supervisor approves nothing.
    pos(data, "staff", "deactivate", SUP2[0], *BY)
    pos(data, "staff", "reactivate", CLERK[0], *BY)
    drawer = ["drawer", "open", "--reason", "change", "--staff", CLERK[0], "--pin", CLERK[1]]
    denied = pos(data, *drawer, "--approver", SUP2[0], "--approver-pin", SUP2[1], code=2)
    assert denied["error"] == "staff_inactive"
    assert pos(data, *drawer, *(a.replace("--by", "--approver") for a in BY))["journal_seq"] > 0
    pos(data, "staff", "deactivate", CLERK[0], *BY)
    # Nor can the deactivated supervisor manage staff.
    assert pos(data, "staff", "reactivate", CLERK[0], "--by", SUP2[0], "--by-pin", SUP2[1], code=2)[
        "error"
    ] == ("staff_inactive")
    pos(data, "staff", "reactivate", CLERK[0], *BY)
    assert _listed(data)[CLERK[0]]["active"] is True


def test_reset_pin_then_set_pin_on_the_command_line(data: Path) -> None:
    out = pos(data, "staff", "reset-pin", CLERK[0], "--temporary-pin", "5931", *BY)
    assert out["pin_change_required"] is True
    blocked = pos(data, "shift", "status", "--staff", CLERK[0], "--pin", "5931", code=2)
    assert blocked["error"] == "pin_change_required"
    assert pos(data, "staff", "set-pin", "--id", CLERK[0], "--pin", "5931", "--new-pin", "1111", code=2)[
        "error"
    ] == ("invalid_input")
    assert pos(data, "staff", "set-pin", "--id", CLERK[0], "--pin", "0000", "--new-pin", "2468", code=2)[
        "error"
    ] == ("auth_failed")
    assert pos(data, "staff", "set-pin", "--id", CLERK[0], "--pin", "5931", "--new-pin", "2468")["changed"]
    assert _listed(data)[CLERK[0]]["pin_change_required"] is False
    pos(data, "shift", "status", "--staff", CLERK[0], "--pin", "2468")


def test_role_change_and_refusals(data: Path) -> None:
    assert pos(data, "staff", "role", CLERK[0], "door", *BY)["role"] == "door"
    assert pos(data, "staff", "role", CLERK[0], "door", *BY, code=2)["error"] == "invalid_input"
    # Refusals: wrong supervisor PIN, a clerk as the supervisor, oneself, nobody, a bad role.
    assert (
        pos(data, "staff", "deactivate", CLERK[0], "--by", SUPERVISOR[0], "--by-pin", "000000", code=2)[
            "error"
        ]
        == "auth_failed"
    )
    pos(data, "staff", "role", CLERK[0], "clerk", *BY)
    assert (
        pos(data, "staff", "deactivate", SUPERVISOR[0], "--by", CLERK[0], "--by-pin", CLERK[1], code=2)[
            "error"
        ]
        == "permission_denied"
    )
    assert pos(data, "staff", "deactivate", SUPERVISOR[0], *BY, code=2)["error"] == "permission_denied"
    assert pos(data, "staff", "reactivate", "NOBODY", *BY, code=2)["error"] == "not_found"
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "staff", "role", CLERK[0], "boss", *BY])
    assert result.exit_code == 2 and "boss" in result.output  # click refuses the choice

"""``pos partner statement --print`` (issue 24) against a real central on loopback: the statement
and the close-outs central disagreed with go to the terminal's printer (a network printer on
loopback) in the outlet's language; no printer, or one that cannot be reached, is an error
after which nothing claims it printed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from pos.terminal.identity import terminal_info
from pos.tickets.printjobs import jobs, save_printer_profile
from printing.profiles import PrinterProfile
from tests.printing.conftest import LoopbackPrinter, closed_port
from tests.sync.partner_helpers import partner_central, sell_seats, terminal
from tests.sync.selling_helpers import pos_json


def test_statement_prints_on_the_terminals_printer(tmp_path: Path) -> None:
    with partner_central(f"sqlite:///{tmp_path / 'central.sqlite'}", credit_limit=1_000_000) as live:
        store, client = terminal(live, tmp_path / "a")
        sell_seats(store, client, ["B-1-1"])
        now = datetime.now(UTC)
        r = httpx.put(f"{live.base}/v1/closeouts/{uuid.uuid4()}", headers={"Authorization": f"Bearer {client.token}"},
                      json={"business_date": now.date().isoformat(), "period_start": (now - timedelta(hours=2)).isoformat(),
                            "period_end": (now + timedelta(minutes=1)).isoformat(),
                            "totals": {"orders": 2, "tickets": 1, "gross": 18_500, "refunds": 0}}, timeout=10)
        assert r.status_code == 201, r.text
        day = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
        args = ("partner", "statement", "--staff", "S1", "--pin", "258036", "--from", day, "--to", day, "--print")
        code, out = pos_json(tmp_path / "a", *args)  # no printer yet
        assert code != 0 and "no printer is set up" in str(out) and not jobs(store, limit=10)
        printer = LoopbackPrinter()
        save_printer_profile(store, name="NET", settings=printer.profile(mode="text", paper=58).to_settings())
        code, out = pos_json(tmp_path / "a", *args)
        received = printer.join()
        assert code == 0, out
        assert out["sales"] == 18_500 and out["print_status"] == "unconfirmed" and out["print_error"] is None
        zh = terminal_info(store).language == "zh"  # the outlet's language decides the slip's
        words = ("合伙人对账单", "￥185.00", "与中心不一致的日结") if zh else ("Partner statement", "￥185.00", "Close-outs")
        for w in words:
            assert w.encode("gb18030") in received, w
        assert received.count(b"\x1dV") == 1
        # A printer that cannot be reached: the statement is still shown, the exit code and the
        # failed job say it did not print.
        dead = PrinterProfile(name="NET", connection="network", host="127.0.0.1", port=closed_port(), timeout=1)
        save_printer_profile(store, name="NET", settings=dead.to_settings())
        code, out = pos_json(tmp_path / "a", *args)
        assert code == 2 and out["sales"] == 18_500 and out["print_job"] is None
        assert "cannot be reached" in out["print_error"]
        assert sorted(j.status for j in jobs(store, limit=10)) == ["failed", "unconfirmed"]
        store.close()

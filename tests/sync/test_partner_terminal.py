"""A city partner's terminal against a real central on loopback (issue 24): the credit left
refuses a sale before any seat is held online and bounds offline sales; outside its contract
the terminal does not sell but still hands out pickups and refunds its own orders; the
statement is read by the outlet's own terminals only (403 for another outlet's), and
`pos partner statement` exports it as PDF and CSV."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from central.models import Hold
from central.services import partner as central_partner
from pos.aftersales.reversal import refund
from pos.errors import NotSellable
from pos.partner import account as acct
from pos.pickup.service import parse_query
from pos.store.models.sales import Order as LocalOrder
from pos.terminal import connectivity
from sync import partner
from sync.pickup import collect
from sync.protocol.online import OnlineOrderReply, OnlineOrderRequest
from sync.protocol.partner import PartnerAccount
from sync.pull import sync_once
from sync.relay import drain, needs_attention
from sync.transport import CentralClient, CentralRejected
from tests.central.live import Live
from tests.sync.partner_helpers import CLERK, SUP, partner_central, sell_seats, terminal
from tests.sync.selling_helpers import pos_json

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'central.sqlite'}"


def _holds(live: Live) -> int:
    return int(live.ctx.db.run(lambda s: s.scalar(select(func.count()).select_from(Hold))))


def test_credit_left_refuses_before_the_hold_online(sqlite_url: str, tmp_path: Path) -> None:
    with partner_central(sqlite_url, credit_limit=40_000) as live:
        store, client = terminal(live, tmp_path / "a")
        assert acct.status(store, datetime.now(UTC)).credit_left == 40_000  # type: ignore[union-attr]
        sold = sell_seats(store, client, ["B-1-1"])  # 18,500 less 8% commission: owes 17,020
        assert sold.total.amount == 18_500
        left = 40_000 - (18_500 - 1_480)
        assert acct.status(store, datetime.now(UTC)).credit_left == left  # counted before any sync
        holds = _holds(live)
        with pytest.raises(NotSellable) as refused:
            sell_seats(store, client, ["B-1-2", "B-1-3"])  # owes 34,040: more than is left
        assert refused.value.details["reason"] == "credit_limit"
        assert refused.value.details["credit_left"] == left and "229.80 left" in refused.value.message
        assert _holds(live) == holds  # refused before the seats were held at central
        with store.read() as s:
            assert s.execute(select(func.count()).select_from(LocalOrder)).scalar_one() == 1  # nothing written
        # Central agrees to the fen once the account is read again.
        sync_once(store, client)
        assert acct.load(store).credit_left == left  # type: ignore[union-attr]
        assert acct.status(store, datetime.now(UTC)).credit_left == left  # type: ignore[union-attr]
        sell_seats(store, client, ["B-1-2"])  # one seat fits
        store.close()


def test_offline_sales_are_bounded_by_the_last_known_credit_left(sqlite_url: str, tmp_path: Path) -> None:
    with partner_central(sqlite_url, credit_limit=100_000) as live:
        store, client = terminal(live, tmp_path / "a")
        connectivity.record_offline(store, reason="cable pulled")
        # Section A is this outlet's allocation, leased to this terminal: 38,500 a seat,
        # owing 35,420 each. The offline caps (2,000 a sale, 20,000 in all) would allow more.
        sell_seats(store, None, ["A-1-1"])
        sell_seats(store, None, ["A-1-2"])
        with pytest.raises(NotSellable) as refused:
            sell_seats(store, None, ["A-1-3"])
        assert refused.value.details["reason"] == "credit_limit"
        assert refused.value.details["credit_left"] == 100_000 - 2 * 35_420
        # Back online, the sales upload and central counts them as the terminal did.
        connectivity.record_online(store)
        assert drain(store, client).attention == 0
        assert partner.pull_account(store, client).credit_left == 100_000 - 2 * 35_420
        store.close()


def _web_order(live: Live, outlet: str) -> OnlineOrderReply:
    web = CentralClient(live.base, token=live.platform)
    req = OnlineOrderRequest(performance_id="P-CONCERT", area_id="FLOOR", quantity=1, concession="adult",
                             buyer_name="王小明", buyer_phone="+86 138 0013 1234", pickup_outlet_id=outlet)
    return web.put(f"/online-orders/{uuid.uuid4()}", req, OnlineOrderReply)


def test_outside_the_contract_no_sale_but_pickups_and_refunds_go_on(sqlite_url: str, tmp_path: Path) -> None:
    with partner_central(sqlite_url, credit_limit=0) as live:
        store, client = terminal(live, tmp_path / "a")
        sold = sell_seats(store, client, ["B-1-1", "B-1-2"])
        today = datetime.now(SHANGHAI).date()
        central_partner.set_terms(live.ctx, outlet_id="BO-1", contract_start=today - timedelta(days=300),
                                  contract_end=today - timedelta(days=1))
        sync_once(store, client)
        with pytest.raises(NotSellable) as refused:
            sell_seats(store, client, ["B-1-3"])
        assert refused.value.details["reason"] == "contract_ended" and "contract ended" in refused.value.message
        connectivity.record_offline(store, reason="test")
        with pytest.raises(NotSellable):  # offline too
            sell_seats(store, None, ["A-1-1"])
        connectivity.record_online(store)
        # A refund of its own order, and a pickup, still go through, and central takes them.
        refund(store, order=sold.order_id, actor=SUP, ticket_ids=[sold.tickets[0].ticket_id])
        web = _web_order(live, "BO-1")
        done = collect(store, client, query=parse_query(code=web.pickup_code), actor=CLERK)
        assert done.order.pickup_code == web.pickup_code
        assert drain(store, client).attention == 0 and not needs_attention(store)
        # A contract that starts later: refused as well, saying when.
        central_partner.set_terms(live.ctx, outlet_id="BO-1", contract_start=today + timedelta(days=3),
                                  contract_end=today + timedelta(days=300))
        sync_once(store, client)
        with pytest.raises(NotSellable) as later:
            sell_seats(store, client, ["B-1-3"])
        assert later.value.details["reason"] == "contract_not_started"
        # Ending within 14 days: sells, with the warning in the status.
        central_partner.set_terms(live.ctx, outlet_id="BO-1", contract_start=today, contract_end=today + timedelta(days=5))
        sync_once(store, client)
        st = acct.status(store, datetime.now(UTC))
        assert st is not None and st.contract.state == "active" and st.contract.warn and st.contract.days_left == 5
        sell_seats(store, client, ["B-1-3"])
        store.close()


def test_statement_is_the_outlets_own_and_exports(sqlite_url: str, tmp_path: Path) -> None:
    with partner_central(sqlite_url, credit_limit=1_000_000) as live:
        store, client = terminal(live, tmp_path / "a")
        other, other_client = terminal(live, tmp_path / "b", outlet="BO-2")
        sell_seats(store, client, ["B-1-1"])
        today = datetime.now(SHANGHAI).date()
        st = partner.statement(client, "BO-1", today, today)
        assert (st.orders, st.sales, st.commission) == (1, 18_500, 1_480)
        # Another outlet's terminal: refused, for every part of the account.
        for call in (lambda: partner.statement(other_client, "BO-1", today, today),
                     lambda: partner.mismatches(other_client, "BO-1")):
            with pytest.raises(CentralRejected) as no:
                call()
            assert no.value.status == 403
        with pytest.raises(CentralRejected) as no:
            other_client.get("/outlets/BO-1/account", PartnerAccount)
        assert no.value.status == 403
        assert partner.pull_account(other, other_client).outlet_id == "BO-2"  # its own: allowed
        # The command: PDF and CSV, supervisors only, and a period the right way round.
        pdf, csv_file = tmp_path / "st.pdf", tmp_path / "st.csv"
        day = today.isoformat()
        code, out = pos_json(tmp_path / "a", "partner", "statement", "--staff", "S1", "--pin", "258036",
                             "--from", day, "--to", day, "--pdf", str(pdf), "--csv", str(csv_file))
        assert code == 0, out
        assert out["sales"] == 18_500 and out["files"] == {"pdf": str(pdf), "csv": str(csv_file)}
        assert pdf.read_bytes()[:5] == b"%PDF-" and "sales,18500" in csv_file.read_text(encoding="utf-8")
        from click.testing import CliRunner

        from poscli.main import cli

        text = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "a"), "partner", "statement", "--staff", "S1",
                                        "--pin", "258036", "--from", day, "--to", day])
        assert text.exit_code == 0 and "sales 185.00" in text.output and "closing balance owed" in text.output
        code, out = pos_json(tmp_path / "a", "partner", "statement", "--staff", "C1", "--pin", "1357",
                             "--from", day, "--to", day)
        assert code != 0  # a clerk may not
        code, out = pos_json(tmp_path / "a", "partner", "statement", "--staff", "S1", "--pin", "258036",
                             "--from", (today + timedelta(days=1)).isoformat(), "--to", day)
        assert code != 0 and "after" in str(out)
        store.close()
        other.close()

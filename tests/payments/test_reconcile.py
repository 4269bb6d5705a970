"""``pos payment reconcile``: the store's mobile tenders of a day against the wallet's statement."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from keyring.backends import fail

from paygate.democodes import WECHAT, Scenario
from payments.config import setup_wechat
from payments.reconcile import StoreTender, compare
from payments.statements import StatementRow
from pos.cash.tenders import Tender, default_providers
from pos.money import Money
from pos.sales import CartItem, sell
from poscli.main import cli
from tests.factories import NOW
from tests.payments.conftest import live_gateway, wechat_for
from tests.payments.test_states import trade_no

T = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


def row(tx: str, kind: str, fen: int) -> StatementRow:
    return StatementRow("wechat", "OUT" + tx, tx, kind, Money(fen), T)  # type: ignore[arg-type]


def test_compare_finds_each_kind_of_difference() -> None:
    statement = [row("A", "pay", 100), row("B", "pay", 200), row("C", "pay", 300), row("C", "refund", 300),
                 row("E", "pay", 500), row("E", "refund", 100), row("F", "refund", 50)]
    tenders = [StoreTender("wechat", "A", "o1", 100), StoreTender("wechat", "D", "o4", 400),
               StoreTender("wechat", "B", "o2", 250), StoreTender("wechat", "E", "o5", 500)]
    found = {d.transaction_id: d.kind for d in compare("wechat", statement, tenders)}
    # A matches; B differs; C charged and reversed the same day (no sale): fine; D store only;
    # E refunded at the wallet but not in the store; F a refund of another day's sale: that day's.
    assert found == {"B": "amount_differs", "D": "store_only", "E": "amount_differs"}
    found = {d.transaction_id: d.kind for d in compare("wechat", [*statement, row("G", "pay", 700)], tenders)}
    assert found["G"] == "statement_only"
    assert compare("alipay", statement, []) == []  # another wallet's rows are not this one's


class RecordedWeChat:
    """A mobile tender recorded as the sale flow records a wallet charge: provider ``wechat``,
    reference the gateway's transaction id (already authorised at the gateway)."""

    name = "wechat"
    kind = "mobile"

    def authorise(self, *, amount: Money, reference: str) -> str:
        return reference


PROVIDERS: Any = {**default_providers(), "mobile": RecordedWeChat()}


@pytest.fixture
def no_keyring() -> Any:
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_reconcile_a_day_end_to_end(counter: Any, tmp_path: Path, no_keyring: Any) -> None:
    clock = iter(NOW + timedelta(seconds=i) for i in range(10_000))
    with live_gateway(tmp_path / "gw", clock=lambda: next(clock)) as gw:
        data_dir = counter.store.data_dir
        setup_wechat(data_dir=data_dir, mch_id=gw.demo.wechat_mch_id, app_id=gw.demo.wechat_app_id,
                     api_key_file=gw.demo.wechat_api_key_file, gateway=gw.demo.wechat_gateway)
        p = wechat_for(gw.demo)
        # a sale whose mobile tender is a real charge at the gateway (recorded as the flow records it)
        probe = sell(counter.store, performance_id="P-CONCERT", items=[CartItem("adult", seat_id="A-1-1")],
                     tenders=[Tender("cash", Money(10**6))], actor=counter.clerk, signer=counter.signer, now=NOW)
        price = probe.total.amount
        sold = p.pay(out_trade_no=trade_no(), auth_code=WECHAT[Scenario.SUCCESS], amount=Money(price), subject="t")
        order = sell(counter.store, performance_id="P-CONCERT", items=[CartItem("adult", seat_id="A-1-2")],
                     tenders=[Tender("mobile", Money(price), sold.transaction_id or "")], actor=counter.clerk,
                     signer=counter.signer, now=NOW, providers=PROVIDERS)
        ghost = sell(counter.store, performance_id="P-CONCERT", items=[CartItem("adult", seat_id="A-1-3")],
                     tenders=[Tender("mobile", Money(price), "4200000000000000000000000001")], actor=counter.clerk,
                     signer=counter.signer, now=NOW, providers=PROVIDERS)
        # charged, and no sale: the customer paid for nothing
        lost = p.pay(out_trade_no=trade_no(), auth_code=WECHAT[Scenario.SUCCESS], amount=Money(999), subject="t")
        # charged and reversed: no sale and no money, no difference
        back = trade_no()
        p.pay(out_trade_no=back, auth_code=WECHAT[Scenario.SUCCESS], amount=Money(500), subject="t")
        assert p.reverse(out_trade_no=back).done
        runner = CliRunner()
        args = ["--data-dir", str(data_dir), "payment", "reconcile", "--date", "2026-12-01", "--wallet", "wechat"]
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert str(lost.transaction_id) in result.output and "仅在对账单中" in result.output  # the outlet is zh
        assert "4200000000000000000000000001" in result.output and "仅在本机记录中" in result.output
        assert str(sold.transaction_id) not in result.output
        report = json.loads(runner.invoke(cli, ["--json", *args]).output)["wechat"]
        kinds = {d["transaction_id"]: (d["kind"], d["order_id"]) for d in report["differences"]}
        assert kinds == {str(lost.transaction_id): ("statement_only", ""),
                         "4200000000000000000000000001": ("store_only", ghost.order_id)}
        assert order.order_id not in json.dumps(report)
        # the statement as a file, without the gateway: same answer
        statement = tmp_path / "bill.txt"
        statement.write_text(p.statement_text(day=NOW.date()), encoding="utf-8")
        from_file = runner.invoke(cli, [*args, "--statement", str(statement)])
        assert from_file.exit_code == 1 and str(lost.transaction_id) in from_file.output
        statement.write_text("garbage", encoding="utf-8")
        damaged = runner.invoke(cli, [*args, "--statement", str(statement)])
        assert damaged.exit_code == 2 and "error:" in damaged.output
        # another day: nothing there, nothing differs
        assert runner.invoke(cli, [*args[:-4], "--date", "2026-11-30", "--wallet", "wechat"]).exit_code == 0

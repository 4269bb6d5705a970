"""The command line's wallet side: ``pos sell`` with a scanned payment code charges that
wallet before the sale commits; ``pos payment recover`` resolves what a crash left open and
sends queued refunds. Against the real local gateway on loopback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from paygate.democodes import ALIPAY, WECHAT, Scenario
from pos.payments.wallet import ChargeState
from tests.test_cli import new_till, pos


@pytest.fixture
def till(tmp_path: Path, wallet_gateway: Any) -> Path:
    data = new_till(tmp_path, "T09")
    pos(data, "payment", "setup", "demo", "--credentials", str(wallet_gateway.demo.credentials_file))
    return data


def _sell(data: Path, seat: str, tender: str, check: bool = True) -> Any:
    return pos(data, "sell", "--performance", "P-CONCERT", "--seat", seat, "--concession", "adult",
               "--tender", tender, "--staff", "C1", "--pin", "1357", check=check)


def test_sell_with_a_payment_code_charges_the_wallet_then_commits(till: Path, wechat_provider: Any) -> None:
    out = json.loads(_sell(till, "A-1-1", f"mobile:385:{WECHAT[Scenario.SUCCESS]}").stdout)
    con = sqlite3.connect(till / "pos.sqlite")
    ((kind, provider, amount, ref),) = con.execute("SELECT kind, provider, amount, reference FROM payment").fetchall()
    assert (kind, provider, amount) == ("mobile", "wechat", 38500)
    ((trade_no, state),) = con.execute("SELECT out_trade_no, state FROM payment_intent").fetchall()
    assert state == "committed" and out["order_id"].replace("-", "")[:28] == trade_no[:28]
    assert wechat_provider.query(out_trade_no=trade_no).transaction_id == ref
    # a refusal: nothing sold, the reason said
    refused = _sell(till, "A-1-2", f"mobile:385:{ALIPAY[Scenario.NOT_ENOUGH]}", check=False)
    assert refused.returncode != 0 and "insufficient_balance" in refused.stdout + refused.stderr
    assert con.execute("SELECT count(*) FROM sale_order").fetchone() == (1,)
    # a hand-keyed transaction number is still taken as before (nothing to charge)
    _sell(till, "A-1-3", "mobile:385:HANDKEYED12345")
    done = json.loads(pos(till, "payment", "recover").stdout)
    assert done == {"payments": [], "refunds": []}


def test_recover_reverses_a_payment_left_open_and_sends_a_queued_refund(till: Path, wechat_provider: Any) -> None:
    from pos.money import Money
    from pos.store.db import open_store
    from pos.terminal.identity import load_signer
    from tests.payments.flow_helpers import Around

    _sell(till, "A-2-1", f"mobile:385:{WECHAT[Scenario.SUCCESS]}")
    (order_id,) = sqlite3.connect(till / "pos.sqlite").execute("SELECT id FROM sale_order").fetchone()
    pos(till, "refund", order_id, "--staff", "S1", "--pin", "258036")
    # an intent left pending by a crash just after the charge
    from pos.payments.checkout import sell_by_wallet
    from pos.sales import CartItem
    from pos.staff.access import Role, StaffSession

    class Crash(BaseException):
        pass

    def crash(_c: Any) -> None:
        raise Crash

    store = open_store(till)
    with pytest.raises(Crash):
        sell_by_wallet(store, wallets={"wechat": Around(wechat_provider, after_pay=crash)},
                       auth_code=WECHAT[Scenario.CONFIRM_THEN_PAID], amount=Money(38500), gateway=None,
                       performance_id="P-CONCERT", items=[CartItem("adult", seat_id="A-2-2")],
                       actor=StaffSession("C1", "Clerk", Role.CLERK, __import__("datetime").datetime.now(
                           __import__("datetime").UTC)), signer=load_signer(store))
    store.close()
    out = json.loads(pos(till, "payment", "recover", "--all").stdout)
    assert [p["outcome"] for p in out["payments"]] == ["reversed"]
    con = sqlite3.connect(till / "pos.sqlite")
    assert con.execute("SELECT state FROM wallet_refund").fetchall() == [("success",)]
    trade_nos = [r[0] for r in con.execute("SELECT out_trade_no FROM payment_intent ORDER BY created_at")]
    assert wechat_provider.query(out_trade_no=trade_nos[-1]).state is ChargeState.CLOSED

"""Kill a seller paying by wallet at random instants between the intent, the gateway call and
the commit, 200 times, resolving what it left after each kill as the app does on start-up;
then every charge the gateway holds has exactly one committed sale or was reversed, and no
sale exists without its charge (invariant 10). Against the real local gateway on loopback."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pos.payments.recovery import recover
from pos.store.db import open_store
from pos.terminal.identity import load_signer
from tests.crash.test_crash_commit import check_store
from tests.factories import make_counter, small_catalog
from tests.payments.conftest import alipay_for, live_gateway, wechat_for

KILLS = int(os.environ.get("POS_WALLET_CRASH_KILLS", "200"))


def _check_against_gateway(terminal: Path, gateway_db: Path) -> dict[str, int]:
    con = sqlite3.connect(terminal / "pos.sqlite")
    books = sqlite3.connect(gateway_db)
    try:
        intents = con.execute("SELECT out_trade_no, wallet, state, transaction_id, order_id FROM payment_intent").fetchall()
        assert [i for i in intents if i[2] in ("pending", "reversing")] == [], "an intent was left open"
        ours = {i[0]: i for i in intents}
        mobile = con.execute(
            "SELECT p.order_id, p.provider, p.amount, p.reference FROM payment p WHERE p.kind = 'mobile'"
        ).fetchall()
        by_reference: dict[str, list[tuple[str, str, int, str]]] = {}
        for row in mobile:
            by_reference.setdefault(row[3], []).append(row)
        trades = books.execute("SELECT wallet, out_trade_no, trade_no, amount, state FROM trade").fetchall()
        charged = 0
        for wallet, trade_no, gateway_id, amount, state in trades:
            assert trade_no in ours, f"the gateway holds {trade_no}, which no intent preceded"
            if state == "PAID":  # charged and not reversed: exactly one sale, committed with it
                charged += 1
                sales = by_reference.get(gateway_id, [])
                assert len(sales) == 1, f"{trade_no} charged {amount} with {len(sales)} sales"
                assert sales[0][1:3] == (wallet, amount)
                assert ours[trade_no][2] == "committed" and ours[trade_no][4] == sales[0][0]
            else:  # reversed, closed, refused: no sale took it
                assert gateway_id not in by_reference, f"{trade_no} is {state} at the gateway but sold"
                assert ours[trade_no][2] in ("reversed", "failed")
        paid_ids = {t[2] for t in trades if t[4] == "PAID"}
        assert set(by_reference) <= paid_ids, "a sale without its charge"
        return {"intents": len(intents), "charged": charged, "trades": len(trades)}
    finally:
        con.close()
        books.close()


@pytest.mark.slow
def test_wallet_sales_survive_sigkill_between_intent_charge_and_commit(tmp_path: Path) -> None:
    data = tmp_path / "terminal"
    # 19,899 seats: a quiet machine sells about 30 a kill; the seller must never sell out.
    catalog = small_catalog(datetime.now(UTC), rows_per_section=100, seats_per_row=100)
    make_counter(data, catalog=catalog, now=datetime.now(UTC)).store.close()
    rng = random.Random(20261207)
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload(["tests.crash.wallet_seller"])
    from tests.crash import wallet_seller

    with live_gateway(tmp_path / "paygate") as gateway:
        wallets = {"wechat": wechat_for(gateway.demo), "alipay": alipay_for(gateway.demo)}
        store = open_store(data)
        signer = load_signer(store)
        outcomes: dict[str, int] = {}
        try:
            for kill in range(KILLS):
                ready = mp.Event()
                child = mp.Process(target=wallet_seller.run, args=(str(data), gateway.demo, kill, ready))
                child.start()
                assert ready.wait(60), "the seller did not start"
                child.join(timeout=rng.uniform(0.005, 0.3))
                assert child.is_alive(), "the seller stopped on its own: sold out or crashed"
                os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
                child.join()
                # What the app does on start-up: every intent left open, resolved by query.
                for r in recover(store, wallets=wallets, signer=signer, include_live=True):
                    outcomes[r.outcome] = outcomes.get(r.outcome, 0) + 1
        finally:
            store.close()
        check_store(data)  # every sale whole, the journal intact
        figures = _check_against_gateway(data, tmp_path / "paygate" / "paygate.sqlite")
    print(f"\n{KILLS} kills: {figures}, recovery outcomes {outcomes}")
    assert figures["charged"] > KILLS  # the kills landed among many wallet sales
    assert outcomes.get("committed", 0) + outcomes.get("reversed", 0) > 0  # and some mid-payment

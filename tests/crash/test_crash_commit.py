"""Kill a selling process at random instants; every sale must be whole or absent (invariant 2)."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pos.journal.chain import verify
from pos.store.db import open_store
from tests.factories import make_counter, small_catalog

KILLS = int(os.environ.get("POS_CRASH_KILLS", "150"))


def check_store(path: Path) -> tuple[int, int]:
    """Integrity, journal, and that each order is whole. Returns (orders, tickets)."""
    con = sqlite3.connect(path / "pos.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        orders = con.execute("SELECT id, total, ticket_count, journal_seq FROM sale_order").fetchall()
        for order_id, total, ticket_count, journal_seq in orders:
            tickets = con.execute(
                "SELECT count(*), coalesce(sum(total), 0) FROM ticket WHERE order_id = ?", (order_id,)
            ).fetchone()
            assert tickets[0] == ticket_count, f"order {order_id} has {tickets[0]} of {ticket_count} tickets"
            paid = con.execute(
                "SELECT coalesce(sum(amount), 0) FROM payment WHERE order_id = ?", (order_id,)
            ).fetchone()[0]
            assert paid == total, f"order {order_id} paid {paid} of {total}"
            outbox = con.execute("SELECT payload FROM outbox WHERE id = ?", (order_id,)).fetchone()
            assert outbox is not None and json.loads(outbox[0])["total"] == total
            kind = con.execute(
                "SELECT json_extract(record, '$.kind'), json_extract(record, '$.ref') FROM journal WHERE seq = ?",
                (journal_seq,),
            ).fetchone()
            assert kind == ("sale", order_id)
        assert con.execute(
            "SELECT count(*) FROM ticket WHERE order_id NOT IN (SELECT id FROM sale_order)"
        ).fetchone() == (0,)
        assert con.execute(
            "SELECT count(*) FROM outbox WHERE kind = 'order' AND id NOT IN (SELECT id FROM sale_order)"
        ).fetchone() == (0,)
        # No seat twice, whatever happened.
        assert con.execute(
            "SELECT count(*) FROM (SELECT seat_id FROM ticket WHERE seat_id IS NOT NULL AND status='valid' GROUP BY seat_id HAVING count(*) > 1)"
        ).fetchone() == (0,)
        n_tickets = con.execute("SELECT count(*) FROM ticket").fetchone()[0]
    finally:
        con.close()
    store = open_store(path)
    try:
        verify(store)
    finally:
        store.close()
    return len(orders), n_tickets


@pytest.mark.slow
def test_sales_survive_sigkill_at_random_points(tmp_path: Path) -> None:
    data = tmp_path / "terminal"
    # 51,200 seats: a fast machine sells about 250 seats between two kills, so fewer ran out.
    catalog = small_catalog(datetime.now(UTC), rows_per_section=160, seats_per_row=160)
    make_counter(data, catalog=catalog).store.close()
    rng = random.Random(20261125)
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload(["tests.crash.seller"])
    from tests.crash import seller

    orders = 0
    for kill in range(KILLS):
        ready = mp.Event()
        child = mp.Process(target=seller.run, args=(str(data), kill, ready))
        child.start()
        assert ready.wait(60), "the seller did not start"
        child.join(timeout=rng.uniform(0.005, 0.25))
        assert child.is_alive(), "the seller stopped on its own: sold out or crashed"
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join()
        now_orders, _ = check_store(data)
        assert now_orders >= orders  # nothing committed is ever lost
        orders = now_orders
    assert orders > KILLS  # the kills really landed among many sales

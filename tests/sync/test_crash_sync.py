"""SIGKILL the terminal at random points while it sells and drains, at least 200 times.

After each restart the journal verifies; at the end central holds every paid order of the
terminal exactly once, with all its tickets (invariants 2 and 3)."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from central.services import admin
from pos.journal.chain import verify
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import open_store
from sync.enrol import connect, enrol
from sync.pull import sync_once
from sync.relay import drain, pending_count
from tests.central.live import live_server
from tests.crash.test_crash_commit import check_store
from tests.factories import open_shift_for, small_catalog
from tests.sync.conftest import enrol_code

KILLS = int(os.environ.get("POS_SYNC_CRASH_KILLS", "200"))


@pytest.mark.slow
def test_terminal_killed_while_selling_and_draining(tmp_path: Path) -> None:
    central_db = f"sqlite:///{tmp_path / 'central.sqlite'}"
    data = tmp_path / "terminal"
    catalog = small_catalog(datetime.now(UTC), rows_per_section=80, seats_per_row=80)
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # the child processes have no keyring: use the token file
    with live_server(central_db, catalog) as live:
        # The one till leases the whole allocation (issue 17): the workers sell without refilling.
        admin.set_lease_terms(live.ctx, outlet_id="BO-1", seats_per_performance=100_000, standing_per_area=0,
                              idle_hours=48)
        enrol(data, central_url=live.base, code=enrol_code(live), terminal_name="till", allow_token_file=True)
        store = open_store(data)
        sup = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))
        add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
        add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="1357", by=sup)
        open_shift_for(store, StaffSession("C1", "Clerk", Role.CLERK, datetime.now(UTC)))
        sync_once(store, connect(store, allow_token_file=True))
        store.close()

        mp = multiprocessing.get_context("forkserver")
        mp.set_forkserver_preload(["tests.sync.crash_worker"])
        from tests.sync import crash_worker

        rng = random.Random(4242)
        killed = 0
        for i in range(KILLS):
            ready = mp.Event()
            child = mp.Process(target=crash_worker.run, args=(str(data), i, ready))
            child.start()
            # A bound on a state, not a timing: a loaded 2-core machine has taken over 30 s.
            assert ready.wait(180), "the worker did not start"
            child.join(timeout=rng.uniform(0.001, 0.25))
            if child.is_alive():
                os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
                killed += 1
            child.join()
            check_store(data)  # integrity, journal, every order whole
        assert killed >= 200 or killed == KILLS

        store = open_store(data)
        verify(store)
        final = drain(store, connect(store, allow_token_file=True))
        assert pending_count(store) == 0 and final.attention == 0
        with store.read() as session:
            local = {
                r[0]: r[1]
                for r in session.execute(
                    text("SELECT id, ticket_count FROM sale_order WHERE status = 'paid'")
                )
            }
        with live.ctx.db.engine.connect() as conn:
            remote = {
                str(r[0]): int(r[1])
                for r in conn.execute(
                    text(
                        "SELECT o.id, (SELECT count(*) FROM tickets t WHERE t.order_id = o.id) FROM orders o"
                    )
                )
            }
        assert len(local) > KILLS // 2
        assert remote == local  # every paid order exactly once, with all its tickets, and nothing else

"""Issue 17, a refused order can never enter: when central refuses an uploaded order, its
codes are on the revocation feed at once, the selling terminal voids its tickets with the
reason, every door of the venue refuses them after one sync cycle (`refused_by_central`),
and "needs attention" says what to tell the customer."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from central.models import Revocation
from central.models_refusals import RefusedOrder
from central.services.doors import bind_door
from pos.door import DoorValidator, Verdict
from pos.store import sql
from pos.store.db import Store
from sync.door.central import sync_door
from sync.enrol import central_link, connect
from sync.pull import sync_once
from sync.relay import needs_attention, resolve
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import PERF, SUP, counter, pos_json, sell_args


def _door(store: Store) -> DoorValidator:
    with store.read() as s:
        opens = sql.time_out(sql.row(s, "SELECT doors_open_at FROM performance WHERE id = ?", PERF).doors_open_at)
    assert opens is not None
    return DoorValidator(store, performance_id=PERF, gate="G1", clock=lambda: opens + timedelta(minutes=5))


def _door_cycle(store: Store) -> None:
    client = connect(store)
    try:
        sync_door(store, client, PERF)
    finally:
        client.close()


def test_a_refused_order_is_refused_at_every_door_after_one_sync(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a = counter(central, tmp_path / "a", memory_keyring, lease=False)  # sells offline, then is refused
    b = counter(central, tmp_path / "b", memory_keyring, lease=False)  # sells the same seat online first
    door = counter(central, tmp_path / "door", memory_keyring, outlet="BO-2", lease=False)  # a door
    for till in (a, b, door):  # each stands in for a gate: central takes scans only from bound doors
        link = central_link(till)
        assert link is not None
        bind_door(central.ctx, terminal_id=link.terminal_id, venue_id="HALL")
    # A's lease on three seats is stale: it was away longer than its idle time, so central let
    # the lease go while A still sells offline from its own copy (the way a conflict can still
    # arise with per-terminal leases: central then refuses what another till sold meanwhile).
    with a.write() as session:
        sql.run(session, "INSERT INTO lease_seat (performance_id, seat_id) VALUES (?, ?)",
                [("P-CONCERT", s) for s in ("A-2-3", "A-2-4", "A-2-5")])
    # A drill: A sells two orders on the offline policy while B, online, takes one of the seats.
    code, good = pos_json(tmp_path / "a", *sell_args(["A-2-4"], "--offline"))
    assert code == 0
    code, doomed = pos_json(tmp_path / "a", *sell_args(["A-2-5", "A-2-3"], "--offline"))
    assert code == 0
    code, online = pos_json(tmp_path / "b", *sell_args(["A-2-5"]))
    assert code == 0 and online["mode"] == "online"
    doomed_codes = [t["code"] for t in doomed["tickets"]]
    gates = [_door(door), _door(b), _door(a)]
    _door_cycle(door)
    _door_cycle(b)
    assert all(g.evaluate(doomed_codes[0]).verdict is Verdict.VALID for g in gates[:2])

    # A's next sync: central refuses the doomed order (seat_taken), takes the good one.
    client = connect(a)
    try:
        report = sync_once(a, client)
    finally:
        client.close()
    assert report.drained is not None and report.drained.attention == 1 and report.drained.sent == 1
    revoked = central.ctx.db.run(
        lambda s: sorted((r.code, r.reason) for r in s.scalars(select(Revocation)))
    )
    assert revoked == sorted((c, "refused") for c in doomed_codes)
    refusal = central.ctx.db.run(
        lambda s: s.scalars(select(RefusedOrder).where(RefusedOrder.id == doomed["order_id"])).one()
    )
    assert refusal is not None and refusal.reason == "seat_taken" and refusal.tickets == 2

    # One door cycle later, every door of the venue refuses both codes; the others pass.
    _door_cycle(door)
    _door_cycle(b)
    for gate in gates:
        for code_ in doomed_codes:
            scan = gate.check(code_)
            assert scan.verdict is Verdict.REFUSED_BY_CENTRAL and not scan.admitted, scan
            assert "refused by central" in scan.reason
        assert gate.evaluate(good["tickets"][0]["code"]).verdict is Verdict.VALID
        assert gate.evaluate(online["tickets"][0]["code"]).verdict is Verdict.VALID
        gate.close()

    # The selling terminal voided its tickets with the reason, and journaled it.
    with a.read() as s:
        tickets = sql.rows(s, "SELECT status, void_reason FROM ticket WHERE order_id = ?", doomed["order_id"])
        journaled = sql.rows(s, "SELECT record FROM journal WHERE json_extract(record, '$.kind') = 'order_refused'")
    assert [(t.status, t.void_reason) for t in tickets] == [("voided", "refused_by_central: seat_taken")] * 2
    assert len(journaled) == 1 and json.loads(journaled[0].record)["ref"] == doomed["order_id"]

    # Needs attention tells the clerk what to say, in the core and on the command line.
    (item,) = needs_attention(a)
    assert item.message_id == doomed["order_id"]
    assert doomed["order_number"] in item.tell_customer and "A-2-5" in item.tell_customer
    assert "refund" in item.tell_customer and "sold elsewhere" in item.tell_customer
    code, listed = pos_json(tmp_path / "a", "sync", "attention")
    assert code == 0 and listed["items"][0]["tell_customer"] == item.tell_customer

    # A supervisor's retry cannot make it enter: central refuses the same order id for good.
    resolve(a, message_id=doomed["order_id"], action="retry", note="", actor=SUP)
    client = connect(a)
    try:
        again = sync_once(a, client)
    finally:
        client.close()
    assert again.drained is not None and again.drained.attention == 1
    (item,) = needs_attention(a)
    assert item.error.startswith("order_refused")
    assert central.ctx.db.run(lambda s: len(list(s.scalars(select(Revocation))))) == 2  # nothing added twice

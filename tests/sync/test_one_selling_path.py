"""Issue 17, one selling path: `pos sell` holds at central first while online, exactly as the
app does, so two terminals of one outlet racing for the same seats never both sell them.
Against the real central over HTTP on loopback."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from central.models import Hold as CentralHold
from central.models import Ticket as CentralTicket
from pos.cash.tenders import Tender
from pos.errors import HoldUnavailable
from pos.money import Money
from pos.sales import CartItem
from pos.sales.holds import Hold, HoldSpec
from pos.sales.selling import sell_cart
from pos.store import settings, sql
from pos.store.db import Store
from pos.terminal import connectivity
from pos.terminal.identity import load_signer
from sync.enrol import CENTRAL_SETTING, connect
from sync.online import CentralHoldGateway
from sync.relay import drain
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import CLERK, PERF, counter, finish, pos_json, sell_args, start_pos


def _orders(store: Store) -> list[dict[str, object]]:
    with store.read() as s:
        return [{"id": r.id, "mode": r.mode, "hold_id": r.hold_id} for r in sql.rows(s, "SELECT id, mode, hold_id FROM sale_order")]


def _central_seats(live: Live, seats: list[str]) -> dict[str, str]:
    """seat -> order id of its valid ticket at central."""
    return live.ctx.db.run(
        lambda s: {
            t.seat_id: t.order_id
            for t in s.scalars(
                select(CentralTicket).where(CentralTicket.seat_id.in_(seats), CentralTicket.status == "valid")
            )
        }
    )


def test_two_online_terminals_racing_pos_sell_never_both_win_a_seat(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a = counter(central, tmp_path / "a", memory_keyring)
    b = counter(central, tmp_path / "b", memory_keyring)
    # Seats free at central and allocated to no outlet: sold online only, under a hold, so the
    # race is decided by central's holds (an allocated seat is one till's offline lease).
    rounds = [["B-2-3", "B-2-4"], ["B-2-5"]]
    for seats in rounds:
        # Two processes, as two clerks pressing Enter at once: same outlet, same allocated seats.
        procs = [start_pos(tmp_path / t, *sell_args(seats)) for t in ("a", "b")]
        results = [finish(p) for p in procs]
        winners = [r for r in results if r[0] == 0]
        losers = [r for r in results if r[0] != 0]
        assert len(winners) == 1 and len(losers) == 1, [r[2] for r in results]
        code, refused, raw = losers[0]
        assert code == 2 and refused["error"] == "seat_taken", raw
        assert "code" not in refused and '"code"' not in raw  # no ticket code printed
        won = winners[0][1]
        assert won["mode"] == "online" and sorted(t["item"] for t in won["tickets"]) == sorted(seats)
        # Central took the winner's order at once, under its hold: one order holds the seats.
        assert set(_central_seats(central, seats).values()) == {won["order_id"]}
    # The losers wrote nothing: no order, no ticket, nothing queued; every sale was held.
    sold = _orders(a) + _orders(b)
    assert len(sold) == len(rounds) and all(o["mode"] == "online" and o["hold_id"] for o in sold)
    for store in (a, b):
        with store.read() as s:
            assert sql.row(s, "SELECT count(*) AS n FROM outbox WHERE status != 'sent'").n == 0


def test_forced_offline_sale_is_journaled_and_skips_the_hold(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a = counter(central, tmp_path / "a", memory_keyring)
    code, sale = pos_json(tmp_path / "a", *sell_args(["A-1-1"], "--offline"))
    assert code == 0 and sale["mode"] == "offline", sale
    with a.read() as s:
        forced = sql.rows(s, "SELECT record FROM journal WHERE json_extract(record, '$.kind') = 'offline_forced'")
        order = sql.row(s, "SELECT mode, hold_id FROM sale_order WHERE id = ?", sale["order_id"])
    assert len(forced) == 1
    record = json.loads(forced[0].record)
    assert record["ref"] == sale["order_id"] and record["data"]["central_state"] == "online"
    assert order.mode == "offline" and order.hold_id is None
    assert central.ctx.db.run(lambda s: s.scalars(select(CentralHold)).first()) is None  # no hold asked
    # Forcing offline gives no more than the offline policy: a seat of another outlet's allocation.
    code, refused = pos_json(tmp_path / "a", *sell_args(["B-2-1"], "--offline"))
    assert code == 2 and refused["error"] == "not_sellable" and refused["reason"] == "not_allocated"
    with a.read() as s:  # a refused forced sale journals nothing
        assert sql.row(
            s, "SELECT count(*) AS n FROM journal WHERE json_extract(record, '$.kind') = 'offline_forced'"
        ).n == 1


def test_a_hold_central_refuses_sells_nothing(central: Live, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    a = counter(central, tmp_path / "a", memory_keyring)
    b = counter(central, tmp_path / "b", memory_keyring)
    # Seats sold online only (allocated to no outlet, so leased to no till).
    assert pos_json(tmp_path / "b", *sell_args(["B-2-3"]))[0] == 0
    code, refused = pos_json(tmp_path / "a", *sell_args(["B-2-3", "B-2-4"]))
    assert code == 2 and refused["error"] == "seat_taken" and "B-2-3" in refused["seats"]
    assert _orders(a) == []
    # All or nothing: the seat that was free was not kept by the refused hold.
    code, sale = pos_json(tmp_path / "b", *sell_args(["B-2-4"]))
    assert code == 0 and sale["mode"] == "online"
    # A seat central does not know: refused before or at the hold, and nothing sold.
    code, bad = pos_json(tmp_path / "a", *sell_args(["NO-SUCH-SEAT"]))
    assert code == 2 and bad["error"] in ("not_sellable", "central_rejected"), bad
    # A wrong PIN takes no seat at central.
    code, bad = pos_json(tmp_path / "a", *[a if a != "1357" else "0000" for a in sell_args(["A-1-4"])])
    assert code == 2 and bad["error"] in ("auth_failed", "locked_out")
    assert _orders(a) == [] and len(_orders(b)) == 2
    assert central.ctx.db.run(
        lambda s: [h.status for h in s.scalars(select(CentralHold)) if h.status == "active"]
    ) == []


def _point_at(store: Store, url: str) -> None:
    link = dict(settings.get(store, CENTRAL_SETTING))
    link["url"] = url
    settings.put(store, CENTRAL_SETTING, link)


def test_central_down_mid_sale_falls_back_only_to_offline_stock(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a = counter(central, tmp_path / "a", memory_keyring)
    _point_at(a, "http://127.0.0.1:9")  # nothing listens: the hold gets no answer
    # A seat of another outlet's allocation cannot be sold offline: refused, nothing charged.
    code, refused = pos_json(tmp_path / "a", *sell_args(["B-2-1"]))
    assert code == 2 and refused["reason"] == "not_allocated" and "central could not be reached" in refused["message"]
    assert _orders(a) == []
    assert not connectivity.state(a).online  # the terminal knows it is offline (journaled switch)
    connectivity.record_online(a)  # as if a sync had just answered: the next sale asks for a hold
    code, sale = pos_json(tmp_path / "a", *sell_args(["A-1-4"]))
    assert code == 0 and sale["mode"] == "offline", sale
    with a.read() as s:
        queued = [r.kind for r in sql.rows(s, "SELECT kind FROM outbox WHERE status = 'pending' ORDER BY seq")]
    assert queued == ["hold_release", "order"]  # the maybe-granted hold goes first
    _point_at(a, central.base)
    client = connect(a)
    try:
        report = drain(a, client)
    finally:
        client.close()
    assert report.sent == 2 and report.attention == 0
    assert _central_seats(central, ["A-1-4"]) == {"A-1-4": sale["order_id"]}


class _ReplyLost(CentralHoldGateway):
    """Central grants the hold, and the answer never arrives."""

    def hold(self, *, hold_id: str, spec: HoldSpec, ttl_seconds: int) -> Hold:
        super().hold(hold_id=hold_id, spec=spec, ttl_seconds=ttl_seconds)
        raise HoldUnavailable("the connection was reset while reading the reply")


def test_a_hold_granted_but_unheard_is_released_before_the_offline_order(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a = counter(central, tmp_path / "a", memory_keyring)
    gateway = _ReplyLost(a)
    try:
        sale = sell_cart(
            a,
            gateway=gateway,
            performance_id=PERF,
            items=[CartItem("adult", seat_id="A-1-3")],
            tenders=[Tender(kind="cash", amount=Money(500000))],
            actor=CLERK,
            signer=load_signer(a),
        )
    finally:
        gateway.close()
    assert sale.mode == "offline"
    held = central.ctx.db.run(lambda s: [h.status for h in s.scalars(select(CentralHold))])
    assert held == ["active"]  # central still holds the seat for the lost hold…
    client = connect(a)
    try:
        report = drain(a, client)
    finally:
        client.close()
    # …and lets it go before the offline order arrives: no seat_taken for our own hold.
    assert report.attention == 0 and report.sent == 2
    assert _central_seats(central, ["A-1-3"]) == {"A-1-3": sale.order_id}

"""Finding 5 of issue 16: a duplicate PUT that arrives while the first is still in flight
waits for it and gets the same answer (Stripe's behaviour), never a refusal. Threads fire
the same PUT at once against the real central over HTTP on loopback (SQLite, and
PostgreSQL when ``POS_TEST_PG_URL`` is set)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.central.conftest import Term, order, ticket
from tests.central.live import Live, live_server

N = 8


@pytest.fixture
def live(db_url: str) -> Iterator[Live]:
    with live_server(db_url) as live:
        yield live


def _burst(live: Live, term: Term | None, path: str, body: dict[str, Any]) -> list[tuple[int, Any]]:
    """The same PUT from N threads at once, each on its own connection."""
    headers = term.h if term else {"Authorization": f"Bearer {live.platform}"}
    barrier = threading.Barrier(N)
    out: list[tuple[int, Any]] = [(0, None)] * N

    def one(i: int) -> None:
        with httpx.Client(base_url=live.base, headers=headers, timeout=60) as c:
            barrier.wait()
            r = c.put(path, json=body)
            out[i] = (r.status_code, r.json())

    threads = [threading.Thread(target=one, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def _same_answer(results: list[tuple[int, Any]]) -> Any:
    statuses = sorted(s for s, _ in results)
    assert statuses == [200] * (N - 1) + [201], results
    # Every body alike, but for the server's clock (a hold's reply carries it).
    bodies = [{k: v for k, v in b.items() if k != "server_time"} for _, b in results]
    assert all(b == bodies[0] for b in bodies), bodies
    return bodies[0]


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _sell(live: Live, term: Term, seats: list[str]) -> dict[str, Any]:
    with httpx.Client(base_url=live.base, headers=term.h) as c:
        hold = c.put(f"/v1/holds/{uuid.uuid4()}", json={"performance_id": "P1", "seat_ids": seats})
        assert hold.status_code == 201, hold.text
        body = order([ticket(term, seat=s) for s in seats], holds=[hold.json()["hold_id"]],
                     sold_at=datetime.now(UTC))
        r = c.put(f"/v1/orders/{uuid.uuid4()}", json=body)
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]


def test_every_put_answers_a_concurrent_duplicate_with_the_first_answer(live: Live) -> None:
    own = live.enrol("OWN")
    # Holds: seats and standing places.
    seat_hold = _same_answer(_burst(live, own, f"/v1/holds/{uuid.uuid4()}",
                                    {"performance_id": "P1", "seat_ids": ["A-1-2", "A-1-3"]}))
    assert seat_hold["status"] == "active"
    _same_answer(_burst(live, own, f"/v1/holds/{uuid.uuid4()}",
                        {"performance_id": "P1", "area_id": "S", "quantity": 2}))
    # Orders: under the hold.
    body = order([ticket(own, seat=s) for s in ("A-1-2", "A-1-3")], holds=[seat_hold["hold_id"]],
                 sold_at=datetime.now(UTC))
    sold = _same_answer(_burst(live, own, f"/v1/orders/{uuid.uuid4()}", body))
    # Refund one ticket of it.
    refund = {"order_id": sold["order_id"], "ticket_ids": [sold["tickets"][0]["ticket_id"]],
              "amount": 10000, "refunded_at": _now()}
    _same_answer(_burst(live, own, f"/v1/refunds/{uuid.uuid4()}", refund))
    # Reprint the other.
    old = sold["tickets"][1]
    reprint = {"order_id": sold["order_id"], "revoked_ticket_id": old["ticket_id"],
               "ticket": ticket(own, seat="A-1-3"), "reprinted_at": _now(), "approved_by": "9001"}
    _same_answer(_burst(live, own, f"/v1/reprints/{uuid.uuid4()}", reprint))
    # Void a fresh sale.
    fresh = _sell(live, own, ["A-1-4"])
    void = {"order_id": fresh["order_id"], "ticket_ids": [fresh["tickets"][0]["ticket_id"]],
            "amount": 10000, "voided_at": _now(), "approved_by": "9001"}
    _same_answer(_burst(live, own, f"/v1/voids/{uuid.uuid4()}", void))
    # Exchange a ticket for another seat.
    swap = _sell(live, own, ["A-1-5"])
    with httpx.Client(base_url=live.base, headers=own.h) as c:
        h = c.put(f"/v1/holds/{uuid.uuid4()}", json={"performance_id": "P1", "seat_ids": ["A-1-6"]}).json()
    new_order = order([ticket(own, seat="A-1-6")], holds=[h["hold_id"]], sold_at=datetime.now(UTC))
    new_order["payments"] = [{"method": "exchange", "amount": 10000}]
    exchange = {"order_id": swap["order_id"], "old_ticket_ids": [swap["tickets"][0]["ticket_id"]],
                "refund_amount": 10000, "new_order_id": str(uuid.uuid4()), "new_order": new_order}
    _same_answer(_burst(live, own, f"/v1/exchanges/{uuid.uuid4()}", exchange))
    # A web order and its pickup.
    web = {"performance_id": "P1", "area_id": "S", "quantity": 2, "concession": "adult",
           "buyer_name": "张三", "buyer_phone": "13800138000"}
    placed = _same_answer(_burst(live, None, f"/v1/online-orders/{uuid.uuid4()}", web))
    picked = _same_answer(_burst(live, own, f"/v1/pickups/{uuid.uuid4()}",
                                 {"pickup_code": placed["pickup_code"]}))
    assert picked["order"]["tickets"][0]["code"]


def test_a_concurrent_duplicate_with_another_body_is_still_a_conflict(live: Live) -> None:
    """Abuse: the same id with two bodies at once: one wins, the others are told 409."""
    own = live.enrol("OWN")
    sold = _sell(live, own, ["A-1-7", "A-1-8"])
    rid = uuid.uuid4()
    barrier = threading.Barrier(2)
    out: dict[str, int] = {}

    def one(tid: str) -> None:
        body = {"order_id": sold["order_id"], "ticket_ids": [tid], "amount": 10000, "refunded_at": _now()}
        with httpx.Client(base_url=live.base, headers=own.h, timeout=60) as c:
            barrier.wait()
            out[tid] = c.put(f"/v1/refunds/{rid}", json=body).status_code

    threads = [threading.Thread(target=one, args=(t["ticket_id"],)) for t in sold["tickets"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(out.values()) == [201, 409], out


def _parallel(live: Live, calls: list[tuple[Term | None, str, str, dict[str, Any]]]) -> list[httpx.Response]:
    """Different requests at once, each on its own connection."""
    barrier = threading.Barrier(len(calls))
    out: list[httpx.Response | None] = [None] * len(calls)

    def one(i: int) -> None:
        term, method, path, kw = calls[i]
        headers = term.h if term else {"Authorization": f"Bearer {live.platform}"}
        with httpx.Client(base_url=live.base, headers=headers, timeout=60) as c:
            barrier.wait()
            out[i] = c.request(method, path, **kw)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r for r in out if r is not None]


def test_parallel_holds_of_one_terminal_cannot_pass_its_cap(live: Live) -> None:
    """Abuse (finding 6): many holds at once from one terminal still stop at its cap."""
    from central.services import hold_policy

    own = live.enrol("OWN")
    hold_policy.set_policy(live.ctx, "OWN", terminal_seats=6)
    pairs = [[f"A-1-{n}", f"A-1-{n + 1}"] for n in (2, 4, 6, 8)] + [[f"A-2-{n}", f"A-2-{n + 1}"] for n in (1, 3, 5)]
    got = _parallel(live, [(own, "PUT", f"/v1/holds/{uuid.uuid4()}",
                            {"json": {"performance_id": "P1", "seat_ids": p}}) for p in pairs])
    statuses = sorted(r.status_code for r in got)
    assert statuses == [201] * 3 + [422] * 4, [r.text for r in got]
    assert {r.json()["details"]["cap"] for r in got if r.status_code == 422} == {"terminal_seats"}


def test_parallel_phone_guesses_stop_at_the_orders_lock(live: Live) -> None:
    """Abuse (finding 4): guesses fired at once are counted one by one: 5 wrong, then locked."""
    from central.services import pickup_guard

    own = live.enrol("OWN")
    web = {"performance_id": "P1", "area_id": "S", "quantity": 1, "concession": "adult",
           "buyer_name": "张三", "buyer_phone": "13800135678"}
    with httpx.Client(base_url=live.base, headers={"Authorization": f"Bearer {live.platform}"}) as c:
        number = c.put(f"/v1/online-orders/{uuid.uuid4()}", json=web).json()["order_number"]
    got = _parallel(live, [(own, "GET", "/v1/pickups/lookup",
                            {"params": {"order_number": number, "phone_last4": f"{n:04d}"}}) for n in range(12)])
    statuses = sorted(r.status_code for r in got)
    assert statuses == [404] * pickup_guard.ORDER_MISSES + [429] * (12 - pickup_guard.ORDER_MISSES), statuses

"""Finding 7 of issue 16: the void window is judged by central's clock, with the terminal's
offline period taken from its contact history, not by the time the terminal writes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from central.services import contacts
from tests.central.conftest import T0, Env, Term, order, ticket


def _void(env: Env, term: Term, sold: dict[str, Any], at: datetime) -> Any:
    body = {"order_id": sold["order_id"], "ticket_ids": [t["ticket_id"] for t in sold["tickets"]],
            "amount": sum(t["price"] for t in sold["tickets"]), "voided_at": at.isoformat(),
            "approved_by": "9001", "reason": "wrong show"}
    return env.client.put(f"/v1/voids/{uuid.uuid4()}", json=body, headers=term.h)


def _stay_online(env: Env, term: Term, hours: float) -> None:
    """The terminal keeps talking to central (the app syncs every minute; here every 4)."""
    step = timedelta(minutes=4)
    assert step < contacts.BREAK
    for _ in range(int(timedelta(hours=hours) / step)):
        env.clock.advance(minutes=4)
        assert env.client.get("/v1/me", headers=term.h).status_code == 200


def test_a_terminal_online_all_along_cannot_backdate_a_void_past_the_refund_window(env: Env) -> None:
    env.clock.now = T0 + timedelta(days=29, hours=10)  # P1 starts at T0 + 31 d: refunds close 24 h before
    sale_at = env.clock.now
    h = env.hold(env.own, ["A-1-2"])
    r = env.put_order(env.own, order([ticket(env.own, seat="A-1-2")], holds=[h["hold_id"]], sold_at=sale_at))
    assert r.status_code == 201, r.text
    sold = r.json()
    _stay_online(env, env.own, hours=20)
    refund = {"order_id": sold["order_id"], "ticket_ids": [sold["tickets"][0]["ticket_id"]], "amount": 10000,
              "refunded_at": env.clock.now.isoformat()}
    r = env.client.put(f"/v1/refunds/{uuid.uuid4()}", json=refund, headers=env.own.h)
    assert r.json()["reason"] == "refund_window_closed", r.text
    # The same 20-hour-old order, "voided 5 minutes after the sale": judged at its arrival.
    r = _void(env, env.own, sold, sale_at + timedelta(minutes=5))
    assert r.status_code == 422 and r.json()["reason"] == "void_window_closed", r.text
    assert r.json()["details"]["judged_at"] == env.clock.now.isoformat()
    # Abuse: a short break just before does not help (it would be judged at the break).
    env.clock.advance(minutes=30)
    r = _void(env, env.own, sold, sale_at + timedelta(minutes=5))
    assert r.json()["reason"] == "void_window_closed"
    # Nor a time before the sale, nor one in the future.
    assert _void(env, env.own, sold, sale_at - timedelta(minutes=1)).json()["reason"] == "void_window_closed"
    assert _void(env, env.own, sold, env.clock.now + timedelta(hours=1)).json()["reason"] == "invalid_request"


def test_a_void_made_offline_after_an_offline_sale_is_accepted_on_reconnect(env: Env) -> None:
    assert env.client.get("/v1/me", headers=env.own.h).status_code == 200  # last contact: now
    sale_at = env.clock.now + timedelta(minutes=1)  # then the network drops; it sells and voids offline
    env.clock.advance(hours=20)
    # Back: the outbox sends the sale, then the void dated 5 minutes after it.
    r = env.put_order(env.own, order([ticket(env.own, seat="A-2-9")], sold_at=sale_at))
    assert r.status_code == 201 and r.json()["offline"], r.text
    r = _void(env, env.own, r.json(), sale_at + timedelta(minutes=5))
    assert r.status_code == 201, r.text
    # And online, a void minutes after a sale is accepted as before.
    h = env.hold(env.own, ["A-1-3"])
    r = env.put_order(env.own, order([ticket(env.own, seat="A-1-3")], holds=[h["hold_id"]],
                                     sold_at=env.clock.now))
    assert r.status_code == 201, r.text
    env.clock.advance(minutes=3)
    assert _void(env, env.own, r.json(), env.clock.now).status_code == 201


def test_a_void_claimed_before_the_last_contact_is_judged_at_that_contact(env: Env) -> None:
    """Offline only since well after the sale: the void counts from the last contact."""
    h = env.hold(env.own, ["A-1-4"])
    sale_at = env.clock.now
    r = env.put_order(env.own, order([ticket(env.own, seat="A-1-4")], holds=[h["hold_id"]], sold_at=sale_at))
    assert r.status_code == 201, r.text
    _stay_online(env, env.own, hours=1)  # in contact for an hour after the sale, then silent
    env.clock.advance(hours=3)
    r = _void(env, env.own, r.json(), sale_at + timedelta(minutes=5))
    assert r.json()["reason"] == "void_window_closed", r.text
    assert r.json()["details"]["judged_at"] == (sale_at + timedelta(hours=1)).isoformat()

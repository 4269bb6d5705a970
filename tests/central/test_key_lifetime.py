"""A key's codes are valid only inside its lifetime (issue 17), at central: an order upload, a
reprint and a scan of a code signed before its key's registration or after its withdrawal
are refused with ``key_not_valid_then``."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from central import ticketcodes
from central.models import SigningKey
from central.services.doors import bind_door
from central.services.keylife import CLOCK_GRACE
from tests.central.conftest import T0, Env, Term, order, ticket


def signed(term: Term, at: datetime, **kw: Any) -> dict[str, Any]:
    """A standing ticket of the outlet's quota with a real code signed at ``at``."""
    tid = base64.b32encode(secrets.token_bytes(10)).decode()
    code = ticketcodes.encode(term.private, term.key_id, ticket_id=tid, performance_id="P1", item_id="S",
                              concession="adult", issued_at=int(at.timestamp()))
    return ticket(term, area="S", price=8000, ticket_id=tid, code=code, **kw)


def set_key(env: Env, term: Term, **values: Any) -> None:
    def tx(s: Session) -> None:
        key = s.get(SigningKey, term.key_id)
        assert key is not None
        for name, value in values.items():
            setattr(key, name, value)

    env.ctx.db.run(tx)


def reason(env: Env, body: dict[str, Any]) -> tuple[int, str, Any]:
    r = env.put_order(env.own, body)
    return r.status_code, r.json().get("reason", ""), r.json().get("details")


def test_order_with_a_code_signed_before_registration_is_refused(env: Env) -> None:
    # env.own was enrolled (its key registered) at T0.
    early = signed(env.own, T0 - timedelta(days=1))
    status, why, details = reason(env, order([early, signed(env.own, T0)]))
    assert (status, why) == (422, "key_not_valid_then") and details["tickets"] == [early["ticket_id"]]
    # Within the clock grace (the till's clock a little behind central's), and after: accepted.
    ok = order([signed(env.own, T0 - CLOCK_GRACE + timedelta(seconds=1)), signed(env.own, T0 + timedelta(hours=1))])
    assert env.put_order(env.own, ok).status_code == 201


def test_order_and_reprint_signed_after_withdrawal_are_refused(env: Env) -> None:
    set_key(env, env.own, revoked_at=T0 + timedelta(hours=1))
    late = signed(env.own, T0 + timedelta(hours=2))
    assert reason(env, order([late]))[:2] == (422, "key_not_valid_then")
    at_withdrawal = signed(env.own, T0 + timedelta(hours=1))
    assert reason(env, order([at_withdrawal]))[:2] == (422, "key_not_valid_then")
    before = signed(env.own, T0 + timedelta(minutes=30))
    r = env.put_order(env.own, order([before]))
    assert r.status_code == 201, r.text
    # A reprint of that ticket with a code signed after the withdrawal: refused too.
    oid = r.json()["order_id"]
    new = signed(env.own, T0 + timedelta(hours=3))
    rep = env.client.put(
        f"/v1/reprints/{uuid.uuid4()}",
        json={"order_id": oid, "revoked_ticket_id": before["ticket_id"], "ticket": new,
              "reprinted_at": (T0 + timedelta(hours=3)).isoformat()},
        headers=env.own.h,
    )
    assert rep.status_code == 422 and rep.json()["reason"] == "key_not_valid_then", rep.text


def test_scan_of_a_code_outside_its_keys_lifetime_is_refused(env: Env) -> None:
    inside = signed(env.own, T0 + timedelta(minutes=10))
    assert env.put_order(env.own, order([inside])).status_code == 201
    door = env.own2
    bind_door(env.ctx, terminal_id=door.terminal_id, venue_id="V1")
    env.clock.advance(hours=1)

    def scan() -> str:
        body = {"scans": [{"nonce": str(uuid.uuid4()), "ticket_id": inside["ticket_id"], "performance_id": "P1",
                           "gate_id": "G1", "scanned_at": (T0 + timedelta(hours=1)).isoformat(),
                           "verdict": "admitted"}]}
        r = env.client.post("/v1/scans", json=body, headers=door.h)
        assert r.status_code == 200, r.text
        return str(r.json()["results"][0]["status"])

    # The key was withdrawn before the code's issue time (a stolen till's clock, say).
    set_key(env, env.own, revoked_at=T0 + timedelta(minutes=5))
    assert scan() == "key_not_valid_then"
    # Or central learns the key was registered later than the code claims.
    set_key(env, env.own, revoked_at=None, valid_from=T0 + timedelta(days=1))
    assert scan() == "key_not_valid_then"
    set_key(env, env.own, valid_from=T0)
    assert scan() == "recorded"


@pytest.mark.parametrize(
    "junk",
    [None, 7, "", "T1" + "A" * 40, "A" * 300, "é" * 150, "0" * 150, "AB" * 80],
)
def test_header_of_bad_input_is_none(junk: object) -> None:
    assert ticketcodes.header(junk) is None


def test_header_reads_a_real_code(env: Env) -> None:
    t = signed(env.own, T0)
    assert ticketcodes.header(f"  {t['code'].lower()} \n") == (env.own.key_id, int(T0.timestamp()))
    # Fake codes (not version 1) are left to the other checks: accepted as before.
    assert env.put_order(env.own, order([ticket(env.own, area="S", price=8000)])).status_code == 201

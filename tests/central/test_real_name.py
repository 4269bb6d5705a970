"""Issue 18 at central: one ticket per ID document per performance across every outlet and
channel, online (refused at hold time, before any seat is held) and offline (refused at
upload, its codes revoked on the feed); ID numbers sealed to central and encrypted at rest
under keys that are not in the database; and the abuse cases (a forged digest, a box sealed
for another key or damaged, a box replayed from another order, a real-name ticket without
its holder)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import text

from pos.tickets.sealing import seal
from tests.central.catalog_fixture import small_catalog
from tests.central.conftest import T0, Env, make_env, order, ticket

ID_A = "11010519491231002X"
ID_B = "110105198001011238"
OFFLINE = T0 - timedelta(hours=1)


@pytest.fixture
def rn(db_url: str) -> Iterator[Env]:
    catalog = small_catalog(T0)
    catalog["events"][0]["real_name_required"] = True  # E1: P1 (and P2)
    yield from make_env(db_url, catalog)


def sealed(env: Env, number: str = ID_A, id_type: str = "resident_id") -> str:
    return seal(env.ctx.holders().public_b64, id_type, number)


def put_hold(env: Env, term: Any, seats: list[str], holders: list[str]) -> Any:
    body = {"performance_id": "P1", "seat_ids": seats, "holders": holders}
    return env.client.put(f"/v1/holds/{uuid.uuid4()}", json=body, headers=term.h)


def _seat_status(env: Env, seat: str) -> str:
    with env.ctx.db.engine.connect() as c:
        return str(c.execute(text("SELECT status FROM seats WHERE performance_id = 'P1' AND seat_id = :s"),
                             {"s": seat}).scalar())


def _revoked(env: Env) -> dict[str, str]:
    with env.ctx.db.engine.connect() as c:
        return {r[0]: r[1] for r in c.execute(text("SELECT ticket_id, reason FROM revocations"))}


def test_the_same_id_cannot_hold_tickets_at_two_outlets_online(rn: Env) -> None:
    me = rn.client.get("/v1/me", headers=rn.own.h).json()  # the seal key, published to terminals
    assert me["holder_seal_key"] == rn.ctx.holders().public_b64
    r = put_hold(rn, rn.own, ["A-1-2"], [sealed(rn)])
    assert r.status_code == 201, r.text
    up = order([ticket(rn.own, seat="A-1-2", holder_sealed=sealed(rn))], holds=[r.json()["hold_id"]])
    assert rn.put_order(rn.own, up).status_code == 201
    # The partner outlet, the same ID, another seat: refused before the seat is held.
    r = put_hold(rn, rn.part, ["A-1-3"], [sealed(rn)])
    assert r.status_code == 409 and r.json()["reason"] == "holder_has_ticket", r.text
    assert _seat_status(rn, "A-1-3") == "free"
    # Another till of the same outlet: the same answer. Another ID: held.
    assert put_hold(rn, rn.own2, ["A-1-3"], [sealed(rn)]).json()["reason"] == "holder_has_ticket"
    assert put_hold(rn, rn.part, ["A-1-3"], [sealed(rn, ID_B)]).status_code == 201


def test_the_same_id_offline_at_two_outlets_is_refused_at_upload_and_revoked(rn: Env) -> None:
    first = order([ticket(rn.own, seat="A-2-9", holder_sealed=sealed(rn))], sold_at=OFFLINE)
    oid = str(uuid.uuid4())
    assert rn.put_order(rn.own, first, oid).status_code == 201
    assert rn.put_order(rn.own, first, oid).status_code == 200  # a retry is a replay, not a duplicate
    second = order([ticket(rn.part, seat="A-2-8", price=9500, holder_sealed=sealed(rn))], sold_at=OFFLINE)
    r = rn.put_order(rn.part, second)
    assert r.status_code == 422 and r.json()["reason"] == "holder_has_ticket", r.text
    # Its code is on the revocation feed: every door refuses it at its next sync.
    assert _revoked(rn) == {second["tickets"][0]["ticket_id"]: "refused"}
    feed = rn.client.get("/v1/feeds/revocations", headers=rn.own2.h).json()["items"]
    assert [i["code"] for i in feed] == [second["tickets"][0]["code"]]
    # An online hold by the first outlet's customer again is refused too.
    assert put_hold(rn, rn.own2, ["A-1-4"], [sealed(rn)]).status_code == 409


def test_ids_are_encrypted_at_rest_and_digests_keyed(rn: Env) -> None:
    up = order([ticket(rn.own, seat="A-2-9", holder_sealed=sealed(rn))], sold_at=OFFLINE)
    assert rn.put_order(rn.own, up).status_code == 201
    with rn.ctx.db.engine.connect() as c:
        rows = c.execute(text("SELECT performance_id, digest, id_type, id_number FROM holder_claims")).all()
    assert len(rows) == 1
    perf, digest, id_type, stored = rows[0]
    assert (perf, id_type) == ("P1", "resident_id")
    assert ID_A not in stored and ID_A[-4:] not in stored
    assert rn.ctx.holders().decrypt(stored) == ID_A  # only with the key outside the database
    # A dump cannot be matched against plain hashes of candidate numbers.
    for plain in (ID_A, f"resident_id|{ID_A}"):
        assert digest != hashlib.sha256(plain.encode()).hexdigest()


def test_abuse_forged_digest_foreign_box_replay_and_missing_holder(rn: Env) -> None:
    good = sealed(rn)
    # A forged digest: central takes none from a terminal (the field does not exist).
    forged = order([ticket(rn.own, seat="A-2-9", holder_sealed=good, holder_digest="0" * 64)], sold_at=OFFLINE)
    assert rn.put_order(rn.own, forged).status_code == 422
    # A box sealed for another key, or damaged: central cannot open it.
    other = X25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    foreign = seal(base64.b64encode(other).decode(), "resident_id", ID_A)
    raw = bytearray(base64.b64decode(good))
    raw[-1] ^= 1
    for box in (foreign, base64.b64encode(bytes(raw)).decode()):
        r = rn.put_order(rn.own, order([ticket(rn.own, seat="A-2-9", holder_sealed=box)], sold_at=OFFLINE))
        assert r.status_code == 422 and r.json()["reason"] == "holder_unsealable", r.text
        assert put_hold(rn, rn.own, ["A-1-5"], [box]).json()["reason"] == "holder_unsealable"
    # A box that opens but holds no valid document (a bad check digit).
    bad = sealed(rn, "110105194912310021")
    r = rn.put_order(rn.own, order([ticket(rn.own, seat="A-2-9", holder_sealed=bad)], sold_at=OFFLINE))
    assert r.json()["reason"] == "holder_invalid"
    # A real-name ticket without its holder; two tickets for one ID in one order.
    r = rn.put_order(rn.own, order([ticket(rn.own, seat="A-2-9")], sold_at=OFFLINE))
    assert r.json()["reason"] == "holder_missing"
    two = [ticket(rn.own, seat="A-2-9", holder_sealed=good), ticket(rn.own, seat="A-2-10", holder_sealed=sealed(rn))]
    assert rn.put_order(rn.own, order(two, sold_at=OFFLINE)).json()["reason"] == "holder_repeated"
    # Replay: the accepted order's own box, copied into another order, is the same holder.
    ok = order([ticket(rn.own2, seat="A-2-9", holder_sealed=good)], sold_at=OFFLINE)
    assert rn.put_order(rn.own2, ok).status_code == 201
    again = order([ticket(rn.part, seat="A-2-8", price=9500, holder_sealed=good)], sold_at=OFFLINE)
    assert rn.put_order(rn.part, again).json()["reason"] == "holder_has_ticket"
    assert put_hold(rn, rn.part, ["A-1-6"], [good]).json()["reason"] == "holder_has_ticket"


def test_an_event_without_real_name_needs_no_holder(rn: Env) -> None:
    r = rn.put_order(rn.own, order([ticket(rn.own, "P3", seat="A-1-2")]))
    assert r.status_code != 422 or r.json()["reason"] != "holder_missing", r.text


def test_a_cart_held_before_its_holders_is_checked_before_payment(rn: Env) -> None:
    up = order([ticket(rn.own, seat="A-2-9", holder_sealed=sealed(rn))], sold_at=OFFLINE)
    assert rn.put_order(rn.own, up).status_code == 201
    held = rn.hold(rn.part, ["A-1-7"])  # the app's seat map: seats first, holders later
    path = f"/v1/holds/{held['hold_id']}/holders"
    r = rn.client.post(path, json={"holders": [sealed(rn)]}, headers=rn.part.h)
    assert r.status_code == 409 and r.json()["reason"] == "holder_has_ticket", r.text
    assert rn.client.post(path, json={"holders": [sealed(rn, ID_B)]}, headers=rn.part.h).status_code == 200
    # Only the hold's own terminal may ask; an empty list is not a check.
    assert rn.client.post(path, json={"holders": [sealed(rn, ID_B)]}, headers=rn.own.h).status_code == 404
    assert rn.client.post(path, json={"holders": []}, headers=rn.part.h).status_code == 422

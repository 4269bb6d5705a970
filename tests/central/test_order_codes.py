"""Issue 16, finding 1: every order line is checked against its signed code at upload (single
PUT and batch): signed by this terminal's registered key, saying the line's performance,
seat or area, concession and holder; the order in the catalog's currency."""

from __future__ import annotations

import uuid
from typing import Any

from tests.central.conftest import Env, new_key, order, sign, ticket


def _refused(env: Env, body: dict[str, Any], reason: str, term: Any = None) -> None:
    term = term or env.own
    r = env.put_order(term, body)
    assert r.status_code == 422 and r.json()["reason"] == reason, r.text
    # The batch refuses the same order the same way, and the seat stays unsold.
    b = env.client.post("/v1/order-batches", json={"orders": [{"order_id": str(uuid.uuid4()), "order": body}]},
                        headers=term.h)
    assert b.status_code == 200, b.text
    res = b.json()["results"][0]
    assert res["status"] == 422 and res["error"]["reason"] == reason, res


def test_code_for_another_seat_is_refused(env: Env) -> None:
    h = env.hold(env.own, ["A-1-9"])
    t = ticket(env.own, seat="A-1-9")
    other = ticket(env.own, seat="A-1-5")
    _refused(env, order([{**t, "code": sign(env.own, {**t, "seat_id": "A-1-5"})}], holds=[h["hold_id"]]),
             "code_mismatch")
    _refused(env, order([{**t, "code": other["code"]}], holds=[h["hold_id"]]), "code_mismatch")  # another ticket id
    assert env.put_order(env.own, order([t], holds=[h["hold_id"]])).status_code == 201


def test_garbage_and_foreign_codes_are_refused(env: Env) -> None:
    h = env.hold(env.own, ["A-1-2"])
    t = ticket(env.own, seat="A-1-2")
    private, _pub, _kid = new_key()
    forged = {**t, "code": sign(type(env.own)(**{**env.own.__dict__, "private": private}), t)}
    for code in ("A" * 120, "A" * 8, "7" * 221, t["code"][:-8], t["code"][:-1] + ("A" if t["code"][-1] != "A" else "B")):
        _refused(env, order([{**t, "code": code}], holds=[h["hold_id"]]), "bad_signature")
    _refused(env, order([forged], holds=[h["hold_id"]]), "bad_signature")  # same key id, other key
    # Another terminal's genuine code, uploaded as this terminal's line.
    theirs = ticket(env.own2, seat="A-1-2")
    _refused(env, order([{**theirs, "key_id": env.own.key_id}], holds=[h["hold_id"]]), "bad_signature")
    assert env.put_order(env.own, order([t], holds=[h["hold_id"]])).status_code == 201


def test_concession_performance_area_and_holder_must_match(env: Env) -> None:
    h = env.hold(env.own, ["A-1-3"])
    adult = ticket(env.own, seat="A-1-3")  # the code says adult
    _refused(env, order([{**adult, "concession": "child", "price": 5000}], holds=[h["hold_id"]]), "code_mismatch")
    st = ticket(env.own, area="S", price=8000)
    _refused(env, order([{**st, "code": sign(env.own, {**st, "performance_id": "P2"})}]), "code_mismatch")
    holder = {"holder_name": "张三", "holder_id_no": "11010519491231002X"}
    named = ticket(env.own, area="S", price=8000, **holder)
    _refused(env, order([{**named, "holder_id_no": "110105194912310037"}]), "code_mismatch")
    # Holder data purged at the terminal before upload: nothing to compare, the code stands.
    purged = {k: v for k, v in named.items() if not k.startswith("holder")}
    assert env.put_order(env.own, order([purged])).status_code == 201


def test_currency_must_be_the_catalogs(env: Env) -> None:
    t = ticket(env.own, area="S", price=8000)
    _refused(env, order([t], currency="USD"), "currency_mismatch")
    assert env.put_order(env.own, order([t], currency="CNY")).status_code == 201


def test_one_bad_line_refuses_the_whole_order(env: Env) -> None:
    good = ticket(env.own, area="S", price=8000)
    bad = {**ticket(env.own, area="S", price=8000), "code": "A" * 120}
    _refused(env, order([good, bad]), "bad_signature")
    # Nothing of the refused order was taken: the good line sells on its own.
    assert env.put_order(env.own, order([good])).status_code == 201


def test_a_reprint_code_is_checked_like_an_order_line(env: Env) -> None:
    h = env.hold(env.own, ["A-1-4"])
    sold = env.put_order(env.own, order([ticket(env.own, seat="A-1-4")], holds=[h["hold_id"]])).json()
    old = sold["tickets"][0]

    def reprint(line: dict[str, Any]) -> Any:
        body = {"order_id": sold["order_id"], "revoked_ticket_id": old["ticket_id"], "ticket": line,
                "reprinted_at": env.clock.now.isoformat(), "approved_by": "9001"}
        return env.client.put(f"/v1/reprints/{uuid.uuid4()}", json=body, headers=env.own.h)

    new = ticket(env.own, seat="A-1-4")
    r = reprint({**new, "code": sign(env.own, {**new, "seat_id": "A-1-5"})})
    assert r.status_code == 422 and r.json()["reason"] == "code_mismatch", r.text
    r = reprint({**new, "code": "A" * 120})
    assert r.status_code == 422 and r.json()["reason"] == "bad_signature", r.text
    assert reprint(new).status_code == 201

"""Journal anchors at central: only the terminal's own key anchors its journal, anchors only
move forward, and central's receipt is signed by central (invariant 9)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.protocol.journal import AnchorReceipt, head_message, receipt_message
from tests.central.conftest import Env, Term, new_key


def _hash(n: int) -> str:
    return hashlib.sha256(f"entry {n}".encode()).hexdigest()


def _head(
    term: Term,
    seq: int,
    chain_hash: str,
    *,
    key: Ed25519PrivateKey | None = None,
    terminal_id: str | None = None,
    key_id: str | None = None,
) -> dict[str, Any]:
    message = head_message(terminal_id or term.terminal_id, seq, chain_hash)
    signature = (key or term.private).sign(message)
    return {
        "seq": seq,
        "hash": chain_hash,
        "key_id": key_id or term.key_id,
        "signature": base64.b64encode(signature).decode(),
    }


def _put(env: Env, term: Term, body: dict[str, Any], token_of: Term | None = None) -> Any:
    return env.client.put("/v1/journal/anchor", json=body, headers=(token_of or term).h)


def test_anchor_acknowledged_with_a_receipt_signed_by_central(env: Env) -> None:
    r = _put(env, env.own, _head(env.own, 5, _hash(5)))
    assert r.status_code == 201, r.text
    receipt = AnchorReceipt.model_validate(r.json())
    assert (receipt.terminal_id, receipt.seq, receipt.hash) == (env.own.terminal_id, 5, _hash(5))
    central_key = base64.b64decode(receipt.central_public_key)
    assert receipt.signed_by(central_key)
    # The receipt names this terminal: it cannot be passed off as another terminal's.
    forged = receipt_message(env.own2.terminal_id, 5, _hash(5), receipt.acknowledged_at)
    assert forged != receipt.message()
    # The same head again (a sync with nothing new): the same receipt, not a new anchor.
    again = _put(env, env.own, _head(env.own, 5, _hash(5)))
    assert again.status_code == 200 and again.json() == r.json()
    # Forward: a new anchor; and GET answers the last one.
    assert _put(env, env.own, _head(env.own, 9, _hash(9))).status_code == 201
    last = env.client.get("/v1/journal/anchor", headers=env.own.h)
    assert last.status_code == 200 and last.json()["seq"] == 9
    assert AnchorReceipt.model_validate(last.json()).signed_by(central_key)
    # Another terminal has its own anchors (none yet).
    assert env.client.get("/v1/journal/anchor", headers=env.own2.h).json()["reason"] == "no_anchor"


def test_forged_heads_are_refused(env: Env) -> None:
    assert _put(env, env.own, _head(env.own, 10, _hash(10))).status_code == 201
    stranger, _, _ = new_key()
    cases = {
        # Signed with a key that is not the terminal's, naming the terminal's key id.
        "wrong key": (_head(env.own, 11, _hash(11), key=stranger), env.own, 403, "bad_signature"),
        # Another terminal's signed head sent with this terminal's token.
        "another terminal's head": (_head(env.own2, 11, _hash(11)), env.own, 403, "wrong_key"),
        # This terminal's signed head sent with another terminal's token.
        "another terminal's token": (_head(env.own, 11, _hash(11)), env.own2, 403, "wrong_key"),
        # Signed for another terminal id (a head lifted from elsewhere), with the right key.
        "head for another id": (
            _head(env.own, 11, _hash(11), terminal_id=env.own2.terminal_id),
            env.own,
            403,
            "bad_signature",
        ),
        # A genuine older head replayed: central acknowledged #10 already.
        "replayed older head": (_head(env.own, 7, _hash(7)), env.own, 409, "anchor_behind"),
        # The same entry with another hash: the journal was rewritten.
        "fork": (_head(env.own, 10, _hash(1010)), env.own, 409, "anchor_fork"),
    }
    for name, (body, token_of, status, reason) in cases.items():
        r = _put(env, env.own, body, token_of)
        assert (r.status_code, r.json().get("reason")) == (status, reason), (name, r.text)
    # Nothing moved: the acknowledged anchor is still #10 with its hash.
    last = env.client.get("/v1/journal/anchor", headers=env.own.h).json()
    assert (last["seq"], last["hash"]) == (10, _hash(10))
    # Without a token there is nothing to read or write.
    assert env.client.get("/v1/journal/anchor").status_code == 401
    assert env.client.put("/v1/journal/anchor", json=_head(env.own, 12, _hash(12))).status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 0},
        {"seq": -3},
        {"seq": 2**60},
        {"seq": 1.5},
        {"hash": "ABC"},
        {"hash": "g" * 64},
        {"hash": _hash(1).upper()},
        {"signature": "not base64!"},
        {"signature": base64.b64encode(b"x" * 63).decode()},
        {"key_id": "xyz"},
        {"extra": 1},
        {"seq": None},
    ],
    ids=lambda c: "-".join(f"{k}={str(v)[:12]}" for k, v in c.items()),
)
def test_bad_heads_are_422(env: Env, change: dict[str, Any]) -> None:
    body = _head(env.own, 3, _hash(3)) | change
    r = _put(env, env.own, body)
    assert r.status_code == 422, r.text
    assert r.json()["reason"] == "invalid_request"


def test_malformed_bodies_are_422(env: Env) -> None:
    for raw in (b"", b"{", b"[]", b"null", '{"seq": 1, "hash": "\u0000"}'.encode()):
        r = env.client.put(
            "/v1/journal/anchor", content=raw, headers={**env.own.h, "Content-Type": "application/json"}
        )
        assert r.status_code == 422, (raw, r.text)


def test_receipt_key_is_centrals_ticket_key_but_never_a_ticket(env: Env) -> None:
    """Receipts are signed with central's key over a text that cannot be a ticket code's body
    (that starts with its version byte, 1)."""
    r = _put(env, env.own, _head(env.own, 1, _hash(1)))
    receipt = AnchorReceipt.model_validate(r.json())
    assert receipt.message()[0] != 1
    keys = env.client.get("/v1/feeds/keys", headers=env.own.h).json()["items"]
    central = [k for k in keys if k["owner"] == "central"]
    assert [k["public_key"] for k in central] == [receipt.central_public_key]
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert not receipt.signed_by(raw)

"""Journal anchors at central: only the terminal's own key anchors its journal, anchors only
move forward, and central's receipt is signed by central (invariant 9)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from sync.protocol.journal import GENESIS, AnchorReceipt, head_message, link_hash, receipt_message
from tests.central.conftest import Env, Term, new_key


def _records(n: int, *, tag: str = "") -> list[str]:
    return [f'{{"seq":{i},"kind":"cash_in","data":{{"n":"{tag}{i}"}}}}' for i in range(1, n + 1)]


def _hashes(records: list[str]) -> list[str]:
    out, prev = [], GENESIS
    for r in records:
        prev = link_hash(prev, r)
        out.append(prev)
    return out


RECORDS = _records(30)
HASHES = _hashes(RECORDS)
FORKED = RECORDS[:3] + _records(30, tag="x")[3:]  # entry #4 onwards rewritten


def _hash(n: int, records: list[str] = RECORDS) -> str:
    return _hashes(records[:n])[-1]


def _head(
    term: Term,
    seq: int,
    since: int = 0,
    *,
    records: list[str] = RECORDS,
    key: Ed25519PrivateKey | None = None,
    terminal_id: str | None = None,
    chain_hash: str | None = None,
) -> dict[str, Any]:
    chain_hash = chain_hash or _hash(seq, records)
    message = head_message(terminal_id or term.terminal_id, seq, chain_hash)
    signature = (key or term.private).sign(message)
    return {
        "seq": seq,
        "hash": chain_hash,
        "since": since,
        "entries": records[since:seq],
        "key_id": term.key_id,
        "signature": base64.b64encode(signature).decode(),
    }


def _put(env: Env, term: Term, body: dict[str, Any], token_of: Term | None = None) -> Any:
    return env.client.put("/v1/journal/anchor", json=body, headers=(token_of or term).h)


def test_anchor_acknowledged_with_a_receipt_signed_by_central(env: Env) -> None:
    r = _put(env, env.own, _head(env.own, 5))
    assert r.status_code == 201, r.text
    receipt = AnchorReceipt.model_validate(r.json())
    assert (receipt.terminal_id, receipt.seq, receipt.hash) == (env.own.terminal_id, 5, HASHES[4])
    central_key = base64.b64decode(receipt.central_public_key)
    assert receipt.signed_by(central_key)
    # The receipt names this terminal: it cannot be passed off as another terminal's.
    assert receipt_message(env.own2.terminal_id, 5, HASHES[4], receipt.acknowledged_at) != receipt.message()
    # The same head again (a sync with nothing new, or a retry): the same receipt.
    for again in (_head(env.own, 5, 5), _head(env.own, 5)):
        replay = _put(env, env.own, again)
        assert replay.status_code == 200 and replay.json() == r.json()
    # Forward, with the way from #5: a new anchor; GET answers the last one.
    assert _put(env, env.own, _head(env.own, 9, 5)).status_code == 201
    last = env.client.get("/v1/journal/anchor", headers=env.own.h)
    assert last.status_code == 200 and last.json()["seq"] == 9
    assert AnchorReceipt.model_validate(last.json()).signed_by(central_key)
    # A head that does not start at central's last one is told where to start.
    wrong = _put(env, env.own, _head(env.own, 12, 5))
    assert wrong.status_code == 409 and wrong.json()["reason"] == "anchor_since"
    assert wrong.json()["details"]["acknowledged_seq"] == 9
    # Another terminal has its own anchors (none yet).
    assert env.client.get("/v1/journal/anchor", headers=env.own2.h).json()["reason"] == "no_anchor"


def test_forged_heads_are_refused(env: Env) -> None:
    assert _put(env, env.own, _head(env.own, 10)).status_code == 201
    stranger, _, _ = new_key()
    cases = {
        # Signed with a key that is not the terminal's, naming the terminal's key id.
        "wrong key": (_head(env.own, 11, 10, key=stranger), env.own, 403, "bad_signature"),
        # Another terminal's signed head sent with this terminal's token.
        "another terminal's head": (_head(env.own2, 11, 10), env.own, 403, "wrong_key"),
        # This terminal's signed head sent with another terminal's token.
        "another terminal's token": (_head(env.own, 11, 10), env.own2, 403, "wrong_key"),
        # Signed for another terminal id (a head lifted from elsewhere), with the right key.
        "head for another id": (
            _head(env.own, 11, 10, terminal_id=env.own2.terminal_id),
            env.own,
            403,
            "bad_signature",
        ),
        # A genuine older head replayed: central acknowledged #10 already.
        "replayed older head": (_head(env.own, 7), env.own, 409, "anchor_behind"),
        # The same entry with another hash: the journal was rewritten.
        "fork at the anchor": (_head(env.own, 10, records=FORKED), env.own, 409, "anchor_fork"),
        # History rewritten before #10 and grown past it: the entries sent after #10 are the
        # forked journal's, so they do not chain from the hash central acknowledged.
        "fork grown past the anchor": (_head(env.own, 20, 10, records=FORKED), env.own, 409, "anchor_fork"),
        # A head whose entries were made up to reach a hash they do not lead to.
        "entries that do not lead to the hash": (
            _head(env.own, 12, 10, chain_hash=HASHES[20]),
            env.own,
            409,
            "anchor_fork",
        ),
    }
    for name, (body, token_of, status, reason) in cases.items():
        r = _put(env, env.own, body, token_of)
        assert (r.status_code, r.json().get("reason")) == (status, reason), (name, r.text)
    # Nothing moved: the acknowledged anchor is still #10 with its hash.
    last = env.client.get("/v1/journal/anchor", headers=env.own.h).json()
    assert (last["seq"], last["hash"]) == (10, HASHES[9])
    # The genuine continuation is still taken.
    assert _put(env, env.own, _head(env.own, 20, 10)).status_code == 201
    # Without a token there is nothing to read or write.
    assert env.client.get("/v1/journal/anchor").status_code == 401
    assert env.client.put("/v1/journal/anchor", json=_head(env.own, 21, 20)).status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 0},
        {"seq": -3},
        {"seq": 2**60},
        {"seq": 1.5},
        {"seq": None},
        {"since": -1},
        {"since": 4},  # after seq
        {"entries": RECORDS[:2]},  # fewer than the way needs
        {"entries": [*RECORDS[:2], ""]},
        {"entries": "abc"},
        {"hash": "ABC"},
        {"hash": "g" * 64},
        {"hash": HASHES[2].upper()},
        {"signature": "not base64!"},
        {"signature": base64.b64encode(b"x" * 63).decode()},
        {"key_id": "xyz"},
        {"extra": 1},
    ],
    ids=lambda c: "-".join(f"{k}={str(v)[:12]}" for k, v in c.items()),
)
def test_bad_heads_are_422(env: Env, change: dict[str, Any]) -> None:
    body = _head(env.own, 3) | change
    r = _put(env, env.own, body)
    assert r.status_code == 422, r.text
    assert r.json()["reason"] == "invalid_request"


def test_malformed_and_oversized_bodies_are_refused(env: Env) -> None:
    for raw in (b"", b"{", b"[]", b"null", '{"seq": 1, "hash": "\u0000"}'.encode()):
        r = env.client.put(
            "/v1/journal/anchor", content=raw, headers={**env.own.h, "Content-Type": "application/json"}
        )
        assert r.status_code == 422, (raw, r.text)
    many = _records(501)
    body = _head(env.own, 501, records=many)
    assert _put(env, env.own, body).status_code == 422  # more entries than one request carries
    huge = [RECORDS[0] + " " * 600_000, RECORDS[1] + " " * 600_000]
    assert _put(env, env.own, _head(env.own, 2, records=huge)).status_code == 413


def test_receipt_key_is_centrals_ticket_key_but_never_a_ticket(env: Env) -> None:
    """Receipts are signed with central's key over a text that cannot be a ticket code's body
    (that starts with its version byte, 1)."""
    r = _put(env, env.own, _head(env.own, 1))
    receipt = AnchorReceipt.model_validate(r.json())
    assert receipt.message()[0] != 1
    keys = env.client.get("/v1/feeds/keys", headers=env.own.h).json()["items"]
    central = [k for k in keys if k["owner"] == "central"]
    assert [k["public_key"] for k in central] == [receipt.central_public_key]
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert not receipt.signed_by(raw)


def test_the_protocols_link_is_the_journals() -> None:
    from pos.journal.chain import GENESIS as JOURNAL_GENESIS
    from pos.journal.chain import chain_hash

    assert JOURNAL_GENESIS == GENESIS
    assert all(link_hash(h, r) == chain_hash(h, r) for h, r in zip([GENESIS, *HASHES], RECORDS, strict=False))

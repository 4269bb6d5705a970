"""The journal anchored at central: rewriting history with the chain recomputed, deleting an
entry and renumbering the rest, or cutting the tail all pass the chain's own check (an
attacker with the SQLite file recomputes it), and all fail ``pos journal verify`` against the
head central acknowledged, online and offline."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pos.cash.movements import cash_in
from pos.journal import chain
from sync import anchor as anchoring
from sync.relay import drain
from tests.central.live import Live
from tests.sync.anchor_helpers import (
    SUP,
    Till,
    a_till,
    cut,
    delete,
    delete_and_pad,
    edit,
    rewrite,
    rows,
    verify_cli,
)


@pytest.fixture
def till(central: Live, tmp_path: Path) -> Iterator[Till]:
    yield from a_till(central, tmp_path)


@pytest.mark.parametrize(
    ("tamper", "expect"),
    [(edit, "rewritten"), (delete, "missing"), (delete_and_pad, "rewritten"), (cut, "cut off")],
    ids=["edit-and-recompute", "delete-and-renumber", "delete-renumber-and-pad", "cut-the-cash-out"],
)
def test_tampering_the_chain_alone_cannot_see_is_caught(
    till: Till, tamper: Callable[[list[tuple[int, str]]], list[str]], expect: str
) -> None:
    records = rows(till.store.path)
    assert json.loads(records[-1][1])["kind"] == "cash_out"
    code, out = verify_cli(till)
    assert code == 0 and out["anchor"] == out["anchor"] | {"seq": len(records), "source": "central"}  # type: ignore[operator]
    moved = (
        next((s for s, t in records if json.loads(t)["kind"] == "cash_in"), None)
        if tamper in (delete, delete_and_pad)
        else None
    )
    rewrite(till.store.path, tamper(records), moved_after=moved)
    # The chain is consistent with itself: its own check (all there was before) passes.
    chain.verify(till.store)
    for args in ((), ("--offline",)):
        code, out = verify_cli(till, *args)
        assert code == 1, (args, out)
        assert out["ok"] is False and expect in str(out["message"]), (args, out)


def test_the_stored_anchor_cannot_be_rewritten_to_match(till: Till) -> None:
    """Offline, the attacker also rewrites the anchor kept in the store to the new head: the
    receipt's signature is central's, checked with central's key pinned outside the store."""
    records = rows(till.store.path)
    rewrite(till.store.path, cut(records))
    seq, new_head = anchoring.anchor.head(till.store)
    con = sqlite3.connect(till.store.path)
    row = con.execute("SELECT seq, receipt FROM journal_anchor ORDER BY seq DESC LIMIT 1").fetchone()
    receipt = json.loads(row[1]) | {"seq": seq, "hash": new_head}
    con.execute("DELETE FROM journal_anchor")
    con.execute(
        "INSERT INTO journal_anchor VALUES (?, ?, ?, ?, ?)",
        (seq, new_head, "2030-01-01T00:00:00.000000Z", receipt["central_key_id"], json.dumps(receipt)),
    )
    con.commit()
    con.close()
    code, out = verify_cli(till, "--offline")
    assert code == 1 and "not signed by central" in str(out["message"])


def test_the_anchor_follows_the_head_and_a_clean_journal_verifies(till: Till) -> None:
    before = verify_cli(till, "--offline")[1]
    assert before["ok"] is True and before["anchor"]["source"] == "local"  # type: ignore[index]
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    # Not yet anchored: still ok (the new entry is protected by the chain until the next sync).
    assert verify_cli(till, "--offline")[0] == 0
    drain(till.store, till.client)
    code, out = verify_cli(till)
    assert code == 0 and out["anchor"]["seq"] == out["entries"]  # type: ignore[index]


def test_a_rewritten_journal_cannot_anchor_again(till: Till) -> None:
    """History rewritten before the anchor and then grown past it: central chains the new
    entries from the hash it acknowledged, so it refuses the head (``anchor_fork``), keeps
    its anchor, and verify keeps failing, online and offline."""
    rewrite(till.store.path, edit(rows(till.store.path)))
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    drain(till.store, till.client)
    assert anchoring.settings.get(till.store, anchoring.REFUSED_SETTING)["reason"] == "anchor_fork"
    for args in ((), ("--offline",)):
        code, out = verify_cli(till, *args)
        assert code == 1 and "rewritten" in str(out["message"]), (args, out)


def test_a_long_way_goes_in_parts_and_stale_receipts_are_corrected(
    till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(anchoring, "MAX_ENTRIES", 3)
    for _ in range(7):
        cash_in(till.store, actor=SUP, amount=100, reason="change")
    # The receipts kept here are lost (a restore, say): central says where to start from.
    con = sqlite3.connect(till.store.path)
    con.execute("DELETE FROM journal_anchor")
    con.commit()
    con.close()
    receipt = anchoring.send_head(till.store, till.client)
    seq, head = anchoring.anchor.head(till.store)
    assert receipt is not None and (receipt.seq, receipt.hash) == (seq, head)
    with till.live.ctx.db.engine.connect() as conn:
        from sqlalchemy import text

        seqs = [r[0] for r in conn.execute(text("SELECT seq FROM journal_anchors ORDER BY seq"))]
    assert seqs[-3:] == [seq - 4, seq - 1, seq]  # 3 + 3 + 1 from the last acknowledged
    assert [a.seq for a in anchoring.anchor.stored(till.store)] == [seq, seq - 1, seq - 4]
    assert verify_cli(till, "--offline")[0] == 0


def test_central_unreachable_falls_back_to_the_receipt_kept_here(till: Till) -> None:
    from pos.store import settings
    from sync.enrol import central_link

    assert central_link(till.store) is not None
    raw = settings.get(till.store, "central")
    settings.put(till.store, "central", raw | {"url": "http://127.0.0.1:9"})
    code, out = verify_cli(till)
    assert code == 0 and out["anchor"]["source"] == "local" and "not reached" in str(out["note"])  # type: ignore[index]
    rewrite(till.store.path, cut(rows(till.store.path)))
    assert verify_cli(till)[0] == 1

"""The journal anchored at central: rewriting history with the chain recomputed, deleting an
entry and renumbering the rest, or cutting the tail all pass the chain's own check (an
attacker with the SQLite file recomputes it), and all fail ``pos journal verify`` against the
head central acknowledged, online and offline."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pos.cash.movements import cash_in, cash_out
from pos.cash.tenders import Tender
from pos.journal import chain
from pos.journal.chain import GENESIS, chain_hash
from pos.money import Money
from pos.sales import CartItem, sell
from pos.staff.access import Role, StaffSession, add_staff
from pos.store.db import Store, open_store
from pos.terminal.identity import load_signer
from sync import anchor as anchoring
from sync.enrol import connect, enrol
from sync.pull import sync_once
from sync.relay import drain
from sync.transport import CentralClient
from tests.central.live import Live
from tests.factories import open_shift_for
from tests.sync.conftest import enrol_code

SUP = StaffSession("S1", "Supervisor", Role.SUPERVISOR, datetime.now(UTC))


@dataclass
class Till:
    store: Store
    client: CentralClient
    live: Live


@pytest.fixture
def till(central: Live, tmp_path: Path) -> Iterator[Till]:
    """An enrolled terminal: a sale between two cash movements, the last entry a cash-out,
    everything drained, so central acknowledged the head (the cash-out)."""
    store = _anchored_till(central, tmp_path / "till")
    yield Till(store, connect(store), central)
    store.close()


def _anchored_till(central: Live, data: Path, *, token_file: bool = False) -> Store:
    enrol(
        data,
        central_url=central.base,
        code=enrol_code(central),
        terminal_name="till",
        allow_token_file=token_file,
    )
    store = open_store(data)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="2580", by=None)
    open_shift_for(store, SUP)
    client = connect(store)
    sync_once(store, client)
    cash_in(store, actor=SUP, amount=5000, reason="change")
    sell(
        store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id="A-1-1")],
        tenders=[Tender(kind="cash", amount=Money(500000))],
        actor=SUP,
        signer=load_signer(store),
    )
    cash_out(store, actor=SUP, amount=3000, reason="to the safe")
    drain(store, client)
    return store


def _rows(path: Path) -> list[tuple[int, str]]:
    con = sqlite3.connect(path)
    try:
        return [(s, r) for s, r in con.execute("SELECT seq, record FROM journal ORDER BY seq")]
    finally:
        con.close()


def _rewrite(path: Path, records: list[str], *, moved_after: int | None = None) -> None:
    """What an attacker with the SQLite file does: drop the triggers, write the journal anew
    as ``records`` (renumbered 1..n, every hash recomputed), and, when an entry was taken
    out at ``moved_after``, move the references to later entries down by one."""
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER journal_no_update")
    con.execute("DROP TRIGGER journal_no_delete")
    con.execute("DELETE FROM journal")
    prev = GENESIS
    for seq, old in enumerate(records, 1):
        rec = json.loads(old)
        rec["seq"] = seq
        text = chain.canonical(rec)
        digest = chain_hash(prev, text)
        con.execute(
            "INSERT INTO journal (seq, record, prev_hash, hash) VALUES (?, ?, ?, ?)",
            (seq, text, prev, digest),
        )
        prev = digest
    if moved_after is not None:
        for table in ("sale_order", "cash_movement", "closeout"):
            con.execute(
                f"UPDATE {table} SET journal_seq = journal_seq - 1 WHERE journal_seq > ?", (moved_after,)
            )
    con.commit()
    con.close()


def _edit(records: list[tuple[int, str]]) -> list[str]:
    """The sale's total lowered: the cash it brought in shrinks on paper."""
    out = []
    for _, text in records:
        rec = json.loads(text)
        if rec["kind"] == "sale":
            rec["data"]["total"] = 100
        out.append(chain.canonical(rec))
    return out


def _delete(records: list[tuple[int, str]]) -> list[str]:
    """The cash-in taken out, the rest renumbered."""
    return [text for _, text in records if json.loads(text)["kind"] != "cash_in"]


def _delete_and_pad(records: list[tuple[int, str]]) -> list[str]:
    """The cash-in taken out, the rest renumbered, and a harmless entry added at the end so
    that the journal is as long as central knows it."""
    kept = _delete(records)
    pad = json.loads(kept[-1]) | {"kind": "drawer_open", "data": {"reason": "count"}}
    return [*kept, chain.canonical(pad)]


def _cut(records: list[tuple[int, str]]) -> list[str]:
    """The last entry, the cash-out, cut off."""
    return [text for _, text in records[:-1]]


def _verify(till: Till, *args: str) -> tuple[int, dict[str, object]]:
    from poscli.main import cli

    result = CliRunner().invoke(
        cli, ["--data-dir", str(till.store.data_dir), "--json", "journal", "verify", *args]
    )
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize(
    ("tamper", "expect"),
    [(_edit, "rewritten"), (_delete, "missing"), (_delete_and_pad, "rewritten"), (_cut, "cut off")],
    ids=["edit-and-recompute", "delete-and-renumber", "delete-renumber-and-pad", "cut-the-cash-out"],
)
def test_tampering_the_chain_alone_cannot_see_is_caught(
    till: Till, tamper: Callable[[list[tuple[int, str]]], list[str]], expect: str
) -> None:
    records = _rows(till.store.path)
    assert json.loads(records[-1][1])["kind"] == "cash_out"
    code, out = _verify(till)
    assert code == 0 and out["anchor"] == out["anchor"] | {"seq": len(records), "source": "central"}  # type: ignore[operator]
    moved = (
        next((s for s, t in records if json.loads(t)["kind"] == "cash_in"), None)
        if tamper in (_delete, _delete_and_pad)
        else None
    )
    _rewrite(till.store.path, tamper(records), moved_after=moved)
    # The chain is consistent with itself: its own check (all there was before) passes.
    chain.verify(till.store)
    for args in ((), ("--offline",)):
        code, out = _verify(till, *args)
        assert code == 1, (args, out)
        assert out["ok"] is False and expect in str(out["message"]), (args, out)


def test_the_stored_anchor_cannot_be_rewritten_to_match(till: Till) -> None:
    """Offline, the attacker also rewrites the anchor kept in the store to the new head: the
    receipt's signature is central's, checked with central's key pinned outside the store."""
    records = _rows(till.store.path)
    _rewrite(till.store.path, _cut(records))
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
    code, out = _verify(till, "--offline")
    assert code == 1 and "not signed by central" in str(out["message"])


def test_the_anchor_follows_the_head_and_a_clean_journal_verifies(till: Till) -> None:
    before = _verify(till, "--offline")[1]
    assert before["ok"] is True and before["anchor"]["source"] == "local"  # type: ignore[index]
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    # Not yet anchored: still ok (the new entry is protected by the chain until the next sync).
    assert _verify(till, "--offline")[0] == 0
    drain(till.store, till.client)
    code, out = _verify(till)
    assert code == 0 and out["anchor"]["seq"] == out["entries"]  # type: ignore[index]


def test_a_rewritten_journal_cannot_anchor_again(till: Till) -> None:
    """History rewritten before the anchor and then grown past it: central chains the new
    entries from the hash it acknowledged, so it refuses the head (``anchor_fork``), keeps
    its anchor, and verify keeps failing, online and offline."""
    _rewrite(till.store.path, _edit(_rows(till.store.path)))
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    drain(till.store, till.client)
    assert anchoring.settings.get(till.store, anchoring.REFUSED_SETTING)["reason"] == "anchor_fork"
    for args in ((), ("--offline",)):
        code, out = _verify(till, *args)
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
    assert _verify(till, "--offline")[0] == 0


def test_central_unreachable_falls_back_to_the_receipt_kept_here(till: Till) -> None:
    from pos.store import settings
    from sync.enrol import central_link

    assert central_link(till.store) is not None
    raw = settings.get(till.store, "central")
    settings.put(till.store, "central", raw | {"url": "http://127.0.0.1:9"})
    code, out = _verify(till)
    assert code == 0 and out["anchor"]["source"] == "local" and "not reached" in str(out["note"])  # type: ignore[index]
    _rewrite(till.store.path, _cut(_rows(till.store.path)))
    assert _verify(till)[0] == 1


def _pin_key(ring) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    (key,) = [k for k in ring.secrets if k[1].startswith("journal-anchor:")]
    return key  # type: ignore[no-any-return]


def test_offline_the_pinned_receipt_outlives_the_stores(till: Till, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    """The attacker cuts the tail and empties the store's anchors: the newest receipt is also
    kept with central's pinned key, outside the file, and catches it. One who controls the
    keyring too and removes the pin leaves nothing to compare offline (the documented limit);
    online, central's own anchor still decides."""
    _rewrite(till.store.path, _cut(_rows(till.store.path)))
    con = sqlite3.connect(till.store.path)
    con.execute("DELETE FROM journal_anchor")
    con.commit()
    con.close()
    code, out = _verify(till, "--offline")
    assert code == 1 and "missing" in str(out["message"])
    memory_keyring.secrets.pop(_pin_key(memory_keyring))
    code, out = _verify(till, "--offline")
    assert code == 0 and out["anchor"]["source"] == "none"  # type: ignore[index]
    code, out = _verify(till)
    assert code == 1 and "missing" in str(out["message"])


def test_a_kept_receipt_without_the_pinned_key_is_not_trusted(till: Till, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    memory_keyring.secrets.pop(_pin_key(memory_keyring))
    code, out = _verify(till, "--offline")
    assert code == 1 and "cannot be checked" in str(out["message"])
    # Online, central's receipt pins its key again.
    assert _verify(till)[0] == 0
    assert _verify(till, "--offline")[0] == 0


def test_doctor_holds_the_journal_against_the_anchor(till: Till) -> None:
    from pos.field.doctor import FAIL, OK
    from sync.doctor import network_checks

    assert {c.name: c for c in network_checks(till.store)}["journal anchor"].status == OK
    _rewrite(till.store.path, _cut(_rows(till.store.path)))
    check = {c.name: c for c in network_checks(till.store)}["journal anchor"]
    assert check.status == FAIL and "missing" in check.detail and "supervisor" in check.fix


def test_without_a_keyring_the_pin_lives_beside_the_token_file(central: Live, tmp_path: Path) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())  # a headless PC: the token went to an owner-only file
    store = _anchored_till(central, tmp_path / "filed", token_file=True)
    pin = store.data_dir / anchoring.PIN_FILE
    assert pin.exists() and pin.stat().st_mode & 0o777 == 0o600
    store.close()
    reopened = open_store(tmp_path / "filed")
    till = Till(reopened, connect(reopened), central)
    assert _verify(till, "--offline")[0] == 0
    _rewrite(till.store.path, _cut(_rows(till.store.path)))
    assert _verify(till, "--offline")[0] == 1
    reopened.close()


def test_bad_receipts_and_a_garbled_pin_are_refused_not_kept(
    till: Till,
    memory_keyring,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from sync.protocol.journal import AnchorReceipt

    cash_in(till.store, actor=SUP, amount=100, reason="change")
    kept = [a.seq for a in anchoring.anchor.stored(till.store)]
    real_put = till.client.put

    def lying(path, body, model):  # type: ignore[no-untyped-def]
        receipt = real_put(path, body, model)
        return receipt.model_copy(update=bad)

    other = AnchorReceipt.model_validate(json.loads(anchoring.anchor.stored(till.store)[0].receipt))
    for bad in (
        {"signature": other.signature},  # central's signature, but over another head
        {"terminal_id": "T-OTHER"},
        {"central_public_key": "A" * 43 + "="},
        {"central_public_key": "not base64"},
        {"seq": 1},
    ):
        monkeypatch.setattr(till.client, "put", lying)
        assert anchoring.anchor_after_drain(till.store, till.client) is True  # logged, not raised
        assert [a.seq for a in anchoring.anchor.stored(till.store)] == kept, bad
    monkeypatch.setattr(till.client, "put", real_put)
    # A garbled pin: offline it proves nothing (verify fails); online, central's receipt
    # pins its key again.
    memory_keyring.secrets[_pin_key(memory_keyring)] = "{garbage"
    code, out = _verify(till, "--offline")
    assert code == 1 and "unreadable" in str(out["message"])
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    assert anchoring.anchor_after_drain(till.store, till.client) is True
    assert _verify(till, "--offline")[0] == 0


def test_a_server_with_another_key_cannot_vouch_for_a_rewritten_journal(till: Till) -> None:
    """The store also holds central's URL: an attacker who rewrote the journal points it at a
    server of their own that signs receipts for the new head with its own key. The key pinned
    at the first receipt refuses them, online and in the drain."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from sync.enrol import central_link
    from sync.protocol.enrolment import key_id_of
    from sync.protocol.journal import AnchorReceipt, receipt_message

    _rewrite(till.store.path, _cut(_rows(till.store.path)))
    seq, head = anchoring.anchor.head(till.store)
    link = central_link(till.store)
    assert link is not None
    fake = Ed25519PrivateKey.generate()
    raw = fake.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    at = datetime.now(UTC)
    forged = AnchorReceipt(
        terminal_id=link.terminal_id,
        seq=seq,
        hash=head,
        acknowledged_at=at,
        central_key_id=key_id_of(raw),
        central_public_key=base64.b64encode(raw).decode(),
        signature=base64.b64encode(fake.sign(receipt_message(link.terminal_id, seq, head, at))).decode(),
    )

    class FakeCentral:
        def get(self, path: str, model: object) -> AnchorReceipt:
            return forged

        def put(self, path: str, body: object, model: object) -> AnchorReceipt:
            return forged

    with pytest.raises(anchoring.JournalCorrupt, match="not by the central key pinned"):
        anchoring.verify_anchored(till.store, FakeCentral())  # type: ignore[arg-type]
    assert anchoring.anchor_after_drain(till.store, FakeCentral()) is True  # type: ignore[arg-type]
    assert anchoring.anchor.stored(till.store)[0].seq == seq + 1  # nothing forged kept
    assert _verify(till, "--offline")[0] == 1

"""What the terminal trusts of an anchor: only receipts signed with central's key, pinned
outside the store at the first receipt; never one from another key, a garbled pin, or a
receipt kept in the store without the pin."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pos.cash.movements import cash_in
from pos.store.db import open_store
from sync import anchor as anchoring
from sync.enrol import connect
from tests.central.live import Live
from tests.sync.anchor_helpers import (
    SUP,
    Till,
    a_till,
    anchored_till,
    cut,
    pin_key,
    rewrite,
    rows,
    verify_cli,
)


@pytest.fixture
def till(central: Live, tmp_path: Path) -> Iterator[Till]:
    yield from a_till(central, tmp_path)


def test_offline_the_pinned_receipt_outlives_the_stores(till: Till, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    """The attacker cuts the tail and empties the store's anchors: the newest receipt is also
    kept with central's pinned key, outside the file, and catches it. One who controls the
    keyring too and removes the pin leaves nothing to compare offline (the documented limit);
    online, central's own anchor still decides."""
    rewrite(till.store.path, cut(rows(till.store.path)))
    con = sqlite3.connect(till.store.path)
    con.execute("DELETE FROM journal_anchor")
    con.commit()
    con.close()
    code, out = verify_cli(till, "--offline")
    assert code == 1 and "missing" in str(out["message"])
    memory_keyring.secrets.pop(pin_key(memory_keyring))
    code, out = verify_cli(till, "--offline")
    assert code == 0 and out["anchor"]["source"] == "none"  # type: ignore[index]
    code, out = verify_cli(till)
    assert code == 1 and "missing" in str(out["message"])


def test_a_kept_receipt_without_the_pinned_key_is_not_trusted(till: Till, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    memory_keyring.secrets.pop(pin_key(memory_keyring))
    code, out = verify_cli(till, "--offline")
    assert code == 1 and "cannot be checked" in str(out["message"])
    # Online, central's receipt pins its key again.
    assert verify_cli(till)[0] == 0
    assert verify_cli(till, "--offline")[0] == 0


def test_doctor_holds_the_journal_against_the_anchor(till: Till) -> None:
    from pos.field.doctor import FAIL, OK
    from sync.doctor import network_checks

    assert {c.name: c for c in network_checks(till.store)}["journal anchor"].status == OK
    rewrite(till.store.path, cut(rows(till.store.path)))
    check = {c.name: c for c in network_checks(till.store)}["journal anchor"]
    assert check.status == FAIL and "missing" in check.detail and "supervisor" in check.fix


def test_without_a_keyring_the_pin_lives_beside_the_token_file(central: Live, tmp_path: Path) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())  # a headless PC: the token went to an owner-only file
    store = anchored_till(central, tmp_path / "filed", token_file=True)
    pin = store.data_dir / anchoring.PIN_FILE
    assert pin.exists() and pin.stat().st_mode & 0o777 == 0o600
    store.close()
    reopened = open_store(tmp_path / "filed")
    till = Till(reopened, connect(reopened), central)
    assert verify_cli(till, "--offline")[0] == 0
    rewrite(till.store.path, cut(rows(till.store.path)))
    assert verify_cli(till, "--offline")[0] == 1
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
    memory_keyring.secrets[pin_key(memory_keyring)] = "{garbage"
    code, out = verify_cli(till, "--offline")
    assert code == 1 and "unreadable" in str(out["message"])
    cash_in(till.store, actor=SUP, amount=100, reason="change")
    assert anchoring.anchor_after_drain(till.store, till.client) is True
    assert verify_cli(till, "--offline")[0] == 0


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

    rewrite(till.store.path, cut(rows(till.store.path)))
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
    assert verify_cli(till, "--offline")[0] == 1

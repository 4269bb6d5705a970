"""The journal: append-only by trigger, and any edit, deletion or reordering detected."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pos.cash.tenders import Tender
from pos.errors import JournalCorrupt
from pos.journal.chain import GENESIS, chain_hash, verify
from pos.money import Money
from pos.sales import CartItem, sell
from tests.factories import NOW


def _sales(counter, n: int = 3) -> None:  # type: ignore[no-untyped-def]
    for i in range(1, n + 1):
        sell(
            counter.store,
            performance_id="P-CONCERT",
            items=[CartItem("adult", seat_id=f"A-2-{i}")],
            tenders=[Tender(kind="cash", amount=Money(40000))],
            actor=counter.clerk,
            signer=counter.signer,
            now=NOW,
        )


def _tamper(path: Path, *statements: str) -> None:
    """What an attacker with the file can do: drop the triggers, then edit."""
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER journal_no_update")
    con.execute("DROP TRIGGER journal_no_delete")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_intact_journal_verifies(counter) -> None:  # type: ignore[no-untyped-def]
    _sales(counter)
    report = verify(counter.store)
    con = sqlite3.connect(counter.store.path)
    assert report.entries == con.execute("SELECT count(*) FROM journal").fetchone()[0]
    assert [r[0] for r in con.execute("SELECT seq FROM journal ORDER BY seq")] == list(
        range(1, report.entries + 1)
    )
    first = con.execute("SELECT prev_hash, record, hash FROM journal WHERE seq = 1").fetchone()
    assert first[0] == GENESIS and chain_hash(GENESIS, first[1]) == first[2]


def test_triggers_refuse_update_and_delete(counter) -> None:  # type: ignore[no-untyped-def]
    _sales(counter, 1)
    con = sqlite3.connect(counter.store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE journal SET record = '{}' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM journal WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM payment")


def _last_sale_seq(path: Path) -> int:
    con = sqlite3.connect(path)
    return con.execute(
        "SELECT max(seq) FROM journal WHERE json_extract(record,'$.kind') = 'sale'"
    ).fetchone()[0]


@pytest.mark.parametrize(
    ("attack", "first_bad"),
    [
        # An edited amount in the middle: that entry's hash no longer matches.
        (
            lambda s: [
                f"UPDATE journal SET record = replace(record, '\"total\":38500', '\"total\":100') WHERE seq = {s - 1}"
            ],
            lambda s: s - 1,
        ),
        # A deleted entry in the middle: the gap is named.
        (lambda s: [f"DELETE FROM journal WHERE seq = {s - 1}"], lambda s: s - 1),
        # Two entries swapped (records and hashes moved together): the chain breaks.
        (
            lambda s: [
                f"UPDATE journal SET seq = -1 WHERE seq = {s - 1}",
                f"UPDATE journal SET seq = {s - 1} WHERE seq = {s}",
                f"UPDATE journal SET seq = {s} WHERE seq = -1",
            ],
            lambda s: s - 1,
        ),
        # The tail cut off, a sale with it: the order names a missing entry.
        (lambda s: [f"DELETE FROM journal WHERE seq >= {s}"], lambda s: s),
        # An entry rewritten with a correct-looking hash of its own: the next link breaks.
        (
            lambda s: [
                f"UPDATE journal SET record = replace(record, '\"total\":38500', '\"total\":1'), "
                f"hash = '{'0' * 64}' WHERE seq = {s - 1}"
            ],
            lambda s: s - 1,
        ),
    ],
    ids=["edit", "delete-middle", "reorder", "truncate", "rehash"],
)
def test_tampering_is_detected_and_named(counter, attack, first_bad) -> None:  # type: ignore[no-untyped-def]
    _sales(counter, 3)
    seq = _last_sale_seq(counter.store.path)
    _tamper(counter.store.path, *attack(seq))
    with pytest.raises(JournalCorrupt) as info:
        verify(counter.store)
    assert info.value.seq == first_bad(seq)
    assert f"#{first_bad(seq)}" in info.value.message


def test_cli_journal_verify_exits_nonzero_naming_the_entry(counter) -> None:  # type: ignore[no-untyped-def]
    from poscli.main import cli

    _sales(counter, 2)
    runner = CliRunner()
    ok = runner.invoke(cli, ["--data-dir", str(counter.store.data_dir), "journal", "verify"])
    assert ok.exit_code == 0 and "journal ok" in ok.output
    seq = _last_sale_seq(counter.store.path)
    _tamper(
        counter.store.path, f"UPDATE journal SET record = replace(record, 'T01', 'T99') WHERE seq = {seq}"
    )
    bad = runner.invoke(cli, ["--data-dir", str(counter.store.data_dir), "--json", "journal", "verify"])
    assert bad.exit_code == 1
    assert f'"first_bad_entry": {seq}' in bad.output

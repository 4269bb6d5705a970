"""A terminal enrolled with a live central whose journal head central acknowledged, and what
an attacker with the SQLite file does to its journal (the triggers dropped, the chain
recomputed): shared by the anchor tests."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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


def a_till(central: Live, tmp_path: Path) -> Iterator[Till]:
    """For the ``till`` fixture of each test module: an enrolled terminal, a sale between
    two cash movements, the last entry a cash-out, everything drained, so central
    acknowledged the head (the cash-out)."""
    store = anchored_till(central, tmp_path / "till")
    yield Till(store, connect(store), central)
    store.close()


def anchored_till(central: Live, data: Path, *, token_file: bool = False) -> Store:
    enrol(
        data,
        central_url=central.base,
        code=enrol_code(central),
        terminal_name="till",
        allow_token_file=token_file,
    )
    store = open_store(data)
    add_staff(store, staff_id="S1", name="Supervisor", role="supervisor", pin="258036", by=None)
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


def rows(path: Path) -> list[tuple[int, str]]:
    con = sqlite3.connect(path)
    try:
        return [(s, r) for s, r in con.execute("SELECT seq, record FROM journal ORDER BY seq")]
    finally:
        con.close()


def rewrite(path: Path, records: list[str], *, moved_after: int | None = None) -> None:
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


def edit(records: list[tuple[int, str]]) -> list[str]:
    """The sale's total lowered: the cash it brought in shrinks on paper."""
    out = []
    for _, text in records:
        rec = json.loads(text)
        if rec["kind"] == "sale":
            rec["data"]["total"] = 100
        out.append(chain.canonical(rec))
    return out


def delete(records: list[tuple[int, str]]) -> list[str]:
    """The cash-in taken out, the rest renumbered."""
    return [text for _, text in records if json.loads(text)["kind"] != "cash_in"]


def delete_and_pad(records: list[tuple[int, str]]) -> list[str]:
    """The cash-in taken out, the rest renumbered, and a harmless entry added at the end so
    that the journal is as long as central knows it."""
    kept = delete(records)
    pad = json.loads(kept[-1]) | {"kind": "drawer_open", "data": {"reason": "count"}}
    return [*kept, chain.canonical(pad)]


def cut(records: list[tuple[int, str]]) -> list[str]:
    """The last entry, the cash-out, cut off."""
    return [text for _, text in records[:-1]]


def verify_cli(till: Till, *args: str) -> tuple[int, dict[str, object]]:
    from poscli.main import cli

    result = CliRunner().invoke(
        cli, ["--data-dir", str(till.store.data_dir), "--json", "journal", "verify", *args]
    )
    return result.exit_code, json.loads(result.output)


def pin_key(ring) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    (key,) = [k for k in ring.secrets if k[1].startswith("journal-anchor:")]
    return key  # type: ignore[no-any-return]

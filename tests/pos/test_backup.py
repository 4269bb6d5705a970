"""Backups and restores of a live store: while sales commit, refusals, damage, full disks."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from pos.cash.tenders import Tender
from pos.errors import InvalidInput
from pos.field import backup as bk
from pos.journal import chain as journal
from pos.money import Money
from pos.store.db import open_store
from pos.terminal.identity import SIGNING_KEY_FILE
from tests.factories import NOW, counter_from, table_counts
from tests.pos.aftersales_helpers import sale
from tests.pos.fs_limits import read_only, small_disk

CASH = Tender(kind="cash", amount=Money(500000))
SEATS = [f"A-{r}-{n}" for r in (1, 2) for n in range(1, 6) if f"A-{r}-{n}" != "A-1-5"] + [
    f"B-1-{n}" for n in range(1, 6)
]


def _sell(counter, seat: str) -> str:  # type: ignore[no-untyped-def]
    return sale(counter, (seat,), [CASH]).order_id


def _consistent(path: Path) -> int:
    """Every order in a backup has its journal entry and outbox message: a clean snapshot."""
    con = sqlite3.connect(path)
    try:
        orders = con.execute("SELECT count(*) FROM sale_order").fetchone()[0]
        sales = con.execute("SELECT count(*) FROM journal WHERE record LIKE '%\"kind\":\"sale\"%'").fetchone()[0]
        messages = con.execute("SELECT count(*) FROM outbox WHERE kind = 'order'").fetchone()[0]
        assert orders == sales == messages
        return int(orders)
    finally:
        con.close()


def test_backups_taken_while_another_thread_commits_sales_are_consistent(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    writer = counter_from(counter.store.data_dir)  # its own engine, like the running app
    first_sale = threading.Event()
    errors: list[BaseException] = []

    def sell_all() -> None:
        try:
            for seat in SEATS:
                _sell(writer, seat)
                first_sale.set()
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
            first_sale.set()

    thread = threading.Thread(target=sell_all)
    thread.start()
    assert first_sale.wait(60)
    seen = []
    while thread.is_alive() or not seen:
        dest = tmp_path / f"b{len(seen)}.posbak"
        info = bk.backup(counter.store, dest=dest)
        assert bk.verify_backup(dest).journal_entries == info.journal_entries
        seen.append(_consistent(dest))
    thread.join()
    writer.store.close()
    assert not errors
    assert seen == sorted(seen) and seen[0] >= 1
    final = bk.backup(counter.store, dest=tmp_path / "final.posbak")
    assert _consistent(final.path) == len(SEATS)


def test_restore_brings_back_the_backup_and_a_running_apps_connection_sees_it(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, "A-1-1")
    dest = tmp_path / "x.posbak"
    bk.backup(counter.store, dest=dest)
    before = table_counts(counter.store)
    # Synced after the backup: central has it, so restoring loses nothing that matters.
    _sell(counter, "A-1-2")
    with counter.store.write() as s:
        s.connection().exec_driver_sql("UPDATE outbox SET status = 'sent'")
    app = open_store(counter.store.data_dir)  # stays open across the restore
    result = bk.restore(counter.store.data_dir, source=dest)
    assert result.lost_unsynced == ()
    assert table_counts(app) == before
    journal.verify(app)
    app.close()
    assert not list(counter.store.data_dir.glob(".restore-*"))


def test_restore_refuses_to_drop_unsynced_orders_unless_forced(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "x.posbak"
    bk.backup(counter.store, dest=dest)
    unsynced = _sell(counter, "A-2-1")
    after = table_counts(counter.store)
    with pytest.raises(bk.RestoreRefused, match="not yet sent"):
        bk.restore(counter.store.data_dir, source=dest)
    assert table_counts(counter.store) == after
    result = bk.restore(counter.store.data_dir, source=dest, force=True)
    assert len(result.lost_unsynced) == 1
    assert table_counts(counter.store)["sale_order"] == after["sale_order"] - 1
    assert unsynced not in {r[0] for r in sqlite3.connect(counter.store.path).execute("SELECT id FROM sale_order")}


def test_a_damaged_or_tampered_backup_is_refused_and_the_store_is_untouched(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, "A-1-3")
    good = tmp_path / "good.posbak"
    bk.backup(counter.store, dest=good)
    before = table_counts(counter.store)

    cut = tmp_path / "cut.posbak"
    cut.write_bytes(good.read_bytes()[:5000])
    garbage = tmp_path / "garbage.posbak"
    garbage.write_bytes(b"not a database" * 100)
    tampered = tmp_path / "tampered.posbak"
    shutil.copy(good, tampered)
    con = sqlite3.connect(tampered)
    con.execute("DROP TRIGGER IF EXISTS journal_no_update")
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    con.execute("UPDATE journal SET record = replace(record, 'cash', 'card') WHERE seq = (SELECT max(seq) FROM journal)")
    con.commit()
    con.close()
    foreign = tmp_path / "foreign.posbak"
    other = sqlite3.connect(foreign)
    other.execute("CREATE TABLE t (x)")
    other.close()

    for bad, match in ((cut, "damaged|readable"), (garbage, "readable"), (tampered, "journal"), (foreign, "not an Outlet POS")):
        with pytest.raises(bk.BackupError, match=match):
            bk.restore(counter.store.data_dir, source=bad)
        assert table_counts(counter.store) == before
    with pytest.raises(InvalidInput):
        bk.restore(counter.store.data_dir, source=tmp_path / "missing.posbak")


def test_restore_onto_another_terminal_is_refused_and_a_replacement_pc_gets_its_key_back(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos.terminal.identity import init_terminal

    dest = tmp_path / "x.posbak"
    bk.backup(counter.store, dest=dest)
    other_dir = tmp_path / "other"
    init_terminal(other_dir, terminal_id="T99", outlet_id="BO-1")
    with pytest.raises(bk.RestoreRefused, match="terminal T01"):
        bk.restore(other_dir, source=dest)

    fresh = tmp_path / "replacement"
    result = bk.restore(fresh, source=dest)
    assert result.key_restored
    assert (fresh / SIGNING_KEY_FILE).read_bytes() == (counter.store.data_dir / SIGNING_KEY_FILE).read_bytes()
    store = open_store(fresh)
    assert table_counts(store) == table_counts(counter.store)
    journal.verify(store)
    store.close()


def test_scheduled_backups_keep_the_last_n(counter) -> None:  # type: ignore[no-untyped-def]
    bk.set_schedule(counter.store, keep=3, every_hours=1)
    folder = counter.store.data_dir / bk.BACKUP_FOLDER
    taken = []
    for hour in range(5):
        info = bk.scheduled_backup(counter.store, now=NOW + timedelta(hours=hour))
        assert info is not None
        taken.append(info.path)
        # Not due again within the hour.
        assert bk.scheduled_backup(counter.store, now=NOW + timedelta(hours=hour, minutes=30)) is None
    assert bk.local_backups(folder) == taken[-3:]
    (folder / "pos-x.posbak.part").write_bytes(b"cut short")
    bk.scheduled_backup(counter.store, now=NOW + timedelta(hours=9))
    assert len(bk.local_backups(folder)) == 3
    assert not list(folder.glob("*.part"))


@pytest.mark.parametrize(("keep", "hours"), [(0, 1), (400, 1), (3, 0), (3, 10_000)])
def test_bad_schedules_are_refused(counter, keep: int, hours: float) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput):
        bk.set_schedule(counter.store, keep=keep, every_hours=hours)
    assert bk.schedule(counter.store) == bk.BackupSchedule()


def test_backup_to_a_folder_with_awkward_characters(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "备份 a?b#c%20"
    folder.mkdir()
    info = bk.backup(counter.store, dest=folder / "x y.posbak")
    assert bk.verify_backup(info.path).terminal_id == "T01"


def test_backup_bad_destinations(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="does not exist"):
        bk.backup(counter.store, dest=tmp_path / "nope" / "x.posbak")
    with pytest.raises(InvalidInput, match="folder"):
        bk.backup(counter.store, dest=tmp_path)


def test_backup_onto_a_full_disk_fails_cleanly(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with small_disk(tmp_path / "tiny", 64) as tiny:
        old = tiny / "x.posbak"
        old.write_bytes(b"previous backup")
        with pytest.raises(bk.BackupError, match="disk is full"):
            bk.backup(counter.store, dest=old)
        assert old.read_bytes() == b"previous backup"  # the old one is not replaced by half a new one
        assert sorted(p.name for p in tiny.iterdir()) == ["x.posbak"]


def test_backup_into_a_read_only_folder_fails_cleanly(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(bk.BackupError, match="read-only"):
            bk.backup(counter.store, dest=folder / "x.posbak")
        assert list(folder.iterdir()) == []

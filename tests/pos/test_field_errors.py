"""A read-only data folder and a full disk: a clear, typed error, and nothing half-written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pos.cash.tenders import Tender
from pos.errors import DiskFull, StoreReadOnly
from pos.field import backup as bk
from pos.journal import chain as journal
from pos.money import Money
from pos.store.db import open_store
from tests.factories import counter_from, table_counts
from tests.pos.aftersales_helpers import sale
from tests.pos.fs_limits import read_only, small_disk

CASH = Tender(kind="cash", amount=Money(500000))


def _sell(counter, seat: str) -> None:  # type: ignore[no-untyped-def]
    sale(counter, (seat,), [CASH])


def _fill(disk: Path) -> Path:
    """Write zeros until the disk refuses; returns the filler file."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == 28
    finally:
        os.close(fd)
    return filler


def test_a_read_only_data_folder_is_named_and_nothing_changes(counter) -> None:  # type: ignore[no-untyped-def]
    data_dir = counter.store.data_dir
    before = table_counts(counter.store)
    counter.store.close()
    with read_only(data_dir):
        with pytest.raises(StoreReadOnly, match="read-only") as err:
            open_store(data_dir)
        assert err.value.code == "store_read_only"
    store = open_store(data_dir)
    assert table_counts(store) == before
    store.close()


def test_a_sale_on_a_full_disk_is_refused_whole_and_selling_resumes_after(counter_template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with small_disk(tmp_path / "disk", 4096) as disk:
        shutil.copytree(counter_template, disk / "t")
        counter = counter_from(disk / "t")
        _sell(counter, "A-1-1")  # the store works on this disk
        before = table_counts(counter.store)
        filler = _fill(disk)
        for seat in ("A-1-2", "A-1-3"):
            with pytest.raises(DiskFull, match="disk is full") as err:
                _sell(counter, seat)
            assert err.value.code == "disk_full"
        assert table_counts(counter.store) == before
        filler.unlink()
        _sell(counter, "A-1-2")
        assert table_counts(counter.store)["sale_order"] == before["sale_order"] + 1
        journal.verify(counter.store)
        counter.store.close()


def test_a_restore_onto_a_full_disk_leaves_the_store_as_it_was(counter_template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with small_disk(tmp_path / "disk", 4096) as disk:
        shutil.copytree(counter_template, disk / "t")
        counter = counter_from(disk / "t")
        backup_file = tmp_path / "b.posbak"  # on the big disk
        bk.backup(counter.store, dest=backup_file)
        before = table_counts(counter.store)
        filler = _fill(disk)
        with pytest.raises(bk.BackupError, match="disk is full"):
            bk.restore(counter.store.data_dir, source=backup_file)
        assert not list(counter.store.data_dir.glob(".restore-*"))
        filler.unlink()
        assert table_counts(counter.store) == before
        journal.verify(counter.store)
        counter.store.close()

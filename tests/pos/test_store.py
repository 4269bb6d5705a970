"""The local store: SQLite settings, migrations on open, and the refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.errors import InvalidInput, StoreNotInitialised, StoreTooNew
from pos.field.paths import resolve_data_dir
from pos.store.db import STORE_FILENAME, head_revision, open_store
from pos.terminal.identity import init_terminal, terminal_info


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(counter) -> None:  # type: ignore[no-untyped-def]
    with counter.store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_foreign_keys_are_enforced(counter) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    from pos.store.models import Payment

    with pytest.raises(IntegrityError), counter.store.write() as session:
        session.add(
            Payment(order_id="no-such-order", kind="cash", provider="x", amount=1, tendered=1, reference="")
        )


def test_open_without_init_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreNotInitialised, match="pos init"):
        open_store(tmp_path / "nothing-here")
    assert not (tmp_path / "nothing-here").exists()


def test_schema_head_constant_matches_the_migrations() -> None:
    from pos.store.db import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_a_file_that_is_not_a_store_is_refused(data_dir: Path) -> None:
    from pos.errors import StoreError

    data_dir.mkdir(parents=True)
    (data_dir / STORE_FILENAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot be read"):
        open_store(data_dir)


def test_a_fresh_store_is_migrated_to_head(data_dir: Path) -> None:
    init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1")
    con = sqlite3.connect(data_dir / STORE_FILENAME)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)


def test_an_old_store_is_upgraded_in_place(data_dir: Path) -> None:
    """A store from before the current schema (here: an empty one at base) upgrades on open."""
    from alembic import command

    from pos.store.db import _alembic_config

    init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1")
    store = open_store(data_dir)
    cfg = _alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    store.close()
    con = sqlite3.connect(data_dir / STORE_FILENAME)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sale_order'").fetchone() == (0,)
    con.close()
    store = open_store(data_dir)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).scalar() == 4


def test_a_store_from_a_newer_version_is_refused(data_dir: Path) -> None:
    init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1")
    con = sqlite3.connect(data_dir / STORE_FILENAME)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(StoreTooNew, match="newer version"):
        open_store(data_dir)
    con = sqlite3.connect(data_dir / STORE_FILENAME)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999_from_the_future",)


def test_init_refuses_bad_input_and_a_second_init(data_dir: Path) -> None:
    with pytest.raises(InvalidInput, match="terminal id"):
        init_terminal(data_dir, terminal_id="t 1", outlet_id="BO-1")
    with pytest.raises(InvalidInput, match="language"):
        init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1", language="fr")
    with pytest.raises(InvalidInput, match="time zone"):
        init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1", timezone="Mars/Olympus")
    assert not (data_dir / STORE_FILENAME).exists()
    info = init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1", language="en")
    with pytest.raises(InvalidInput, match="already holds"):
        init_terminal(data_dir, terminal_id="T02", outlet_id="BO-1")
    assert terminal_info(open_store(data_dir)) == info


def test_signing_key_is_owner_only(data_dir: Path) -> None:
    init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1")
    mode = (data_dir / "ticket-signing-key.pem").stat().st_mode & 0o777
    assert mode == 0o600


def test_data_dir_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POS_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv("POS_DATA_DIR")
    assert "outlet-pos" in str(resolve_data_dir(None))


def test_an_init_that_died_half_way_can_be_run_again(data_dir: Path) -> None:
    open_store(data_dir, create=True).close()  # the store was made, then the process died
    (data_dir / "ticket-signing-key.pem").write_bytes(b"half-written")
    info = init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1")
    assert terminal_info(open_store(data_dir)) == info
    with pytest.raises(InvalidInput, match="already holds"):
        init_terminal(data_dir, terminal_id="T01", outlet_id="BO-1")

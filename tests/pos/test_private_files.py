"""Invariant 11: the data folder is private to its user (0700), and the store, its WAL and SHM,
the logs and the backups are owner-only (0600) from the moment they are made; ``pos doctor``
finds what is looser and ``--repair`` tightens it."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pos.cash.tenders import Tender
from pos.field import backup
from pos.field.doctor import OK, WARN, check_permissions
from pos.field.permissions import find_loose
from pos.money import Money
from pos.sales import CartItem, sell
from pos.store.db import open_store
from tests.factories import NOW, make_counter

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def loose_umask() -> Iterator[None]:
    # The usual desktop umask: anything not created with its own mode comes out 0644/0755.
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _assert_private(data_dir: Path) -> None:
    assert _mode(data_dir) == 0o700
    found = {p.name: _mode(p) for p in data_dir.rglob("*") if p.is_file()}
    assert found and all(mode == 0o600 for mode in found.values()), found
    assert all(_mode(p) == 0o700 for p in data_dir.rglob("*") if p.is_dir())
    assert find_loose(data_dir) == []


def test_modes_after_init_sale_backup_and_restore(tmp_path: Path, loose_umask: None) -> None:
    from poscli.logs import setup_logging

    data_dir = tmp_path / "terminal"
    counter = make_counter(data_dir)
    setup_logging(data_dir)
    assert (data_dir / "pos.sqlite-wal").exists() and (data_dir / "pos.sqlite-shm").exists()
    _assert_private(data_dir)
    sell(
        counter.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id="A-1-1")],
        tenders=[Tender(kind="cash", amount=Money(100000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
    )
    import logging

    logging.getLogger("pos.test").warning("a line in the log file")
    assert (data_dir / "logs" / "pos.log").stat().st_size > 0
    local = backup.scheduled_backup(counter.store, now=NOW, force=True)
    assert local is not None and _mode(local.path) == 0o600
    _assert_private(data_dir)
    # A backup written outside the data folder is owner-only too (it holds the signing key).
    outside = tmp_path / "usb" / "pos.posbak"
    outside.parent.mkdir()
    backup.backup(counter.store, dest=outside, now=NOW)
    assert _mode(outside) == 0o600
    # Restore over the live store, and onto an empty replacement PC.
    backup.restore(data_dir, source=outside, force=True)
    _assert_private(data_dir)
    counter.store.close()
    fresh = tmp_path / "replacement" / "terminal"
    backup.restore(fresh, source=outside)
    open_store(fresh).close()
    _assert_private(fresh)
    logging.getLogger().handlers[:] = [
        h for h in logging.getLogger().handlers if not getattr(h, "_pos_handler", False)
    ]


def test_init_in_an_existing_open_folder_makes_it_private(tmp_path: Path, loose_umask: None) -> None:
    from pos.terminal.identity import init_terminal

    data_dir = tmp_path / "made-by-hand"
    data_dir.mkdir(mode=0o755)
    init_terminal(data_dir, terminal_id="T09", outlet_id="BO-1", now=NOW)
    _assert_private(data_dir)


def _loosen(data_dir: Path) -> list[Path]:
    paths = [data_dir, data_dir / "pos.sqlite", data_dir / "ticket-signing-key.pem"]
    os.chmod(data_dir, 0o755)
    os.chmod(data_dir / "pos.sqlite", 0o644)
    os.chmod(data_dir / "ticket-signing-key.pem", 0o640)
    return paths


def test_doctor_reports_then_repairs_loose_permissions(counter) -> None:  # type: ignore[no-untyped-def]
    data_dir = counter.store.data_dir
    assert check_permissions(data_dir).status == OK
    # A symbolic link to a world-readable file elsewhere is neither followed nor changed.
    elsewhere = data_dir.parent / "shared.txt"
    elsewhere.write_text("not ours")
    os.chmod(elsewhere, 0o644)
    (data_dir / "link").symlink_to(elsewhere)
    _loosen(data_dir)
    found = check_permissions(data_dir)
    assert found.status == WARN and "pos.sqlite (644)" in found.detail and "--repair" in found.fix
    assert _mode(data_dir / "pos.sqlite") == 0o644  # reporting changes nothing
    repaired = check_permissions(data_dir, repair=True)
    assert repaired.status == WARN and "made owner-only (3)" in repaired.detail
    _assert_private_except_link(data_dir)
    assert _mode(elsewhere) == 0o644
    assert check_permissions(data_dir).status == OK


def _assert_private_except_link(data_dir: Path) -> None:
    (data_dir / "link").unlink()
    _assert_private(data_dir)


def test_pos_doctor_cli_reports_and_repairs(counter) -> None:  # type: ignore[no-untyped-def]
    from poscli.main import cli

    data_dir = counter.store.data_dir
    counter.store.close()
    _loosen(data_dir)
    runner = CliRunner()
    args = ["--data-dir", str(data_dir), "--json", "doctor", "--offline"]
    out = json.loads(runner.invoke(cli, args).stdout)
    perms = next(c for c in out["checks"] if c["name"] == "permissions")
    assert perms["status"] == "warn" and "open to other users" in perms["detail"]
    assert _mode(data_dir) == 0o755
    out = json.loads(runner.invoke(cli, [*args, "--repair"]).stdout)
    perms = next(c for c in out["checks"] if c["name"] == "permissions")
    assert perms["status"] == "warn" and perms["detail"].startswith("made owner-only")
    out = json.loads(runner.invoke(cli, args).stdout)
    assert next(c for c in out["checks"] if c["name"] == "permissions")["status"] == "ok"
    assert _mode(data_dir) == 0o700 and _mode(data_dir / "pos.sqlite") == 0o600


def test_repair_reports_what_it_cannot_change(counter, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data_dir = counter.store.data_dir
    os.chmod(data_dir / "pos.sqlite", 0o666)

    def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    result = check_permissions(data_dir, repair=True)
    assert result.status == "fail" and "pos.sqlite" in result.detail


def test_the_windows_acl_command_leaves_the_folder_to_the_user_and_system(tmp_path: Path) -> None:
    """Windows: no such machine here, so the icacls arguments are what is checked (its
    documented syntax): inheritance removed, grants replaced, the user and SYSTEM only."""
    from pos.store.private import windows_acl_command

    folder = tmp_path / "outlet-pos"
    assert windows_acl_command(folder, "BOXOFFICE\\clerk") == [
        "icacls", str(folder), "/inheritance:r",
        "/grant:r", "BOXOFFICE\\clerk:(OI)(CI)F", "/grant:r", "*S-1-5-18:(OI)(CI)F",
    ]
    for bad in ("", 'a"b', "x*", "a|b"):
        with pytest.raises(ValueError):
            windows_acl_command(folder, bad)


def test_a_failed_acl_is_logged_and_changes_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from pos.store.private import restrict_to_user

    folder = tmp_path / "d"
    folder.mkdir()
    mode = folder.stat().st_mode
    assert restrict_to_user(folder) is False  # no icacls on this machine: said, not raised
    assert "could not limit" in caplog.text and folder.stat().st_mode == mode

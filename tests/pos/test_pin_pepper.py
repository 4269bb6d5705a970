"""PIN hashes are peppered with a secret outside the store: a copy of ``pos.sqlite`` alone
cannot be brute-forced; old unpeppered hashes keep working and are upgraded at the next
sign-in; a supervisor's PIN has at least six digits."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError

from pos.errors import AuthError, InvalidInput, PinChangeRequired, RestoreRefused, StoreError
from pos.field import backup
from pos.staff import pins
from pos.staff.access import Permission, Role, add_staff, authenticate, change_pin, override
from tests.factories import CLERK, NOW, SUPERVISOR

_plain = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def _hash_of(counter, staff_id: str) -> str:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    try:
        return con.execute("SELECT pin_hash FROM staff WHERE id = ?", (staff_id,)).fetchone()[0]  # type: ignore[no-any-return]
    finally:
        con.close()


def _set_hash(counter, staff_id: str, pin_hash: str) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    with con:
        con.execute("UPDATE staff SET pin_hash = ? WHERE id = ?", (pin_hash, staff_id))
    con.close()


def test_the_store_alone_does_not_verify_any_pin(counter) -> None:  # type: ignore[no-untyped-def]
    stored = _hash_of(counter, CLERK[0])
    assert stored.startswith("p1$argon2id$")
    # An attacker with the store tries the right PIN straight into Argon2: no match.
    with pytest.raises(VerifyMismatchError):
        _plain.verify(stored[2:], CLERK[1])
    # Only with the pepper from the data folder's owner-only file does it match.
    pepper = (counter.store.data_dir / pins.PEPPER_FILE).read_bytes()
    assert len(pepper) == 32
    assert (counter.store.data_dir / pins.PEPPER_FILE).stat().st_mode & 0o077 == 0
    keyed = hmac.new(pepper, CLERK[1].encode(), hashlib.sha256).hexdigest()
    assert _plain.verify(stored[2:], keyed)


def test_an_unpeppered_hash_still_signs_in_and_is_upgraded(counter) -> None:  # type: ignore[no-untyped-def]
    _set_hash(counter, CLERK[0], _plain.hash(CLERK[1]))  # as written before this version
    with pytest.raises(AuthError):
        authenticate(counter.store, staff_id=CLERK[0], pin="4826", now=NOW)
    assert not pins.is_peppered(_hash_of(counter, CLERK[0]))  # a wrong PIN upgrades nothing
    assert authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW).staff_id == CLERK[0]
    assert pins.is_peppered(_hash_of(counter, CLERK[0]))
    assert authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW).staff_id == CLERK[0]


def test_a_store_from_before_the_pepper_gets_one_at_the_first_sign_in(counter) -> None:  # type: ignore[no-untyped-def]
    pepper_file = counter.store.data_dir / pins.PEPPER_FILE
    for staff_id, pin in (CLERK, SUPERVISOR):
        _set_hash(counter, staff_id, _plain.hash(pin))
    pepper_file.unlink()
    authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW)
    assert pepper_file.exists() and pins.is_peppered(_hash_of(counter, CLERK[0]))
    assert (
        authenticate(counter.store, staff_id=SUPERVISOR[0], pin=SUPERVISOR[1], now=NOW).role
        is Role.SUPERVISOR
    )


def test_a_lost_pepper_is_an_error_to_fix_not_a_new_pepper(counter) -> None:  # type: ignore[no-untyped-def]
    pepper_file = counter.store.data_dir / pins.PEPPER_FILE
    pepper_file.unlink()
    with pytest.raises(StoreError, match="pepper"):
        authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW)
    with pytest.raises(StoreError, match="restore it"):
        add_staff(counter.store, staff_id="N1", name="New", role="clerk", pin="4826", by=counter.supervisor)
    assert not pepper_file.exists()
    pepper_file.write_bytes(b"short")
    with pytest.raises(StoreError, match="damaged"):
        authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW)


def test_backups_carry_the_pepper_to_a_replacement_pc(counter, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos.store.db import open_store

    file = tmp_path / "t.posbak"
    backup.backup(counter.store, dest=file, now=NOW)
    fresh = tmp_path / "new-pc"
    backup.restore(fresh, source=file)
    assert (fresh / pins.PEPPER_FILE).read_bytes() == (counter.store.data_dir / pins.PEPPER_FILE).read_bytes()
    store = open_store(fresh)
    try:
        assert authenticate(store, staff_id=CLERK[0], pin=CLERK[1], now=NOW).staff_id == CLERK[0]
    finally:
        store.close()
    # A different pepper already there is not overwritten without --force.
    (fresh / pins.PEPPER_FILE).write_bytes(b"x" * 32)
    with pytest.raises(RestoreRefused, match="PIN pepper"):
        backup.restore(fresh, source=file)


@pytest.mark.parametrize("pin", ["4826", "48261"])
def test_a_supervisor_pin_has_six_digits(counter, pin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="supervisor's PIN"):
        add_staff(
            counter.store, staff_id="S2", name="Boss 2", role="supervisor", pin=pin, by=counter.supervisor
        )
    add_staff(counter.store, staff_id="C2", name="Clerk 2", role="clerk", pin=pin, by=counter.supervisor)


def test_a_short_supervisor_pin_from_before_must_change_at_sign_in(counter) -> None:  # type: ignore[no-untyped-def]
    _set_hash(counter, SUPERVISOR[0], _plain.hash("4826"))
    with pytest.raises(PinChangeRequired, match="6 to 8 digits"):
        authenticate(counter.store, staff_id=SUPERVISOR[0], pin="4826", now=NOW)
    with pytest.raises(PinChangeRequired):  # nor can it approve until changed
        override(
            counter.store, supervisor_id=SUPERVISOR[0], pin="4826", permission=Permission.REFUND, now=NOW
        )
    with pytest.raises(InvalidInput, match="supervisor's PIN"):
        change_pin(counter.store, staff_id=SUPERVISOR[0], pin="4826", new_pin="4827", now=NOW)
    with pytest.raises(AuthError):
        change_pin(counter.store, staff_id=SUPERVISOR[0], pin="0000", new_pin="639251", now=NOW)
    session = change_pin(counter.store, staff_id=SUPERVISOR[0], pin="4826", new_pin="639251", now=NOW)
    assert session.role is Role.SUPERVISOR
    assert (
        authenticate(counter.store, staff_id=SUPERVISOR[0], pin="639251", now=NOW).staff_id == SUPERVISOR[0]
    )
    with pytest.raises(AuthError):
        authenticate(counter.store, staff_id=SUPERVISOR[0], pin="4826", now=NOW)


def test_doctor_checks_the_pepper(counter) -> None:  # type: ignore[no-untyped-def]
    from pos.field.doctor import FAIL, OK, check_pin_pepper

    assert check_pin_pepper(counter.store).status == OK
    (counter.store.data_dir / pins.PEPPER_FILE).unlink()
    found = check_pin_pepper(counter.store)
    assert found.status == FAIL and "pos restore" in found.fix
    (counter.store.data_dir / pins.PEPPER_FILE).write_bytes(b"short")
    with pytest.raises(StoreError, match="damaged"):
        check_pin_pepper(counter.store)

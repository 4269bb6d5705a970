"""Staff, PINs, lock-out and the permission check."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pos.errors import AuthError, InvalidInput, LockedOut, PermissionDenied
from pos.staff.access import (
    LOCKOUT,
    MAX_FAILURES,
    Permission,
    Role,
    add_staff,
    authenticate,
    authorise,
    list_staff,
    override,
)
from tests.factories import CLERK, NOW, SUPERVISOR, table_counts


def test_pins_are_stored_as_peppered_argon2id_hashes(counter) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    hashes = [h for (h,) in con.execute("SELECT pin_hash FROM staff")]
    assert hashes and all(h.startswith("p1$argon2id$") for h in hashes)  # peppered
    assert all(CLERK[1] not in h for h in hashes)


def test_right_pin_signs_in(counter) -> None:  # type: ignore[no-untyped-def]
    s = authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW)
    assert s.role is Role.CLERK and s.can(Permission.SELL) and not s.can(Permission.REFUND)


def test_wrong_pin_then_lockout_then_expiry(counter) -> None:  # type: ignore[no-untyped-def]
    sales_before = table_counts(counter.store)
    for attempt in range(1, MAX_FAILURES):
        with pytest.raises(AuthError, match=f"{MAX_FAILURES - attempt} tries left"):
            authenticate(counter.store, staff_id=CLERK[0], pin="9999", now=NOW)
    with pytest.raises(LockedOut, match="locked"):
        authenticate(counter.store, staff_id=CLERK[0], pin="9999", now=NOW)
    # Locked even with the right PIN until the lock-out ends.
    with pytest.raises(LockedOut):
        authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW + LOCKOUT - timedelta(seconds=1))
    assert (
        authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW + LOCKOUT).staff_id == CLERK[0]
    )
    after = table_counts(counter.store)
    # No sale data moved; the journal gained exactly the lock-out entry.
    assert {k: v for k, v in after.items() if k != "journal"} == {
        k: v for k, v in sales_before.items() if k != "journal"
    }
    assert after["journal"] == sales_before["journal"] + 1
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT json_extract(record, '$.kind') FROM journal ORDER BY seq DESC").fetchone() == (
        "auth_lockout",
    )


def test_unknown_staff_gets_the_same_answer_as_a_wrong_pin(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AuthError, match="unknown staff id or wrong PIN"):
        authenticate(counter.store, staff_id="NOBODY", pin="1357", now=NOW)
    with pytest.raises(AuthError):
        authenticate(counter.store, staff_id="'; drop table staff; --", pin="1357", now=NOW)


@pytest.mark.parametrize("pin", ["123", "123456789", "abcd", "1111", "1234", "9876", ""])
def test_weak_or_malformed_pins_are_refused(counter, pin) -> None:  # type: ignore[no-untyped-def]
    before = len(list_staff(counter.store))
    with pytest.raises(InvalidInput):
        add_staff(counter.store, staff_id="N1", name="New", role="clerk", pin=pin, by=counter.supervisor)
    assert len(list_staff(counter.store)) == before


def test_only_a_supervisor_adds_staff(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        add_staff(counter.store, staff_id="N1", name="New", role="clerk", pin="4826", by=counter.clerk)
    with pytest.raises(PermissionDenied):
        add_staff(counter.store, staff_id="N1", name="New", role="clerk", pin="4826", by=None)
    with pytest.raises(InvalidInput, match="taken"):
        add_staff(
            counter.store, staff_id=CLERK[0], name="Dup", role="clerk", pin="4826", by=counter.supervisor
        )
    with pytest.raises(InvalidInput, match="role"):
        add_staff(counter.store, staff_id="N1", name="New", role="boss", pin="4826", by=counter.supervisor)
    member = add_staff(
        counter.store, staff_id="N1", name="新人", role="partner_clerk", pin="4826", by=counter.supervisor
    )
    assert member.role is Role.PARTNER_CLERK


def test_first_staff_member_must_be_a_supervisor(data_dir) -> None:  # type: ignore[no-untyped-def]
    from pos.store.db import open_store
    from pos.terminal.identity import init_terminal

    init_terminal(data_dir, terminal_id="T09", outlet_id="X")
    store = open_store(data_dir)
    with pytest.raises(InvalidInput, match="first staff member"):
        add_staff(store, staff_id="C1", name="Clerk", role="clerk", pin="4826", by=None)
    assert list_staff(store) == ()


def test_override_names_both_people_and_expires(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="supervisor must approve"):
        authorise(actor=counter.clerk, permission=Permission.REFUND, now=NOW)
    ov = override(
        counter.store, supervisor_id=SUPERVISOR[0], pin=SUPERVISOR[1], permission=Permission.REFUND, now=NOW
    )
    auth = authorise(actor=counter.clerk, permission=Permission.REFUND, override=ov, now=NOW)
    assert (auth.actor_id, auth.approver_id) == (CLERK[0], SUPERVISOR[0])
    with pytest.raises(PermissionDenied, match="was for refund"):
        authorise(actor=counter.clerk, permission=Permission.VOID, override=ov, now=NOW)
    with pytest.raises(PermissionDenied, match="expired"):
        authorise(
            actor=counter.clerk, permission=Permission.REFUND, override=ov, now=NOW + timedelta(minutes=6)
        )


def test_a_clerk_cannot_approve_an_override(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="cannot approve"):
        override(counter.store, supervisor_id=CLERK[0], pin=CLERK[1], permission=Permission.REFUND, now=NOW)
    with pytest.raises(AuthError):
        override(
            counter.store, supervisor_id=SUPERVISOR[0], pin="0000", permission=Permission.REFUND, now=NOW
        )

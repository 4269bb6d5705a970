"""Staff lifecycle: deactivate, reactivate, PIN reset, role change; each by an active
supervisor and journaled; a deactivated person cannot sign in, approve or act."""

from __future__ import annotations

import sqlite3

import pytest

from pos.cash.movements import open_drawer
from pos.errors import AuthError, InvalidInput, NotFound, PermissionDenied, PinChangeRequired, StaffInactive
from pos.staff import lifecycle
from pos.staff.access import (
    LOCKOUT,
    MAX_FAILURES,
    Permission,
    Role,
    add_staff,
    authenticate,
    change_pin,
    list_staff,
    override,
)
from tests.factories import CLERK, NOW, SUPERVISOR, table_counts

SUP2 = ("S2", "739164")


def _journal(counter, n: int = 1) -> list[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    try:
        rows = con.execute(
            "SELECT json_extract(record, '$.kind'), json_extract(record, '$.staff'), json_extract(record, '$.ref') "
            "FROM journal ORDER BY seq DESC LIMIT ?",
            (n,),
        ).fetchall()
        return [tuple(r) for r in rows]
    finally:
        con.close()


def _second_supervisor(counter):  # type: ignore[no-untyped-def]
    add_staff(
        counter.store, staff_id=SUP2[0], name="Boss 2", role="supervisor", pin=SUP2[1], by=counter.supervisor
    )
    return authenticate(counter.store, staff_id=SUP2[0], pin=SUP2[1], now=NOW)


def test_a_deactivated_clerk_cannot_sign_in_until_reactivated(counter) -> None:  # type: ignore[no-untyped-def]
    member = lifecycle.deactivate(counter.store, staff_id=CLERK[0], by=counter.supervisor, now=NOW)
    assert member.active is False
    assert _journal(counter) == [("staff_deactivated", SUPERVISOR[0], CLERK[0])]
    with pytest.raises(StaffInactive, match="deactivated"):
        authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW)
    # A wrong PIN learns nothing about the account, and counts no failures.
    with pytest.raises(AuthError, match="unknown staff id or wrong PIN") as wrong:
        authenticate(counter.store, staff_id=CLERK[0], pin="4826", now=NOW)
    assert not isinstance(wrong.value, StaffInactive)
    # Nor can their session, made before, still act, even with a supervisor's approval (the
    # drawer checks the actor in its own transaction).
    given = override(
        counter.store,
        supervisor_id=SUPERVISOR[0],
        pin=SUPERVISOR[1],
        permission=Permission.OPEN_DRAWER,
        now=NOW,
    )
    before = table_counts(counter.store)
    with pytest.raises(StaffInactive):
        open_drawer(counter.store, actor=counter.clerk, reason="change", override=given, now=NOW)
    assert table_counts(counter.store) == before
    with pytest.raises(InvalidInput, match="already deactivated"):
        lifecycle.deactivate(counter.store, staff_id=CLERK[0], by=counter.supervisor, now=NOW)
    lifecycle.reactivate(counter.store, staff_id=CLERK[0], by=counter.supervisor, now=NOW)
    assert _journal(counter) == [("staff_reactivated", SUPERVISOR[0], CLERK[0])]
    assert authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW).staff_id == CLERK[0]
    with pytest.raises(InvalidInput, match="already active"):
        lifecycle.reactivate(counter.store, staff_id=CLERK[0], by=counter.supervisor, now=NOW)


def test_a_deactivated_supervisor_cannot_approve_nor_spend_an_earlier_approval(counter) -> None:  # type: ignore[no-untyped-def]
    boss2 = _second_supervisor(counter)
    given = override(
        counter.store,
        supervisor_id=SUPERVISOR[0],
        pin=SUPERVISOR[1],
        permission=Permission.OPEN_DRAWER,
        now=NOW,
    )
    lifecycle.deactivate(counter.store, staff_id=SUPERVISOR[0], by=boss2, now=NOW)
    with pytest.raises(StaffInactive):
        override(
            counter.store,
            supervisor_id=SUPERVISOR[0],
            pin=SUPERVISOR[1],
            permission=Permission.REFUND,
            now=NOW,
        )
    before = table_counts(counter.store)
    with pytest.raises(PermissionDenied, match="deactivated"):
        open_drawer(counter.store, actor=counter.clerk, reason="change", override=given, now=NOW)
    assert table_counts(counter.store) == before
    # The stale session of the deactivated supervisor manages no one either.
    with pytest.raises(PermissionDenied, match="active supervisor"):
        lifecycle.deactivate(counter.store, staff_id=CLERK[0], by=counter.supervisor, now=NOW)
    with pytest.raises(PermissionDenied, match="active supervisor"):
        add_staff(counter.store, staff_id="N1", name="New", role="clerk", pin="4826", by=counter.supervisor)


def test_who_may_manage_whom(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        lifecycle.deactivate(counter.store, staff_id=SUPERVISOR[0], by=counter.clerk, now=NOW)
    with pytest.raises(PermissionDenied, match="themselves"):
        lifecycle.deactivate(counter.store, staff_id=SUPERVISOR[0], by=counter.supervisor, now=NOW)
    with pytest.raises(PermissionDenied, match="themselves"):
        lifecycle.reset_pin(
            counter.store, staff_id=SUPERVISOR[0], temporary_pin="739164", by=counter.supervisor
        )
    for bad in ("NOBODY", "", "'; drop table staff; --"):
        with pytest.raises(NotFound):
            lifecycle.deactivate(counter.store, staff_id=bad, by=counter.supervisor, now=NOW)
    boss2 = _second_supervisor(counter)
    lifecycle.change_role(counter.store, staff_id=SUPERVISOR[0], role="clerk", by=boss2, now=NOW)
    # S2 is now the last active supervisor: S1 (a clerk now) cannot act, and no one can remove S2.
    with pytest.raises(PermissionDenied):
        lifecycle.deactivate(counter.store, staff_id=SUP2[0], by=counter.supervisor, now=NOW)
    assert [m.staff_id for m in list_staff(counter.store) if m.role is Role.SUPERVISOR and m.active] == [
        SUP2[0]
    ]


def test_reset_pin_makes_the_person_choose_a_new_one(counter) -> None:  # type: ignore[no-untyped-def]
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthError):
            authenticate(counter.store, staff_id=CLERK[0], pin="4826", now=NOW)
    with pytest.raises(InvalidInput):
        lifecycle.reset_pin(counter.store, staff_id=CLERK[0], temporary_pin="1111", by=counter.supervisor)
    member = lifecycle.reset_pin(
        counter.store, staff_id=CLERK[0], temporary_pin="5931", by=counter.supervisor, now=NOW
    )
    assert member.staff_id == CLERK[0]
    assert [m.pin_change_required for m in list_staff(counter.store) if m.staff_id == CLERK[0]] == [True]
    assert _journal(counter) == [("pin_reset", SUPERVISOR[0], CLERK[0])]
    # The old PIN no longer works; the reset lifted the lock-out; the temporary PIN only
    # leads to choosing a new one.
    with pytest.raises(AuthError):
        authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW + LOCKOUT / 10)
    with pytest.raises(PinChangeRequired):
        authenticate(counter.store, staff_id=CLERK[0], pin="5931", now=NOW)
    with pytest.raises(InvalidInput, match="differ"):
        change_pin(counter.store, staff_id=CLERK[0], pin="5931", new_pin="5931", now=NOW)
    with pytest.raises(InvalidInput):
        change_pin(counter.store, staff_id=CLERK[0], pin="5931", new_pin="12", now=NOW)
    session = change_pin(counter.store, staff_id=CLERK[0], pin="5931", new_pin="2468", now=NOW)
    assert session.staff_id == CLERK[0]
    assert _journal(counter) == [("pin_changed", CLERK[0], "")]
    assert authenticate(counter.store, staff_id=CLERK[0], pin="2468", now=NOW).staff_id == CLERK[0]
    assert not lifecycle.pin_change_pending(counter.store, staff_id=CLERK[0])


def test_promotion_to_supervisor_asks_for_a_six_digit_pin(counter) -> None:  # type: ignore[no-untyped-def]
    member = lifecycle.change_role(
        counter.store, staff_id=CLERK[0], role="supervisor", by=counter.supervisor, now=NOW
    )
    assert member.role is Role.SUPERVISOR
    assert _journal(counter) == [("staff_role_changed", SUPERVISOR[0], CLERK[0])]
    with pytest.raises(PinChangeRequired, match="6 to 8"):
        authenticate(counter.store, staff_id=CLERK[0], pin=CLERK[1], now=NOW)
    with pytest.raises(InvalidInput, match="supervisor's PIN"):
        change_pin(counter.store, staff_id=CLERK[0], pin=CLERK[1], new_pin="2468", now=NOW)
    session = change_pin(counter.store, staff_id=CLERK[0], pin=CLERK[1], new_pin="246813", now=NOW)
    assert session.can(Permission.REFUND)
    with pytest.raises(InvalidInput, match="already a supervisor"):
        lifecycle.change_role(
            counter.store, staff_id=CLERK[0], role="supervisor", by=counter.supervisor, now=NOW
        )
    with pytest.raises(InvalidInput, match="role must be"):
        lifecycle.change_role(counter.store, staff_id=CLERK[0], role="boss", by=counter.supervisor, now=NOW)
    lifecycle.change_role(counter.store, staff_id=CLERK[0], role="door", by=counter.supervisor, now=NOW)
    assert authenticate(counter.store, staff_id=CLERK[0], pin="246813", now=NOW).role is Role.DOOR


def test_a_clerk_deactivated_while_signed_in_cannot_sell(counter) -> None:  # type: ignore[no-untyped-def]
    from pos.cash.tenders import Tender
    from pos.money import Money
    from pos.sales import CartItem, sell

    lifecycle.deactivate(counter.store, staff_id=CLERK[0], by=counter.supervisor, now=NOW)
    before = table_counts(counter.store)
    with pytest.raises(StaffInactive):  # the session was made before: the store decides
        sell(
            counter.store, performance_id="P-CONCERT", items=[CartItem("adult", seat_id="A-1-1")],
            tenders=[Tender("cash", Money(50_000))], actor=counter.clerk, signer=counter.signer, now=NOW,
        )
    assert table_counts(counter.store) == before

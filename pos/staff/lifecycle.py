"""A staff member's life after being added: deactivated and reactivated, PIN reset, role
changed. Each is done by an active supervisor (checked against the store, not a session
object) and journaled with their id beside the person's.

A reset PIN is a temporary one the supervisor hands over: its owner must choose a new PIN at
the next sign-in (:func:`pos.staff.access.change_pin`), so the supervisor never knows the
PIN in use. A promotion to supervisor asks for a new PIN too, since a supervisor's has at
least six digits. No one can deactivate, demote or reset themselves, so whoever does it
remains an active supervisor: the terminal never loses the last one who can manage it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.errors import InvalidInput, NotFound, PermissionDenied
from pos.journal import chain as journal
from pos.staff import pins
from pos.staff.access import Role, StaffMember, StaffSession, pepper_for_write, require_manager, terminal_id
from pos.store.db import Store
from pos.store.models import Staff


def _target(session: Session, by: StaffSession, staff_id: str, *, not_self: str) -> Staff:
    require_manager(session, by)
    staff = session.get(Staff, staff_id) if isinstance(staff_id, str) and staff_id else None
    if staff is None:
        raise NotFound(f"no staff member {staff_id!r}")
    if staff.id == by.staff_id:
        raise PermissionDenied(f"a supervisor cannot {not_self} themselves: ask another supervisor")
    return staff


def _done(
    session: Session, staff: Staff, *, kind: str, by: StaffSession, now: datetime, **data: Any
) -> StaffMember:
    journal.append(
        session,
        kind=kind,
        terminal_id=terminal_id(session),
        staff_id=by.staff_id,
        ref=staff.id,
        data=data,
        now=now,
    )
    return StaffMember(staff.id, staff.name, Role(staff.role), staff.active, staff.pin_change_required)


def deactivate(store: Store, *, staff_id: str, by: StaffSession, now: datetime | None = None) -> StaffMember:
    """From now on the person cannot sign in, sell or approve; their approvals not yet used
    are refused too (``access.spend``)."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        staff = _target(session, by, staff_id, not_self="deactivate")
        if not staff.active:
            raise InvalidInput(f"{staff.id} is already deactivated")
        staff.active = False
        return _done(session, staff, kind="staff_deactivated", by=by, now=now)


def reactivate(store: Store, *, staff_id: str, by: StaffSession, now: datetime | None = None) -> StaffMember:
    """Lets the person sign in again with their PIN (reset it too if they may have shared it)."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        staff = _target(session, by, staff_id, not_self="reactivate")
        if staff.active:
            raise InvalidInput(f"{staff.id} is already active")
        staff.active = True
        staff.failed_attempts = 0
        staff.locked_until = None
        return _done(session, staff, kind="staff_reactivated", by=by, now=now)


def reset_pin(
    store: Store, *, staff_id: str, temporary_pin: str, by: StaffSession, now: datetime | None = None
) -> StaffMember:
    """Give the person a temporary PIN, to be changed at their next sign-in; lifts a lock-out."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        staff = _target(session, by, staff_id, not_self="reset the PIN of")
        pins.check_shape(temporary_pin, supervisor=staff.role == Role.SUPERVISOR.value)
        staff.pin_hash = pins.hash_pin(pepper_for_write(session, store.data_dir), temporary_pin)
        staff.pin_change_required = True
        staff.failed_attempts = 0
        staff.locked_until = None
        return _done(session, staff, kind="pin_reset", by=by, now=now)


def change_role(
    store: Store, *, staff_id: str, role: Role | str, by: StaffSession, now: datetime | None = None
) -> StaffMember:
    try:
        new = Role(role)
    except ValueError:
        raise InvalidInput(f"role must be one of: {', '.join(r.value for r in Role)}") from None
    now = now or datetime.now(UTC)
    with store.write() as session:
        staff = _target(session, by, staff_id, not_self="change the role of")
        old = Role(staff.role)
        if new is old:
            raise InvalidInput(f"{staff.id} is already a {new.value}")
        staff.role = new.value
        if new is Role.SUPERVISOR:
            staff.pin_change_required = True  # a supervisor's PIN has at least six digits
        return _done(
            session, staff, kind="staff_role_changed", by=by, now=now, role_from=old.value, role_to=new.value
        )


def pin_change_pending(store: Store, *, staff_id: str) -> bool:
    with store.read() as session:
        staff = session.get(Staff, staff_id)
        return bool(staff and staff.pin_change_required)

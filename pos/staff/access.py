"""Staff, PINs and permissions.

PINs are hashed with Argon2id under the terminal's pepper (:mod:`pos.staff.pins`). Repeated
failures lock the account for a while; a deactivated person cannot sign in or approve, and a
person whose PIN was reset must choose a new one first (:func:`change_pin`). Adding,
deactivating and re-roling people is :mod:`pos.staff.lifecycle`. Every
protected action is checked here, in the core, by :func:`authorise`: a clerk who lacks a
permission needs a supervisor's :class:`Override`, and the journal names both people.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from pos.errors import (
    AuthError,
    InvalidInput,
    LockedOut,
    PermissionDenied,
    PinChangeRequired,
    StaffInactive,
    StoreError,
)
from pos.journal import chain as journal
from pos.staff import pins
from pos.staff.roles import (
    ROLE_PERMISSIONS,
    Authorisation,
    Override,
    Permission,
    Role,
    StaffMember,
    StaffSession,
)
from pos.store.db import Store
from pos.store.models import OverrideGrant, Staff, Terminal

__all__ = [
    "LOCKOUT",
    "MAX_FAILURES",
    "OVERRIDE_VALIDITY",
    "ROLE_PERMISSIONS",
    "Authorisation",
    "Override",
    "Permission",
    "Role",
    "StaffMember",
    "StaffSession",
    "add_staff",
    "authenticate",
    "authorise",
    "change_pin",
    "list_staff",
    "override",
    "require_active",
    "spend",
]

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)


_STAFF_ID = re.compile(r"^[A-Za-z0-9]{1,16}$")


def pepper_for_write(session: Session, data_dir: Path) -> bytes:
    """The pepper to hash a new PIN with, made on first use (a store from before peppering).

    Never made afresh while peppered hashes exist: those would then never verify again."""
    pepper = pins.read_pepper(data_dir)
    if pepper is not None:
        return pepper
    peppered = session.scalar(
        select(func.count()).select_from(Staff).where(Staff.pin_hash.like(pins.PEPPERED + "$%"))
    )
    if peppered:
        raise StoreError(
            f"the PIN pepper file ({pins.PEPPER_FILE}) is missing from the data folder: restore it "
            "from a backup (`pos restore FILE`)"
        )
    return pins.write_pepper(data_dir)


def terminal_id(session: Session) -> str:
    terminal = session.scalar(select(Terminal))
    return terminal.terminal_id if terminal else "?"


def add_staff(
    store: Store,
    *,
    staff_id: str,
    name: str,
    role: Role | str,
    pin: str,
    by: StaffSession | None,
    now: datetime | None = None,
) -> StaffMember:
    """Add a staff member. Needs a supervisor, except for the very first one (bootstrap)."""
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"role must be one of: {', '.join(r.value for r in Role)}") from None
    if not _STAFF_ID.match(staff_id):
        raise InvalidInput("staff id: 1-16 letters or digits")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("a name is needed (at most 100 characters)")
    pins.check_shape(pin, supervisor=role is Role.SUPERVISOR)
    now = now or datetime.now(UTC)
    pepper = pins.read_pepper(store.data_dir)
    pin_hash = pins.hash_pin(pepper, pin) if pepper else ""  # outside the write lock when it can be
    with store.write() as session:
        count = session.scalar(select(func.count()).select_from(Staff)) or 0
        if count == 0:
            if role is not Role.SUPERVISOR:
                raise InvalidInput("the first staff member must be a supervisor")
        elif by is None or not by.can(Permission.MANAGE_STAFF):
            raise PermissionDenied("only a supervisor can add staff")
        if session.get(Staff, staff_id) is not None:
            raise InvalidInput(f"staff id {staff_id} is taken")
        if count:
            assert by is not None
            require_manager(session, by)
        session.add(
            Staff(
                id=staff_id,
                name=name,
                role=role.value,
                pin_hash=pin_hash or pins.hash_pin(pepper_for_write(session, store.data_dir), pin),
                active=True,
                failed_attempts=0,
                locked_until=None,
                created_at=now,
                pin_change_required=False,
            )
        )
        journal.append(
            session,
            kind="staff_added",
            terminal_id=terminal_id(session),
            staff_id=by.staff_id if by else None,
            ref=staff_id,
            data={"role": role.value, "name": name},
            now=now,
        )
    return StaffMember(staff_id, name, role, True)


def list_staff(store: Store) -> tuple[StaffMember, ...]:
    with store.read() as session:
        return tuple(
            StaffMember(s.id, s.name, Role(s.role), s.active, s.pin_change_required)
            for s in session.scalars(select(Staff).order_by(Staff.id))
        )


def authenticate(store: Store, *, staff_id: str, pin: str, now: datetime | None = None) -> StaffSession:
    """Check a PIN. Five failures in a row lock the account for five minutes.

    Raises :class:`PinChangeRequired` when the PIN is right but must be changed first (see
    :func:`change_pin`)."""
    return _sign_in(store, staff_id=staff_id, pin=pin, new_pin=None, now=now or datetime.now(UTC))


def change_pin(
    store: Store, *, staff_id: str, pin: str, new_pin: str, now: datetime | None = None
) -> StaffSession:
    """A person changes their own PIN, proving the current (or temporary) one; signs them in.

    Wrong current PINs count towards the lock-out like any sign-in."""
    return _sign_in(store, staff_id=staff_id, pin=pin, new_pin=new_pin, now=now or datetime.now(UTC))


def _sign_in(store: Store, *, staff_id: str, pin: str, new_pin: str | None, now: datetime) -> StaffSession:
    pin = pin if isinstance(pin, str) else ""
    with store.write() as session:
        staff = session.get(Staff, staff_id) if _STAFF_ID.match(staff_id or "") else None
        if staff is None:
            pins.burn(pin)
            raise AuthError("unknown staff id or wrong PIN")
        pepper = pins.read_pepper(store.data_dir)
        if not staff.active:
            # Only someone who knows the PIN learns that the account is off.
            if pins.verify_pin(staff.pin_hash, pin, pepper=pepper):
                raise StaffInactive(f"{staff_id} has been deactivated: a supervisor can reactivate them")
            raise AuthError("unknown staff id or wrong PIN")
        if staff.locked_until is not None and staff.locked_until > now:
            minutes = max(1, int((staff.locked_until - now).total_seconds() + 59) // 60)
            raise LockedOut(
                f"too many wrong PINs: {staff_id} is locked for {minutes} more minute(s); "
                "a supervisor can help",
                until=staff.locked_until.isoformat(),
            )
        supervisor = staff.role == Role.SUPERVISOR.value
        if new_pin is not None:
            pins.check_shape(new_pin, supervisor=supervisor)  # before the PIN check: no try spent
            if new_pin == pin:
                raise InvalidInput("the new PIN must differ from the current one")
        if pins.verify_pin(staff.pin_hash, pin, pepper=pepper):
            staff.failed_attempts = 0
            staff.locked_until = None
            if new_pin is not None:
                staff.pin_hash = pins.hash_pin(pepper_for_write(session, store.data_dir), new_pin)
                staff.pin_change_required = False
                journal.append(
                    session, kind="pin_changed", terminal_id=terminal_id(session), staff_id=staff.id, now=now
                )
                return StaffSession(staff.id, staff.name, Role(staff.role), now)
            if not pins.is_peppered(staff.pin_hash):
                # A hash from before the pepper: rewrite it now that the PIN is known.
                staff.pin_hash = pins.hash_pin(pepper_for_write(session, store.data_dir), pin)
            if supervisor and len(pin) < pins.SUPERVISOR_MIN_DIGITS:
                staff.pin_change_required = True  # a supervisor PIN set before the 6-digit rule
            if not staff.pin_change_required:
                return StaffSession(staff.id, staff.name, Role(staff.role), now)
            failure: AuthError = PinChangeRequired(
                f"{staff_id} must choose a new PIN before going on"
                + (f" ({pins.SUPERVISOR_MIN_DIGITS} to 8 digits for a supervisor)" if supervisor else ""),
                staff_id=staff.id,
            )
        else:
            staff.failed_attempts += 1
            if staff.failed_attempts >= MAX_FAILURES:
                staff.locked_until = now + LOCKOUT
                staff.failed_attempts = 0
                journal.append(
                    session,
                    kind="auth_lockout",
                    terminal_id=terminal_id(session),
                    staff_id=staff.id,
                    data={"until": staff.locked_until.isoformat()},
                    now=now,
                )
                failure = LockedOut(
                    f"too many wrong PINs: {staff_id} is locked for {LOCKOUT.seconds // 60} minutes",
                    until=staff.locked_until.isoformat(),
                )
            else:
                left = MAX_FAILURES - staff.failed_attempts
                failure = AuthError(f"unknown staff id or wrong PIN ({left} tries left before lock-out)")
    # Raised after the commit so that the failure count (or the upgraded hash) is kept.
    raise failure


def require_active(session: Session, staff_id: str) -> None:
    """Inside a protected action's transaction: refuse a person a supervisor deactivated
    after they signed in (a session object outlives the row it was made from)."""
    row = session.get(Staff, staff_id)
    if row is not None and not row.active:
        raise StaffInactive(f"{staff_id} has been deactivated: a supervisor can reactivate them")


def require_manager(session: Session, by: StaffSession) -> Staff:
    """The supervisor managing staff, as the store knows them now (not as a session once
    said): still active and still a supervisor."""
    row = session.get(Staff, by.staff_id)
    if row is None or not row.active or not ROLE_PERMISSIONS[Role(row.role)] >= {Permission.MANAGE_STAFF}:
        raise PermissionDenied("only an active supervisor can manage staff")
    return row


def override(
    store: Store,
    *,
    supervisor_id: str,
    pin: str,
    permission: Permission,
    now: datetime | None = None,
) -> Override:
    """A supervisor approves one protected action with their PIN."""
    session_ = authenticate(store, staff_id=supervisor_id, pin=pin, now=now)
    if not session_.can(permission):
        raise PermissionDenied(f"{supervisor_id} cannot approve {permission.value}: a supervisor is needed")
    grant_id = str(uuid.uuid4())
    with store.write() as session:
        session.add(
            OverrideGrant(
                grant_id=grant_id,
                approver_id=session_.staff_id,
                permission=permission.value,
                granted_at=session_.signed_in_at,
                used_at=None,
                used_by=None,
            )
        )
        journal.append(
            session,
            kind="override",
            terminal_id=terminal_id(session),
            staff_id=None,
            approver_id=session_.staff_id,
            ref=grant_id,
            data={"permission": permission.value},
            now=session_.signed_in_at,
        )
    return Override(session_.staff_id, session_.name, permission, session_.signed_in_at, grant_id)


def spend(session: Session, auth: Authorisation, override: Override | None, *, now: datetime) -> None:
    """Inside the protected action's transaction: use up the approval it relied on.

    Rolled back with the action if the action fails, so a refused refund leaves the approval
    unspent. Also refuses an actor deactivated since they signed in."""
    require_active(session, auth.actor_id)
    if auth.approver_id is None:
        return
    if override is None or not override.grant_id:
        raise PermissionDenied("a supervisor's approval is needed, given with their PIN")
    approver = session.get(Staff, auth.approver_id)
    if approver is None or not approver.active:
        raise PermissionDenied("the supervisor who approved this has been deactivated: approve again")
    statement = (
        update(OverrideGrant)
        .where(
            OverrideGrant.grant_id == override.grant_id,
            OverrideGrant.approver_id == auth.approver_id,
            OverrideGrant.permission == auth.permission.value,
            OverrideGrant.used_at.is_(None),
        )
        .values(used_at=now, used_by=auth.actor_id)
    )
    # An UPDATE answers a CursorResult, which counts the rows it changed.
    used = cast(CursorResult[Any], session.execute(statement))
    if used.rowcount != 1:
        raise PermissionDenied("this approval was used already or was not given here: approve again")


OVERRIDE_VALIDITY = timedelta(minutes=5)


def authorise(
    *,
    actor: StaffSession,
    permission: Permission,
    override: Override | None = None,
    now: datetime | None = None,
) -> Authorisation:
    """The one permission check. Services call it; hiding a button is not a check."""
    if actor.can(permission):
        return Authorisation(actor.staff_id, None, permission)
    if override is None:
        raise PermissionDenied(
            f"{actor.staff_id} ({actor.role.value}) may not {permission.value.replace('_', ' ')}: "
            "a supervisor must approve",
            permission=permission.value,
        )
    if override.permission is not permission:
        raise PermissionDenied(
            f"the approval given was for {override.permission.value}, not {permission.value}"
        )
    now = now or datetime.now(UTC)
    if now - override.approved_at > OVERRIDE_VALIDITY:
        raise PermissionDenied("the supervisor's approval has expired: approve again")
    return Authorisation(actor.staff_id, override.approver_id, permission)

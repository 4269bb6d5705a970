"""Staff, PINs and permissions.

PINs are hashed with Argon2id. Repeated failures lock the account for a while. Every
protected action is checked here, in the core, by :func:`authorise`: a clerk who lacks a
permission needs a supervisor's :class:`Override`, and the journal names both people.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from pos.errors import AuthError, InvalidInput, LockedOut, PermissionDenied
from pos.journal import chain as journal
from pos.store.db import Store
from pos.store.models import OverrideGrant, Staff, Terminal

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)

# Argon2id at OWASP's minimum (19 MiB, 2 passes): a short PIN's real protection is the
# lock-out; the hash only has to make an offline guess of all 10^8 PINs costly.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH = _hasher.hash("000000")  # equalises timing for unknown staff ids


class Role(StrEnum):
    CLERK = "clerk"
    DOOR = "door"
    SUPERVISOR = "supervisor"
    PARTNER_CLERK = "partner_clerk"


class Permission(StrEnum):
    SELL = "sell"
    SCAN = "scan"
    REFUND = "refund"
    EXCHANGE = "exchange"
    REFUND_LATE = "refund_late"  # refund or exchange after the event's refund window closed
    VOID = "void"
    REPRINT = "reprint"
    PRICE_OVERRIDE = "price_override"
    OPEN_DRAWER = "open_drawer"
    MANAGE_STAFF = "manage_staff"
    CLOSE_OUT = "close_out"
    RESOLVE_SYNC = "resolve_sync"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset({Permission.SELL}),
    Role.PARTNER_CLERK: frozenset({Permission.SELL}),
    Role.DOOR: frozenset({Permission.SCAN}),
    Role.SUPERVISOR: frozenset(Permission),
}


@dataclass(frozen=True, slots=True)
class StaffMember:
    staff_id: str
    name: str
    role: Role
    active: bool


@dataclass(frozen=True, slots=True)
class StaffSession:
    """Proof that a person signed in with their PIN at ``signed_in_at``."""

    staff_id: str
    name: str
    role: Role
    signed_in_at: datetime

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


@dataclass(frozen=True, slots=True)
class Override:
    """A supervisor's approval of one protected action, given with their PIN.

    The store issues it (``grant_id``) and the action spends it in its own transaction, so
    one approval covers one action, and an Override made up in code approves nothing."""

    approver_id: str
    approver_name: str
    permission: Permission
    approved_at: datetime
    grant_id: str = ""


@dataclass(frozen=True, slots=True)
class Authorisation:
    """Who did it and, if they lacked the permission, who approved it."""

    actor_id: str
    approver_id: str | None
    permission: Permission


_STAFF_ID = re.compile(r"^[A-Za-z0-9]{1,16}$")
_PIN = re.compile(r"^[0-9]{4,8}$")


def _check_pin_shape(pin: str) -> None:
    if not _PIN.match(pin):
        raise InvalidInput("a PIN is 4 to 8 digits")
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise InvalidInput("that PIN is too easy to guess: no repeated or consecutive digits")


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
    _check_pin_shape(pin)
    now = now or datetime.now(UTC)
    pin_hash = _hasher.hash(pin)
    with store.write() as session:
        count = session.scalar(select(func.count()).select_from(Staff)) or 0
        if count == 0:
            if role is not Role.SUPERVISOR:
                raise InvalidInput("the first staff member must be a supervisor")
        elif by is None or not by.can(Permission.MANAGE_STAFF):
            raise PermissionDenied("only a supervisor can add staff")
        if session.get(Staff, staff_id) is not None:
            raise InvalidInput(f"staff id {staff_id} is taken")
        terminal = session.scalar(select(Terminal))
        session.add(
            Staff(
                id=staff_id,
                name=name,
                role=role.value,
                pin_hash=pin_hash,
                active=True,
                failed_attempts=0,
                locked_until=None,
                created_at=now,
            )
        )
        journal.append(
            session,
            kind="staff_added",
            terminal_id=terminal.terminal_id if terminal else "?",
            staff_id=by.staff_id if by else None,
            ref=staff_id,
            data={"role": role.value, "name": name},
            now=now,
        )
    return StaffMember(staff_id, name, role, True)


def list_staff(store: Store) -> tuple[StaffMember, ...]:
    with store.read() as session:
        return tuple(
            StaffMember(s.id, s.name, Role(s.role), s.active)
            for s in session.scalars(select(Staff).order_by(Staff.id))
        )


def authenticate(store: Store, *, staff_id: str, pin: str, now: datetime | None = None) -> StaffSession:
    """Check a PIN. Five failures in a row lock the account for five minutes."""
    now = now or datetime.now(UTC)
    with store.write() as session:
        staff = session.get(Staff, staff_id) if _STAFF_ID.match(staff_id or "") else None
        if staff is None or not staff.active:
            _verify(_DUMMY_HASH, pin)
            raise AuthError("unknown staff id or wrong PIN")
        if staff.locked_until is not None and staff.locked_until > now:
            minutes = max(1, int((staff.locked_until - now).total_seconds() + 59) // 60)
            raise LockedOut(
                f"too many wrong PINs: {staff_id} is locked for {minutes} more minute(s); "
                "a supervisor can help",
                until=staff.locked_until.isoformat(),
            )
        if _verify(staff.pin_hash, pin):
            staff.failed_attempts = 0
            staff.locked_until = None
            return StaffSession(staff.id, staff.name, Role(staff.role), now)
        staff.failed_attempts += 1
        if staff.failed_attempts >= MAX_FAILURES:
            staff.locked_until = now + LOCKOUT
            staff.failed_attempts = 0
            terminal = session.scalar(select(Terminal))
            journal.append(
                session,
                kind="auth_lockout",
                terminal_id=terminal.terminal_id if terminal else "?",
                staff_id=staff.id,
                data={"until": staff.locked_until.isoformat()},
                now=now,
            )
            failure: AuthError = LockedOut(
                f"too many wrong PINs: {staff_id} is locked for {LOCKOUT.seconds // 60} minutes",
                until=staff.locked_until.isoformat(),
            )
        else:
            left = MAX_FAILURES - staff.failed_attempts
            failure = AuthError(f"unknown staff id or wrong PIN ({left} tries left before lock-out)")
    # Raised after the commit so that the failure count is kept.
    raise failure


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


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
        terminal = session.scalar(select(Terminal))
        journal.append(
            session,
            kind="override",
            terminal_id=terminal.terminal_id if terminal else "?",
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
    unspent."""
    if auth.approver_id is None:
        return
    if override is None or not override.grant_id:
        raise PermissionDenied("a supervisor's approval is needed, given with their PIN")
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

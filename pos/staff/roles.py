"""Who may do what: roles, permissions, and the frozen records of a sign-in and an approval.

Plain data with no store behind it; :mod:`pos.staff.access` checks PINs and issues them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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
    pin_change_required: bool = False


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

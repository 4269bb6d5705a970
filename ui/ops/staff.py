"""Who is at the counter: signing in (and choosing a new PIN), a supervisor's single-use
approval, and a supervisor managing staff."""

from __future__ import annotations

from pos.staff import access, lifecycle
from pos.staff.access import Override, Permission, StaffMember, StaffSession
from ui.context import AppContext
from ui.ops.op import Op, read, write


def sign_in(ctx: AppContext, staff_id: str, pin: str) -> Op[StaffSession]:
    store, now = ctx.store, ctx.clock()
    return write("sign_in", lambda: access.authenticate(store, staff_id=staff_id, pin=pin, now=now))


def approve(ctx: AppContext, supervisor_id: str, pin: str, permission: Permission) -> Op[Override]:
    """The core checks the supervisor's PIN and issues a grant the protected action spends."""
    store, now = ctx.store, ctx.clock()
    return write(
        "approval",
        lambda: access.override(store, supervisor_id=supervisor_id, pin=pin, permission=permission, now=now),
    )


def change_pin(ctx: AppContext, staff_id: str, pin: str, new_pin: str) -> Op[StaffSession]:
    """The person chooses a new PIN (after a reset or a promotion), which signs them in."""
    store, now = ctx.store, ctx.clock()
    return write(
        "sign_in", lambda: access.change_pin(store, staff_id=staff_id, pin=pin, new_pin=new_pin, now=now)
    )


def members(ctx: AppContext) -> Op[tuple[StaffMember, ...]]:
    store = ctx.store
    return read("staff", lambda: access.list_staff(store))


def manage(
    ctx: AppContext, action: str, *, supervisor_id: str, pin: str, staff_id: str, value: str = ""
) -> Op[StaffMember]:
    """One staff change, approved by the supervisor's PIN given with it (the app's session
    alone is not enough: a signed-in supervisor may have stepped away)."""
    store, now = ctx.store, ctx.clock()

    def run() -> StaffMember:
        by = access.authenticate(store, staff_id=supervisor_id, pin=pin, now=now)
        if action == "deactivate":
            return lifecycle.deactivate(store, staff_id=staff_id, by=by, now=now)
        if action == "reactivate":
            return lifecycle.reactivate(store, staff_id=staff_id, by=by, now=now)
        if action == "reset_pin":
            return lifecycle.reset_pin(store, staff_id=staff_id, temporary_pin=value, by=by, now=now)
        if action == "role":
            return lifecycle.change_role(store, staff_id=staff_id, role=value, by=by, now=now)
        raise ValueError(action)

    return write("staff", run)

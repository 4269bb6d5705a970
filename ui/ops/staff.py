"""Who is at the counter: signing in, and a supervisor's single-use approval."""

from __future__ import annotations

from pos.staff import access
from pos.staff.access import Override, Permission, StaffSession
from ui.context import AppContext
from ui.ops.op import Op, write


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

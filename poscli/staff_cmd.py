"""``pos staff``: staff members and their PINs: add, list, deactivate, reactivate, reset a
PIN, change a role (each by a supervisor, with their PIN), and change one's own PIN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@click.group()
def staff() -> None:
    """Staff members."""


@staff.command("add")
@click.option("--id", "staff_id", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["clerk", "door", "supervisor", "partner_clerk"]), required=True)
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True, help="4-8 digits (6-8 for a supervisor).")
@click.option("--by", "by_id", default=None, help="The supervisor adding them (not needed for the first).")
@click.option("--by-pin", default=None, help="That supervisor's PIN.")
@pass_ctx
@handle_errors
def add(
    ctx: Ctx, staff_id: str, name: str, role: str, pin: str, by_id: str | None, by_pin: str | None
) -> None:
    """Add a staff member. The first one must be a supervisor."""
    from pos.staff.access import add_staff, authenticate

    store = open_store(ctx)
    by = authenticate(store, staff_id=by_id, pin=by_pin or "") if by_id else None
    member = add_staff(store, staff_id=staff_id, name=name, role=role, pin=pin, by=by)
    ctx.emit(
        {"id": member.staff_id, "name": member.name, "role": member.role.value},
        f"added {member.role.value} {member.staff_id} ({member.name})",
    )


@staff.command("list")
@pass_ctx
@handle_errors
def list_(ctx: Ctx) -> None:
    from pos.staff.access import list_staff

    members = list_staff(open_store(ctx))

    def state(m: Any) -> str:
        return ("" if m.active else "  (deactivated)") + ("  (must change PIN)" if m.pin_change_required else "")

    ctx.emit(
        {
            "staff": [
                {
                    "id": m.staff_id,
                    "name": m.name,
                    "role": m.role.value,
                    "active": m.active,
                    "pin_change_required": m.pin_change_required,
                }
                for m in members
            ]
        },
        "\n".join(f"{m.staff_id:<8} {m.role.value:<14} {m.name}{state(m)}" for m in members) or "no staff",
    )


_BY = [
    click.option("--by", "by_id", required=True, help="The supervisor doing it (not the person themselves)."),
    click.option("--by-pin", prompt=True, hide_input=True, envvar="POS_BY_PIN", help="That supervisor's PIN."),
]


def _by(fn: Any) -> Any:
    for option in reversed(_BY):
        fn = option(fn)
    return fn


def _done(ctx: Ctx, member: Any, what: str) -> None:
    ctx.emit(
        {
            "id": member.staff_id,
            "name": member.name,
            "role": member.role.value,
            "active": member.active,
            "pin_change_required": member.pin_change_required,
        },
        f"{member.staff_id} ({member.name}): {what}",
    )


def _manage(ctx: Ctx, by_id: str, by_pin: str, action: Callable[..., Any], **kwargs: Any) -> Any:
    from pos.staff.access import authenticate

    store = open_store(ctx)
    by = authenticate(store, staff_id=by_id, pin=by_pin)
    return action(store, by=by, **kwargs)


@staff.command("deactivate")
@click.argument("staff_id")
@_by
@pass_ctx
@handle_errors
def deactivate(ctx: Ctx, staff_id: str, by_id: str, by_pin: str) -> None:
    """Stop STAFF_ID from signing in, selling or approving (someone who left, a lost PIN)."""
    from pos.staff import lifecycle

    _done(ctx, _manage(ctx, by_id, by_pin, lifecycle.deactivate, staff_id=staff_id), "deactivated")


@staff.command("reactivate")
@click.argument("staff_id")
@_by
@pass_ctx
@handle_errors
def reactivate(ctx: Ctx, staff_id: str, by_id: str, by_pin: str) -> None:
    """Let STAFF_ID sign in again with their PIN."""
    from pos.staff import lifecycle

    _done(ctx, _manage(ctx, by_id, by_pin, lifecycle.reactivate, staff_id=staff_id), "reactivated")


@staff.command("reset-pin")
@click.argument("staff_id")
@click.option("--temporary-pin", prompt=True, hide_input=True, confirmation_prompt=True,
              help="A PIN to hand over; they must choose a new one at their next sign-in.")
@_by
@pass_ctx
@handle_errors
def reset_pin(ctx: Ctx, staff_id: str, temporary_pin: str, by_id: str, by_pin: str) -> None:
    """Give STAFF_ID a temporary PIN (and lift a lock-out); they choose a new one next."""
    from pos.staff import lifecycle

    member = _manage(ctx, by_id, by_pin, lifecycle.reset_pin, staff_id=staff_id, temporary_pin=temporary_pin)
    _done(ctx, member, "PIN reset; they choose a new one at their next sign-in (`pos staff set-pin`)")


@staff.command("role")
@click.argument("staff_id")
@click.argument("role", type=click.Choice(["clerk", "door", "supervisor", "partner_clerk"]))
@_by
@pass_ctx
@handle_errors
def role(ctx: Ctx, staff_id: str, role: str, by_id: str, by_pin: str) -> None:
    """Change STAFF_ID's role (a new supervisor then chooses a 6-8 digit PIN)."""
    from pos.staff import lifecycle

    _done(ctx, _manage(ctx, by_id, by_pin, lifecycle.change_role, staff_id=staff_id, role=role), f"now {role}")


@staff.command("set-pin")
@click.option("--id", "staff_id", required=True)
@click.option("--pin", prompt="Current (or temporary) PIN", hide_input=True, help="Your current PIN.")
@click.option("--new-pin", prompt=True, hide_input=True, confirmation_prompt=True,
              help="4-8 digits (6-8 for a supervisor).")
@pass_ctx
@handle_errors
def set_pin(ctx: Ctx, staff_id: str, pin: str, new_pin: str) -> None:
    """Change your own PIN (required after a reset or a promotion to supervisor)."""
    from pos.staff.access import change_pin

    session = change_pin(open_store(ctx), staff_id=staff_id, pin=pin, new_pin=new_pin)
    ctx.emit({"id": session.staff_id, "changed": True}, f"PIN changed for {session.staff_id}")

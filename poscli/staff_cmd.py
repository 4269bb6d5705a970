"""``pos staff``: staff members and their PINs."""

from __future__ import annotations

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@click.group()
def staff() -> None:
    """Staff members."""


@staff.command("add")
@click.option("--id", "staff_id", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["clerk", "door", "supervisor", "partner_clerk"]), required=True)
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True, help="4-8 digits.")
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
    ctx.emit(
        {
            "staff": [
                {"id": m.staff_id, "name": m.name, "role": m.role.value, "active": m.active} for m in members
            ]
        },
        "\n".join(f"{m.staff_id:<8} {m.role.value:<14} {m.name}" for m in members) or "no staff",
    )

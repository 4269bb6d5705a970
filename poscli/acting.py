"""Who does an action at the command line: ``--staff``/``--pin``, and a supervisor's approval
(``--approver``/``--approver-pin``, ``--late`` for an action after its window). Shared by the
sale, after-sales and shift commands; uses the core's staff access only."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import click

from poscli.base import supervisor_approval

STAFF_OPTIONS = [
    click.option("--staff", "staff_id", required=True, help="Who does it."),
    click.option("--pin", required=True, envvar="POS_PIN", help="Their PIN (or $POS_PIN)."),
]
APPROVAL_OPTIONS = [
    click.option("--approver", default=None, help="Supervisor approving a clerk's action."),
    click.option("--approver-pin", default=None, envvar="POS_APPROVER_PIN"),
]


def with_options(options: list[Any]) -> Any:
    """Apply click options in the order they are listed (as ``--help`` shows them)."""

    def deco(fn: Any) -> Any:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return deco


def approval(store: Any, approver: str | None, approver_pin: str | None, permission: Any, late: bool) -> Any:
    """A supervisor's approval given on the command line, for a late action when ``late``."""
    from pos.staff.access import Permission

    return supervisor_approval(store, approver, approver_pin, Permission.REFUND_LATE if late else permission)


@dataclass(frozen=True)
class Acting:
    """The options of an approved action, as ``approver_options`` hands them to its command."""

    staff_id: str
    pin: str
    approver: str | None
    approver_pin: str | None
    late: bool
    reason: str
    action_id: str | None

    def actor(self, store: Any) -> Any:
        from pos.staff.access import authenticate

        return authenticate(store, staff_id=self.staff_id, pin=self.pin)

    def override(self, store: Any, permission: Any) -> Any:
        return approval(store, self.approver, self.approver_pin, permission, self.late)


def approver_options(fn: Any) -> Any:
    """``--staff --pin --approver --approver-pin --late --reason --id``, given to the command
    as one ``acting: Acting``."""

    @functools.wraps(fn)
    def command(*args: Any, staff_id: str, pin: str, approver: str | None, approver_pin: str | None,
                late: bool, reason: str, action_id: str | None, **kwargs: Any) -> Any:  # fmt: skip
        acting = Acting(staff_id, pin, approver, approver_pin, late, reason, action_id)
        return fn(*args, acting=acting, **kwargs)

    return with_options([
        *STAFF_OPTIONS[:1],
        click.option("--pin", required=True, envvar="POS_PIN", help="Your PIN (or $POS_PIN)."),
        click.option("--approver", default=None, help="Supervisor approving (their staff id)."),
        APPROVAL_OPTIONS[1],
        click.option(
            "--late", is_flag=True, help="The refund window has closed: the approver approves a late one."
        ),
        click.option("--reason", default=""),
        click.option("--id", "action_id", default=None, help="This action's UUID (a retry reuses it)."),
    ])(command)


def supervised_options(fn: Any) -> Any:
    """``--staff --pin --approver --approver-pin``, given to the command as one ``acting: Acting``
    (an approval with no late approval, reason or id of its own)."""

    @functools.wraps(fn)
    def command(*args: Any, staff_id: str, pin: str, approver: str | None, approver_pin: str | None,
                **kwargs: Any) -> Any:  # fmt: skip
        return fn(*args, acting=Acting(staff_id, pin, approver, approver_pin, False, "", None), **kwargs)

    return with_options(STAFF_OPTIONS + APPROVAL_OPTIONS)(command)

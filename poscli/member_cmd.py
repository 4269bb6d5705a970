"""``pos member find|show``: find a member by code, number or phone (issue 22)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@contextmanager
def central_client(store: Any) -> Iterator[Any]:
    """This terminal's central client when it is enrolled (and not in training), else None."""
    from sync.enrol import central_link, connect

    if central_link(store) is None:
        yield None
        return
    client = connect(store, allow_token_file=True)
    try:
        yield client
    finally:
        client.close()


def check_member(store: Any, number: str | None) -> None:
    """Before a sale or a quote with ``--member``: the member must be known (online: central's
    answer, kept here; offline: the member feed). Unknown: refused with the reason."""
    if number is None or not number.strip():
        return
    from sync.members import find_member

    with central_client(store) as client:
        find_member(store, client, number=number)


def _show(ctx: Ctx, m: Any) -> None:
    ctx.emit(asdict(m), f"member {m.number}  {m.tier_name_zh} / {m.tier_name_en}  {m.phone_masked}  "
                        f"{m.points} points  ({m.source})")


@click.group()
def member() -> None:
    """Members: find them, see their tier and points."""


@member.command("find")
@click.option("--phone", default=None, help="The full mobile number (online only).")
@click.option("--number", default=None, help="The member number.")
@click.option("--code", default=None, help="The member code (the text of the member's QR).")
@pass_ctx
@handle_errors
def find(ctx: Ctx, phone: str | None, number: str | None, code: str | None) -> None:
    """Find a member by exactly one of --phone, --number or --code; exit 2 with the reason
    (unknown_member, phone_needs_online, member_code_forged…) otherwise."""
    from sync.members import find_member

    store = open_store(ctx)
    with central_client(store) as client:
        _show(ctx, find_member(store, client, number=number, phone=phone, code=code))


@member.command("show")
@click.argument("number")
@pass_ctx
@handle_errors
def show(ctx: Ctx, number: str) -> None:
    """A member as this terminal knows them (the member feed, or an earlier look-up)."""
    from pos.members.service import find_local

    _show(ctx, find_local(open_store(ctx), number))

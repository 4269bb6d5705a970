"""``pos central member ...``: add members, show them with their points, print a member code
(issue 22)."""

from __future__ import annotations

import json
import time

import click

from central.cli_base import _fail, _open
from central.cli_base import db_option as _db


@click.group()
def member() -> None:
    """Members: tiers, points and signed member codes."""


@member.command("add")
@_db
@click.option("--number", required=True, help="4-20 upper-case letters and digits.")
@click.option("--phone", required=True, help="Full mobile number, 11 digits.")
@click.option("--name", required=True)
@click.option("--tier", required=True, help="A tier code of the catalog (e.g. normal, silver, gold).")
@click.option("--points", default=0, show_default=True, type=click.IntRange(0, 100_000_000),
              help="Opening balance (a new member only).")
def add(db_url: str, number: str, phone: str, name: str, tier: str, points: int) -> None:
    """Create a member, or change an existing member's phone, name and tier."""
    from pydantic import TypeAdapter, ValidationError

    from central.services.members import add_member
    from sync.protocol.members import MemberNumber, Phone

    try:
        TypeAdapter(MemberNumber).validate_python(number)
        TypeAdapter(Phone).validate_python(phone)
    except ValidationError:
        _fail("a member number is 4-20 upper-case letters and digits; a phone number 11 digits starting 1")
        return
    if not name.strip() or len(name) > 100:
        _fail("a name is 1-100 characters")
        return
    try:
        m = add_member(_open(db_url), number=number, phone=phone, name=name.strip(), tier=tier, points=points)
    except ValueError as exc:
        _fail(str(exc))
        return
    click.echo(f"member {m.number}: {m.tier}, {m.phone_masked}, {m.points} points")


@member.command("show")
@_db
@click.argument("number")
def show(db_url: str, number: str) -> None:
    """A member, the points balance and the latest ledger entries, as JSON."""
    from sqlalchemy.orm import Session

    from central.member_models import Member
    from central.services.members import ledger, member_reply

    ctx = _open(db_url)

    def tx(s: Session) -> dict[str, object] | None:
        row = s.get(Member, number)
        return None if row is None else member_reply(row).model_dump(mode="json")

    found = ctx.db.run(tx)
    if found is None:
        _fail(f"no member {number}")
        return
    click.echo(json.dumps({**found, "ledger": ledger(ctx, number)}, ensure_ascii=False, indent=2))


@member.command("points")
@_db
@click.option("--member", "number", required=True, help="The member number.")
@click.option("--add", "add_", type=int, default=None, help="Points to give (goodwill, a correction).")
@click.option("--remove", type=int, default=None, help="Points to take back (never below zero).")
@click.option("--reason", default="", help="Why (required; kept in the member's ledger).")
@click.option("--by", "actor", default=None, help="Who adjusts (default: the signed-in user).")
def points(db_url: str, number: str, add_: int | None, remove: int | None, reason: str, actor: str | None) -> None:
    """Adjust a member's points: an adjustment entry with its reason in the points ledger."""
    import getpass

    from central.services.members import PointsAdjustRefused, adjust_points

    if (add_ is None) == (remove is None):
        _fail("give exactly one of --add or --remove")
        return
    change = add_ if add_ is not None else -(remove or 0)
    if (add_ is not None and add_ <= 0) or (remove is not None and remove <= 0):
        _fail("--add and --remove take a positive number of points")
        return
    try:
        done = adjust_points(_open(db_url), number=number, change=change, reason=reason,
                             actor=actor or getpass.getuser())
    except PointsAdjustRefused as exc:
        _fail(f"{exc} ({exc.reason})")
        return
    click.echo(f"member {done.number}: {done.change:+d} points, balance {done.points} ({done.available} free)")


@member.command("code")
@_db
@click.argument("number")
def code(db_url: str, number: str) -> None:
    """Print the member's QR code text, signed by central's key (for a card or the app)."""
    from sqlalchemy.orm import Session

    from central.keys import ensure_central_key
    from central.member_models import Member
    from central.membercodes import encode

    ctx = _open(db_url)
    if ctx.db.run(lambda s: s.get(Member, number) is None if isinstance(s, Session) else True):
        _fail(f"no member {number}")
        return
    key = ensure_central_key(ctx)
    click.echo(encode(key.private, key.key_id, member_number=number, issued_at=int(time.time())))

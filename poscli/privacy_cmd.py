"""``pos privacy``: how long ticket holders' personal data is kept, and purging it."""

from __future__ import annotations

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@click.group("privacy")
def privacy() -> None:
    """Ticket holders' personal data (real-name tickets)."""


@privacy.command("purge")
@click.option(
    "--days",
    type=int,
    default=None,
    help="Purge performances that ended more than this many days ago (default: the setting).",
)
@pass_ctx
@handle_errors
def purge(ctx: Ctx, days: int | None) -> None:
    """Remove holder names and ID numbers of performances past their retention. Journaled;
    the app also does it on its housekeeping timer."""
    from pos.tickets.retention import purge_holders

    r = purge_holders(open_store(ctx), days=days)
    text = (
        f"purged the holder data of {r.tickets} ticket(s) and {r.uploads} sent upload(s) of performances "
        f"that ended before {r.cutoff:%Y-%m-%d %H:%M} UTC ({r.days} days)"
    )
    if r.unsent_kept:
        text += f"\nwarning: {r.unsent_kept} upload(s) not yet sent keep theirs until synced: run `pos sync`"
    ctx.emit(
        {
            "days": r.days,
            "cutoff": r.cutoff.isoformat(),
            "tickets": r.tickets,
            "uploads": r.uploads,
            "unsent_kept": r.unsent_kept,
            "journal_seq": r.journal_seq,
        },
        text,
    )


@privacy.command("retention")
@click.option("--days", type=int, default=None, help="Set it (0-3650; needs a supervisor).")
@click.option("--staff", "staff_id", default=None, help="The supervisor setting it.")
@click.option("--pin", default=None, envvar="POS_PIN", help="Their PIN (or $POS_PIN).")
@pass_ctx
@handle_errors
def retention_(ctx: Ctx, days: int | None, staff_id: str | None, pin: str | None) -> None:
    """Show, or with --days set, how many days after a performance ends its holder data is kept."""
    from pos.errors import InvalidInput
    from pos.staff.access import authenticate
    from pos.tickets.retention import retention_days, set_retention_days

    store = open_store(ctx)
    if days is not None:
        if not staff_id or not pin:
            raise InvalidInput("setting the retention period needs --staff and --pin (a supervisor)")
        set_retention_days(store, days=days, by=authenticate(store, staff_id=staff_id, pin=pin))
    kept = retention_days(store)
    ctx.emit({"days": kept}, f"holder data is kept {kept} day(s) after a performance ends")

"""``pos central door ...``: bind door terminals to the venues where they scan (issue 17).

Doors of a venue share scans over the LAN only with the doors bound to the same venue;
the binding travels to every terminal with the keys feed."""

from __future__ import annotations

import sys

import click

from central.cli_base import _open
from central.cli_base import db_option as _db
from central.errors import ApiError


def _say(info: object) -> None:
    venues = getattr(info, "venue_ids", ())
    click.echo(f"terminal {getattr(info, 'terminal_id', '?')}: "
               + (f"door of {', '.join(venues)}" if venues else "not a door"))


@click.group()
def door() -> None:
    """Door terminals and the venues they are bound to."""


@door.command("bind")
@_db
@click.argument("terminal_id")
@click.option("--venue", "venue_id", required=True, help="A venue of the published catalog.")
def bind(db_url: str, terminal_id: str, venue_id: str) -> None:
    """Bind TERMINAL as a door of VENUE: it shares scans with that venue's other doors."""
    from central.services.doors import bind_door

    try:
        _say(bind_door(_open(db_url), terminal_id=terminal_id, venue_id=venue_id))
    except ApiError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)


@door.command("unbind")
@_db
@click.argument("terminal_id")
@click.option("--venue", "venue_id", default=None, help="Only this venue (default: every venue).")
def unbind(db_url: str, terminal_id: str, venue_id: str | None) -> None:
    """Remove TERMINAL's door binding: the venue's doors stop sharing with it."""
    from central.services.doors import unbind_door

    try:
        _say(unbind_door(_open(db_url), terminal_id=terminal_id, venue_id=venue_id))
    except ApiError as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(1)


@door.command("list")
@_db
def list_(db_url: str) -> None:
    """The door terminals and their venues."""
    from central.services.doors import list_doors

    found = list_doors(_open(db_url))
    for info in found:
        click.echo(f"{info.terminal_id}\t{info.outlet_id}\t{' '.join(info.venue_ids)}")
    if not found:
        click.echo("no door terminals bound", err=True)

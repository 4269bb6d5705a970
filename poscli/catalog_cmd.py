"""``pos catalog``: load central's catalog feed, list what is on sale."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@click.group()
def catalog() -> None:
    """The cached catalog."""


@catalog.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
@handle_errors
def import_(ctx: Ctx, file: Path) -> None:
    """Load a catalog feed file (.json or .json.gz). A bad file changes nothing."""
    from pydantic import ValidationError

    from pos.catalog.cache import import_catalog
    from pos.errors import CatalogError
    from sync.protocol import load_catalog_file

    try:
        feed = load_catalog_file(file)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CatalogError(
            f"{file}: {first['msg']} at {where or 'top level'} ({exc.error_count()} problem(s))"
        ) from None
    except ValueError as exc:
        raise CatalogError(str(exc)) from None
    store = open_store(ctx)
    report = import_catalog(store, feed.model_dump(mode="python"))
    ctx.emit(
        {
            "venues": report.venues,
            "seats": report.seats,
            "events": report.events,
            "performances": report.performances,
        },
        f"imported {report.events} events, {report.performances} performances, "
        f"{report.venues} venues with {report.seats} seats",
    )


@catalog.command("list")
@click.option(
    "--from-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Only from this day on."
)
@click.option(
    "--category", type=click.Choice(["concert", "theatre", "sport", "cinema", "festival"]), default=None
)
@click.option("--search", default=None, help="Part of the event's name or id.")
@pass_ctx
@handle_errors
def list_(ctx: Ctx, from_date: datetime | None, category: str | None, search: str | None) -> None:
    """Performances, soonest first."""
    from pos.catalog.cache import list_performances
    from pos.terminal.identity import terminal_info

    store = open_store(ctx)
    info = terminal_info(store)
    perfs = list_performances(
        store, on_or_after=from_date.date() if from_date else None, category=category, search=search
    )
    lines = [
        f"{p.performance_id:<16} {p.starts_at.astimezone(info.zone):%Y-%m-%d %H:%M}  {p.status:<10} "
        f"sold {p.sold:<5} {p.name(info.language)}"
        for p in perfs
    ]
    ctx.emit(
        {
            "performances": [
                {
                    "id": p.performance_id,
                    "event": p.event_id,
                    "name_zh": p.event_name_zh,
                    "name_en": p.event_name_en,
                    "category": p.category,
                    "starts_at": p.starts_at.isoformat(),
                    "status": p.status,
                    "sold": p.sold,
                }
                for p in perfs
            ]
        },
        "\n".join(lines) or "no performances",
    )

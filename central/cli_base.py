"""What every ``pos central`` command shares: the database option, opening it migrated,
and failing with a message."""

from __future__ import annotations

import os
import sys

import click

from central.context import Central
from central.db import Database
from central.migrate import upgrade


def _default_db() -> str:
    return os.environ.get("POS_CENTRAL_DB", "sqlite:///central.sqlite")


db_option = click.option("--db", "db_url", default=_default_db, show_default="$POS_CENTRAL_DB or sqlite:///central.sqlite",
                         help="Database URL (sqlite:///file or postgresql://...).")


def _open(db_url: str) -> Central:
    db = Database(db_url)
    upgrade(db.engine)
    return Central(db=db)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)

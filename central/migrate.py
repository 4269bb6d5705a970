"""Apply central's Alembic migrations programmatically (``upgrade head`` on start)."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

import central.schema  # noqa: F401  (every table: the metadata the migrations keep)

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine) -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two servers starting at once must not both migrate.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7418220301)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("central database at head")

"""Alembic environment of central: always run programmatically with a connection."""

from __future__ import annotations

from alembic import context

from central import lease_models  # noqa: F401  (its tables, on the same metadata)
from central.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # pragma: no cover - only via central.migrate
        raise RuntimeError("central migrations run through central.migrate.upgrade()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()

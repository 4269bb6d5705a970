"""The local store: SQLite through SQLAlchemy (WAL, ``synchronous=FULL``), the models by
domain (:mod:`.models`), the Alembic migrations, settings, and plain SQL for the hot path.
Uses nothing else of the core."""

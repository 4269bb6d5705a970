"""Central's whole schema: :mod:`central.models` and the tables kept in modules of their own
(which import ``Base`` from it). Whatever needs every table (migrations, the check that they
match, truncating a test database) imports ``Base`` from here."""

from __future__ import annotations

from central import door_models, guard_models, lease_models, models_refusals  # noqa: F401  (their tables)
from central.models import Base

__all__ = ["Base"]

"""Central's whole schema: :mod:`central.models` and the tables kept in modules of their own
(which import ``Base`` from it). Whatever needs every table (migrations, the check that they
match, truncating a test database) imports ``Base`` from here."""

from __future__ import annotations

from central import (  # noqa: F401  (each registers its tables on Base.metadata)
    anchor_models,
    cap_models,
    customer_models,
    door_models,
    guard_models,
    lease_models,
    member_models,
    models_holders,
    models_refusals,
    partner_models,
    payment_models,
    slot_models,
)
from central.models import Base

__all__ = ["Base"]

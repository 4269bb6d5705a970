"""The offline stock a terminal leases from its outlet's allocation (issue 17).

``POST /v1/lease`` refills this terminal's lease and answers the whole of it;
``GET /v1/lease`` answers it as it is; ``DELETE /v1/lease`` gives it all back. A token
only ever reaches its own terminal's lease."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from sync.protocol.common import Id, Reply, Request


class StandingLeaseItem(Reply):
    area_id: Id
    # Units ever leased to this terminal in this area, less those taken back: the terminal
    # may sell offline ``granted`` minus every unit it ever sold offline there.
    granted: int = Field(ge=0)
    remaining: int = Field(ge=0)  # not yet sold, as central counts it


class PerformanceLease(Reply):
    performance_id: Id
    seat_ids: list[Id] = Field(default_factory=list)
    standing: list[StandingLeaseItem] = Field(default_factory=list)


class LeaseReply(Reply):
    terminal_id: Id
    outlet_id: Id
    seats_per_performance: int = Field(ge=0)
    standing_per_area: int = Field(ge=0)
    idle_hours: int = Field(ge=1)
    performances: list[PerformanceLease] = Field(default_factory=list)
    server_time: datetime


class LeaseRefill(Request):
    """``POST /v1/lease`` has nothing to say: the sizes are the outlet's, set at central."""

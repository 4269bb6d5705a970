"""Central's table of door bindings: which terminals are the doors of which venues.

A binding is what lets gates trust each other on the LAN (issue 17): the keys feed carries
each terminal key's venues, and a door shares scans only with doors bound to its venue.
Kept apart from :mod:`central.models`, which is large already.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from central.models import ID, Base


class DoorBinding(Base):
    __tablename__ = "door_bindings"
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    venue_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    bound_at: Mapped[datetime]

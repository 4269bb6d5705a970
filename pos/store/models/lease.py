"""The offline stock this terminal leased from its outlet's allocation (issue 17).

Written only by the sync layer from central's answer (the whole lease each time); read by
the offline sales policy and the seat map. A terminal never enrolled with central has no
lease: it is its outlet's only terminal and sells the whole allocation offline."""

from __future__ import annotations

from sqlalchemy import Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base


class LeaseSeat(Base):
    __tablename__ = "lease_seat"
    performance_id: Mapped[str] = mapped_column(Text, primary_key=True)
    seat_id: Mapped[str] = mapped_column(Text, primary_key=True)


class LeaseStanding(Base):
    """``granted``: standing units ever leased to this terminal in the area (central's
    count); the terminal may sell offline that many less every unit it sold offline there."""

    __tablename__ = "lease_standing"
    performance_id: Mapped[str] = mapped_column(Text, primary_key=True)
    area_id: Mapped[str] = mapped_column(Text, primary_key=True)
    granted: Mapped[int] = mapped_column(Integer)

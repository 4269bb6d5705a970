"""A standing area's general pool split into sub-counters (issue 23): no single hot row.

Every hold and web sale of a standing area used to update the area's one ``pool_used``, so
on an on-sale rush every till queued on that row. The pool's capacity is now spread over
``SLOTS`` rows; a take picks one at random with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL), so
takers do not wait on each other, and the area's figures are the slots folded back
(``central.services.standing.fold``). ``standing_areas.pool_capacity`` stays the total the
catalog set; ``standing_areas.pool_used`` is no longer kept (the slots' sum is the truth).
An outlet's own quota of an area stays one row per outlet (``standing_quotas``).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from central.models import ID, Base

SLOTS = 8  # sub-counters per area: more than the tills that take from one area at an instant


class StandingSlot(Base):
    """One sub-counter of an area's pool. ``used`` never passes ``capacity`` (checked by the
    database too); ``seq`` is the seat feed number of its last change (the area's feed entry
    is stamped from its slots, so no take touches the area's row)."""

    __tablename__ = "standing_slots"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    area_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    capacity: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    __table_args__ = (
        CheckConstraint("used >= 0 AND used <= capacity", name="within"),
        Index("ix_standing_slots_performance_id_seq", "performance_id", "seq"),
    )

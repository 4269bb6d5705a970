"""The performances a door may open for: not cancelled, not over, starting today or tomorrow
(local time: a steward sets up the night before), each with its local start and doors time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pos.errors import InvalidInput
from pos.store.db import Store
from pos.store.models import Event, Performance


@dataclass(frozen=True, slots=True)
class DoorPerformance:
    performance_id: str
    name_zh: str
    name_en: str
    starts_at: datetime  # local time of the terminal's zone
    doors_open_at: datetime  # local

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh" else self.name_en

    def label(self, language: str) -> str:
        """``12-07 19:30  Name``: the date too, since tomorrow's shows are listed."""
        return f"{self.starts_at:%m-%d %H:%M}  {self.name(language)}"


def door_performances(store: Store, *, now: datetime, zone: ZoneInfo) -> tuple[DoorPerformance, ...]:
    if now.tzinfo is None:
        raise InvalidInput("now must carry its time zone")
    local_today = now.astimezone(zone).date()
    until = datetime.combine(local_today + timedelta(days=2), time(0), tzinfo=zone)
    with store.read() as session:
        rows = session.execute(
            select(Performance, Event)
            .join(Event, Event.id == Performance.event_id)
            .where(Performance.status != "cancelled", Performance.ends_at > now, Performance.starts_at < until)
            .order_by(Performance.starts_at, Performance.id)
        ).all()
        return tuple(
            DoorPerformance(p.id, e.name_zh, e.name_en, p.starts_at.astimezone(zone), p.doors_open_at.astimezone(zone))
            for p, e in rows
        )

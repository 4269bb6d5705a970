"""The venue half of the catalog feed: ids, names in two languages, gates, sections, rows and
seats as the seat map draws them. Pydantic models only; the rest of the feed is ``catalog``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.:-]+$")]
# Ids that travel inside signed ticket codes are short, so that every code fits a QR code of
# version 8 at level M (see pos.tickets.codec.MAX_FIELD_BYTES): refused at import, not at sale.
_CODE_ID = r"^[A-Za-z0-9_.:-]+$"
PerformanceId = Annotated[str, StringConstraints(min_length=1, max_length=12, pattern=_CODE_ID)]
ItemId = Annotated[str, StringConstraints(min_length=1, max_length=12, pattern=_CODE_ID)]
GateId = Annotated[str, StringConstraints(min_length=1, max_length=5, pattern=_CODE_ID)]
ConcessionCode = Annotated[str, StringConstraints(min_length=1, max_length=8, pattern=_CODE_ID)]


class CatalogModel(BaseModel):
    """Every catalog document: unknown fields refused, values frozen."""

    # NaN and infinity are not coordinates or prices: refuse them at the edge.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class LocalText(CatalogModel):
    """A name in the platform's languages. ``zh`` is Simplified Chinese."""

    zh: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    en: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Gate(CatalogModel):
    id: GateId
    name: LocalText


class Seat(CatalogModel):
    id: ItemId
    number: Annotated[str, StringConstraints(min_length=1, max_length=8)]
    x: float  # drawing coordinates in the venue's plan, metres-ish units
    y: float


class Row(CatalogModel):
    label: Annotated[str, StringConstraints(min_length=1, max_length=8)]
    seats: list[Seat]


class Section(CatalogModel):
    id: ItemId  # a standing area's id is the item in its tickets' codes
    name: LocalText
    kind: Literal["seated", "standing"]
    gate_id: GateId | None = None
    stand: str | None = None  # e.g. "North stand"
    tier: int | None = Field(default=None, ge=0, le=9)
    rows: list[Row] = Field(default_factory=list)
    capacity: int | None = Field(default=None, ge=1, le=500_000)  # standing areas only
    # Outline for the seat map, as a closed polygon [[x, y], ...].
    outline: list[tuple[float, float]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _kind_matches(self) -> Section:
        if self.kind == "standing" and (self.capacity is None or self.rows):
            raise ValueError(f"standing area {self.id} needs a capacity and no rows")
        if self.kind == "seated" and (self.capacity is not None or not self.rows):
            raise ValueError(f"seated section {self.id} needs rows and no capacity")
        return self


class Venue(CatalogModel):
    id: Id
    name: LocalText
    city: LocalText
    address: str = ""
    gates: list[Gate] = Field(default_factory=list)
    sections: list[Section]


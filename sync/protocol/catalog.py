"""The catalog feed: venues with seat maps (``venues``), events, performances, prices, rules.

Central publishes it; ``pos catalog import FILE`` and the catalog puller load it.
Amounts are integer minor units (fen). Identifiers are opaque strings chosen by central.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Container, Iterable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from sync.protocol.venues import CatalogModel as _Model
from sync.protocol.venues import ConcessionCode, Id, LocalText, PerformanceId, Venue

CATALOG_FORMAT = "outlet-pos.catalog/1"
MAX_CATALOG_BYTES = 200_000_000

Fen = Annotated[int, Field(ge=0, le=100_000_000)]
Category = Literal["concert", "theatre", "sport", "cinema", "festival"]
PerformanceStatus = Literal["on_sale", "cancelled", "postponed"]


class Concession(_Model):
    """A price type: adult, child, student, senior, member…"""

    code: ConcessionCode
    name: LocalText
    rule: LocalText | None = None  # shown to the clerk, e.g. "under 12, with ID"
    requires_member: bool = False
    requires_id_check: bool = False


class PriceZone(_Model):
    id: Id
    name: LocalText
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
    prices: dict[Id, Fen]  # concession code -> price


class ZoneAssignment(_Model):
    zone_id: Id
    section_ids: list[Id] = Field(default_factory=list)
    seat_ids: list[Id] = Field(default_factory=list)  # overrides the section's zone


class BlockedSeat(_Model):
    seat_id: Id
    reason: Literal["house", "production", "sightline", "wheelchair", "press", "other"] = "house"


class Allocation(_Model):
    """Seats and standing quota central set aside for one outlet to sell offline."""

    outlet_id: Id
    seat_ids: list[Id] = Field(default_factory=list)
    standing: dict[Id, Annotated[int, Field(ge=0, le=500_000)]] = Field(default_factory=dict)


class ChannelRule(_Model):
    """Which outlets may sell a performance and at what price.

    ``outlet_kind`` matches by kind of outlet (own box office or city partner), ``outlet_id``
    one outlet; the most specific matching rule wins. ``prices`` override the zone's prices
    per zone and concession.
    """

    outlet_kind: Literal["own", "partner"] | None = None
    outlet_id: Id | None = None
    allowed: bool = True
    prices: dict[Id, dict[Id, Fen]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_target(self) -> ChannelRule:
        if self.outlet_kind is not None and self.outlet_id is not None:
            raise ValueError("a channel rule names an outlet kind or an outlet id, not both")
        return self


class Fees(_Model):
    per_ticket: Fen = 0
    per_order: Fen = 0


class Performance(_Model):
    id: PerformanceId
    starts_at: datetime
    doors_open_at: datetime
    ends_at: datetime
    sales_open_at: datetime
    sales_close_at: datetime
    status: PerformanceStatus = "on_sale"
    price_zones: list[PriceZone]
    zone_assignments: list[ZoneAssignment]
    blocked_seats: list[BlockedSeat] = Field(default_factory=list)
    allocations: list[Allocation] = Field(default_factory=list)
    channel_rules: list[ChannelRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _times(self) -> Performance:
        for name in ("starts_at", "doors_open_at", "ends_at", "sales_open_at", "sales_close_at"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"performance {self.id}: {name} needs a time zone")
        if not (self.doors_open_at <= self.starts_at < self.ends_at):
            raise ValueError(f"performance {self.id}: doors, start and end are out of order")
        if self.sales_open_at >= self.sales_close_at:
            raise ValueError(f"performance {self.id}: sales window is empty")
        return self


class Event(_Model):
    id: Id
    name: LocalText
    category: Category
    venue_id: Id
    description: LocalText | None = None
    real_name_required: bool = False  # 实名制: each ticket bound to a holder's name and ID
    max_tickets_per_order: int = Field(default=10, ge=1, le=100)
    entry_rule: Literal["single", "reentry"] = "single"
    refund_cutoff_hours: int = Field(default=24, ge=0, le=24 * 365)
    fees: Fees = Field(default_factory=Fees)
    terms: LocalText | None = None
    performances: list[Performance]
    # Points a member earns per whole yuan paid (not counting points redeemed); 0: none.
    # Central computes them on upload; left out of the feed when 0 (issue 22).
    points_per_yuan: int = Field(default=0, ge=0, le=100)


class MemberTier(_Model):
    """A membership tier (普通 / 银卡 / 金卡…); ``rank`` orders them, lowest first."""

    code: Id
    name: LocalText
    rank: int = Field(default=0, ge=0, le=100)


class Outlet(_Model):
    id: Id
    name: LocalText
    kind: Literal["own", "partner"]
    commission_bps: int = Field(default=0, ge=0, le=10_000)  # partners' commission, basis points
    credit_limit: Fen = 0


class Promotion(_Model):
    """A discount: percent or amount off per ticket, optionally time-limited, optionally
    only with a coupon code or for members."""

    id: Id
    name: LocalText
    kind: Literal["percent", "amount"]
    value: int = Field(ge=1, le=100_000_000)  # percent (1..100) or fen per ticket
    event_ids: list[Id] = Field(default_factory=list)  # empty: all events
    concessions: list[Id] = Field(default_factory=list)  # empty: all concessions
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    requires_coupon: bool = False
    members_only: bool = False
    # A tier price (issue 22): only members of these tiers (codes of ``member_tiers``); empty:
    # any member (with ``members_only``). Left out of the feed when empty, so that a terminal
    # older than tiers still reads every promotion that does not use them.
    member_tiers: list[Id] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _value(self) -> Promotion:
        if self.kind == "percent" and not 1 <= self.value <= 100:
            raise ValueError(f"promotion {self.id}: percent must be 1..100")
        for name in ("valid_from", "valid_until"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"promotion {self.id}: {name} needs a time zone")
        if self.valid_from and self.valid_until and self.valid_from >= self.valid_until:
            raise ValueError(f"promotion {self.id}: valid_from must be before valid_until")
        return self


class Coupon(_Model):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]{4,32}$")]
    promotion_id: Id
    max_uses: int = Field(ge=1, le=1_000_000)


class CatalogFeed(_Model):
    format: Literal["outlet-pos.catalog/1"]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "CNY"
    generated_at: datetime
    outlets: list[Outlet] = Field(default_factory=list)
    concessions: list[Concession]
    venues: list[Venue]
    events: list[Event]
    promotions: list[Promotion] = Field(default_factory=list)
    coupons: list[Coupon] = Field(default_factory=list)
    member_tiers: list[MemberTier] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _references(self) -> CatalogFeed:
        """Cross references must resolve: a catalog that names what it lacks is refused whole."""
        venues = {v.id: v for v in self.venues}
        concessions = {c.code for c in self.concessions}
        outlets = {o.id for o in self.outlets}
        promotions = {p.id for p in self.promotions}
        _unique("venue", [v.id for v in self.venues])
        _unique("event", [e.id for e in self.events])
        _unique("performance", [p.id for e in self.events for p in e.performances])
        _unique("concession", [c.code for c in self.concessions])
        _unique("outlet", [o.id for o in self.outlets])
        _unique("promotion", [p.id for p in self.promotions])
        _unique("coupon", [c.code for c in self.coupons])
        _unique("member tier", [t.code for t in self.member_tiers])
        tiers = {t.code for t in self.member_tiers}
        for p in self.promotions:
            if p.member_tiers and not p.members_only:
                raise ValueError(f"promotion {p.id}: member tiers need members_only")
            _all_known(p.member_tiers, tiers, f"promotion {p.id} names unknown member tier")
        if self.generated_at.tzinfo is None:
            raise ValueError("generated_at needs a time zone")
        for venue in self.venues:
            _unique(f"gate of venue {venue.id}", [g.id for g in venue.gates])
            gates = {g.id for g in venue.gates}
            section_ids = [s.id for s in venue.sections]
            _unique(f"section of venue {venue.id}", section_ids)
            seat_ids = [seat.id for s in venue.sections for r in s.rows for seat in r.seats]
            _unique(f"seat of venue {venue.id}", seat_ids)
            for s in venue.sections:
                if s.gate_id is not None and s.gate_id not in gates:
                    raise ValueError(f"section {s.id} names unknown gate {s.gate_id}")
        for event in self.events:
            event_venue = venues.get(event.venue_id)
            if event_venue is None:
                raise ValueError(f"event {event.id} names unknown venue {event.venue_id}")
            sections = {s.id: s for s in event_venue.sections}
            seats = {seat.id for s in event_venue.sections for r in s.rows for seat in r.seats}
            standing = {s.id for s in event_venue.sections if s.kind == "standing"}
            for perf in event.performances:
                _unique(f"price zone of {perf.id}", [z.id for z in perf.price_zones])
                zones = {z.id for z in perf.price_zones}
                _check_zones_cover(perf, event_venue)
                _check_allocations(perf, event_venue)
                for z in perf.price_zones:
                    _all_known(z.prices, concessions, f"zone {z.id} prices unknown concession")
                for za in perf.zone_assignments:
                    if za.zone_id not in zones:
                        raise ValueError(f"performance {perf.id} assigns unknown zone {za.zone_id}")
                    _all_known(za.section_ids, sections, f"performance {perf.id} names unknown section")
                    _all_known(za.seat_ids, seats, f"performance {perf.id} names unknown seat")
                _all_known((b.seat_id for b in perf.blocked_seats), seats, f"performance {perf.id} blocks unknown seat")
                for a in perf.allocations:
                    if outlets and a.outlet_id not in outlets:
                        raise ValueError(f"performance {perf.id} allocates to unknown outlet {a.outlet_id}")
                    _all_known(a.seat_ids, seats, f"performance {perf.id} allocates unknown seat")
                    for area, qty in a.standing.items():
                        if area not in standing:
                            raise ValueError(f"performance {perf.id} allocates unknown standing area {area}")
                        cap = sections[area].capacity or 0
                        if qty > cap:
                            raise ValueError(f"allocation of {qty} exceeds capacity {cap} of {area}")
                for rule in perf.channel_rules:
                    if rule.outlet_id is not None and outlets and rule.outlet_id not in outlets:
                        raise ValueError(f"channel rule of {perf.id} names unknown outlet {rule.outlet_id}")
                    for zone_id, prices in rule.prices.items():
                        if zone_id not in zones:
                            raise ValueError(f"channel rule prices unknown zone {zone_id}")
                        _all_known(prices, concessions, "channel rule prices unknown concession")
        events = {e.id for e in self.events}
        for promo in self.promotions:
            _all_known(promo.event_ids, events, f"promotion {promo.id} names unknown event")
            _all_known(promo.concessions, concessions, f"promotion {promo.id} names unknown concession")
        for coupon in self.coupons:
            if coupon.promotion_id not in promotions:
                raise ValueError(f"coupon {coupon.code} names unknown promotion {coupon.promotion_id}")
        return self


def _check_zones_cover(perf: Performance, venue: Venue) -> None:
    """Every seat and standing area has exactly one price zone (a seat may override its section)."""
    by_section: dict[str, str] = {}
    by_seat: dict[str, str] = {}
    for za in perf.zone_assignments:
        for sid in za.section_ids:
            if sid in by_section:
                raise ValueError(f"performance {perf.id}: section {sid} is in two price zones")
            by_section[sid] = za.zone_id
        for seat_id in za.seat_ids:
            if seat_id in by_seat:
                raise ValueError(f"performance {perf.id}: seat {seat_id} is in two price zones")
            by_seat[seat_id] = za.zone_id
    for section in venue.sections:
        if section.id in by_section:
            continue
        if section.kind == "standing":
            raise ValueError(f"performance {perf.id}: standing area {section.id} has no price zone")
        for row in section.rows:
            for seat in row.seats:
                if seat.id not in by_seat:
                    raise ValueError(f"performance {perf.id}: seat {seat.id} has no price zone")


def _check_allocations(perf: Performance, venue: Venue) -> None:
    """A seat goes to one outlet at most; quotas fit the capacity. (A blocked seat may stay
    allocated: a block placed later wins at sale time, without withdrawing the allocation.)"""
    owner: dict[str, str] = {}
    quota: dict[str, int] = {}
    for a in perf.allocations:
        for seat in a.seat_ids:
            if seat in owner:
                raise ValueError(f"performance {perf.id}: seat {seat} is allocated to two outlets")
            owner[seat] = a.outlet_id
        for area, qty in a.standing.items():
            quota[area] = quota.get(area, 0) + qty
    capacity = {s.id: s.capacity or 0 for s in venue.sections if s.kind == "standing"}
    for area, total in quota.items():
        if area in capacity and total > capacity[area]:
            raise ValueError(
                f"performance {perf.id}: allocations of {total} exceed the capacity {capacity[area]} of {area}"
            )


def _all_known(names: Iterable[str], known: Container[str], refusal: str) -> None:
    """Refuse the first of ``names`` that is not ``known``: ``refusal`` followed by the name."""
    for name in names:
        if name not in known:
            raise ValueError(f"{refusal} {name}")


def _unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i}")
        seen.add(i)


def load_catalog_file(path: Path) -> CatalogFeed:
    """Read a catalog feed from ``.json`` or ``.json.gz``. Raises ValueError with a reason."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror})") from exc
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as fh:
                # A small file must not unpack into gigabytes: stop past the cap.
                raw = fh.read(MAX_CATALOG_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"{path}: not a readable gzip file ({exc})") from exc
    if len(raw) > MAX_CATALOG_BYTES:
        raise ValueError(f"{path}: larger than {MAX_CATALOG_BYTES // 1_000_000} MB, refused")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not JSON ({exc})") from exc
    return CatalogFeed.model_validate(data)

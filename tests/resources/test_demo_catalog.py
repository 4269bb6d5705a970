"""The demo catalog: the shipped file, its generator, the shape of its venues, and bad feeds."""

from __future__ import annotations

import copy
import datetime as dt
import gzip
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from resources.demo.generate import DEFAULT_OUT, build_catalog, encode, to_json_bytes
from sync.protocol import CatalogFeed, Event, Performance, Venue, load_catalog_file

Json = dict[str, Any]

SHIPPED_BASE_DATE = dt.date(2026, 12, 1)
SHANGHAI = dt.timedelta(hours=8)
# Seat ids travel inside QR ticket codes; the schema's ItemId allows 12 characters.
MAX_SEAT_ID = 12


@pytest.fixture(scope="module")
def shipped() -> CatalogFeed:
    return load_catalog_file(DEFAULT_OUT)


@pytest.fixture(scope="module")
def built() -> Json:
    return build_catalog(SHIPPED_BASE_DATE)


def _venue(feed: CatalogFeed, venue_id: str) -> Venue:
    return next(v for v in feed.venues if v.id == venue_id)


def _event(feed: CatalogFeed, event_id: str) -> Event:
    return next(e for e in feed.events if e.id == event_id)


def _seat_ids(venue: Venue) -> list[str]:
    return [seat.id for s in venue.sections for r in s.rows for seat in r.seats]


def _zone_of_items(venue: Venue, perf: Performance) -> dict[str, str]:
    """Seat id (or standing area id) -> zone, failing on any item given two zones."""
    sections = {s.id: s for s in venue.sections}
    by_section: dict[str, str] = {}
    by_seat: dict[str, str] = {}
    for za in perf.zone_assignments:
        for sid in za.section_ids:
            assert sid not in by_section, f"{perf.id}: section {sid} in two zones"
            by_section[sid] = za.zone_id
        for seat_id in za.seat_ids:
            assert seat_id not in by_seat, f"{perf.id}: seat {seat_id} overridden twice"
            by_seat[seat_id] = za.zone_id
    zones: dict[str, str] = {}
    for sid, section in sections.items():
        if section.kind == "standing":
            assert sid in by_section, f"{perf.id}: standing area {sid} has no zone"
            zones[sid] = by_section[sid]
        for row in section.rows:
            for seat in row.seats:
                zone = by_seat.get(seat.id, by_section.get(sid))
                assert zone is not None, f"{perf.id}: seat {seat.id} has no zone"
                zones[seat.id] = zone
    return zones


# --------------------------------------------------------------------------- the shipped file


def test_shipped_file_validates(shipped: CatalogFeed) -> None:
    assert shipped.format == "outlet-pos.catalog/1"
    assert shipped.currency == "CNY"
    assert {e.category for e in shipped.events} == {
        "concert",
        "theatre",
        "sport",
        "cinema",
        "festival",
    }
    assert {o.id for o in shipped.outlets} == {"BO-MALL", "BO-THEATRE", "CP-SH01"}
    partner = next(o for o in shipped.outlets if o.id == "CP-SH01")
    assert (partner.kind, partner.commission_bps, partner.credit_limit) == ("partner", 600, 5_000_000)


def test_shipped_file_is_what_the_generator_writes(built: Json) -> None:
    raw = DEFAULT_OUT.read_bytes()
    # Compare the payload, not the deflate stream: another zlib build may compress differently.
    assert gzip.decompress(raw) == to_json_bytes(built), "regenerate: python -m resources.demo.generate"
    assert raw[4:8] == b"\0\0\0\0", "gzip mtime must be 0 for reproducible output"
    assert len(raw) < 1_000_000


def test_other_base_date_validates_and_is_deterministic() -> None:
    base = dt.date(2027, 3, 15)
    first, second = build_catalog(base), build_catalog(base)
    assert encode(first) == encode(second), "same base date, same bytes"
    feed = CatalogFeed.model_validate(first)
    performances = [p for e in feed.events for p in e.performances]
    starts = sorted(p.starts_at for p in performances)
    assert starts[0].date() == base and starts[0].hour >= 14, "'today' has shows"
    for p in performances:
        assert p.starts_at.date() >= base
        assert p.starts_at.utcoffset() == SHANGHAI
        assert p.sales_open_at.date() <= base - dt.timedelta(days=30)
        assert p.sales_close_at == p.starts_at
    assert any(p.starts_at.date() == base and p.starts_at.hour >= 18 for p in performances)


# --------------------------------------------------------------------------- venues


def test_concert_hall_has_exactly_2000_seats(shipped: CatalogFeed) -> None:
    hall = _venue(shipped, _event(shipped, "E-TCHAIK").venue_id)
    assert len(_seat_ids(hall)) == 2_000
    assert {s.tier for s in hall.sections} == {0, 1}


def test_stadium_is_a_full_bowl(shipped: CatalogFeed) -> None:
    match = _event(shipped, "E-CUPFINAL")
    stadium = _venue(shipped, match.venue_id)
    assert 60_000 <= len(_seat_ids(stadium)) <= 62_000
    assert {s.stand for s in stadium.sections} == {
        "North stand",
        "East stand",
        "South stand",
        "West stand",
    }
    assert {s.tier for s in stadium.sections} >= {0, 1}
    assert len({s.gate_id for s in stadium.sections}) >= 6
    assert all(s.gate_id is not None and len(s.outline) >= 4 for s in stadium.sections)
    # Seats surround the pitch on all four sides.
    xs = [seat.x for s in stadium.sections for r in s.rows for seat in r.seats]
    ys = [seat.y for s in stadium.sections for r in s.rows for seat in r.seats]
    assert min(xs) < -40 < 40 < max(xs) and min(ys) < -60 < 60 < max(ys)
    assert match.real_name_required
    assert match.max_tickets_per_order == 6
    assert len(match.performances) == 1


def test_festival_is_standing_only(shipped: CatalogFeed) -> None:
    festival = _event(shipped, "E-WINTERFEST")
    ground = _venue(shipped, festival.venue_id)
    assert all(s.kind == "standing" and s.capacity for s in ground.sections)
    assert festival.entry_rule == "reentry"
    assert len(festival.performances) == 2


def test_seat_ids_are_short_enough_for_ticket_codes(shipped: CatalogFeed) -> None:
    for venue in shipped.venues:
        longest = max((*_seat_ids(venue), *(s.id for s in venue.sections)), key=len)
        assert len(longest) <= MAX_SEAT_ID, f"{venue.id}: {longest}"


# --------------------------------------------------------------------------- performances


def test_every_seat_has_exactly_one_zone(shipped: CatalogFeed) -> None:
    for event in shipped.events:
        venue = _venue(shipped, event.venue_id)
        for perf in event.performances:
            zones = _zone_of_items(venue, perf)
            assert len(zones) == len(_seat_ids(venue)) + sum(
                1 for s in venue.sections if s.kind == "standing"
            )
            assert set(zones.values()) == {z.id for z in perf.price_zones}, perf.id


def test_allocations_are_sellable_and_disjoint(shipped: CatalogFeed) -> None:
    for event in shipped.events:
        venue = _venue(shipped, event.venue_id)
        seats = set(_seat_ids(venue))
        capacity = {s.id: s.capacity or 0 for s in venue.sections if s.kind == "standing"}
        for perf in event.performances:
            blocked = {b.seat_id for b in perf.blocked_seats}
            allocated = [seat for a in perf.allocations for seat in a.seat_ids]
            assert len(allocated) == len(set(allocated)), f"{perf.id}: seat given to two outlets"
            assert set(allocated) <= seats - blocked, f"{perf.id}: blocked seat allocated"
            quota: Counter[str] = Counter()
            for a in perf.allocations:
                quota.update(a.standing)
                assert a.seat_ids or a.standing, f"{perf.id}: empty allocation for {a.outlet_id}"
            assert all(quota[area] <= capacity[area] for area in quota), perf.id
            assert {"BO-MALL", "BO-THEATRE"} <= {a.outlet_id for a in perf.allocations}


def test_channel_rules(shipped: CatalogFeed) -> None:
    def partner_rule(event_id: str) -> Any:
        perf = _event(shipped, event_id).performances[0]
        return next(r for r in perf.channel_rules if r.outlet_kind == "partner")

    assert not partner_rule("E-MOON").allowed
    assert all(a.outlet_id != "CP-SH01" for a in _event(shipped, "E-MOON").performances[0].allocations)
    concert = _event(shipped, "E-TCHAIK").performances[0]
    override = partner_rule("E-TCHAIK").prices
    for zone in concert.price_zones:
        assert override[zone.id] == {code: fen + 1_000 for code, fen in zone.prices.items()}
    assert partner_rule("E-CUPFINAL").allowed and not partner_rule("E-CUPFINAL").prices


def test_theatre_statuses(shipped: CatalogFeed) -> None:
    statuses = [p.status for p in _event(shipped, "E-TEAHOUSE").performances]
    assert sorted(statuses) == ["cancelled", "on_sale", "postponed"]


def test_promotions_and_coupons(shipped: CatalogFeed) -> None:
    promos = {p.id: p for p in shipped.promotions}
    assert promos["EARLY-BIRD"].kind == "percent" and promos["EARLY-BIRD"].value == 10
    assert promos["EARLY-BIRD"].valid_until is not None
    assert promos["EARLY-BIRD"].valid_until.date() == SHIPPED_BASE_DATE + dt.timedelta(days=10)
    assert promos["MEMBER20"].members_only and promos["MEMBER20"].value == 20
    assert promos["WELCOME"].requires_coupon and promos["WELCOME"].value == 3_000
    coupons = {c.code: c for c in shipped.coupons}
    assert coupons["WELCOME30"].max_uses == 100
    assert coupons["ONCE-ONLY"].max_uses == 1
    member = next(c for c in shipped.concessions if c.code == "member")
    assert member.requires_member
    for code in ("child", "student", "senior"):
        concession = next(c for c in shipped.concessions if c.code == code)
        assert concession.requires_id_check and concession.rule is not None


# --------------------------------------------------------------------------- bad feeds


def _cinema_only(built: Json) -> Json:
    """A small valid feed cut from the demo: the cinema venue and its event."""
    feed = {k: v for k, v in built.items() if k not in ("venues", "events")}
    feed["venues"] = [copy.deepcopy(v) for v in built["venues"] if v["id"] == "V-STARLIGHT-4"]
    feed["events"] = [copy.deepcopy(e) for e in built["events"] if e["id"] == "E-MOON"]
    feed["promotions"] = [p for p in built["promotions"] if set(p.get("event_ids", [])) <= {"E-MOON"}]
    kept = {p["id"] for p in feed["promotions"]}
    feed["coupons"] = [c for c in built["coupons"] if c["promotion_id"] in kept]
    CatalogFeed.model_validate(feed)
    return feed


def _dangling_venue(feed: Json) -> None:
    feed["events"][0]["venue_id"] = "V-NOWHERE"


def _duplicate_seat(feed: Json) -> None:
    seats = feed["venues"][0]["sections"][0]["rows"][0]["seats"]
    seats[1]["id"] = seats[0]["id"]


def _unknown_zone(feed: Json) -> None:
    feed["events"][0]["performances"][0]["zone_assignments"][0]["zone_id"] = "GOLD"


def _unknown_allocated_seat(feed: Json) -> None:
    feed["events"][0]["performances"][0]["allocations"][0]["seat_ids"].append("Z-99")


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        (_dangling_venue, "event E-MOON names unknown venue V-NOWHERE"),
        (_duplicate_seat, "duplicate seat of venue V-STARLIGHT-4 id A-1"),
        (_unknown_zone, "performance P-MOON-1 assigns unknown zone GOLD"),
        (_unknown_allocated_seat, "performance P-MOON-1 allocates unknown seat Z-99"),
    ],
)
def test_broken_feed_is_refused_with_a_reason(
    built: Json, corrupt: Callable[[Json], None], message: str
) -> None:
    feed = _cinema_only(built)
    corrupt(feed)
    with pytest.raises(ValidationError, match=message):
        CatalogFeed.model_validate(feed)


def test_broken_file_is_refused_with_a_reason(built: Json, tmp_path: Path) -> None:
    feed = _cinema_only(built)
    _dangling_venue(feed)
    path = tmp_path / "catalog.json.gz"
    path.write_bytes(encode(feed))
    with pytest.raises(ValueError, match="unknown venue V-NOWHERE"):
        load_catalog_file(path)

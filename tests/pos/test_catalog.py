"""Loading the catalog feed into the store, and refusing bad feeds whole."""

from __future__ import annotations

import copy
import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from pydantic import ValidationError

from pos.catalog.cache import free_allocated_seats, get_performance, import_catalog, list_performances
from pos.errors import CatalogError, NotFound
from sync.protocol import CatalogFeed, load_catalog_file
from tests.factories import OUTLET, small_catalog, validated


def _count(store, table: str) -> int:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(store.path)
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_import_fills_the_cache(counter) -> None:  # type: ignore[no-untyped-def]
    assert _count(counter.store, "seat") == 20
    assert _count(counter.store, "performance_seat") == 20 * 4
    perfs = list_performances(counter.store)
    assert [p.performance_id for p in perfs][:1] == ["P-PAST"]
    assert {p.performance_id for p in perfs} == {"P-CONCERT", "P-CANCELLED", "P-PAST", "P-MATCH"}
    assert get_performance(counter.store, "P-MATCH").real_name_required
    assert [p.performance_id for p in list_performances(counter.store, category="sport")] == ["P-MATCH"]
    assert [p.performance_id for p in list_performances(counter.store, search="球赛")] == ["P-MATCH"]
    with pytest.raises(NotFound):
        get_performance(counter.store, "P-NOPE")
    seats = free_allocated_seats(counter.store, performance_id="P-CONCERT", outlet_id=OUTLET, limit=100)
    assert "A-1-5" not in seats and "B-2-1" not in seats and "A-1-1" in seats


def test_reimport_is_idempotent_and_keeps_coupon_uses(counter) -> None:  # type: ignore[no-untyped-def]
    con = sqlite3.connect(counter.store.path)
    con.execute("UPDATE coupon SET used = 1")
    con.commit()
    import_catalog(counter.store, validated(small_catalog()))
    assert _count(counter.store, "seat") == 20 and _count(counter.store, "performance_seat") == 80
    assert con.execute("SELECT used FROM coupon").fetchone() == (1,)


def test_a_changed_feed_updates_prices_and_blocks(counter) -> None:  # type: ignore[no-untyped-def]
    feed = small_catalog()
    perf = feed["events"][0]["performances"][0]
    perf["price_zones"][0]["prices"]["adult"] = 40000
    perf["blocked_seats"].append({"seat_id": "A-1-1", "reason": "press"})
    import_catalog(counter.store, validated(feed))
    con = sqlite3.connect(counter.store.path)
    assert con.execute(
        "SELECT amount FROM zone_price WHERE performance_id='P-CONCERT' AND zone_id='Z1' AND concession='adult'"
    ).fetchone() == (40000,)
    assert con.execute(
        "SELECT blocked_reason FROM performance_seat WHERE performance_id='P-CONCERT' AND seat_id='A-1-1'"
    ).fetchone() == ("press",)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda f: f["events"][0].__setitem__("venue_id", "NOWHERE"), "unknown venue"),
        (
            lambda f: f["venues"][0]["sections"][0]["rows"][0]["seats"].append(
                dict(f["venues"][0]["sections"][0]["rows"][0]["seats"][0])
            ),
            "duplicate seat",
        ),
        (
            lambda f: f["events"][0]["performances"][0]["price_zones"][0]["prices"].__setitem__("vip", 1),
            "unknown concession",
        ),
        (
            lambda f: f["events"][0]["performances"][0].__setitem__("starts_at", "2026-12-03T20:00:00"),
            "time zone",
        ),
        (
            lambda f: f["events"][0]["performances"][0]["allocations"][0]["standing"].__setitem__(
                "FLOOR", 1000
            ),
            "exceed",
        ),
        (
            lambda f: f["events"][0]["performances"][0]["price_zones"][0].__setitem__("color", "red"),
            "pattern",
        ),
        (lambda f: f["events"][0]["performances"][0].__setitem__("id", "P-" + "X" * 20), "at most 12"),
        (lambda f: f.__setitem__("format", "something-else/9"), "format"),
        (
            lambda f: f["events"][0]["performances"][0]["price_zones"][0]["prices"].__setitem__("adult", -5),
            "greater than or equal",
        ),
    ],
)
def test_bad_feeds_are_refused_by_the_schema(mutate, message) -> None:  # type: ignore[no-untyped-def]
    feed = copy.deepcopy(small_catalog())
    mutate(feed)
    with pytest.raises(ValidationError, match=message):
        CatalogFeed.model_validate(feed)


def test_core_refuses_a_feed_in_another_currency_and_changes_nothing(counter) -> None:  # type: ignore[no-untyped-def]
    feed = validated(small_catalog())
    feed["currency"] = "HKD"
    feed["venues"][0]["name"]["en"] = "Changed"
    before = _count(counter.store, "journal")
    with pytest.raises(CatalogError, match="HKD"):
        import_catalog(counter.store, feed)
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT name_en FROM venue").fetchone() == ("Test Hall",)
    assert _count(counter.store, "journal") == before


def test_core_refuses_a_seat_allocated_to_two_outlets(counter) -> None:  # type: ignore[no-untyped-def]
    feed = validated(small_catalog())
    feed["events"][0]["performances"][0]["allocations"][1]["seat_ids"].append("A-1-1")
    with pytest.raises(CatalogError, match="two outlets"):
        import_catalog(counter.store, feed)


def test_catalog_files_load_plain_or_gzipped(tmp_path: Path) -> None:
    raw = json.dumps(small_catalog(), ensure_ascii=False).encode()
    (tmp_path / "c.json").write_bytes(raw)
    (tmp_path / "c.json.gz").write_bytes(gzip.compress(raw))
    assert load_catalog_file(tmp_path / "c.json") == load_catalog_file(tmp_path / "c.json.gz")
    (tmp_path / "bad.json").write_bytes(b"{not json")
    with pytest.raises(ValueError, match="not JSON"):
        load_catalog_file(tmp_path / "bad.json")
    (tmp_path / "bad.json.gz").write_bytes(b"\x1f\x8b broken")
    with pytest.raises(ValueError, match="gzip"):
        load_catalog_file(tmp_path / "bad.json.gz")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda f: f["events"][0]["performances"][0]["zone_assignments"].pop(0), "has no price zone"),
        (
            lambda f: f["events"][0]["performances"][0]["zone_assignments"][1]["section_ids"].append("A"),
            "two price zones",
        ),
        (
            lambda f: f["events"][0]["performances"][0]["allocations"][1]["seat_ids"].append("A-1-1"),
            "two outlets",
        ),
        (
            lambda f: f["events"][0]["performances"][0]["allocations"][1]["standing"].__setitem__(
                "FLOOR", 95
            ),
            "exceed",
        ),
        (
            lambda f: f["events"][0]["performances"][0]["channel_rules"].append({"outlet_id": "NOPE"}),
            "unknown outlet",
        ),
        (
            lambda f: f["events"][0]["performances"][0]["channel_rules"].append(
                {"outlet_id": "BO-1", "outlet_kind": "own"}
            ),
            "not both",
        ),
        (lambda f: f["outlets"].append(dict(f["outlets"][0])), "duplicate outlet"),
        (lambda f: f["promotions"][0].__setitem__("event_ids", ["EV-NONE"]), "unknown event"),
        (
            lambda f: f["promotions"][0].update(
                valid_from="2026-12-02T00:00:00+08:00", valid_until="2026-12-01T00:00:00+08:00"
            ),
            "before",
        ),
        (
            lambda f: f["venues"][0]["sections"][0]["rows"][0]["seats"][0].__setitem__("x", float("nan")),
            "finite",
        ),
    ],
)
def test_inconsistent_feeds_are_refused_whole(mutate, message) -> None:  # type: ignore[no-untyped-def]
    feed = copy.deepcopy(small_catalog())
    mutate(feed)
    with pytest.raises(ValidationError, match=message):
        CatalogFeed.model_validate(feed)


def test_a_gzip_bomb_or_corrupt_gzip_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sync.protocol.catalog as wire

    monkeypatch.setattr(wire, "MAX_CATALOG_BYTES", 1000)
    (tmp_path / "bomb.json.gz").write_bytes(gzip.compress(b" " * 100_000))
    with pytest.raises(ValueError, match="larger than"):
        load_catalog_file(tmp_path / "bomb.json.gz")
    good = gzip.compress(b"{}" * 10)
    (tmp_path / "cut.json.gz").write_bytes(good[:12] + b"\x00garbage" + good[12:])
    with pytest.raises(ValueError, match="gzip"):
        load_catalog_file(tmp_path / "cut.json.gz")
    with pytest.raises(ValueError, match="cannot be read"):
        load_catalog_file(tmp_path / "missing.json")

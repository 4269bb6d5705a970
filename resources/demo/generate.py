"""Generate the demo catalog feed (format ``outlet-pos.catalog/1``).

Five venues around a base date: a 2,000-seat concert hall, an ~800-seat theatre, a 60,700-seat
football stadium, a standing-only riverside festival ground and a 180-seat cinema screen, with
performances, price zones, blocked seats, offline allocations, channel rules, promotions and
coupons for two own box offices and one city partner.

Stdlib only: the output must not depend on library versions, and the tests validate it against
``sync.protocol.catalog``. Coordinates are metres in the venue's plan: x grows to the right
(east), y grows down the screen (away from the stage; south in the stadium). They are rounded to
0.1 m to keep the file small.

    python -m resources.demo.generate [--base-date YYYY-MM-DD] [--out PATH]

The venues are ``halls`` and ``stadium``'s, the events ``events``', the shared pieces ``parts``';
this module puts them together with the outlets, concessions and promotions, and writes the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from resources.demo.events import concert_event, festival_event, match_event, play_event, screening_event
from resources.demo.halls import cinema_venue, concert_hall_venue, festival_ground_venue, theatre_venue
from resources.demo.parts import SALES_LEAD_DAYS, Json, local_text, shanghai_at
from resources.demo.stadium import stadium_venue

CATALOG_FORMAT = "outlet-pos.catalog/1"
DEFAULT_BASE_DATE = dt.date(2026, 12, 1)
DEFAULT_OUT = Path(__file__).with_name("catalog.json.gz")


def _outlets() -> list[Json]:
    return [
        {"id": "BO-MALL", "name": local_text("环球港票务中心", "Global Harbour Box Office"), "kind": "own"},
        {
            "id": "BO-THEATRE",
            "name": local_text("静安大剧院售票处", "Jing'an Grand Theatre Box Office"),
            "kind": "own",
        },
        {
            "id": "CP-SH01",
            "name": local_text("城市合伙人·徐汇文化票务", "City partner: Xuhui Culture Tickets"),
            "kind": "partner",
            "commission_bps": 600,
            "credit_limit": 5_000_000,
        },
    ]


def _concessions() -> list[Json]:
    return [
        {"code": "adult", "name": local_text("成人票", "Adult")},
        {
            "code": "child",
            "name": local_text("儿童票", "Child"),
            "rule": local_text("12岁以下，凭户口本或身份证", "Under 12, with household register or ID"),
            "requires_id_check": True,
        },
        {
            "code": "student",
            "name": local_text("学生票", "Student"),
            "rule": local_text("全日制在校学生，凭学生证", "Full-time students, with student card"),
            "requires_id_check": True,
        },
        {
            "code": "senior",
            "name": local_text("长者票", "Senior"),
            "rule": local_text("60岁及以上，凭身份证", "Aged 60 or over, with ID"),
            "requires_id_check": True,
        },
        {
            "code": "member",
            "name": local_text("会员票", "Member"),
            "rule": local_text("会员卡或会员码", "Member card or member QR"),
            "requires_member": True,
        },
    ]


def _promotions(base: dt.date) -> tuple[list[Json], list[Json]]:
    sales_open = shanghai_at(base - dt.timedelta(days=SALES_LEAD_DAYS), 10).isoformat()
    promotions = [
        {
            "id": "EARLY-BIRD",
            "name": local_text("早鸟九折", "Early bird 10% off"),
            "kind": "percent",
            "value": 10,
            "event_ids": ["E-TCHAIK"],
            "concessions": ["adult"],
            "valid_from": sales_open,
            "valid_until": shanghai_at(base + dt.timedelta(days=10), 23, 59).isoformat(),
        },
        {
            "id": "MEMBER20",
            "name": local_text("会员八折", "Members 20% off"),
            "kind": "percent",
            "value": 20,
            "event_ids": ["E-TEAHOUSE"],
            "concessions": ["adult"],
            "members_only": True,
        },
        {
            # Tier prices (issue 22): gold and silver members pay less for the concert.
            "id": "GOLD15",
            "name": local_text("金卡会员八五折", "Gold members 15% off"),
            "kind": "percent",
            "value": 15,
            "event_ids": ["E-TCHAIK"],
            "concessions": ["adult"],
            "members_only": True,
            "member_tiers": ["gold"],
        },
        {
            "id": "SILVER5",
            "name": local_text("银卡会员九五折", "Silver members 5% off"),
            "kind": "percent",
            "value": 5,
            "event_ids": ["E-TCHAIK"],
            "concessions": ["adult"],
            "members_only": True,
            "member_tiers": ["silver"],
        },
        {
            "id": "WELCOME",
            "name": local_text("新客立减30元", "Welcome: 30 yuan off"),
            "kind": "amount",
            "value": 3_000,
            "concessions": ["adult"],  # every adult price is above 30 yuan
            "requires_coupon": True,
        },
    ]
    coupons = [
        {"code": "WELCOME30", "promotion_id": "WELCOME", "max_uses": 100},
        {"code": "ONCE-ONLY", "promotion_id": "WELCOME", "max_uses": 1},
    ]
    return promotions, coupons


def _member_tiers() -> list[Json]:
    return [
        {"code": "normal", "name": local_text("普通会员", "Member"), "rank": 0},
        {"code": "silver", "name": local_text("银卡会员", "Silver"), "rank": 1},
        {"code": "gold", "name": local_text("金卡会员", "Gold"), "rank": 2},
    ]


def _with_points(event: Json) -> Json:
    """Members earn a point per yuan paid on every demo event (issue 22)."""
    return {**event, "points_per_yuan": 1}


def build_catalog(base_date: dt.date) -> Json:
    """The demo catalog around ``base_date``, as a plain JSON-able dict. Deterministic."""
    hall, theatre, stadium = concert_hall_venue(), theatre_venue(), stadium_venue()
    ground, cinema = festival_ground_venue(), cinema_venue()
    promotions, coupons = _promotions(base_date)
    return {
        "format": CATALOG_FORMAT,
        "currency": "CNY",
        "generated_at": shanghai_at(base_date, 6).isoformat(),
        "outlets": _outlets(),
        "concessions": _concessions(),
        "venues": [hall, theatre, stadium, ground, cinema],
        "events": [
            _with_points(event)
            for event in (
                concert_event(base_date, hall),
                play_event(base_date, theatre),
                match_event(base_date, stadium),
                festival_event(base_date, ground),
                screening_event(base_date, cinema),
            )
        ],
        "promotions": promotions,
        "coupons": coupons,
        "member_tiers": _member_tiers(),
    }


def to_json_bytes(catalog: Json) -> bytes:
    """Compact UTF-8 JSON, the exact bytes inside the shipped gzip file."""
    text = json.dumps(catalog, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def encode(catalog: Json) -> bytes:
    """Gzip with no name and mtime 0 (GzipFile also writes a fixed OS byte): same input, same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(to_json_bytes(catalog))
    return buffer.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Never leave a half-written catalog behind: write a sibling file, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m resources.demo.generate", description="Write the demo catalog feed."
    )
    parser.add_argument(
        "--base-date",
        type=_date_arg,
        default=DEFAULT_BASE_DATE,
        help=f"'today' of the demo: first shows that evening (default {DEFAULT_BASE_DATE})",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="gzip file to write")
    args = parser.parse_args(argv)
    catalog = build_catalog(args.base_date)
    data = encode(catalog)
    _write_atomically(args.out, data)
    seats = sum(
        len(row["seats"]) for v in catalog["venues"] for s in v["sections"] for row in s.get("rows", [])
    )
    print(f"wrote {args.out}: {len(data):,} bytes, {seats:,} seats")
    return 0


if __name__ == "__main__":
    sys.exit(main())

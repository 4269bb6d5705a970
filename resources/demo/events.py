"""The demo's events and their performances around the base date: a concert, a play, a
football match, a festival and a film, each with its price zones, blocks, allocations and
channel rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from resources.demo.parts import (
    OWN_RULE,
    Json,
    concession_prices,
    local_text,
    partner_rule,
    performance_doc,
    price_zone,
    seat_allocations,
    seat_blocks,
    section_by_id,
    shanghai_at,
)
from resources.demo.stadium import VIP_SECTIONS


def _schedule_start(base: dt.date, days: int, hour: int, minute: int = 0) -> dt.datetime:
    return shanghai_at(base + dt.timedelta(days=days), hour, minute)


def _series(
    prefix: str,
    base: dt.date,
    shows: Sequence[tuple[int, int, int, str]],
    *,
    doors_minutes: int,
    length_minutes: int,
    zones: list[Json],
    assignments: list[Json],
    blocked: list[Json],
    allocations: list[Json],
    channel_rules: list[Json],
) -> list[Json]:
    """The performances ``PREFIX-1``, ``-2``… of one event, at (day after base, hour, minute,
    status) each, sharing everything else."""
    return [
        performance_doc(
            f"{prefix}-{i + 1}",
            base,
            _schedule_start(base, day, hour, minute),
            doors_minutes=doors_minutes,
            length_minutes=length_minutes,
            zones=zones,
            assignments=assignments,
            blocked=blocked,
            allocations=allocations,
            channel_rules=channel_rules,
            status=status,
        )
        for i, (day, hour, minute, status) in enumerate(shows)
    ]


def concert_event(base: dt.date, hall: Json) -> Json:
    codes = ("adult", "child", "student", "senior", "member")
    zones = [
        price_zone("VIP", local_text("VIP区", "VIP"), "#C62828", concession_prices(88_000, codes)),
        price_zone("A", local_text("甲区", "Zone A"), "#EF6C00", concession_prices(58_000, codes)),
        price_zone("B", local_text("乙区", "Zone B"), "#1565C0", concession_prices(28_000, codes)),
    ]
    # Best seats: the centre block of stalls, rows A to H, override the stalls' zone A.
    centre = section_by_id(hall, "SC")["rows"][:8]
    vip_seats = [seat["id"] for row in centre for seat in row["seats"]]
    assignments = [
        {"zone_id": "A", "section_ids": ["SL", "SC", "SR"]},
        {"zone_id": "B", "section_ids": ["BL", "BC", "BR"]},
        {"zone_id": "VIP", "seat_ids": vip_seats},
    ]
    blocked = (
        seat_blocks(hall, "house", "SC", "J", range(14, 18))
        + seat_blocks(hall, "wheelchair", "SL", "X", (1, 2))
        + seat_blocks(hall, "wheelchair", "SR", "X", (1, 2))
        + seat_blocks(hall, "sightline", "BL", "A", (1, 2))
        + seat_blocks(hall, "sightline", "BR", "A", (1, 2))
    )
    allocations = seat_allocations(
        hall,
        blocked,
        [("BO-MALL", "SC", 10, 60), ("BO-THEATRE", "SR", 3, 40), ("CP-SH01", "BC", 0, 80)],
    )
    rules = [OWN_RULE, partner_rule(surcharge=1_000, zones=zones)]
    performances = _series(
        "P-TCHAIK",
        base,
        [(0, 19, 30, "on_sale"), (1, 19, 30, "on_sale")],
        doors_minutes=45,
        length_minutes=120,
        zones=zones,
        assignments=assignments,
        blocked=blocked,
        allocations=allocations,
        channel_rules=rules,
    )
    return {
        "id": "E-TCHAIK",
        "name": local_text("冬夜交响：柴可夫斯基专场音乐会", "Winter Night Symphony: All-Tchaikovsky"),
        "category": "concert",
        "venue_id": hall["id"],
        "description": local_text(
            "浦江交响乐团演奏《第五交响曲》与《D大调小提琴协奏曲》。",
            "The Pujiang Symphony Orchestra plays the Fifth Symphony and the Violin Concerto.",
        ),
        "max_tickets_per_order": 8,
        "refund_cutoff_hours": 48,
        "terms": local_text(
            "1.2米以下儿童谢绝入场。演出开始后请于乐章间隙入场。",
            "No children under 1.2 m. Latecomers are admitted between movements.",
        ),
        "performances": performances,
    }


def play_event(base: dt.date, theatre: Json) -> Json:
    codes = ("adult", "child", "student", "senior")  # members get the MEMBER20 promotion instead
    zones = [
        price_zone("PREM", local_text("贵宾席", "Premium"), "#AD1457", concession_prices(48_000, codes)),
        price_zone("STD", local_text("标准席", "Standard"), "#2E7D32", concession_prices(28_000, codes)),
        price_zone("UPPER", local_text("经济席", "Upper"), "#546E7A", concession_prices(12_000, codes)),
    ]
    front = section_by_id(theatre, "ST")["rows"][:8]
    assignments = [
        {"zone_id": "STD", "section_ids": ["ST", "DC"]},
        {"zone_id": "UPPER", "section_ids": ["UC"]},
        {"zone_id": "PREM", "seat_ids": [s["id"] for row in front for s in row["seats"]]},
    ]
    blocked = (
        seat_blocks(theatre, "production", "ST", "Q", range(16, 22))  # sound desk
        + seat_blocks(theatre, "house", "ST", "F", (14, 15))
        + seat_blocks(theatre, "wheelchair", "ST", "A", (1, 2))
        + seat_blocks(theatre, "sightline", "UC", "A", (1, 2))
    )
    allocations = seat_allocations(
        theatre,
        blocked,
        [("BO-THEATRE", "ST", 2, 120), ("BO-MALL", "ST", 10, 40), ("CP-SH01", "DC", 0, 60)],
    )
    rules = [OWN_RULE, partner_rule()]
    shows = [(2, 19, 30, "on_sale"), (3, 14, 0, "postponed"), (4, 19, 30, "cancelled")]
    performances = _series(
        "P-TEAHOUSE",
        base,
        shows,
        doors_minutes=30,
        length_minutes=150,
        zones=zones,
        assignments=assignments,
        blocked=blocked,
        allocations=allocations,
        channel_rules=rules,
    )
    return {
        "id": "E-TEAHOUSE",
        "name": local_text("话剧《茶馆》", "Teahouse (play by Lao She)"),
        "category": "theatre",
        "venue_id": theatre["id"],
        "description": local_text(
            "老舍经典三幕话剧，一座茶馆里的五十年沧桑。",
            "Lao She's classic in three acts: fifty years of Beijing in one teahouse.",
        ),
        "max_tickets_per_order": 10,
        "refund_cutoff_hours": 24,
        "terms": local_text(
            "演出时长约2小时30分钟（含中场休息）。迟到观众须待幕间入场。",
            "Running time about 2 h 30 min with one interval. Latecomers wait for the interval.",
        ),
        "performances": performances,
    }


def match_event(base: dt.date, stadium: Json) -> Json:
    codes = ("adult", "child", "student", "senior", "member")
    zones = [
        price_zone("VIP", local_text("西看台贵宾区", "VIP West lower"), "#B71C1C", concession_prices(128_000, ["adult"])),
        price_zone("SIDE-L", local_text("边线下层", "Sides lower"), "#E65100", concession_prices(68_000, codes)),
        price_zone("SIDE-U", local_text("边线中上层", "Sides upper"), "#F9A825", concession_prices(38_000, codes)),
        price_zone("END-L", local_text("球门后下层", "Ends lower"), "#2E7D32", concession_prices(28_000, codes)),
        price_zone("END-U", local_text("球门后上层", "Ends upper"), "#1565C0", concession_prices(18_000, codes)),
    ]
    by_zone: dict[str, list[str]] = {z["id"]: [] for z in zones}
    for section in stadium["sections"]:
        by_zone[_match_zone(section)].append(section["id"])
    if len(by_zone["VIP"]) != len(VIP_SECTIONS):
        raise ValueError("stadium layout lost a VIP section")
    assignments = [{"zone_id": z, "section_ids": ids} for z, ids in by_zone.items()]
    blocked: list[Json] = []
    for sec in ("N104", "E112", "S120", "W128"):
        blocked += seat_blocks(stadium, "wheelchair", sec, "1", (1, 2))
    blocked += seat_blocks(stadium, "press", "W228", "1", range(1, 13))
    blocked += seat_blocks(stadium, "house", "W128", "5", range(10, 14))
    blocked += seat_blocks(stadium, "sightline", "N104", "10", range(15, 19))  # camera gantry
    allocations = seat_allocations(
        stadium,
        blocked,
        [("BO-MALL", "E113", 7, 400), ("BO-THEATRE", "S120", 9, 200), ("CP-SH01", "E315", 0, 600)],
    )
    performance = performance_doc(
        "P-CUPFINAL-1",
        base,
        _schedule_start(base, 5, 19, 35),
        doors_minutes=120,
        length_minutes=115,
        zones=zones,
        assignments=assignments,
        blocked=blocked,
        allocations=allocations,
        channel_rules=[OWN_RULE, partner_rule()],
    )
    return {
        "id": "E-CUPFINAL",
        "name": local_text(
            f"{base.year}足协杯决赛 上海申城 vs 北京燕京",
            f"{base.year} CFA Cup Final: Shanghai Shencheng vs Beijing Yanjing",
        ),
        "category": "sport",
        "venue_id": stadium["id"],
        "real_name_required": True,
        "max_tickets_per_order": 6,
        "refund_cutoff_hours": 72,
        "fees": {"per_ticket": 500, "per_order": 0},
        "terms": local_text(
            "本场比赛实行实名制购票，一人一票一证，入场须出示购票时登记的身份证件。",
            "Real-name match: one ticket per person, bound to an ID shown at the gate.",
        ),
        "performances": [performance],
    }


def _match_zone(section: Json) -> str:
    stand, tier = section["id"][0], section["tier"]
    if section["id"] in VIP_SECTIONS:
        return "VIP"
    if stand in "WE":
        return "SIDE-L" if tier == 0 else "SIDE-U"
    return "END-L" if tier == 0 else "END-U"


def festival_event(base: dt.date, ground: Json) -> Json:
    zones = [
        price_zone("GA", local_text("草坪票", "General admission"), "#43A047", concession_prices(48_000, ["adult", "student"])),
        price_zone("PIT", local_text("内场票", "Front pit"), "#FB8C00", concession_prices(68_000, ["adult"])),
        price_zone("VIP", local_text("VIP票", "VIP deck"), "#8E24AA", concession_prices(128_000, ["adult"])),
    ]
    assignments = [{"zone_id": z["id"], "section_ids": [z["id"]]} for z in zones]
    allocations = [
        {"outlet_id": "BO-MALL", "standing": {"GA": 300, "PIT": 50, "VIP": 20}},
        {"outlet_id": "BO-THEATRE", "standing": {"GA": 100, "PIT": 20}},
        {"outlet_id": "CP-SH01", "standing": {"GA": 500, "PIT": 100, "VIP": 30}},
    ]
    performances = _series(
        "P-WFEST",
        base,
        [(12, 13, 0, "on_sale"), (13, 13, 0, "on_sale")],
        doors_minutes=90,
        length_minutes=9 * 60,
        zones=zones,
        assignments=assignments,
        blocked=[],
        allocations=allocations,
        channel_rules=[OWN_RULE, partner_rule()],
    )
    return {
        "id": "E-WINTERFEST",
        "name": local_text("滨江冬日音乐节", "Riverside Winter Music Festival"),
        "category": "festival",
        "venue_id": ground["id"],
        "description": local_text("两天，两个舞台，二十组乐队。", "Two days, two stages, twenty bands."),
        "max_tickets_per_order": 4,
        "entry_rule": "reentry",
        "refund_cutoff_hours": 168,
        "fees": {"per_ticket": 300, "per_order": 0},
        "terms": local_text(
            "单日票当日可凭手环多次进出。禁止携带玻璃瓶与专业摄影器材。",
            "Day tickets allow re-entry with the wristband. No glass, no professional cameras.",
        ),
        "performances": performances,
    }


def screening_event(base: dt.date, cinema: Json) -> Json:
    codes = ("adult", "child", "student", "senior", "member")
    zones = [
        price_zone("STD", local_text("普通座", "Standard"), "#455A64", concession_prices(4_500, codes)),
        price_zone("BEST", local_text("黄金座", "Best view"), "#FFB300", concession_prices(5_500, codes)),
    ]
    hall = section_by_id(cinema, "HALL")
    middle = [s["id"] for row in hall["rows"][5:8] for s in row["seats"][3:12]]
    assignments = [
        {"zone_id": "STD", "section_ids": ["HALL"]},
        {"zone_id": "BEST", "seat_ids": middle},
    ]
    blocked = seat_blocks(cinema, "wheelchair", "HALL", "M", (14, 15)) + seat_blocks(
        cinema, "house", "HALL", "K", (7, 8)
    )
    allocations = seat_allocations(cinema, blocked, [("BO-MALL", "HALL", 4, 30), ("BO-THEATRE", "HALL", 8, 20)])
    rules = [OWN_RULE, partner_rule(allowed=False)]  # the chain sells its own screens
    showtimes = [(0, 14, 30), (0, 19, 45), (1, 20, 15)]
    performances = _series(
        "P-MOON",
        base,
        [(day, hour, minute, "on_sale") for day, hour, minute in showtimes],
        doors_minutes=15,
        length_minutes=128,
        zones=zones,
        assignments=assignments,
        blocked=blocked,
        allocations=allocations,
        channel_rules=rules,
    )
    return {
        "id": "E-MOON",
        "name": local_text("电影《长安月下》", "Moon over Chang'an (film)"),
        "category": "cinema",
        "venue_id": cinema["id"],
        "max_tickets_per_order": 10,
        "refund_cutoff_hours": 2,
        "terms": local_text(
            "本片时长128分钟，国语，中英文字幕。", "128 min, Mandarin, Chinese and English subtitles."
        ),
        "performances": performances,
    }

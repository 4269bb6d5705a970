"""A small catalog for central's tests: one arena with 2 seated rows and a standing area."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def _t(x: datetime) -> str:
    return x.isoformat()


def small_catalog(now: datetime, *, seats_per_row: int = 10) -> dict[str, Any]:
    rows = [
        {
            "label": r,
            "seats": [
                {"id": f"A-{r}-{n}", "number": str(n), "x": float(n), "y": float(i)}
                for n in range(1, seats_per_row + 1)
            ],
        }
        for i, r in enumerate(["1", "2"])
    ]
    perf = {
        "starts_at": _t(now + timedelta(days=31)),
        "doors_open_at": _t(now + timedelta(days=31) - timedelta(hours=1)),
        "ends_at": _t(now + timedelta(days=31, hours=3)),
        "sales_open_at": _t(now - timedelta(days=1)),
        "sales_close_at": _t(now + timedelta(days=30)),
        "price_zones": [
            {
                "id": "Z1",
                "name": {"zh": "一等", "en": "First"},
                "color": "#ff0000",
                "prices": {"adult": 10000, "child": 5000},
            },
            {
                "id": "Z2",
                "name": {"zh": "站票", "en": "Standing"},
                "color": "#00ff00",
                "prices": {"adult": 8000},
            },
        ],
        "zone_assignments": [
            {"zone_id": "Z1", "section_ids": ["A"]},
            {"zone_id": "Z2", "section_ids": ["S"]},
        ],
    }
    return {
        "format": "outlet-pos.catalog/1",
        "currency": "CNY",
        "generated_at": _t(now),
        "outlets": [
            {"id": "OWN", "name": {"zh": "自营", "en": "Own box office"}, "kind": "own"},
            {
                "id": "PART",
                "name": {"zh": "合伙人", "en": "Partner"},
                "kind": "partner",
                "commission_bps": 1000,
                "credit_limit": 1_000_000,
            },
        ],
        "concessions": [
            {"code": "adult", "name": {"zh": "成人", "en": "Adult"}},
            {"code": "child", "name": {"zh": "儿童", "en": "Child"}},
        ],
        "venues": [
            {
                "id": "V1",
                "name": {"zh": "体育馆", "en": "Arena"},
                "city": {"zh": "上海", "en": "Shanghai"},
                "gates": [{"id": "G1", "name": {"zh": "一号门", "en": "Gate 1"}}],
                "sections": [
                    {
                        "id": "A",
                        "name": {"zh": "A区", "en": "A"},
                        "kind": "seated",
                        "gate_id": "G1",
                        "rows": rows,
                    },
                    {"id": "S", "name": {"zh": "站区", "en": "Standing"}, "kind": "standing", "capacity": 50},
                ],
            }
        ],
        "events": [
            {
                "id": "E1",
                "name": {"zh": "演唱会", "en": "Concert"},
                "category": "concert",
                "venue_id": "V1",
                "fees": {"per_ticket": 0, "per_order": 0},
                "performances": [
                    {
                        **perf,
                        "id": "P1",
                        "blocked_seats": [{"seat_id": "A-1-1", "reason": "house"}],
                        "allocations": [
                            {"outlet_id": "OWN", "seat_ids": ["A-2-9", "A-2-10"], "standing": {"S": 5}},
                            {"outlet_id": "PART", "seat_ids": ["A-2-8"]},
                        ],
                        "channel_rules": [{"outlet_kind": "partner", "prices": {"Z1": {"adult": 9500}}}],
                    },
                    {**perf, "id": "P2", "status": "cancelled"},
                ],
            },
            {
                "id": "E2",
                "name": {"zh": "话剧", "en": "Play"},
                "category": "theatre",
                "venue_id": "V1",
                "refund_cutoff_hours": 24,
                "fees": {"per_ticket": 200, "per_order": 500},
                "performances": [
                    {**perf, "id": "P3", "channel_rules": [{"outlet_kind": "partner", "allowed": False}]},
                ],
            },
        ],
        "promotions": [
            {
                "id": "PROMO10",
                "name": {"zh": "九折", "en": "10% off"},
                "kind": "percent",
                "value": 10,
                "event_ids": ["E1"],
            },
            {
                "id": "CPN",
                "name": {"zh": "券", "en": "Coupon"},
                "kind": "amount",
                "value": 2000,
                "requires_coupon": True,
            },
        ],
        "coupons": [{"code": "SAVE-2000", "promotion_id": "CPN", "max_uses": 1}],
    }

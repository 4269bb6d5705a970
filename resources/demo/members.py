"""The demo's members (issue 22): one per tier, with points to spend. Published at central by
``pos demo`` with the demo catalog (``central.services.members.add_member``)."""

from __future__ import annotations

DEMO_MEMBERS: tuple[dict[str, object], ...] = (
    {"number": "M10001", "phone": "13800000001", "name": "张伟", "tier": "normal", "points": 1_200},
    {"number": "M20001", "phone": "13800000002", "name": "王芳", "tier": "silver", "points": 8_800},
    {"number": "M30001", "phone": "13800000003", "name": "李娜", "tier": "gold", "points": 52_000},
)

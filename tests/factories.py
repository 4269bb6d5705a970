"""Small catalogs and stores for tests: real SQLite files in a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pos.catalog.cache import import_catalog
from pos.staff.access import Role, StaffSession, add_staff, authenticate
from pos.store.db import Store, open_store
from pos.terminal.identity import TerminalInfo, init_terminal, load_signer
from pos.tickets import TicketSigner
from sync.protocol import CatalogFeed

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
OUTLET = "BO-1"
SUPERVISOR = ("S1", "258036")
CLERK = ("C1", "1357")


def _t(dt: datetime) -> str:
    return dt.isoformat()


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def small_catalog(
    now: datetime = NOW, *, rows_per_section: int = 2, seats_per_row: int = 5
) -> dict[str, Any]:
    """A hall of 2 sections (A, B) of rows x seats and a standing area; three events.

    Outlet BO-1 has every seat allocated except row 2 of block B; BO-2 has B-2-1 and B-2-2.
    """
    seats = []
    sections = []
    for sec in ("A", "B"):
        rows = []
        for r in map(str, range(1, rows_per_section + 1)):
            rows.append(
                {
                    "label": r,
                    "seats": [
                        {"id": f"{sec}-{r}-{n}", "number": str(n), "x": float(n), "y": float(r)}
                        for n in range(1, seats_per_row + 1)
                    ],
                }
            )
            seats += [f"{sec}-{r}-{n}" for n in range(1, seats_per_row + 1)]
        sections.append(
            {
                "id": sec,
                "name": _text(f"{sec}区", f"Block {sec}"),
                "kind": "seated",
                "gate_id": "G1",
                "rows": rows,
            }
        )
    sections.append(
        {"id": "FLOOR", "name": _text("内场", "Floor"), "kind": "standing", "gate_id": "G2", "capacity": 100}
    )
    venue = {
        "id": "HALL",
        "name": _text("测试大厅", "Test Hall"),
        "city": _text("上海", "Shanghai"),
        "gates": [
            {"id": "G1", "name": _text("1号门", "Gate 1")},
            {"id": "G2", "name": _text("2号门", "Gate 2")},
        ],
        "sections": sections,
    }

    def perf(pid: str, starts: datetime, status: str = "on_sale", **extra: Any) -> dict[str, Any]:
        return {
            "id": pid,
            "starts_at": _t(starts),
            "doors_open_at": _t(starts - timedelta(hours=1)),
            "ends_at": _t(starts + timedelta(hours=2)),
            "sales_open_at": _t(now - timedelta(days=30)),
            "sales_close_at": _t(starts),
            "status": status,
            "price_zones": [
                {
                    "id": "Z1",
                    "name": _text("一区", "Zone 1"),
                    "color": "#cc3333",
                    "prices": {"adult": 38000, "child": 19000, "member": 30000},
                },
                {
                    "id": "Z2",
                    "name": _text("二区", "Zone 2"),
                    "color": "#3333cc",
                    "prices": {"adult": 18000, "child": 9000},
                },
                {"id": "ZF", "name": _text("内场", "Floor"), "color": "#33cc33", "prices": {"adult": 28000}},
            ],
            "zone_assignments": [
                {"zone_id": "Z1", "section_ids": ["A"]},
                {"zone_id": "Z2", "section_ids": ["B"]},
                {"zone_id": "ZF", "section_ids": ["FLOOR"]},
            ],
            "blocked_seats": [{"seat_id": "A-1-5", "reason": "house"}],
            "allocations": [
                {
                    "outlet_id": OUTLET,
                    "seat_ids": [s for s in seats if not s.startswith("B-2-")],
                    "standing": {"FLOOR": 10},
                },
                {"outlet_id": "BO-2", "seat_ids": ["B-2-1", "B-2-2"], "standing": {"FLOOR": 5}},
            ],
            "channel_rules": [{"outlet_kind": "own", "allowed": True}],
            **extra,
        }

    start = now + timedelta(days=2)
    return {
        "format": "outlet-pos.catalog/1",
        "currency": "CNY",
        "generated_at": _t(now),
        "outlets": [
            {"id": OUTLET, "name": _text("测试售票处", "Test box office"), "kind": "own"},
            {"id": "BO-2", "name": _text("第二售票处", "Second box office"), "kind": "own"},
        ],
        "concessions": [
            {"code": "adult", "name": _text("成人", "Adult")},
            {"code": "child", "name": _text("儿童", "Child"), "requires_id_check": True},
            {"code": "member", "name": _text("会员", "Member"), "requires_member": True},
        ],
        "venues": [venue],
        "events": [
            {
                "id": "EV-CONCERT",
                "name": _text("测试音乐会", "Test Concert"),
                "category": "concert",
                "venue_id": "HALL",
                "max_tickets_per_order": 6,
                "fees": {"per_ticket": 500, "per_order": 0},
                "performances": [
                    perf("P-CONCERT", start),
                    perf("P-CANCELLED", start + timedelta(days=1), status="cancelled"),
                    perf("P-PAST", now - timedelta(hours=1)),
                ],
            },
            {
                "id": "EV-MATCH",
                "name": _text("测试球赛", "Test Match"),
                "category": "sport",
                "venue_id": "HALL",
                "real_name_required": True,
                "performances": [perf("P-MATCH", start + timedelta(days=3))],
            },
        ],
        "promotions": [
            {
                "id": "PR-COUPON",
                "name": _text("满减券", "Coupon 30 off"),
                "kind": "amount",
                "value": 3000,
                "requires_coupon": True,
            },
        ],
        "coupons": [{"code": "WELCOME30", "promotion_id": "PR-COUPON", "max_uses": 2}],
    }


def validated(feed: dict[str, Any]) -> dict[str, Any]:
    return CatalogFeed.model_validate(feed).model_dump(mode="python")


@dataclass
class Counter:
    """A counter terminal ready to sell: store, key, a clerk and a supervisor signed in."""

    store: Store
    info: TerminalInfo
    signer: TicketSigner
    clerk: StaffSession
    supervisor: StaffSession


def make_counter(
    data_dir: Path, *, catalog: dict[str, Any] | None = None, outlet: str = OUTLET, now: datetime = NOW
) -> Counter:
    info = init_terminal(data_dir, terminal_id="T01", outlet_id=outlet, now=now - timedelta(days=1))
    store = open_store(data_dir)
    import_catalog(store, validated(catalog or small_catalog(now)))
    add_staff(
        store,
        staff_id=SUPERVISOR[0],
        name="主管 Supervisor",
        role=Role.SUPERVISOR,
        pin=SUPERVISOR[1],
        by=None,
    )
    sup = authenticate(store, staff_id=SUPERVISOR[0], pin=SUPERVISOR[1], now=now)
    add_staff(store, staff_id=CLERK[0], name="售票员 Clerk", role=Role.CLERK, pin=CLERK[1], by=sup)
    clerk = authenticate(store, staff_id=CLERK[0], pin=CLERK[1], now=now)
    open_shift_for(store, clerk, now=now)
    return Counter(store, info, load_signer(store), clerk, sup)


FLOAT = 50_000  # fen: the float counted into the drawer when the test terminal's shift opens


def open_shift_for(
    store: Store, actor: StaffSession, *, opening_float: int = FLOAT, now: datetime = NOW
) -> None:
    """Open a shift on the terminal's drawer, as a clerk does before selling."""
    from pos.cash.shifts import open_shift

    open_shift(store, actor=actor, opening_float=opening_float, now=now - timedelta(hours=1))


def counter_from(data_dir: Path) -> Counter:
    """Open a copy of a terminal made by :func:`make_counter` (skips the slow PIN hashing)."""
    from pos.staff.access import Role
    from pos.terminal.identity import terminal_info

    store = open_store(data_dir)
    clerk = StaffSession(CLERK[0], "售票员 Clerk", Role.CLERK, NOW)
    sup = StaffSession(SUPERVISOR[0], "主管 Supervisor", Role.SUPERVISOR, NOW)
    return Counter(store, terminal_info(store), load_signer(store), clerk, sup)


def table_counts(store: Store) -> dict[str, int]:
    """Row counts of everything a sale or reversal writes, to prove nothing changed."""
    import sqlite3

    con = sqlite3.connect(store.path)
    try:
        tables = ["sale_order", "ticket", "payment", "journal", "outbox", "revocation"]
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        counts["coupon_used"] = con.execute("SELECT coalesce(sum(used), 0) FROM coupon").fetchone()[0]
        counts["order_seq"] = con.execute("SELECT next_order_seq FROM terminal").fetchone()[0]
        counts["valid_tickets"] = con.execute("SELECT count(*) FROM ticket WHERE status='valid'").fetchone()[
            0
        ]
        return counts
    finally:
        con.close()

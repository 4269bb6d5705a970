"""The guided exercises of a training session, ticked from the training store's journal.

Each exercise is a question asked of what the trainee actually did (journal entries and the
tickets they point to), so nothing is ticked by hand and nothing the trainee did not finish
(a sale given up at the payment step leaves no ``sale`` entry) counts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos.store import sql
from pos.store.db import Store


@dataclass(frozen=True, slots=True)
class Exercise:
    key: str
    title_en: str
    title_zh: str


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    exercise: Exercise
    done: bool
    done_at: datetime | None
    by: str | None  # the staff id who completed it
    ref: str  # the order (or shift) that completed it, "" if not done


EXERCISES: tuple[Exercise, ...] = (
    Exercise("standing_cash", "A standing sale for cash", "站票现金销售"),
    Exercise("seated_card", "A seated sale by card", "座位票刷卡销售"),
    # Scanned from the demo codes at the sandbox's practice wallet gateway (issue 19).
    Exercise("mobile_pay", "A sale by mobile pay", "移动支付销售"),
    Exercise("real_name", "A real-name sale", "实名制销售"),
    Exercise("pickup", "Hand out an online order (pickup code)", "取票码取票"),
    Exercise("refund", "A refund approved by a supervisor", "主管批准退票"),
    Exercise("shift_close", "Close the shift", "交班结算"),
)

_Row = dict[str, Any]


def _tickets(store_rows: dict[str, list[_Row]], entry: _Row) -> list[_Row]:
    return store_rows.get(entry["ref"], [])


def _paid_with(entry: _Row, kind: str) -> bool:
    return any(p.get("kind") == kind for p in entry["data"].get("payments", []))


_RULES: dict[str, Callable[[_Row, list[_Row]], bool]] = {
    "standing_cash": lambda e, t: e["kind"] == "sale"
    and _paid_with(e, "cash")
    and bool(t)
    and all(x["area_id"] for x in t),
    "seated_card": lambda e, t: e["kind"] == "sale" and _paid_with(e, "card") and any(x["seat_id"] for x in t),
    "mobile_pay": lambda e, t: e["kind"] == "sale" and _paid_with(e, "mobile"),
    "real_name": lambda e, t: e["kind"] == "sale" and any(x["holder_name"] for x in t),
    "pickup": lambda e, t: e["kind"] == "pickup",
    "refund": lambda e, t: e["kind"] == "refund" and bool(e["approver"]),
    "shift_close": lambda e, t: e["kind"] == "shift_close",
}


def checklist(store: Store, *, exercises: Sequence[Exercise] = EXERCISES) -> tuple[ExerciseResult, ...]:
    """Each exercise with the first journal entry that completed it, if any."""
    with store.read() as session:
        entries = [json.loads(r.record) for r in sql.rows(session, "SELECT record FROM journal ORDER BY seq")]
        tickets: dict[str, list[_Row]] = {}
        for r in sql.rows(session, "SELECT order_id, seat_id, area_id, holder_name FROM ticket"):
            tickets.setdefault(r.order_id, []).append(
                {"seat_id": r.seat_id, "area_id": r.area_id, "holder_name": r.holder_name}
            )
    out = []
    for ex in exercises:
        rule = _RULES[ex.key]
        hit = next((e for e in entries if rule(e, _tickets(tickets, e))), None)
        out.append(
            ExerciseResult(
                exercise=ex,
                done=hit is not None,
                done_at=datetime.fromisoformat(hit["ts"].replace("Z", "+00:00")) if hit else None,
                by=hit["staff"] if hit else None,
                ref=hit["ref"] if hit else "",
            )
        )
    return tuple(out)


def result_text(results: Sequence[ExerciseResult], *, trainee: str = "", language: str = "zh") -> str:
    """The printable result for the supervisor: one line per exercise, then the count."""
    done = sum(r.done for r in results)
    head = "培训结果 TRAINING RESULT" + (f" — {trainee}" if trainee else "")
    lines = [head, ""]
    for r in results:
        title = r.exercise.title_zh if language == "zh" else r.exercise.title_en
        when = r.done_at.strftime("%H:%M") if r.done_at else ""
        lines.append(f"[{'x' if r.done else ' '}] {title}  {when} {r.by or ''}".rstrip())
    lines += ["", f"{done}/{len(results)}"]
    return "\n".join(lines)

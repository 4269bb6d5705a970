"""What the door screen shows beside a verdict, in the steward's language: concession names
(with the check a concession asks for, e.g. a student card) and another performance's name
and start, for a ticket of the wrong event or date. Plain data; the screen words the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from pos.store import sql
from pos.store.db import Store


@dataclass(frozen=True, slots=True)
class ConcessionLabel:
    name: str
    id_check: bool  # the steward looks at a document (child, student, senior…)
    rule: str  # the concession's own words for it, e.g. "持学生证" (may be "")


def concession_labels(store: Store, language: str) -> dict[str, ConcessionLabel]:
    with store.read() as session:
        found = sql.rows(
            session, "SELECT code, name_zh, name_en, rule_zh, rule_en, requires_id_check FROM concession"
        )
    zh = language == "zh"
    return {
        r.code: ConcessionLabel(
            r.name_zh if zh else r.name_en, bool(r.requires_id_check), r.rule_zh if zh else r.rule_en
        )
        for r in found
    }


def performance_label(store: Store, performance_id: str, language: str, tz: tzinfo) -> str | None:
    """``"<event> MM-DD HH:MM"`` in the venue's time, or None for a performance not in this
    terminal's catalog."""
    with store.read() as session:
        r = sql.row(
            session,
            "SELECT e.name_zh, e.name_en, p.starts_at FROM performance p JOIN event e ON e.id = p.event_id"
            " WHERE p.id = ?",
            performance_id,
        )
    if r is None:
        return None
    starts = sql.time_out(r.starts_at)
    if starts is None:
        return None
    return f"{r.name_zh if language == 'zh' else r.name_en} {starts.astimezone(tz):%m-%d %H:%M}"


def place_label(store: Store, performance_id: str, item_id: str, language: str) -> str | None:
    """A ticket's place as the steward reads it on the ticket: ``池座中区 L排 10座`` /
    ``Stalls centre, Row L, Seat 10``, or the standing area's name; None if not in the catalog
    (the raw id is shown then)."""
    with store.read() as session:
        seat = sql.row(
            session,
            "SELECT s.row_label, s.number, c.name_zh, c.name_en FROM performance p"
            " JOIN event e ON e.id = p.event_id JOIN seat s ON s.venue_id = e.venue_id AND s.id = ?"
            " JOIN section c ON c.venue_id = s.venue_id AND c.id = s.section_id WHERE p.id = ?",
            item_id,
            performance_id,
        )
        if seat is None:
            area = sql.row(
                session,
                "SELECT c.name_zh, c.name_en FROM performance p JOIN event e ON e.id = p.event_id"
                " JOIN section c ON c.venue_id = e.venue_id AND c.id = ? WHERE p.id = ?",
                item_id,
                performance_id,
            )
            return None if area is None else (area.name_zh if language == "zh" else area.name_en)
    if language == "zh":
        return f"{seat.name_zh} {seat.row_label}排 {seat.number}座"
    return f"{seat.name_en}, Row {seat.row_label}, Seat {seat.number}"

"""A verdict's words, in the steward's language: the headline, and the line under it. The
core's ``reason`` is English for logs and the command line; here each verdict is worded
from the scan's facts (gate, time, the ticket's seat and concession, the other
performance), so a Chinese door shows Chinese and a steward reads what to do next."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale, QObject

from pos.door import DoorScan, DoorValidator, Verdict
from pos.door.labels import ConcessionLabel, concession_labels, performance_label, place_label
from pos.door.rules import clock
from pos.errors import PosError


class VerdictWords(QObject):
    def __init__(self, validator: DoorValidator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.validator = validator
        self.language = "zh" if QLocale().language() == QLocale.Language.Chinese else "en"
        self._concessions: dict[str, ConcessionLabel] | None = None
        self._performances: dict[str, str | None] = {}
        self._places: dict[str, str] = {}  # item id -> as printed; read once per seat, not per scan

    def headline(self, r: DoorScan) -> str:
        if r.green:
            return self.tr("EXIT OK") if r.direction.value == "out" else self.tr("VALID")
        return {
            Verdict.ALREADY_ADMITTED: self.tr("ALREADY ADMITTED"),
            Verdict.NOT_INSIDE: self.tr("NOT INSIDE"),
            Verdict.REFUNDED: self.tr("REFUNDED"),
            Verdict.EXCHANGED: self.tr("EXCHANGED"),
            Verdict.REPRINTED: self.tr("REPLACED BY REPRINT"),
            Verdict.CANCELLED: self.tr("CANCELLED"),
            Verdict.REFUSED_BY_CENTRAL: self.tr("NOT ACCEPTED"),
            Verdict.WRONG_PERFORMANCE: self.tr("WRONG EVENT OR DATE"),
            Verdict.WRONG_GATE: self.tr("WRONG GATE"),
            Verdict.NOT_YET_OPEN: self.tr("NOT YET OPEN"),
            Verdict.CLOSED: self.tr("CLOSED"),
            Verdict.FORGED: self.tr("FORGED"),
            Verdict.UNKNOWN_KEY: self.tr("UNKNOWN KEY"),
            Verdict.KEY_NOT_VALID_THEN: self.tr("KEY NOT VALID THEN"),
            Verdict.UNREADABLE: self.tr("UNREADABLE"),
            Verdict.TRAINING_TICKET: self.tr("TRAINING TICKET"),
        }.get(r.verdict, r.verdict.value.upper())

    def detail(self, r: DoorScan) -> str:
        v, door = r.verdict, self.validator.door
        if v is Verdict.VALID:
            return self._valid(r)
        if v is Verdict.ALREADY_ADMITTED:
            return (
                self.tr("Admitted at gate %1 at %2")
                .replace("%1", r.first_gate or "?")
                .replace("%2", self._clock(r.first_at) if r.first_at else "?")
            )
        if v is Verdict.NOT_INSIDE:
            return self.tr("No admission on record to exit from")
        if v is Verdict.REFUNDED:
            return self.tr("Refunded: this ticket is no longer valid")
        if v is Verdict.EXCHANGED:
            return self._replaced(self.tr("Exchanged for another ticket"), r)
        if v is Verdict.REPRINTED:
            return self._replaced(self.tr("A reprint replaced it: only the new ticket is valid"), r)
        if v is Verdict.CANCELLED:
            return self.tr("Cancelled: this ticket is no longer valid")
        if v is Verdict.REFUSED_BY_CENTRAL:
            return self.tr("Its order was refused by central: send the holder to the box office")
        if v is Verdict.WRONG_PERFORMANCE:
            other = self._performance(r.performance_id or "")
            return self.tr("This ticket is for %1").replace("%1", other or r.performance_id or "?")
        if v is Verdict.WRONG_GATE:
            return self.tr("Send the holder to gate %1").replace("%1", r.ticket_gate or "?")
        if v is Verdict.NOT_YET_OPEN:
            # With the date: a ticket for tomorrow's show is "not yet open" too.
            opens = door.doors_open_at.astimezone(self.validator.tz).strftime("%m-%d %H:%M")
            return self.tr("Doors open at %1").replace("%1", opens)
        if v is Verdict.CLOSED:
            if door.status == "cancelled":
                return self.tr("This performance was cancelled")
            return self.tr("Admission ended at %1").replace("%1", self._clock(door.ends_at)[:5])
        if v is Verdict.FORGED:
            return self.tr("The code was altered or made up: call a supervisor")
        if v is Verdict.KEY_NOT_VALID_THEN:
            return self.tr(
                "Signed when its key was not valid (before registration, or after a lost or stolen "
                "terminal was withdrawn): call a supervisor"
            )
        if v is Verdict.UNKNOWN_KEY:
            return self.tr("Not signed by any outlet or by the platform: call a supervisor")
        if v is Verdict.TRAINING_TICKET:
            return self.tr("Printed in training mode: never valid for entry; send the holder to the box office")
        return self.tr("Not a ticket code, or damaged: try again or search by order number")

    def _valid(self, r: DoorScan) -> str:
        if r.direction.value == "out":
            return self.tr("Exit recorded")
        parts = [self._place(r)]
        label = self._concession(r.concession or "")
        if label is not None:
            parts.append(label.name)
            if label.id_check:
                parts.append(self.tr("check: %1").replace("%1", label.rule or self.tr("the holder's ID")))
        elif r.concession:
            parts.append(r.concession)
        return " · ".join(p for p in parts if p)

    def _replaced(self, words: str, r: DoorScan) -> str:
        if not r.replaced_by:
            return words
        return self.tr("%1 (new ticket %2)").replace("%1", words).replace("%2", r.replaced_by)

    def title(self) -> str:
        """The performance the door is open for, in the steward's language with its start."""
        door = self.validator.door
        return self._performance(door.performance_id) or door.event_name

    def _place(self, r: DoorScan) -> str:
        """The seat as printed on the ticket (池座中区 L排 10座), not its id (SC-L-10)."""
        if not r.item_id:
            return ""
        if r.item_id not in self._places:
            try:
                found = place_label(self.validator.store, self.validator.door.performance_id, r.item_id, self.language)
            except PosError:
                return r.item_id  # words only: asked again at the next scan
            self._places[r.item_id] = found or r.item_id
        return self._places[r.item_id]

    def _clock(self, at: datetime) -> str:
        return clock(at, self.validator.tz)

    def _concession(self, code: str) -> ConcessionLabel | None:
        if self._concessions is None:
            try:
                self._concessions = concession_labels(self.validator.store, self.language)
            except PosError:
                return None  # words only: the verdict itself stands
        return self._concessions.get(code)

    def _performance(self, performance_id: str) -> str | None:
        if performance_id not in self._performances:
            try:
                self._performances[performance_id] = performance_label(
                    self.validator.store, performance_id, self.language, self.validator.tz
                )
            except PosError:
                return None
        return self._performances[performance_id]

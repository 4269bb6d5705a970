"""The door's verdicts and its entry rules, as pure functions of what the door knows.

Nothing here touches the store: :mod:`pos.door.validator` gathers the facts (the decoded
code, the revocation, the performance, the scan log) and these functions say what they mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum


class Verdict(StrEnum):
    """What the steward sees. ``VALID`` is the only green one."""

    VALID = "valid"  # admitted (scan in) or exit recorded (scan out)
    ALREADY_ADMITTED = "already_admitted"
    NOT_INSIDE = "not_inside"  # an exit scan of a ticket that is not inside
    REFUNDED = "refunded"
    EXCHANGED = "exchanged"
    REPRINTED = "reprinted"  # replaced by a reprint: only the new code is valid
    CANCELLED = "cancelled"  # voided or cancelled by central
    REFUSED_BY_CENTRAL = "refused_by_central"  # its order was refused by central: never sold
    WRONG_PERFORMANCE = "wrong_performance"  # another event, or another date of this one
    WRONG_GATE = "wrong_gate"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    FORGED = "forged"  # the signature does not hold: altered or made up
    UNKNOWN_KEY = "unknown_key"  # signed by a key this door does not know
    KEY_NOT_VALID_THEN = "key_not_valid_then"  # signed before its key's registration or after its withdrawal
    UNREADABLE = "unreadable"
    TRAINING_TICKET = "training_ticket"  # printed in training mode: never valid anywhere

    @property
    def green(self) -> bool:
        return self is Verdict.VALID


class EntryRule(StrEnum):
    """Per event (catalog ``entry_rule``). Exit scans are recorded under both rules."""

    SINGLE = "single"  # one admission; an exit does not allow coming back
    REENTRY = "reentry"  # back in after an exit scan

    @classmethod
    def of(cls, value: str) -> EntryRule:
        try:
            return cls(value)
        except ValueError:
            return cls.SINGLE  # an unknown rule from a newer catalog: the strict one


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


REVOCATION_VERDICTS = {
    "refund": Verdict.REFUNDED,
    "exchange": Verdict.EXCHANGED,
    "reprint": Verdict.REPRINTED,
    "void": Verdict.CANCELLED,
    "cancelled": Verdict.CANCELLED,
    "refused": Verdict.REFUSED_BY_CENTRAL,
}


@dataclass(frozen=True, slots=True)
class PastScan:
    """An accepted scan of the ticket, from this door, a peer or central."""

    direction: str
    gate: str
    scanned_at: datetime
    terminal_id: str


@dataclass(frozen=True, slots=True)
class LogDecision:
    verdict: Verdict
    reason: str
    first: PastScan | None = None  # the admission that makes this one a repeat


def clock(at: datetime, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%H:%M:%S")


def revoked(reason: str, replaced_by: str | None) -> tuple[Verdict, str]:
    verdict = REVOCATION_VERDICTS.get(reason, Verdict.CANCELLED)
    words = {
        Verdict.REFUNDED: "refunded: this ticket is no longer valid",
        Verdict.EXCHANGED: "exchanged: this ticket was swapped for another one",
        Verdict.REPRINTED: "replaced by a reprint: only the new ticket is valid",
        Verdict.CANCELLED: f"cancelled ({reason}): this ticket is no longer valid",
        Verdict.REFUSED_BY_CENTRAL: "refused by central: this ticket's order was not accepted;"
        " send the holder to the box office",
    }[verdict]
    if replaced_by:
        words += f" (new ticket {replaced_by})"
    return verdict, words


def admission_window(
    now: datetime,
    *,
    doors_open_at: datetime,
    ends_at: datetime,
    status: str,
    direction: Direction,
    tz: tzinfo,
) -> tuple[Verdict, str] | None:
    """None when the door is open for this scan; exits are never held back."""
    if direction is Direction.OUT:
        return None
    if status == "cancelled":
        return Verdict.CLOSED, "closed: this performance was cancelled"
    if now < doors_open_at:
        return Verdict.NOT_YET_OPEN, f"not yet open: doors open at {clock(doors_open_at, tz)}"
    if now >= ends_at:
        return Verdict.CLOSED, f"closed: admission ended at {clock(ends_at, tz)}"
    return None


def from_log(past: Sequence[PastScan], *, rule: EntryRule, direction: Direction, tz: tzinfo) -> LogDecision:
    """Apply the entry rule to the ticket's accepted scans (any order)."""
    ordered = sorted(past, key=lambda p: p.scanned_at)
    ins = [p for p in ordered if p.direction == Direction.IN]
    last = ordered[-1] if ordered else None
    inside = last is not None and last.direction == Direction.IN
    if direction is Direction.OUT:
        if inside:
            return LogDecision(Verdict.VALID, "exit recorded")
        return LogDecision(Verdict.NOT_INSIDE, "not inside: this ticket has no admission to exit from")
    if rule is EntryRule.REENTRY and not inside:
        return LogDecision(Verdict.VALID, "valid: re-entry after exit" if ins else "valid")
    if ins:
        first = ins[-1] if rule is EntryRule.REENTRY else ins[0]
        words = f"already admitted at gate {first.gate} at {clock(first.scanned_at, tz)}"
        if rule is EntryRule.SINGLE and not inside:
            words += "; this event has no re-entry"
        return LogDecision(Verdict.ALREADY_ADMITTED, words, first)
    return LogDecision(Verdict.VALID, "valid")


def double_admissions(past: Sequence[PastScan], *, rule: EntryRule) -> list[PastScan]:
    """The admissions that the rule would have refused had every scan been known: the
    extra ones of a split. Empty for a clean history."""
    extra: list[PastScan] = []
    inside = False
    admitted = False
    for p in sorted(past, key=lambda p: p.scanned_at):
        if p.direction == Direction.OUT:
            inside = False
            continue
        if inside or (rule is EntryRule.SINGLE and admitted):
            extra.append(p)
        inside = admitted = True
    return extra

"""Door mode (issue 8): validating tickets at the gate, offline, with no ticket admitted twice.

:mod:`pos.door.rules` decides (pure), :mod:`pos.door.scanlog` keeps the scan log, and
:mod:`pos.door.validator` runs the checks in order and records each scan atomically. Uses the
store, the terminal (the keys it trusts) and tickets (the codec).
"""

from __future__ import annotations

from pos.door.rules import Direction, EntryRule, Verdict
from pos.door.scanlog import DoubleAdmission, ScanCounts, counts, double_admissions
from pos.door.validator import DoorScan, DoorValidator

__all__ = [
    "Direction",
    "DoorScan",
    "DoorValidator",
    "DoubleAdmission",
    "EntryRule",
    "ScanCounts",
    "Verdict",
    "counts",
    "double_admissions",
]

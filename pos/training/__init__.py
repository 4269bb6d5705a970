"""Training mode: a terminal a supervisor switched into practice (issue 25).

Training runs on its own store in ``<data>/training`` (:mod:`.mode`), a fresh copy of the
real store's cached catalog and staff, never enrolled with central, signing with its own
key whose codes every door refuses (``training_ticket``, :data:`pos.tickets.codec.TRAINING_CODE_VERSION`).
The real store only records that training was switched on and off. The guided exercises
(:mod:`.exercises`) are read from the training store's journal.
"""

from __future__ import annotations

from pos.training.exercises import EXERCISES, Exercise, ExerciseResult, checklist, result_text
from pos.training.mode import (
    TRAINING_FOLDER,
    TrainingState,
    active_data_dir,
    start_training,
    stop_training,
    training_dir,
    training_state,
)

__all__ = [
    "EXERCISES",
    "TRAINING_FOLDER",
    "Exercise",
    "ExerciseResult",
    "TrainingState",
    "active_data_dir",
    "checklist",
    "result_text",
    "start_training",
    "stop_training",
    "training_dir",
    "training_state",
]

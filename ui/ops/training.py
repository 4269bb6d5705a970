"""Training mode (issue 25): switching it on and off in the real store, and the checklist
read from the training store."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pos.store.db import open_store
from pos.training import ExerciseResult, TrainingState, checklist, start_training, stop_training
from pos.training.pickups import practice_codes, seed_practice_pickups
from sync.sandbox import SandboxStarter
from ui.context import AppContext
from ui.ops.changes import Change
from ui.ops.op import Op, read, write

log = logging.getLogger(__name__)


def _real_dir(ctx: AppContext) -> Path:
    return ctx.real_data_dir or ctx.store.data_dir


def switch(ctx: AppContext, *, on: bool, supervisor: str, pin: str, allow_drawer: bool) -> Op[TrainingState]:
    """Start or stop training in the real store (opened for this call: while training runs,
    the app's own store is the training one)."""
    folder = _real_dir(ctx)
    sandbox = ctx.sandbox

    def run() -> TrainingState:
        real = open_store(folder)
        try:
            if on:
                state = start_training(
                    real, supervisor_id=supervisor, pin=pin, allow_drawer=allow_drawer,
                    offline_pickups=sandbox is None,
                )
                if sandbox is not None:
                    _prepare(sandbox, state.folder)
                return state
            return stop_training(real, supervisor_id=supervisor, pin=pin)
        finally:
            real.close()

    return write("training", run, Change.SETTINGS)


def _prepare(sandbox: SandboxStarter, folder: Path) -> None:
    """Make the sandbox here, off the UI thread (the window then only serves it); should it
    fail, training runs offline with practice online orders of its own."""
    try:
        with sandbox(folder):
            return
    except Exception:
        log.exception("the training sandbox central could not be made: training runs offline")
    practice = open_store(folder)
    try:
        seed_practice_pickups(practice, now=datetime.now(UTC))
    finally:
        practice.close()


def exercises(ctx: AppContext) -> Op[tuple[tuple[ExerciseResult, ...], Sequence[str]]]:
    """The checklist, and the practice pickup codes not handed out yet."""
    store = ctx.store
    return read("training", lambda: (checklist(store), practice_codes(store)))

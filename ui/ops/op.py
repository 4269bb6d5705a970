"""An operation: one named core call, the lane it runs on, and what to do with its answer.

The domain modules of :mod:`ui.ops` build these (``ops.sales.sell(ctx, ...)``); a screen
adds its callbacks and runs it::

    sales.quote(ctx, ...).success(self._on_quote).failure(self._quote_failed).run(
        runner, self, supersede="quote"
    )

Without ``failure``, an error is shown in a dialog over the parent widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QWidget

from ui.ops.changes import Change
from ui.ops.runner import Lane, OperationRunner

T = TypeVar("T")


class Op(Generic[T]):
    def __init__(self, lane: Lane, label: str, fn: Callable[[], T], changes: Change = Change.NONE) -> None:
        self.lane = lane
        self.label = label
        self.fn = fn
        self.changes = changes
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[BaseException], object] | None = None

    def success(self, fn: Callable[[T], object]) -> Op[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], object]) -> Op[T]:
        self._failure = fn
        return self

    def run(
        self, runner: OperationRunner, parent: QWidget | None = None, *, supersede: str | None = None
    ) -> int:
        """Queue it; ``supersede``: a newer call with the same key drops this one's callbacks."""
        return runner.submit(
            self.lane, self.label, self.fn, self._success, self._failure, parent=parent, supersede=supersede,
            changes=self.changes,
        )


def read(label: str, fn: Callable[[], T]) -> Op[T]:
    return Op(Lane.READ, label, fn)


def write(label: str, fn: Callable[[], T], changes: Change = Change.NONE) -> Op[T]:
    """On the single writer; ``changes``: what it changes, for the screens that show it."""
    return Op(Lane.WRITE, label, fn, changes)


def network(label: str, fn: Callable[[], T], changes: Change = Change.NONE) -> Op[T]:
    return Op(Lane.NETWORK, label, fn, changes)


def counter(label: str, fn: Callable[[], T], changes: Change = Change.NONE) -> Op[T]:
    return Op(Lane.COUNTER, label, fn, changes)


def watch(label: str, fn: Callable[[], T]) -> Op[T]:
    """A long poll: on a lane of its own, since it waits on central by design."""
    return Op(Lane.WATCH, label, fn)

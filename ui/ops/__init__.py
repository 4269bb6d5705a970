"""The one way the app runs core work: operations grouped by domain, run by one runner.

Each domain module (:mod:`~ui.ops.sales`, :mod:`~ui.ops.aftersales`, :mod:`~ui.ops.cash`,
:mod:`~ui.ops.catalog`, :mod:`~ui.ops.central`, :mod:`~ui.ops.printing`,
:mod:`~ui.ops.settings`, :mod:`~ui.ops.staff`, :mod:`~ui.ops.terminal`) has small
functions that name one core call and return an :class:`~ui.ops.op.Op`; a screen adds a
success and a failure callback (an error dialog when it adds none) and runs it on the
:class:`~ui.ops.runner.OperationRunner` (see there for the lanes and ``supersede``).

May use: ``pos``, ``sync`` and ``printing`` (lazily, inside the calls, so that start-up
does not load them), :mod:`ui.context` and :mod:`ui.errors`; never a screen or a widget.
"""

from __future__ import annotations

from ui.ops.op import Op
from ui.ops.runner import Lane, OperationRunner

__all__ = ["Lane", "Op", "OperationRunner"]

"""Kept for the modules that still import the runner from here: it lives in :mod:`ui.ops`."""

from __future__ import annotations

from ui.ops.runner import OperationRunner

__all__ = ["OperationRunner"]

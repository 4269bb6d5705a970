"""The first-run wizard (see :mod:`ui.firstrun.wizard`)."""

from __future__ import annotations

from ui.firstrun.wizard import FirstRunWizard, needs_first_run

__all__ = ["FirstRunWizard", "needs_first_run"]

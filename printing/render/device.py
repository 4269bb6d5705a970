"""A python-escpos ``Dummy`` that collects the bytes of a job, set up for one paper width."""

from __future__ import annotations

import copy

from escpos.printer import Dummy

from printing.layout import PAPER_DOTS


def dummy(paper: int) -> Dummy:
    """A byte collector that knows the paper's width in dots.

    The default capability profile's data is shared by every instance and says the width
    is "Unknown" (python-escpos then prints a warning to stdout), so each job gets a copy.
    """
    printer = Dummy()
    data = copy.deepcopy(printer.profile.profile_data)
    data["media"]["width"]["pixels"] = PAPER_DOTS[paper]
    data["media"]["width"]["mm"] = paper
    printer.profile.profile_data = data
    return printer

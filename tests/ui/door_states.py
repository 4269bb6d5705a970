"""The door screen at full size with a real signed ticket to scan (the layout test and the
screenshots show its green and amber/red states)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any


@contextmanager
def door_screen(window: Any, size: tuple[int, int]) -> Iterator[tuple[Any, Callable[[], None]]]:
    """The door screen for the first performance of the Door mode's list, sized ``size``,
    and a function that scans the same ticket again (a minute apart each time)."""
    from pos.door import DoorValidator
    from pos.door.validator import gates_for
    from pos.tickets import TicketClaims, new_ticket_id
    from ui.screens.door import DoorScreen

    ctx = window.ctx
    picker = window.door.performances
    pid = picker.itemData(0)
    gate = gates_for(ctx.store, pid)[0]
    at: list[Any] = [None]
    validator = DoorValidator(ctx.store, performance_id=pid, gate=gate, clock=lambda: at[0])
    # Issued now, under this terminal's key (registered today: a ticket "issued" a day before
    # the doors opened was refused as signed before the key was valid), scanned once the
    # doors are open.
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    at[0] = max(validator.door.doors_open_at + timedelta(minutes=10), now + timedelta(minutes=1))
    issued = int(now.timestamp())
    code = ctx.signer.sign(TicketClaims(new_ticket_id(), pid, "A-1-1", gate, "adult", issued))
    screen = DoorScreen(validator, title=picker.itemText(0), sound=False, monotonic=itertools.count(0, 60).__next__)
    screen.resize(*size)
    screen.show()
    try:
        yield screen, lambda: screen.scan(code)
    finally:
        screen.release_inputs()
        screen.close()
        validator.close()

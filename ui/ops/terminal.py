"""The terminal's status for the status bar: online or not, what waits to go up, its printer."""

from __future__ import annotations

from dataclasses import dataclass

from pos.terminal import connectivity
from pos.terminal.connectivity import Connectivity
from ui.context import AppContext
from ui.ops.op import Op, read
from ui.ops.printing import printer_names


@dataclass(frozen=True, slots=True)
class TerminalStatus:
    connectivity: Connectivity
    queued: int
    printer: str = ""  # the printer profile sales print on; "" when none is set up


def status(ctx: AppContext) -> Op[TerminalStatus]:
    store = ctx.store

    def run() -> TerminalStatus:
        from sync import relay

        names = printer_names(store)
        return TerminalStatus(
            connectivity.state(store), relay.pending_count(store), names[0] if names else ""
        )

    return read("status", run)

"""The terminal's status for the status bar: online or not, what waits to go up, its printer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pos.partner import account as partner_account
from pos.partner.account import PartnerStatus
from pos.terminal import connectivity
from pos.terminal.connectivity import Connectivity
from ui.context import AppContext
from ui.ops.op import Op, read
from ui.ops.printing import printer_names

if TYPE_CHECKING:
    from sync.relay import AttentionItem


@dataclass(frozen=True, slots=True)
class TerminalStatus:
    connectivity: Connectivity
    queued: int
    printer: str = ""  # the printer profile sales print on; "" when none is set up
    # What central refused, waiting for a supervisor; a refused order says what to tell its customer.
    attention: tuple[AttentionItem, ...] = ()
    partner: PartnerStatus | None = None  # a city partner's credit left and contract (issue 24)


def status(ctx: AppContext) -> Op[TerminalStatus]:
    store = ctx.store

    def run() -> TerminalStatus:
        from sync import relay

        names = printer_names(store)
        return TerminalStatus(
            connectivity.state(store),
            relay.pending_count(store),
            names[0] if names else "",
            relay.needs_attention(store),
            partner_account.status(store, datetime.now(UTC)),
        )

    return read("status", run)

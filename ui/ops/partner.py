"""The partner screen's calls to central (issue 24): the statement for a period, today's (for
the commission earned today) and the close-out mismatches, read together off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pos.errors import InvalidInput
from ui.context import AppContext
from ui.ops.op import Op, network

if TYPE_CHECKING:
    from sync.protocol.partner import Mismatch, Statement
    from sync.transport import CentralClient


@dataclass(frozen=True, slots=True)
class PartnerView:
    statement: Statement
    today: Statement
    mismatches: tuple[Mismatch, ...]


def load(
    ctx: AppContext, client: Callable[[], CentralClient | None], date_from: date, date_to: date, today: date
) -> Op[PartnerView]:
    def run() -> PartnerView:
        from sync import partner

        if date_from > date_to:
            raise InvalidInput("the period's first day is after its last", reason="period_order")
        c = client()
        if c is None:
            raise InvalidInput("this terminal is not linked to central", reason="not_linked")
        outlet = ctx.info.outlet_id
        return PartnerView(
            partner.statement(c, outlet, date_from, date_to),
            partner.statement(c, outlet, today, today),
            tuple(partner.mismatches(c, outlet).items),
        )

    return network("partner.statement", run)

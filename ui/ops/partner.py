"""The partner screen's calls to central (issue 24): the statement for a period, today's (for
the commission earned today) and the close-out mismatches, read together off the UI thread;
and the shown statement printed on the terminal's printer (on the writer: a recorded job)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pos.errors import InvalidInput
from pos.staff.access import StaffSession
from ui.context import AppContext
from ui.ops.changes import Change
from ui.ops.op import Op, network, write

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


@dataclass(frozen=True, slots=True)
class StatementPrinted:
    printer: str  # "" when no printer profile is set up (nothing was printed)
    job_id: str = ""
    status: str = ""  # confirmed | unconfirmed (the printer cannot say it printed)


def print_statement(ctx: AppContext, view: PartnerView, actor: StaffSession | None) -> Op[StatementPrinted]:
    """The shown statement and mismatches on the printer sales print on, as the Z-report is."""
    store = ctx.store
    statement = view.statement.model_dump(mode="json")
    mismatches = [m.model_dump(mode="json") for m in view.mismatches]

    def run() -> StatementPrinted:
        from printing.partner_slip import print_statement
        from ui.ops.printing import first_printer

        profile = first_printer(store)
        if profile is None:
            return StatementPrinted("")
        job = print_statement(store, statement=statement, mismatches=mismatches, printer=profile,
                              staff_id=actor.staff_id if actor else None).job
        return StatementPrinted(profile.name, job.job_id, job.status)

    return write("print statement", run, Change.PRINT_JOBS)

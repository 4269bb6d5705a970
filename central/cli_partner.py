"""``pos central partner …``: a city partner's terms, the payments received from it, its
statement and its close-out mismatches (issue 24)."""

from __future__ import annotations

import json
from datetime import datetime

import click

from central.cli_base import _fail, _open, db_option
from central.errors import ApiError
from central.services import partner
from sync.protocol.partner import statement_csv


def _rule(values: tuple[str, ...], what: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        key, _, bps = v.partition("=")
        if not key or not bps.isdigit() or not 0 <= int(bps) <= 10_000:
            _fail(f"bad {what} rule {v!r}: write KEY=BPS, 0..10000 basis points")
        out[key] = int(bps)
    return out


@click.group("partner")
def partner_group() -> None:
    """City partners: terms, payments received, statements, close-out mismatches."""


@partner_group.command("terms")
@db_option
@click.argument("outlet_id")
@click.option("--credit-limit", type=click.IntRange(0, 10**12), default=None, help="Credit limit in fen (0: none).")
@click.option("--commission-bps", type=click.IntRange(0, 10_000), default=None, help="Default commission.")
@click.option("--event-rule", multiple=True, metavar="EVENT=BPS", help="Commission on one event (repeatable).")
@click.option("--category-rule", multiple=True, metavar="CATEGORY=BPS", help="Commission on a category.")
@click.option("--contract-start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First day sold.")
@click.option("--contract-end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day sold.")
@click.option("--no-contract", is_flag=True, help="Remove the contract term (sells any day).")
def terms(db_url: str, outlet_id: str, credit_limit: int | None, commission_bps: int | None,
          event_rule: tuple[str, ...], category_rule: tuple[str, ...], contract_start: datetime | None,
          contract_end: datetime | None, no_contract: bool) -> None:
    """Set a partner's terms; what is not given stays as it is."""
    rules = {k: v for k, v in (("event", _rule(event_rule, "event")),
                               ("category", _rule(category_rule, "category"))) if v}
    ctx = _open(db_url)
    try:
        partner.set_terms(ctx, outlet_id=outlet_id, credit_limit=credit_limit, commission_bps=commission_bps,
                          rules=rules or None, contract_start=contract_start.date() if contract_start else None,
                          contract_end=contract_end.date() if contract_end else None, clear_contract=no_contract)
    except ValueError as exc:
        _fail(str(exc))
    click.echo(json.dumps(partner.account(ctx, outlet_id).model_dump(mode="json", exclude={"server_time"}),
                          ensure_ascii=False, sort_keys=True))


@partner_group.command("payment")
@db_option
@click.argument("outlet_id")
@click.option("--amount", type=int, required=True, help="Fen received from the partner (> 0).")
@click.option("--received-at", default=None, help="ISO time with its zone (default: now).")
@click.option("--note", default="", help="Bank reference or the like.")
@click.option("--id", "payment_id", default=None, help="A UUID, so that recording it twice counts once.")
def payment(db_url: str, outlet_id: str, amount: int, received_at: str | None, note: str,
            payment_id: str | None) -> None:
    """Record a payment received from a partner: it lowers what the partner owes."""
    if amount <= 0:
        _fail("a payment received is a positive amount of fen")
    try:
        at = datetime.fromisoformat(received_at) if received_at else None
    except ValueError:
        _fail(f"bad time {received_at!r}: ISO 8601 with its zone, e.g. 2030-05-01T10:00:00+08:00")
        return
    ctx = _open(db_url)
    try:
        pid = partner.record_payment(ctx, outlet_id=outlet_id, amount=amount, received_at=at, note=note,
                                     payment_id=payment_id)
    except (ValueError, ApiError) as exc:
        _fail(str(exc))
        return
    click.echo(f"payment {pid} of {amount} fen recorded for {outlet_id}")


@partner_group.command("statement")
@db_option
@click.argument("outlet_id")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of JSON.")
def statement(db_url: str, outlet_id: str, date_from: datetime, date_to: datetime, as_csv: bool) -> None:
    """A partner's statement, days FROM to TO inclusive."""
    ctx = _open(db_url)
    try:
        st = partner.statement(ctx, outlet_id, date_from.date(), date_to.date())
    except ApiError as exc:
        _fail(exc.message)
        return
    click.echo(statement_csv(st) if as_csv else st.model_dump_json(indent=2), nl=not as_csv)


@partner_group.command("mismatches")
@db_option
@click.option("--outlet", "outlet_id", default=None, help="Only this outlet's.")
def mismatches_cmd(db_url: str, outlet_id: str | None) -> None:
    """Close-outs whose totals disagreed with central's, newest first."""
    for m in partner.mismatches(_open(db_url), outlet_id).items:
        fields = ", ".join(f"{k}: terminal {v[0]}, central {v[1]}" for k, v in sorted(m.fields.items()))
        click.echo(f"{m.business_date.isoformat()} {m.terminal_id} close-out {m.closeout_id}: {fields}")




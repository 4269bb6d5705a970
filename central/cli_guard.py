"""``pos central outlet hold-policy`` and ``pos central pickup-alerts``: the administrator's
side of central's guards (issue 16). ``central.cli`` adds them to its groups."""

from __future__ import annotations

import json

import click

from central.cli_base import _fail, _open, db_option
from central.errors import ApiError
from central.services import customers, hold_policy, pickup_guard

_CAP = click.IntRange(0, 1_000_000)


@click.command("hold-policy")
@db_option
@click.argument("outlet_id")
@click.option("--terminal-seats", type=_CAP, help="Seats one terminal may hold at once.")
@click.option("--terminal-standing", type=_CAP, help="Standing places one terminal may hold at once.")
@click.option("--outlet-seats", type=_CAP, help="Seats all the outlet's terminals may hold at once.")
@click.option("--outlet-standing", type=_CAP, help="Standing places the outlet may hold at once.")
@click.option("--extensions", type=_CAP, help="Times one hold may be extended.")
def hold_policy_cmd(db_url: str, outlet_id: str, **caps: int | None) -> None:
    """Show an outlet's hold caps, or change those given (the others are kept)."""
    ctx = _open(db_url)
    try:
        if any(v is not None for v in caps.values()):
            policy = hold_policy.set_policy(ctx, outlet_id, **caps)
        else:
            policy = hold_policy.get_policy(ctx, outlet_id)
    except ApiError as exc:
        _fail(exc.message)
        return
    origin = "set" if policy.custom else "defaults"
    click.echo(f"outlet {outlet_id} hold policy ({origin}): "
               + ", ".join(f"{c.replace('_', '-')} {getattr(policy, c)}" for c in hold_policy.CAPS))


@click.command("pickup-alerts")
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def pickup_alerts(db_url: str, limit: int, as_json: bool) -> None:
    """Pickup look-ups central locked out (too many wrong phone digits or unknown codes), newest first."""
    alerts = pickup_guard.alerts(_open(db_url), limit=limit)
    for a in alerts:
        if as_json:
            click.echo(json.dumps({
                "at": a.at.isoformat(), "kind": a.kind, "terminal_id": a.terminal_id, "outlet_id": a.outlet_id,
                "order_id": a.order_id, "until": a.until.isoformat(), "details": a.details,
            }, sort_keys=True, ensure_ascii=False))
        else:
            what = f"order {a.order_id}" if a.order_id else "look-ups"
            click.echo(f"{a.at:%Y-%m-%d %H:%M:%S} {a.kind} terminal {a.terminal_id} (outlet {a.outlet_id}): "
                       f"{what} locked until {a.until:%H:%M:%S} UTC, {a.details.get('misses', '?')} misses")
    if not alerts and not as_json:
        click.echo("no pickup alerts")


@click.command("customer-lookups")
@db_option
@click.option("--terminal", "terminal_id", default=None, help="Only this terminal's look-ups.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def customer_lookups(db_url: str, terminal_id: str | None, limit: int, as_json: bool) -> None:
    """Customer look-ups (issue 22), newest first: which terminal asked, when, by phone or member,
    how many orders it found, and whether the throttle refused it. The numbers are not logged."""
    rows = customers.lookup_log(_open(db_url), limit=limit, terminal_id=terminal_id)
    for r in rows:
        if as_json:
            click.echo(json.dumps({"at": r.at.isoformat(), "terminal_id": r.terminal_id, "outlet_id": r.outlet_id,
                                   "by": r.by, "found": r.found, "refused": r.refused}, sort_keys=True))
        else:
            outcome = f"refused ({r.refused})" if r.refused else f"{r.found} orders"
            click.echo(f"{r.at:%Y-%m-%d %H:%M:%S} terminal {r.terminal_id} (outlet {r.outlet_id}) by {r.by}: {outcome}")
    if not rows and not as_json:
        click.echo("no customer look-ups")

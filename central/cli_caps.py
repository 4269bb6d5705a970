"""``pos central over-caps``: the orders central accepted beyond an outlet's limits on a
supervisor's word (offline caps, credit limit, price overrides; issue 16)."""

from __future__ import annotations

import json

import click

from central.cli_base import _open, db_option
from central.services import order_caps


@click.command("over-caps")
@db_option
@click.option("--outlet", "outlet_id", default=None, help="Only this outlet's.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def over_caps(db_url: str, outlet_id: str | None, limit: int, as_json: bool) -> None:
    """Orders accepted beyond a limit with a supervisor's approval, newest first."""
    ctx = _open(db_url)
    rows = ctx.db.run(lambda s: order_caps.report(s, outlet_id=outlet_id, limit=limit))
    for r in rows:
        if as_json:
            click.echo(json.dumps({
                "at": r.at.isoformat(), "order_id": r.order_id, "outlet_id": r.outlet_id,
                "terminal_id": r.terminal_id, "kind": r.kind, "limit": r.limit, "actual": r.actual,
                "approved_by": r.approved_by, "sold_at": r.sold_at.isoformat(), "details": r.details,
            }, sort_keys=True, ensure_ascii=False))
        else:
            click.echo(f"{r.at:%Y-%m-%d %H:%M:%S} {r.kind} order {r.order_id} terminal {r.terminal_id} "
                       f"(outlet {r.outlet_id}): {r.actual} over {r.limit}, approved by {r.approved_by}")
    if not rows and not as_json:
        click.echo("no orders accepted beyond a limit")

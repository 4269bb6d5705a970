"""``pos doctor``: what is wrong with this terminal, and what to do about it."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Any

import click

from poscli.base import EXIT_FAILED_CHECK, Ctx, handle_errors, open_store, pass_ctx

_LABEL = {"ok": "OK  ", "warn": "WARN", "fail": "FAIL"}


@click.command()
@click.option("--offline", is_flag=True, help="Skip the network and printer checks.")
@click.option("--timeout", default=3.0, type=click.FloatRange(0.2, 30), show_default=True,
              help="Seconds to wait for central and network printers.")
@click.option("--repair", is_flag=True,
              help="Make the data folder, store, logs and backups owner-only where they are not.")
@pass_ctx
@handle_errors
def doctor(ctx: Ctx, offline: bool, timeout: float, repair: bool) -> None:
    """Check the store, journal, key, disk, backups, permissions, token, central, clock and
    printers.

    Exits 1 when a check fails."""
    from pos.field.doctor import FAIL, core_checks, worst

    checks: list[Any] = []

    def show(check: Any) -> None:
        checks.append(check)
        if not ctx.as_json:
            click.echo(f"{_LABEL.get(check.status, check.status)}  {check.name:<16} {check.detail}")
            if check.fix and check.status != "ok":
                click.echo(f"      {'':<16} fix: {check.fix}")

    for check in core_checks(ctx.data_dir, lambda: open_store(ctx), repair=repair):
        show(check)
    store_ok = not any(c.name == "store" and c.status == FAIL for c in checks)
    if store_ok and not offline:
        from printing.doctor import printer_checks
        from sync.doctor import network_checks

        store = open_store(ctx)
        try:
            for check in network_checks(store, timeout=timeout):
                show(check)
            for check in printer_checks(store):
                show(check)
        finally:
            store.close()
    overall = worst(checks)
    if ctx.as_json:
        ctx.emit({"status": overall, "checks": [asdict(c) for c in checks]}, "")
    else:
        click.echo(f"\n{overall.upper()}: " + {
            "ok": "everything checked is fine",
            "warn": "working, but see the warnings above",
            "fail": "fix the failures above",
        }[overall])
    if overall == FAIL:
        sys.exit(EXIT_FAILED_CHECK)

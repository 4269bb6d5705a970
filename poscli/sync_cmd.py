"""``pos enrol`` and ``pos sync``: the terminal and central."""

from __future__ import annotations

import time
from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@click.command()
@click.option(
    "--central", "central_url", required=True, help="Central's URL, e.g. https://central.example.com"
)
@click.option("--code", required=True, help="The one-time enrolment code from central.")
@click.option("--name", "terminal_name", default=None, help="A name for this terminal (default: host name).")
@click.option("--language", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--timezone", default="Asia/Shanghai", show_default=True)
@click.option("--token-file", is_flag=True, help="No OS keyring here: keep the token in an owner-only file.")
@pass_ctx
@handle_errors
def enrol(
    ctx: Ctx,
    central_url: str,
    code: str,
    terminal_name: str | None,
    language: str,
    timezone: str,
    token_file: bool,
) -> None:
    """Enrol this terminal with central: signing key, identity, token."""
    from sync.enrol import enrol as do_enrol

    result = do_enrol(
        ctx.data_dir,
        central_url=central_url,
        code=code,
        terminal_name=terminal_name,
        language=language,
        timezone=timezone,
        allow_token_file=token_file,
    )
    ctx.emit(
        {
            "terminal": result.terminal.terminal_id,
            "outlet": result.terminal.outlet_id,
            "key_id": result.terminal.key_id,
            "token_store": result.token_store,
            "skew_seconds": result.skew_seconds,
        },
        f"enrolled as terminal {result.terminal.terminal_id} of outlet {result.terminal.outlet_id}; "
        f"token kept in {result.token_store}",
    )
    if "file" in result.token_store and not ctx.as_json:
        click.echo("warning: no OS keyring on this machine; the token is in an owner-only file", err=True)


def _report_dict(report: Any) -> dict[str, Any]:
    drained = report.drained
    return {
        "online": report.online,
        "applied": report.applied,
        "sent": drained.sent if drained else 0,
        "attention": drained.attention if drained else 0,
        "pending": drained.pending if drained else None,
        "skew_seconds": report.skew_seconds,
        "skew_warning": report.skew_warning,
        "error": report.error,
    }


def _report_text(report: Any) -> str:
    d = _report_dict(report)
    head = "online" if d["online"] else f"OFFLINE ({d['error']})"
    pulled = ", ".join(f"{k} {v}" for k, v in d["applied"].items())
    out = f"{head}; pulled {pulled or 'nothing'}; sent {d['sent']}, needs attention {d['attention']}"
    if d["skew_warning"]:
        out += f"\nwarning: {d['skew_warning']}"
    return out


@click.group(invoke_without_command=True)
@click.option("--watch", is_flag=True, help="Keep syncing until interrupted.")
@click.option(
    "--interval",
    default=15.0,
    type=click.FloatRange(1, 3600),
    show_default=True,
    help="Seconds between cycles.",
)
@click.option("--token-file", is_flag=True, help="The token is kept in the owner-only file.")
@click.pass_context
@handle_errors
def sync(click_ctx: click.Context, watch: bool, interval: float, token_file: bool) -> None:
    """Run one sync cycle (pull the feeds, drain the outbox), or keep syncing with --watch."""
    if click_ctx.invoked_subcommand is not None:
        return
    from sync.enrol import connect
    from sync.pull import sync_once

    ctx: Ctx = click_ctx.find_object(Ctx)  # type: ignore[assignment]
    store = open_store(ctx)
    client = connect(store, allow_token_file=token_file)

    def progress(stage: str, done: int, total: int | None) -> None:
        if not ctx.as_json:
            click.echo(f"  {stage}: {done}{'/' + str(total) if total else ''}", err=True)

    while True:
        report = sync_once(store, client, progress=progress)
        ctx.emit(_report_dict(report), _report_text(report))
        if not watch:
            return
        time.sleep(interval)


@sync.command("return-lease")
@click.option("--token-file", is_flag=True, help="The token is kept in the owner-only file.")
@pass_ctx
@handle_errors
def return_lease(ctx: Ctx, token_file: bool) -> None:
    """Give this terminal's offline lease back to its outlet (a till being retired): nothing
    sells offline here until the next sync leases again."""
    from sync.enrol import connect
    from sync.lease import return_lease as give_back

    store = open_store(ctx)
    give_back(store, connect(store, allow_token_file=token_file))
    ctx.emit({"returned": True}, "offline lease returned to the outlet")


@sync.command("status")
@pass_ctx
@handle_errors
def status(ctx: Ctx) -> None:
    """Online or offline, queue length, last success of each feed, clock skew."""
    from pos.store import settings
    from pos.terminal import connectivity, lease
    from sync.enrol import central_link
    from sync.feeds import feed_status
    from sync.relay import needs_attention, pending_count

    store = open_store(ctx)
    state = connectivity.state(store)
    clock = settings.get(store, "clock") or {}
    link = central_link(store)
    data: dict[str, Any] = {
        "central": link.url if link else None,
        "online": state.online,
        "since": state.since.isoformat() if state.since else None,
        "reason": state.reason,
        "queue": pending_count(store),
        "needs_attention": len(needs_attention(store)),
        "feeds": feed_status(store),
        "skew_seconds": clock.get("skew_seconds"),
    }
    held = lease.summary(store)
    data["lease"] = {
        "leasing": held.leasing,
        "refilled_at": held.refilled_at.isoformat() if held.refilled_at else None,
        "seats": held.seats,
        "standing": held.standing,
    }
    lines = [
        f"central: {data['central'] or 'not enrolled'}",
        f"{'online' if state.online else 'OFFLINE'} since {data['since'] or '-'} ({state.reason})",
        f"queued: {data['queue']}   needs attention: {data['needs_attention']}",
        *(f"  {feed:<12} last success {when}" for feed, when in sorted(data["feeds"].items())),
        f"clock skew: {clock.get('skew_seconds', 0):+.1f} s" if clock else "clock skew: not measured yet",
        (
            f"offline lease: {held.seats} seats and {held.standing} standing places "
            f"(refilled {data['lease']['refilled_at'] or 'never'})"
            if held.leasing
            else "offline lease: none needed (not enrolled: the whole allocation sells offline)"
        ),
    ]
    ctx.emit(data, "\n".join(lines))


@sync.command("attention")
@pass_ctx
@handle_errors
def attention(ctx: Ctx) -> None:
    """Messages central refused, waiting for a supervisor; for a refused order, what to tell
    the customer (its tickets are void and will not pass the door)."""
    from sync.relay import needs_attention

    items = needs_attention(open_store(ctx))
    ctx.emit(
        {
            "items": [
                {"id": i.message_id, "kind": i.kind, "error": i.error, "created_at": str(i.created_at),
                 "tell_customer": i.tell_customer}
                for i in items
            ]
        },
        "\n".join(
            f"{i.message_id}  {i.kind:<7} {i.error}" + (f"\n    tell the customer: {i.tell_customer}"
                                                       if i.tell_customer else "")
            for i in items
        ) or "nothing needs attention",
    )


@sync.command("resolve")
@click.argument("message_id")
@click.option("--action", type=click.Choice(["retry", "dismiss"]), required=True)
@click.option("--note", default="", help="How it was settled (needed to dismiss).")
@click.option("--staff", "staff_id", required=True, help="A supervisor.")
@click.option("--pin", required=True, envvar="POS_PIN")
@pass_ctx
@handle_errors
def resolve(ctx: Ctx, message_id: str, action: str, note: str, staff_id: str, pin: str) -> None:
    """Retry or dismiss a refused message (supervisor)."""
    from pos.staff.access import authenticate
    from sync.relay import resolve as do_resolve

    store = open_store(ctx)
    actor = authenticate(store, staff_id=staff_id, pin=pin)
    do_resolve(store, message_id=message_id, action=action, note=note, actor=actor)
    ctx.emit({"id": message_id, "action": action}, f"{message_id}: {action}")

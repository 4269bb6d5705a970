"""``pos door``: validate tickets at a gate (issue 8).

``pos door --performance ID --gate G`` opens the door screen, for terminals that only scan;
``pos door check CODE --performance ID --gate G`` validates and records one scan (exit 0
admitted, 1 refused); ``pos door doubles`` lists double admissions found after a split;
``pos door peers`` shares scans with the other gates of the venue over the local network.
Imports are lazy so that a scan from a script does not load Qt or HTTP code.
"""

from __future__ import annotations

import sys

import click

from poscli.base import EXIT_FAILED_CHECK, EXIT_USER_ERROR, Ctx, handle_errors, open_store, pass_ctx


def _json_flag(ctx: Ctx, as_json: bool) -> None:
    # `pos door check … --json` reads better at the door than `pos --json door check …`.
    if as_json:
        ctx.as_json = True


@click.group("door", invoke_without_command=True)
@click.option(
    "--performance", "performance_id", default=None, help="Open the door screen for this performance."
)
@click.option("--gate", default=None, help="This door's gate (default: the venue's first gate).")
@click.option("--listen", default=None, help="Share scans with other gates: answer them on HOST:PORT.")
@click.option("--peer", "peers", multiple=True, help="Another door of the venue, HOST:PORT (repeat).")
@click.pass_context
def door(
    click_ctx: click.Context,
    performance_id: str | None,
    gate: str | None,
    listen: str | None,
    peers: tuple[str, ...],
) -> None:
    """Door mode: validate tickets at a gate."""
    if click_ctx.invoked_subcommand is not None:
        return
    ctx = click_ctx.find_object(Ctx)
    assert ctx is not None
    if performance_id is None:
        click.echo(click_ctx.get_help())
        return
    _open_screen(ctx, performance_id, gate, listen, peers)


@handle_errors
def _open_screen(
    ctx: Ctx, performance_id: str, gate: str | None, listen: str | None, peers: tuple[str, ...]
) -> None:
    from pos.door.sharing import check_sharing
    from pos.door.validator import DoorValidator

    store = open_store(ctx)
    gate = gate or _first_gate(store, performance_id)
    DoorValidator(store, performance_id=performance_id, gate=gate)  # refuses a bad id or gate here
    sharing = None
    if listen or peers:  # else the door shares as saved in Settings
        # Never every interface by default: the door answers on the address it is given.
        sharing = check_sharing(listen=listen or "", peers=peers)
    try:
        from ui.door_app import run
    except ImportError:
        click.echo(
            "the door screen is not part of this build yet: validate with "
            f"`pos door check CODE --performance {performance_id} --gate {gate}`",
            err=True,
        )
        sys.exit(EXIT_USER_ERROR)
    sys.exit(run(ctx.data_dir, performance_id=performance_id, gate=gate, sharing=sharing))


def _first_gate(store: object, performance_id: str) -> str:
    from pos.errors import NotFound
    from pos.store import sql

    with store.read() as session:  # type: ignore[attr-defined]
        row = sql.row(
            session,
            "SELECT g.id FROM performance p JOIN event e ON e.id = p.event_id JOIN gate g ON g.venue_id = e.venue_id"
            " WHERE p.id = ? ORDER BY g.id LIMIT 1",
            performance_id,
        )
    if row is None:
        raise NotFound(f"no performance {performance_id!r} with gates in this terminal's catalog: sync first")
    return str(row.id)


@door.command("check")
@click.argument("code")
@click.option("--performance", "performance_id", required=True, help="The performance at this door.")
@click.option("--gate", required=True, help="This door's gate, e.g. G1.")
@click.option("--direction", type=click.Choice(["in", "out"]), default="in", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@pass_ctx
@handle_errors
def check(ctx: Ctx, code: str, performance_id: str, gate: str, direction: str, as_json: bool) -> None:
    """Validate one ticket code and record the scan. Exit 0 if admitted, 1 if refused."""
    from pos.door.validator import DoorValidator

    _json_flag(ctx, as_json)
    validator = DoorValidator(open_store(ctx), performance_id=performance_id, gate=gate)
    try:
        result = validator.check(code, direction=direction)
    finally:
        validator.close()
    lines = [f"{'OK' if result.green else 'REFUSED'} [{result.verdict.value}]: {result.reason}"]
    if result.ticket_id:
        lines.append(f"  ticket {result.ticket_id}  item {result.item_id}  {result.concession}")
    if result.holder_name:
        lines.append(f"  holder {result.holder_name}  ID {result.holder_id}: compare with the document")
    ctx.emit(result.to_dict(), "\n".join(lines))
    if not result.green:
        sys.exit(EXIT_FAILED_CHECK)


@door.command("doubles")
@click.option("--performance", "performance_id", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@pass_ctx
@handle_errors
def doubles(ctx: Ctx, performance_id: str | None, as_json: bool) -> None:
    """Tickets admitted twice while the gates could not hear each other (found after the split)."""
    from pos.door.scanlog import double_admissions

    _json_flag(ctx, as_json)
    found = double_admissions(open_store(ctx), performance_id)
    ctx.emit(
        {
            "double_admissions": [
                {
                    "ticket_id": d.ticket_id,
                    "performance_id": d.performance_id,
                    "admissions": [
                        {"gate": a.gate, "terminal_id": a.terminal_id, "scanned_at": a.scanned_at.isoformat()}
                        for a in d.admissions
                    ],
                }
                for d in found
            ]
        },
        "\n".join(
            f"{d.ticket_id} ({d.performance_id}): "
            + ", ".join(f"gate {a.gate} on {a.terminal_id} at {a.scanned_at:%H:%M:%S}" for a in d.admissions)
            for d in found
        )
        or "no double admissions",
    )


@door.command("peers")
@click.option(
    "--listen", required=True, help="HOST:PORT to answer peers on: this door's LAN address, e.g. 192.168.1.20:7300."
)
@click.option("--peer", "peers", multiple=True, help="Another door of the venue, HOST:PORT (repeat).")
@click.option("--interval", type=click.FloatRange(0.02, 60), default=0.1, show_default=True)
@pass_ctx
@handle_errors
def peers_cmd(ctx: Ctx, listen: str, peers: tuple[str, ...], interval: float) -> None:
    """Share scans with the other doors of the venue until stopped (Ctrl-C)."""
    import signal
    import threading

    from pos.door.sharing import parse_address
    from sync.door.peers import PeerNode

    store = open_store(ctx)
    try:
        node = PeerNode(
            store, listen=parse_address(listen), peers=[parse_address(p) for p in peers], interval=interval
        )
    except OSError as exc:
        from pos.errors import InvalidInput

        raise InvalidInput(f"cannot listen on {listen}: {exc.strerror}") from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    node.start()
    host, port = node.address
    click.echo(f"listening on {host!s}:{port}, peers: {', '.join(peers) or 'none'}", err=True)
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        node.stop()
        store.close()


@door.command("sync")
@click.option("--performance", "performance_id", required=True, help="The performance at this door.")
@click.option("--watch", is_flag=True, help="Keep syncing every --interval seconds; offline is not an error.")
@click.option("--interval", type=click.FloatRange(1, 3600), default=10, show_default=True)
@click.option("--token-file", is_flag=True, help="The token is in an owner-only file, not the OS keyring.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@pass_ctx
@handle_errors
def door_sync(
    ctx: Ctx, performance_id: str, watch: bool, interval: float, token_file: bool, as_json: bool
) -> None:
    """Pull keys and revocations, upload this door's scans (with their nonces) and pull the
    performance's accepted scans; report double admissions. (The catalog comes with `pos sync`.)"""
    import time

    from pos.door.scanlog import double_admissions
    from sync.door.central import sync_door
    from sync.enrol import connect
    from sync.transport import CentralFailed, CentralUnreachable

    _json_flag(ctx, as_json)
    store = open_store(ctx)
    client = connect(store, allow_token_file=token_file)
    while True:
        try:
            r = sync_door(store, client, performance_id)
        except (CentralUnreachable, CentralFailed) as exc:
            if not watch:
                raise
            ctx.emit({"online": False, "error": exc.message}, f"offline: {exc.message}")
        else:
            doubles = double_admissions(store, performance_id)
            ctx.emit(
                {
                    "online": True,
                    "keys": r.keys,
                    "revocations": r.revocations,
                    "uploaded": r.upload.uploaded,
                    "conflicts": r.upload.conflicts,
                    "refused": r.upload.refused,
                    "pulled": r.scans_pulled,
                    "double_admissions": [d.ticket_id for d in doubles],
                },
                f"keys {r.keys}, revocations {r.revocations}; uploaded {r.upload.uploaded} scans "
                f"({r.upload.conflicts} conflicts), pulled {r.scans_pulled}; "
                f"double admissions: {', '.join(d.ticket_id for d in doubles) or 'none'}",
            )
        if not watch:
            return
        time.sleep(interval)

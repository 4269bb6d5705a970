"""``pos setup``: the first-run wizard's steps from the command line, for scripted roll-outs.

    pos setup --central https://central.example.com --code ABCD-EFGH-JKLM \\
              --printer network:192.168.1.50 --language zh_CN

Steps: language, enrolment with central, the first supervisor, the printer (saved, then a
test page), the first sync with progress, a first local backup. Each step is skipped when already done, so a
roll-out script can simply run the same command again after fixing what failed (a printer
that was off, a network that was down) without burning a second enrolment code.
"""

from __future__ import annotations

from typing import Any

import click

from poscli.base import EXIT_USER_ERROR, Ctx, handle_errors, pass_ctx

LANGUAGES = {"zh": "zh", "zh_CN": "zh", "zh-CN": "zh", "en": "en", "en_US": "en", "en-US": "en"}


def language_code(value: str) -> str:
    from pos.errors import InvalidInput

    try:
        return LANGUAGES[value]
    except KeyError:
        raise InvalidInput(f"language {value!r}: use zh_CN or en") from None


@click.command()
@click.option("--central", "central_url", required=True, help="Central's URL, e.g. https://central.example.com")
@click.option("--code", required=True, help="The one-time enrolment code from central.")
@click.option(
    "--printer",
    "printer_spec",
    default=None,
    help="network:HOST[:PORT] | usb:VENDOR:PRODUCT | serial:DEVICE[@BAUD] | file:PATH",
)
@click.option("--printer-name", default="counter", show_default=True)
@click.option("--paper", type=click.Choice(["58", "80"]), default="80", show_default=True)
@click.option("--language", default="zh_CN", show_default=True, help="zh_CN or en.")
@click.option("--timezone", default="Asia/Shanghai", show_default=True)
@click.option("--name", "terminal_name", default=None, help="A name for this terminal (default: host name).")
@click.option("--token-file", is_flag=True, help="No OS keyring here: keep the token in an owner-only file.")
@click.option("--no-test-print", is_flag=True, help="Save the printer without printing a test page.")
@click.option("--supervisor", "supervisor_id", default=None, help="Add the first staff member, a supervisor: staff ID.")
@click.option("--supervisor-name", default=None, help="The supervisor's name.")
@click.option("--supervisor-pin", default=None, envvar="POS_SUPERVISOR_PIN", help="The supervisor's PIN, 6-8 digits ($POS_SUPERVISOR_PIN).")
@pass_ctx
@handle_errors
def setup(
    ctx: Ctx,
    central_url: str,
    code: str,
    printer_spec: str | None,
    printer_name: str,
    paper: str,
    language: str,
    timezone: str,
    terminal_name: str | None,
    token_file: bool,
    no_test_print: bool,
    supervisor_id: str | None,
    supervisor_name: str | None,
    supervisor_pin: str | None,
) -> None:
    """Set up a new counter: enrol, first supervisor, printer and test page, first sync, first backup."""
    from pos.errors import InvalidInput
    from pos.field import backup
    from pos.store.db import STORE_FILENAME, open_store
    from sync.enrol import central_link, connect, enrol
    from sync.pull import sync_once

    lang = language_code(language)
    if supervisor_id and not (supervisor_name and supervisor_pin):
        raise InvalidInput("--supervisor needs --supervisor-name and --supervisor-pin (or $POS_SUPERVISOR_PIN)")
    profile = None
    if printer_spec:
        from printing.spec import parse_printer_spec

        # Checked before enrolling, so a typo does not use up the one-time code.
        profile = parse_printer_spec(printer_spec, name=printer_name, paper=int(paper))
    steps: dict[str, Any] = {"language": lang}

    def say(text: str) -> None:
        if not ctx.as_json:
            click.echo(text, err=True)

    # 1. Enrolment (skipped when this folder is enrolled already).
    link = None
    if (ctx.data_dir / STORE_FILENAME).exists():
        store = open_store(ctx.data_dir)
        link = central_link(store)
        store.close()
    if link is None:
        say(f"enrolling with {central_url} …")
        result = enrol(
            ctx.data_dir,
            central_url=central_url,
            code=code,
            terminal_name=terminal_name,
            language=lang,
            timezone=timezone,
            allow_token_file=token_file,
        )
        steps["enrol"] = {"terminal": result.terminal.terminal_id, "outlet": result.terminal.outlet_id,
                          "token_store": result.token_store}
        say(f"  enrolled as terminal {result.terminal.terminal_id} of outlet {result.terminal.outlet_id}")
    else:
        steps["enrol"] = {"terminal": link.terminal_id, "outlet": link.outlet_id, "skipped": "enrolled already"}
        say(f"  enrolled already as terminal {link.terminal_id}")
    store = open_store(ctx.data_dir)
    try:
        # 2. The first supervisor (skipped when the store has staff).
        if supervisor_id:
            from pos.staff.access import Role, add_staff, list_staff

            if list_staff(store):
                steps["supervisor"] = {"skipped": "the store has staff already"}
            else:
                add_staff(store, staff_id=supervisor_id, name=supervisor_name or "", role=Role.SUPERVISOR,
                          pin=supervisor_pin or "", by=None)
                steps["supervisor"] = {"staff": supervisor_id}
        # 3. Printer, with a test page.
        if profile is not None:
            steps["printer"] = _printer(store, profile, test=not no_test_print, say=say)
        # 4. First sync.
        say("first sync …")

        def progress(stage: str, done: int, total: int | None) -> None:
            say(f"  {stage}: {done}{'/' + str(total) if total else ''}")

        report = sync_once(store, connect(store, allow_token_file=token_file), progress=progress)
        steps["sync"] = {"online": report.online, "applied": report.applied, "error": report.error,
                         "skew_warning": report.skew_warning}
        # 5. A first local backup, so that the doctor and the outlet start from one.
        steps["backup"] = str(backup.scheduled_backup(store, force=True).path)  # type: ignore[union-attr]
    finally:
        store.close()
    failed = [k for k in ("printer", "sync") if isinstance(steps.get(k), dict) and steps[k].get("error")]
    lines = [f"set up terminal {steps['enrol']['terminal']} of outlet {steps['enrol']['outlet']}"]
    if "printer" in steps:
        p = steps["printer"]
        lines.append(f"printer {p['name']}: " + (f"FAILED: {p['error']}" if p.get("error") else p["result"]))
    sync_state = steps["sync"]
    lines.append("first sync: " + (f"FAILED: {sync_state['error']}" if sync_state["error"] else
                                   ", ".join(f"{k} {v}" for k, v in sync_state["applied"].items())))
    lines.append(f"first backup: {steps['backup']}")
    if failed:
        lines.append("fix the failure and run the same command again: finished steps are skipped")
    ctx.emit({"ok": not failed, **steps}, "\n".join(lines))
    if failed:
        raise SystemExit(EXIT_USER_ERROR)


def _printer(store: Any, profile: Any, *, test: bool, say: Any) -> dict[str, Any]:
    from pos.tickets.printjobs import save_printer_profile
    from printing.errors import PrinterError
    from printing.jobs import print_test_page

    save_printer_profile(store, name=profile.name, settings=profile.to_settings())
    out: dict[str, Any] = {"name": profile.name, "settings": profile.describe()}
    if not test:
        out["result"] = "saved (no test page)"
        return out
    say(f"printing a test page on {profile.address()} …")
    try:
        outcome = print_test_page(store, printer=profile)
    except PrinterError as exc:
        out["error"] = exc.message
        return out
    out["job_status"] = outcome.job.status
    out["result"] = (
        f"test page printed ({outcome.byte_count} bytes)"
        if outcome.job.printed
        else f"test page sent ({outcome.byte_count} bytes; the printer cannot confirm it: check the paper)"
    )
    return out

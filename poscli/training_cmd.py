"""``pos training``: a supervisor switches this terminal into training and back, and reads
(or prints) the trainee's checklist."""

from __future__ import annotations

from pathlib import Path

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


@click.group("training")
def training() -> None:
    """Training mode: practice on a separate store that never reaches real business."""


@training.command("start")
@click.option("--staff", "staff_id", required=True, help="The supervisor switching training on.")
@click.option("--pin", required=True, envvar="POS_PIN", help="Their PIN (or $POS_PIN).")
@click.option("--allow-drawer", is_flag=True, help="Let practice sales open the cash drawer.")
@pass_ctx
@handle_errors
def start(ctx: Ctx, staff_id: str, pin: str, allow_drawer: bool) -> None:
    """Make a fresh training store (today's catalog and staff) and its sandbox central, and
    open the app on them."""
    import time

    from pos.store.db import open_store as open_at
    from pos.training import start_training
    from pos.training.pickups import practice_codes
    from poscli.sandbox import prepare_sandbox

    started = time.perf_counter()
    state = start_training(
        open_store(ctx), supervisor_id=staff_id, pin=pin, allow_drawer=allow_drawer, offline_pickups=False
    )
    # Made now (catalog published, terminal enrolled, web orders to collect), so that the
    # app only has to serve it.
    sandbox = prepare_sandbox(state.folder)
    practice = open_at(state.folder)
    try:
        codes = list(practice_codes(practice))
    finally:
        practice.close()
    seconds = round(time.perf_counter() - started, 2)
    ctx.emit(
        {"training": True, "folder": str(state.folder), "allow_drawer": state.allow_drawer,
         "pickup_codes": codes, "sandbox": sandbox, "seconds": seconds},
        f"training is ON (store {state.folder}, "
        + ("with its own sandbox central" if sandbox else "WITHOUT a sandbox central (see the log): offline")
        + f"; {seconds} s); "
        "the app opens on it until `pos training stop`"
        + ("" if allow_drawer else "; the cash drawer stays shut")
        + (f"\npractice pickup codes: {' '.join(codes)}" if codes else ""),
    )


@training.command("stop")
@click.option("--staff", "staff_id", required=True, help="The supervisor switching training off.")
@click.option("--pin", required=True, envvar="POS_PIN", help="Their PIN (or $POS_PIN).")
@pass_ctx
@handle_errors
def stop(ctx: Ctx, staff_id: str, pin: str) -> None:
    """Back to real selling; the training store stays for the result until the next start."""
    from pos.training import stop_training
    from pos.training.mode import discard_sandbox

    state = stop_training(open_store(ctx), supervisor_id=staff_id, pin=pin)
    discard_sandbox(state.folder)  # the sandbox central's data goes with the session
    ctx.emit({"training": False, "folder": str(state.folder)}, "training is OFF: the app sells for real again")


@training.command("status")
@pass_ctx
@handle_errors
def status(ctx: Ctx) -> None:
    """Whether training is on, since when and by whom."""
    from pos.training import training_state

    state = training_state(open_store(ctx))
    if state is None:
        ctx.emit({"training": False}, "training is off")
        return
    ctx.emit(
        {
            "training": True,
            "since": state.since.isoformat(),
            "supervisor": state.supervisor,
            "allow_drawer": state.allow_drawer,
            "folder": str(state.folder),
        },
        f"training is ON since {state.since:%Y-%m-%d %H:%M} UTC (supervisor {state.supervisor}), "
        f"drawer {'allowed' if state.allow_drawer else 'shut'}",
    )


@training.command("result")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write it to FILE.")
@click.option("--language", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--preview",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also render it as on receipt paper (PNG), to print for the supervisor's signature.",
)
@click.option("--paper", type=click.Choice(["58", "80"]), default="80", show_default=True)
@pass_ctx
@handle_errors
def result(ctx: Ctx, out: Path | None, language: str, preview: Path | None, paper: str) -> None:
    """The guided exercises, ticked from what the trainee did in the training store."""
    from pos.errors import NotFound
    from pos.store.db import STORE_FILENAME
    from pos.store.db import open_store as open_at
    from pos.training import checklist, result_text, training_dir

    folder = training_dir(ctx.data_dir)
    if not (folder / STORE_FILENAME).exists():
        raise NotFound("no training session here: `pos training start` first")
    store = open_at(folder)
    rows = checklist(store)
    text = result_text(rows, language=language)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    if preview is not None:
        from pos.terminal.identity import terminal_info
        from printing.layouts import training_result_layout
        from printing.render import render_image

        doc = training_result_layout(rows, language=language, terminal=terminal_info(store).terminal_id)
        render_image(doc, paper=int(paper)).save(preview)
    ctx.emit(
        {
            "exercises": [
                {"key": r.exercise.key, "done": r.done, "by": r.by, "ref": r.ref,
                 "done_at": r.done_at.isoformat() if r.done_at else None}
                for r in rows
            ]
        },
        text,
    )

"""``pos app`` (and ``pos`` with no command): the counter app on the data folder.

Qt is imported only when the app actually starts, so every other command stays quick
and Qt-free.
"""

from __future__ import annotations

import sys

import click

from poscli.base import Ctx, handle_errors, pass_ctx


@click.command("app")
@click.option(
    "--language", type=click.Choice(["zh", "en"]), default=None, help="UI language (default: the terminal's)."
)
@click.option("--idle-lock", type=int, default=None, help="Lock after this many idle seconds (0: never).")
@pass_ctx
@handle_errors
def app(ctx: Ctx, language: str | None, idle_lock: int | None) -> None:
    """Start the counter app (the default when no command is given)."""
    from poscli.sandbox import run_sandbox
    from ui.app import run

    # Issue 25: while training is on, its sandbox central runs in this process.
    sys.exit(run(ctx.data_dir, language=language, idle_lock=idle_lock, sandbox=run_sandbox))


def register(group: click.Group) -> None:
    """Add ``pos app`` and make it what ``pos`` with no command runs."""
    group.add_command(app)
    group.invoke_without_command = True
    group.no_args_is_help = False

    @group.result_callback()
    def _default(_result: object, **_params: object) -> None:
        context = click.get_current_context()
        if context.invoked_subcommand is None:
            context.invoke(app)

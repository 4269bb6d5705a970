"""The ``pos`` command group and what its subcommands share.

The ``pos`` command is the one wiring point of the app.

It builds the store and hands it to the core's services. Everything is imported lazily, so
``pos ticket verify`` never loads Qt, HTTP or printer code. User errors (``PosError``) are
printed as one clear line (or a JSON object with ``--json``) and exit with status 2;
failed verifications exit with 1.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import click

from pos.errors import PosError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_USER_ERROR = 2
EXIT_FAILED_CHECK = 1


@dataclass
class Ctx:
    data_dir: Path
    as_json: bool

    def emit(self, data: dict[str, Any], text: str) -> None:
        if self.as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            click.echo(text)


def handle_errors(fn: F) -> F:
    """Print a core error as one line a person can act on; never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Ctx)
        try:
            return fn(*args, **kwargs)
        except PosError as exc:
            if ctx is not None and ctx.as_json:
                click.echo(json.dumps(exc.to_dict(), ensure_ascii=False))
            else:
                click.echo(f"error: {exc.message}", err=True)
            sys.exit(EXIT_USER_ERROR)

    return wrapper  # type: ignore[return-value]


class LazyGroup(click.Group):
    """Subcommands whose modules load only when invoked, so a quick command stays quick."""

    lazy: ClassVar[dict[str, str]] = {"central": "central.cli:central"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            import importlib

            module, _, attr = self.lazy[cmd_name].partition(":")
            try:
                command: click.Command = getattr(importlib.import_module(module), attr)
                return command
            except ImportError as exc:
                raise click.ClickException(f"`pos {cmd_name}` is not available: {exc}") from exc
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder (default: $POS_DATA_DIR or the OS's per-user data folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Log more.")
@click.option(
    "--self-test",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=lambda c, _p, v: _self_test(c) if v else None,
    help="Check that this installation works (temporary store, ticket rendering, Qt) and exit.",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, as_json: bool, verbose: bool) -> None:
    """Outlet POS: sell, print and validate tickets at a box office or venue door."""
    from pos.field.paths import resolve_data_dir
    from poscli.logs import setup_logging

    resolved = resolve_data_dir(data_dir)
    setup_logging(resolved, verbose=verbose)
    logging.getLogger(__name__).debug("pos %s", " ".join(sys.argv[1:]))
    ctx.obj = Ctx(data_dir=resolved, as_json=as_json)


def _self_test(ctx: click.Context) -> None:
    from poscli.selftest import run_self_test

    ctx.exit(run_self_test())


pass_ctx = click.make_pass_decorator(Ctx)


def open_store(ctx: Ctx) -> Any:
    from pos.store.db import open_store as _open

    return _open(ctx.data_dir)


# --- init -------------------------------------------------------------------------------


@cli.command()
@click.option("--terminal", "terminal_id", required=True, help="This terminal's id, e.g. T01.")
@click.option("--outlet", "outlet_id", required=True, help="The outlet it belongs to, e.g. BO-MALL.")
@click.option("--language", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--currency", default="CNY", show_default=True)
@click.option("--timezone", default="Asia/Shanghai", show_default=True)
@pass_ctx
@handle_errors
def init(ctx: Ctx, terminal_id: str, outlet_id: str, language: str, currency: str, timezone: str) -> None:
    """Create the store and this terminal's ticket-signing key."""
    from pos.terminal.identity import init_terminal

    info = init_terminal(
        ctx.data_dir,
        terminal_id=terminal_id,
        outlet_id=outlet_id,
        language=language,
        currency=currency,
        timezone=timezone,
    )
    ctx.emit(
        {
            "terminal": info.terminal_id,
            "outlet": info.outlet_id,
            "key_id": info.key_id,
            "data_dir": str(ctx.data_dir),
        },
        f"terminal {info.terminal_id} of outlet {info.outlet_id} created in {ctx.data_dir} (signing key {info.key_id})",
    )


def supervisor_approval(store: Any, approver: str | None, approver_pin: str | None, permission: Any) -> Any:
    """``--approver`` and ``--approver-pin``: a supervisor's single-use approval, or None."""
    from pos.errors import InvalidInput
    from pos.staff.access import override

    if approver is None:
        if approver_pin:
            raise InvalidInput("--approver-pin needs --approver (the supervisor's staff id)")
        return None
    if not approver_pin:
        raise InvalidInput("--approver needs --approver-pin")
    return override(store, supervisor_id=approver, pin=approver_pin, permission=permission)

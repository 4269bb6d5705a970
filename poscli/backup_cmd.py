"""``pos backup`` and ``pos restore``: copies of the store, taken and restored while the app runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from poscli.base import Ctx, handle_errors, open_store, pass_ctx


def _info(info: Any) -> dict[str, Any]:
    return {
        "file": str(info.path),
        "bytes": info.size,
        "taken_at": info.taken_at.isoformat(),
        "terminal": info.terminal_id,
        "schema": info.schema,
        "journal_entries": info.journal_entries,
        "orders": info.orders,
        "unsynced": info.unsynced,
    }


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--local", is_flag=True, help="Take a scheduled local backup now and keep only the last N.")
@click.option("--list", "list_", is_flag=True, help="List the local backups.")
@click.option("--keep", type=int, default=None, help="Set: how many local backups to keep.")
@click.option("--every", "every_hours", type=float, default=None, help="Set: hours between local backups.")
@click.option("--folder", default=None, help="Set: folder for local backups (default: <data>/backups).")
@click.option("--check", is_flag=True, help="Check FILE (integrity, journal) instead of writing it.")
@pass_ctx
@handle_errors
def backup(
    ctx: Ctx,
    file: Path | None,
    local: bool,
    list_: bool,
    keep: int | None,
    every_hours: float | None,
    folder: str | None,
    check: bool,
) -> None:
    """Back up the store to FILE while the app keeps selling (or manage local backups)."""
    from pos.errors import InvalidInput
    from pos.field import backup as bk

    if check:
        if file is None:
            raise InvalidInput("name the backup file to check")
        checked = bk.verify_backup(file)
        ctx.emit(
            _info(checked),
            f"{file}: OK — terminal {checked.terminal_id}, {checked.orders} orders, "
            f"{checked.journal_entries} journal entries, taken {checked.taken_at:%Y-%m-%d %H:%M} UTC",
        )
        return
    store = open_store(ctx)
    if keep is not None or every_hours is not None or folder is not None:
        current = bk.schedule(store)
        sched = bk.set_schedule(
            store,
            keep=current.keep if keep is None else keep,
            every_hours=current.every_hours if every_hours is None else every_hours,
            folder=current.folder if folder is None else folder,
        )
        ctx.emit(
            {"keep": sched.keep, "every_hours": sched.every_hours, "folder": str(bk.backup_folder(store, sched))},
            f"local backups every {sched.every_hours:g} h, keeping {sched.keep}, in {bk.backup_folder(store, sched)}",
        )
        return
    if list_:
        paths = bk.local_backups(bk.backup_folder(store))
        ctx.emit(
            {"backups": [{"file": str(p), "bytes": p.stat().st_size} for p in paths]},
            "\n".join(f"{p}  {p.stat().st_size} bytes" for p in paths) or "no local backups yet",
        )
        return
    info: Any
    if local:
        info = bk.scheduled_backup(store, force=True)
    elif file is not None:
        info = bk.backup(store, dest=file)
    else:
        raise InvalidInput("name the backup FILE, or use --local")
    assert info is not None
    ctx.emit(_info(info), f"backup written to {info.path} ({info.size} bytes, {info.orders} orders)")


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Restore even if unsynced orders would be lost.")
@pass_ctx
@handle_errors
def restore(ctx: Ctx, file: Path, force: bool) -> None:
    """Replace this terminal's store with a backup (checked first; all or nothing)."""
    from pos.field import backup as bk

    result = bk.restore(ctx.data_dir, source=file, force=force)
    data = _info(result.backup) | {
        "lost_unsynced": list(result.lost_unsynced),
        "key_restored": result.key_restored,
    }
    text = f"restored from {file} (taken {result.backup.taken_at:%Y-%m-%d %H:%M} UTC)"
    if result.lost_unsynced:
        text += f"\nwarning: {len(result.lost_unsynced)} unsynced order(s) were given up"
    if result.key_restored:
        text += "\nthe ticket-signing key was restored from the backup"
    ctx.emit(data, text)

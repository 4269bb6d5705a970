"""``pos door --performance ID``: the door screen alone, full screen, for terminals that only scan."""

from __future__ import annotations

from pathlib import Path

from pos.door import DoorValidator
from pos.door.opened import note_open
from pos.door.sharing import DoorSharing, door_sharing
from ui.app import build_context, ensure_app, install_language
from ui.bridge import Bridge

SYNC_MS = 10_000  # a door wants new revocations soon; the other gates' scans come by peers


def run(
    data_dir: Path,
    *,
    performance_id: str,
    gate: str,
    language: str | None = None,
    sharing: DoorSharing | None = None,
) -> int:
    """The door screen. It shares scans with the other gates as ``sharing`` says (from
    `pos door --listen/--peer`), else as saved in Settings. An enrolled door also syncs with
    central in the background every ``SYNC_MS``: keys, revocations and the catalog down, its
    scans up, the other gates' scans down (the same cycle as the counter app's)."""
    app = ensure_app()
    ctx = build_context(data_dir, language=language)
    install_language(app, ctx.language)
    from ui.screens.door import DoorScreen

    screen = DoorScreen(DoorValidator(ctx.store, performance_id=performance_id, gate=gate))
    screen.start_sharing(sharing or door_sharing(ctx.store))
    note_open(ctx.store, performance_id, now=ctx.clock())
    bridge = Bridge(ctx)
    bridge.start_sync(interval_ms=SYNC_MS)
    screen.setWindowTitle(screen.tr("Door"))
    screen.showFullScreen()
    try:
        return app.exec()
    finally:
        bridge.stop()
        screen.release_inputs()
        screen.validator.close()
        ctx.store.close()

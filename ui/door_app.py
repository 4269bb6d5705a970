"""``pos door --performance ID``: the door screen alone, full screen, for terminals that only scan."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer

from pos.door import DoorValidator
from pos.door.opened import note_open
from pos.door.sharing import DoorSharing, door_sharing
from pos.errors import PosError
from ui.app import build_context
from ui.application import ensure_app, install_language
from ui.bridge import Bridge
from ui.errors import show_error

log = logging.getLogger(__name__)
SYNC_MS = 10_000  # the door's light cycle: new revocations and other gates' scans soon


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
    central in the background: every ``SYNC_MS`` keys, revocations and scans (its own up,
    the other gates' down), and every minute the counter app's full cycle."""
    app = ensure_app()
    # A door sells nothing: its background sync must not take stock from the counters' leases.
    ctx = replace(build_context(data_dir, language=language), sells=False)
    install_language(app, ctx.language)
    from ui.screens.door import DoorScreen

    try:
        validator = DoorValidator(ctx.store, performance_id=performance_id, gate=gate)
    except PosError as exc:
        # Started from a desktop icon there is no console: the steward must see why (a bad
        # --gate, a performance not in the catalog) on the screen, not in a log.
        log.error("door not opened: %s", exc.message)
        box = show_error(None, exc)
        box.finished.connect(app.quit)
        try:
            app.exec()
        finally:
            ctx.store.close()
        return 2
    screen = DoorScreen(validator)
    screen.start_sharing(sharing or door_sharing(ctx.store))
    try:
        note_open(ctx.store, performance_id, now=ctx.clock())  # the full cycle pulls its scans too
    except PosError as exc:
        log.warning("door not noted for the sync: %s", exc.message)
    bridge = Bridge(ctx)
    bridge.start_sync()  # the full cycle (catalog, seats, outbox…), every minute
    door_timer = QTimer(screen)
    door_timer.timeout.connect(lambda: bridge.sync_door_now(performance_id))
    door_timer.start(SYNC_MS)
    screen.setWindowTitle(screen.tr("Door"))
    screen.showFullScreen()
    try:
        return app.exec()
    finally:
        bridge.stop()
        screen.shut_down(wait_for_peers=True)  # the store closes next
        screen.close()
        screen.deleteLater()
        ctx.store.close()

"""``pos door --performance ID``: the door screen alone, full screen, for terminals that only scan."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pos.door import DoorValidator
from pos.door.opened import note_open
from pos.door.sharing import DEFAULT_PORT, door_sharing
from ui.app import build_context, ensure_app, install_language
from ui.bridge import Bridge

SYNC_MS = 10_000  # a door wants new revocations soon; the other gates' scans come by peers


def run(
    data_dir: Path,
    *,
    performance_id: str,
    gate: str,
    language: str | None = None,
    listen: tuple[str, int] | None = None,
    peers: Sequence[tuple[str, int]] = (),
) -> int:
    """The door screen; with ``listen``/``peers`` (else as saved in Settings), it also shares
    scans with the other gates (the same node as `pos door peers`, on its own threads). An enrolled door also syncs with
    central in the background every ``SYNC_MS``: keys, revocations and the catalog down, its
    scans up, the other gates' scans down (the same cycle as the counter app's)."""
    app = ensure_app()
    ctx = build_context(data_dir, language=language)
    install_language(app, ctx.language)
    from sync.door.peers import PeerNode, node_for
    from ui.screens.door import DoorScreen

    if listen is not None or peers:
        node: PeerNode | None = PeerNode(
            ctx.store, listen=listen or ("0.0.0.0", DEFAULT_PORT), peers=list(peers)
        )
    else:
        node = node_for(ctx.store, door_sharing(ctx.store))
    if node is not None:
        node.start()
    screen = DoorScreen(DoorValidator(ctx.store, performance_id=performance_id, gate=gate))
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
        if node is not None:
            node.stop()
        ctx.store.close()

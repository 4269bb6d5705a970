"""``pos door --performance ID``: the door screen alone, full screen, for terminals that only scan."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pos.door import DoorValidator
from ui.app import build_context, ensure_app, install_language


def run(
    data_dir: Path,
    *,
    performance_id: str,
    gate: str,
    language: str | None = None,
    listen: tuple[str, int] | None = None,
    peers: Sequence[tuple[str, int]] = (),
) -> int:
    """The door screen; with ``listen``/``peers``, it also shares scans with the other gates
    (the same node as `pos door peers`, on its own threads)."""
    app = ensure_app()
    ctx = build_context(data_dir, language=language)
    install_language(app, ctx.language)
    from ui.screens.door import DoorScreen

    node = None
    if listen is not None or peers:
        from sync.door.peers import PeerNode

        node = PeerNode(ctx.store, listen=listen or ("0.0.0.0", 7300), peers=list(peers))
        node.start()
    screen = DoorScreen(DoorValidator(ctx.store, performance_id=performance_id, gate=gate))
    screen.setWindowTitle(screen.tr("Door"))
    screen.showFullScreen()
    try:
        return app.exec()
    finally:
        screen.release_inputs()
        screen.validator.close()
        if node is not None:
            node.stop()
        ctx.store.close()

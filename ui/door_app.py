"""``pos door --performance ID``: the door screen alone, full screen, for terminals that only scan."""

from __future__ import annotations

from pathlib import Path

from pos.door import DoorValidator
from ui.app import build_context, ensure_app, install_language


def run(data_dir: Path, *, performance_id: str, gate: str, language: str | None = None) -> int:
    app = ensure_app()
    ctx = build_context(data_dir, language=language)
    install_language(app, ctx.language)
    from ui.screens.door import DoorScreen

    screen = DoorScreen(DoorValidator(ctx.store, performance_id=performance_id, gate=gate))
    screen.setWindowTitle(screen.tr("Door"))
    screen.showFullScreen()
    try:
        return app.exec()
    finally:
        screen.wedge.remove()
        ctx.store.close()

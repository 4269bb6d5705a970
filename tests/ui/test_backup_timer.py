"""The app's scheduled local backup runs off the UI thread and keeps the last N."""

from __future__ import annotations

from typing import Any

from pos.field import backup
from ui.backup_timer import BackupTimer


def test_the_timer_takes_a_due_backup_then_waits_for_the_interval(qtbot: Any, counter: Any) -> None:
    backup.set_schedule(counter.store, keep=2, every_hours=1)
    timer = BackupTimer(counter.store, interval_ms=3_600_000)
    with qtbot.waitSignal(timer.done, timeout=10_000) as first:
        timer.check()
    assert first.args[0] is not None and first.args[0].path.is_file()
    with qtbot.waitSignal(timer.done, timeout=10_000) as second:
        timer.check()
    assert second.args[0] is None  # not due again within the hour
    timer.stop()


def test_a_failing_backup_is_reported_not_raised(qtbot: Any, counter: Any, tmp_path: Any) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be")
    backup.set_schedule(counter.store, keep=2, every_hours=1, folder=str(blocker))
    timer = BackupTimer(counter.store, interval_ms=3_600_000)
    with qtbot.waitSignal(timer.failed, timeout=10_000) as failed:
        timer.check()
    assert "backup folder" in failed.args[0]
    timer.stop()

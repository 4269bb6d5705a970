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


def test_housekeeping_purges_holder_data_past_retention_before_the_backup(qtbot: Any, counter: Any) -> None:
    """The background round: holder data of a performance that ended more than N days ago is
    purged (journaled), and the backup taken after it no longer holds it."""
    import sqlite3

    from pos.cash.tenders import Tender
    from pos.money import Money
    from pos.sales import CartItem, sell
    from pos.tickets import retention
    from pos.tickets.realname import make_holder
    from tests.factories import NOW

    sell(
        counter.store,
        performance_id="P-MATCH",
        items=[CartItem("adult", seat_id="A-1-1", holder=make_holder("张三", "11010519491231002X"))],
        tenders=[Tender(kind="cash", amount=Money(100000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=NOW,
    )
    with sqlite3.connect(counter.store.path) as con:  # central has had it
        con.execute("UPDATE outbox SET status = 'sent'")
    retention.set_retention_days(counter.store, days=0, by=counter.supervisor, now=NOW)  # P-MATCH has ended
    backup.set_schedule(counter.store, keep=2, every_hours=1)
    timer = BackupTimer(counter.store, interval_ms=3_600_000)
    with (
        qtbot.waitSignal(timer.purged, timeout=10_000) as purged,
        qtbot.waitSignal(timer.done, timeout=10_000) as done,
    ):
        timer.check()
    assert purged.args[0].tickets == 1 and purged.args[0].journal_seq is not None
    con = sqlite3.connect(done.args[0].path)
    assert con.execute("SELECT holder_id_number, holder_name FROM ticket").fetchall() == [("", "")]
    con.close()
    timer.stop()

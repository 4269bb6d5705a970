"""Switching training on and off, and the training store beside the real one.

Nothing of a training session can reach real business: the training store is a separate
SQLite file in ``<data>/training``, never enrolled (no central link, so its outbox is never
uploaded), with its own shift, Z-report and close-out, its own signing key (codes of the
training version, refused by every door) and printer profiles whose drawer is disconnected
unless the supervisor allowed it. The real store gets two journal entries per session
(``training_started``, ``training_stopped``) and one setting, nothing else.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pos.errors import PermissionDenied, TrainingRefused
from pos.journal import chain as journal
from pos.staff.access import authenticate
from pos.staff.pins import read_pepper, write_pepper
from pos.staff.roles import Role
from pos.store import settings
from pos.store.db import STORE_FILENAME, Store, open_store
from pos.store.private import make_private_dir
from pos.terminal.identity import TRAINING_STORE_MARK

log = logging.getLogger(__name__)

TRAINING_FOLDER = "training"
#: In the real store: the session in progress ({"since", "supervisor", "allow_drawer"}) or null.
ACTIVE_SETTING = "training.active"
#: In the training store: marks it as one (its signer then writes training codes).
STORE_MARK = TRAINING_STORE_MARK
#: In the training folder: the sandbox central's database (``poscli.sandbox``) and its token.
SANDBOX_FOLDER = "sandbox-central"
SANDBOX_FILES = ("sandbox-token", "central-anchor")

# The cached catalog and who may sign in: what a trainee needs to practise on today's shows.
# Same migrations on both sides, so the same columns; listed by name all the same.
_COPIED_TABLES = (
    "outlet",
    "concession",
    "venue",
    "gate",
    "section",
    "seat",
    "event",
    "performance",
    "price_zone",
    "zone_price",
    "performance_seat",
    "performance_standing",
    "standing_allocation",
    "channel_rule",
    "promotion",
    "coupon",
    "seat_status",  # seats sold elsewhere stay greyed, as on the real map
    "staff",
)
# Not copied: standing_status (central's count of the outlet's places, net of the real
# terminal's lease) and the lease itself: the training terminal is never enrolled, so it is
# its outlet's only one and sells the whole allocation from its own store.


@dataclass(frozen=True, slots=True)
class TrainingState:
    since: datetime
    supervisor: str
    allow_drawer: bool
    folder: Path


def training_dir(data_dir: Path) -> Path:
    return Path(data_dir) / TRAINING_FOLDER


def training_state(store: Store) -> TrainingState | None:
    """The training session the real store says is on, or None."""
    value = settings.get(store, ACTIVE_SETTING)
    if not isinstance(value, dict):
        return None
    return TrainingState(
        since=datetime.fromisoformat(value["since"]),
        supervisor=str(value["supervisor"]),
        allow_drawer=bool(value.get("allow_drawer")),
        folder=training_dir(store.data_dir),
    )


def is_training_store(store: Store) -> bool:
    return bool(settings.get(store, STORE_MARK))


def active_data_dir(data_dir: Path) -> Path:
    """Where the app should open its store: the training folder while training is on."""
    if not (Path(data_dir) / STORE_FILENAME).exists():
        return Path(data_dir)
    store = open_store(data_dir)
    try:
        state = training_state(store)
    finally:
        store.close()
    if state is not None and (state.folder / STORE_FILENAME).exists():
        return state.folder
    return Path(data_dir)


def _supervisor(store: Store, staff_id: str, pin: str, now: datetime) -> str:
    who = authenticate(store, staff_id=staff_id, pin=pin, now=now)
    if Role(who.role) is not Role.SUPERVISOR:
        raise PermissionDenied("only a supervisor switches training mode on or off")
    return who.staff_id


def start_training(
    store: Store,
    *,
    supervisor_id: str,
    pin: str,
    allow_drawer: bool = False,
    now: datetime | None = None,
    offline_pickups: bool = True,
) -> TrainingState:
    """Make a fresh training store from the real one's catalog and staff, and journal the
    switch in the real store. A session already on is refused (stop it first).

    ``offline_pickups``: give the training store practice online orders of its own, for a
    session without a sandbox central; the app and ``pos training start`` run one
    (``poscli.sandbox``), whose web orders the trainee collects instead."""
    from pos.terminal.identity import terminal_info

    now = now or datetime.now(UTC)
    if is_training_store(store):
        raise TrainingRefused("this is the training store: start training from the real one")
    who = _supervisor(store, supervisor_id, pin, now)
    if training_state(store) is not None:
        raise TrainingRefused("training is already on: stop it first")
    info = terminal_info(store)
    folder = training_dir(store.data_dir)
    _build_training_store(store, folder, allow_drawer=allow_drawer, now=now, offline_pickups=offline_pickups)
    state = {"since": now.isoformat(), "supervisor": who, "allow_drawer": allow_drawer}
    with store.write() as session:
        journal.append(
            session,
            kind="training_started",
            terminal_id=info.terminal_id,
            staff_id=who,
            data={"allow_drawer": allow_drawer},
            now=now,
        )
        settings.write(session, ACTIVE_SETTING, state)
    log.info("training started by %s (drawer %s)", who, "allowed" if allow_drawer else "disconnected")
    return TrainingState(now, who, allow_drawer, folder)


def stop_training(store: Store, *, supervisor_id: str, pin: str, now: datetime | None = None) -> TrainingState:
    """Journal the end of the session in the real store. The training store stays, for the
    supervisor's printed result, until the next start replaces it."""
    from pos.terminal.identity import terminal_info

    now = now or datetime.now(UTC)
    who = _supervisor(store, supervisor_id, pin, now)
    state = training_state(store)
    if state is None:
        raise TrainingRefused("training is not on")
    info = terminal_info(store)
    with store.write() as session:
        journal.append(
            session,
            kind="training_stopped",
            terminal_id=info.terminal_id,
            staff_id=who,
            data={"since": state.since.isoformat()},
            now=now,
        )
        settings.write(session, ACTIVE_SETTING, None)
    log.info("training stopped by %s", who)
    return state


def _build_training_store(
    real: Store, folder: Path, *, allow_drawer: bool, now: datetime, offline_pickups: bool
) -> None:
    from pos.terminal.identity import init_terminal, terminal_info

    info = terminal_info(real)
    if folder.exists():
        shutil.rmtree(folder)  # last session's practice: a new trainee starts clean
    make_private_dir(folder)
    pepper = read_pepper(real.data_dir)
    if pepper is not None:
        write_pepper(folder, pepper)  # the staff's PIN hashes are copied: same pepper
    init_terminal(
        folder,
        terminal_id=info.terminal_id,
        outlet_id=info.outlet_id,
        language=info.language,
        currency=info.currency,
        timezone=info.timezone,
        now=now,
    )
    con = sqlite3.connect(folder / STORE_FILENAME)
    try:
        real_uri = (Path(real.data_dir) / STORE_FILENAME).resolve().as_uri() + "?mode=ro"
        con.execute("ATTACH DATABASE ? AS real", (real_uri,))
        with con:
            for table in _COPIED_TABLES:
                cols = ", ".join(f'"{r[1]}"' for r in con.execute(f'PRAGMA main.table_info("{table}")'))
                con.execute(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM real."{table}"')
            con.execute(
                "INSERT INTO main.setting (key, value) SELECT key, value FROM real.setting WHERE key LIKE 'printer%'"
            )
            con.execute(
                "INSERT OR REPLACE INTO main.setting (key, value) VALUES (?, 'true')", (STORE_MARK,)
            )
        con.execute("DETACH DATABASE real")
    finally:
        con.close()
    if not allow_drawer:
        _disconnect_drawers(folder)
    if not offline_pickups:
        return
    from pos.training.pickups import seed_practice_pickups

    practice = open_store(folder)
    try:
        seed_practice_pickups(practice, now=now)  # for the pickup exercise: no central here
    finally:
        practice.close()


def discard_sandbox(folder: Path) -> None:
    """Throw the sandbox central of a training folder away (at stop, once it no longer
    runs): its database, keys and token. The training store stays for the result; it no
    longer has a central, so nothing it holds can be sent anywhere."""
    shutil.rmtree(Path(folder) / SANDBOX_FOLDER, ignore_errors=True)
    for name in SANDBOX_FILES:
        (Path(folder) / name).unlink(missing_ok=True)


def _disconnect_drawers(folder: Path) -> None:
    """Printer profiles copied into the training store lose their drawer pin: a practice
    sale prints but never pops the real till."""
    store = open_store(folder)
    try:
        from pos.tickets.printers import printer_profiles, save_printer_profile

        for name, profile in printer_profiles(store).items():
            if profile:
                save_printer_profile(store, name=name, settings={**profile, "drawer_pin": None})
    finally:
        store.close()

"""The one place where core calls and their results become Qt signals.

Screens ask the bridge (never the store); the bridge runs the core call as an operation
off the UI thread (store writes through the single writer) and emits a signal on the UI
thread with the core's frozen dataclass, or ``failed`` with the core's error.
Each request returns an id that comes back with its result, so a screen can drop
answers to questions it no longer asks (a quote for a cart that changed since).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance, Slot

from pos import sales as selling
from pos.cash.tenders import Tender
from pos.catalog import cache as catalog
from pos.catalog import seatmap
from pos.errors import PosError
from pos.sales import CartItem
from pos.sales.sellability import SalesPolicy
from pos.staff import access as staff
from pos.staff.access import StaffSession
from pos.store.db import Store
from pos.terminal import connectivity
from pos.terminal.connectivity import Connectivity
from ui.context import AppContext
from ui.operations import OperationRunner

if TYPE_CHECKING:
    from printing.profiles import PrinterProfile
    from sync.online import Hold
    from sync.transport import CentralClient

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TerminalStatus:
    connectivity: Connectivity
    queued: int
    printer: str = ""  # the printer profile sales print on; "" when none is set up


@dataclass(frozen=True, slots=True)
class PrintDone:
    """What came of printing an order after its sale: printed, or nothing to print on."""

    order_id: str
    printer: str  # "" when no printer profile is set up (nothing was printed)
    job_id: str = ""
    documents: int = 0
    byte_count: int = 0


@dataclass(frozen=True, slots=True)
class PerformanceDetail:
    performance_id: str
    areas: tuple[seatmap.StandingArea, ...]
    concessions: tuple[seatmap.ConcessionOption, ...]


class SyncNotPossible(PosError):
    """The terminal is enrolled but cannot open its link to central (its token is gone)."""

    code = "sync_not_possible"


class Bridge(QObject):
    signed_in = Signal(int, object)  # request id, StaffSession
    performances_loaded = Signal(int, object)  # tuple[PerformanceSummary], dict[perf id, left]
    seat_map_loaded = Signal(int, object)  # SeatMap
    detail_loaded = Signal(int, object)  # PerformanceDetail
    quoted = Signal(int, object)  # Quote
    sold = Signal(int, object)  # SaleResult
    status_changed = Signal(object)  # TerminalStatus
    enrolled = Signal(bool)  # whether the terminal has a central to sync with
    sync_started = Signal(bool)  # first run (catalog never pulled): show a progress dialog
    sync_progress = Signal(str, int, int)  # feed, done, total (-1: unknown)
    # Emitted by the sync worker; relayed by the bridge (which lives in the UI thread), so the
    # public signals above always fire on the UI thread, whatever their receivers are.
    _worker_started = Signal(bool)
    _worker_progress = Signal(str, int, int)
    synced = Signal(object)  # SyncReport
    sync_failed = Signal(object)  # the exception of a cycle that did not finish
    door_synced = Signal(object)  # sync.door.central.DoorSyncReport of a door's light cycle
    printed = Signal(int, object)  # request id, PrintDone
    held = Signal(int, object)  # request id, sync.online.Hold (granted, extended or replaced)
    released = Signal(int, object)  # request id, the hold id released
    failed = Signal(int, str, object)  # request id, what was asked, the exception

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = OperationRunner(self)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(5_000)
        self._status_timer.timeout.connect(self.refresh_status)
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(60_000)
        self._sync_timer.timeout.connect(self.sync_now)
        self._syncing = False
        self._worker_started.connect(self._relay_started)
        self._worker_progress.connect(self._relay_progress)

    # --- helpers -------------------------------------------------------------------------

    def _read(self, what: str, fn: Callable[[], object], signal: SignalInstance) -> int:
        return self._submit(self.runner.read, what, fn, signal)

    def _write(self, what: str, fn: Callable[[], object], signal: SignalInstance) -> int:
        return self._submit(self.runner.write, what, fn, signal)

    def _submit(
        self, how: Callable[..., int], what: str, fn: Callable[[], object], signal: SignalInstance
    ) -> int:
        op: list[int] = []

        def ok(value: object) -> None:
            signal.emit(op[0], value)

        def fail(exc: BaseException) -> None:
            self.failed.emit(op[0], what, exc)

        op.append(how(what, fn, ok, fail))
        return op[0]

    # --- requests ------------------------------------------------------------------------

    def sign_in(self, staff_id: str, pin: str) -> int:
        store, now = self.ctx.store, self.ctx.clock()
        return self._write(
            "sign_in", lambda: staff.authenticate(store, staff_id=staff_id, pin=pin, now=now), self.signed_in
        )

    def load_performances(
        self, *, search: str = "", category: str = "", on_or_after: date | None = None
    ) -> int:
        store, outlet = self.ctx.store, self.ctx.outlet_id
        day = on_or_after or self.ctx.clock().astimezone(self.ctx.info.zone).date()

        def run() -> object:
            perfs = catalog.list_performances(
                store, on_or_after=day, category=category or None, search=search.strip() or None
            )
            return perfs, seatmap.left_for_outlet(store, outlet_id=outlet)

        return self._read("performances", run, self.performances_loaded)

    def load_seat_map(self, performance_id: str) -> int:
        store, outlet = self.ctx.store, self.ctx.outlet_id
        return self._read(
            "seat_map",
            lambda: seatmap.load_seat_map(store, performance_id=performance_id, outlet_id=outlet),
            self.seat_map_loaded,
        )

    def load_detail(self, performance_id: str) -> int:
        """Standing areas (with what is left for us) and the priced concessions."""
        store, outlet = self.ctx.store, self.ctx.outlet_id

        def run() -> PerformanceDetail:
            return PerformanceDetail(
                performance_id,
                seatmap.standing_areas(store, performance_id=performance_id, outlet_id=outlet),
                seatmap.concessions_for(store, performance_id=performance_id),
            )

        return self._read("detail", run, self.detail_loaded)

    def quote(
        self,
        performance_id: str,
        items: Sequence[CartItem],
        *,
        coupon: str = "",
        member: str = "",
        held: Hold | None = None,
    ) -> int:
        store, now, cart, policy = self.ctx.store, self.ctx.clock(), tuple(items), _policy(held)
        return self._read(
            "quote",
            lambda: selling.quote(
                store,
                performance_id=performance_id,
                items=cart,
                coupon_code=coupon.strip().upper() or None,
                member_number=member.strip() or None,
                now=now,
                policy=policy,
            ),
            self.quoted,
        )

    def sell(
        self,
        performance_id: str,
        items: Sequence[CartItem],
        tenders: Sequence[Tender],
        actor: StaffSession,
        *,
        coupon: str = "",
        member: str = "",
        order_id: str | None = None,
        held: Hold | None = None,
        override: staff.Override | None = None,
    ) -> int:
        ctx, now, cart, paid = self.ctx, self.ctx.clock(), tuple(items), tuple(tenders)
        policy = _policy(held)
        return self._write(
            "sell",
            lambda: selling.sell(
                ctx.store,
                performance_id=performance_id,
                items=cart,
                tenders=paid,
                actor=actor,
                signer=ctx.signer,
                coupon_code=coupon.strip().upper() or None,
                member_number=member.strip() or None,
                order_id=order_id,
                now=now,
                policy=policy,
                override=override,
            ),
            self.sold,
        )

    def print_order(self, order_id: str, actor: StaffSession | None = None) -> int:
        """Print a committed order's tickets and receipt on the terminal's printer, if it has
        one (``printed`` with an empty printer name when none is set up). A printer failure
        comes back through ``failed`` ("print") with the job id in the error's details."""
        store, staff_id = self.ctx.store, actor.staff_id if actor else None

        def run() -> PrintDone:
            from printing.jobs import print_order

            profile = _printer(store)
            if profile is None:
                return PrintDone(order_id, "")
            out = print_order(store, order=order_id, printer=profile, staff_id=staff_id)
            return PrintDone(order_id, profile.name, out.job.job_id, out.documents, out.byte_count)

        return self._write("print", run, self.printed)

    def print_pickup(self, result: object, actor: StaffSession | None = None) -> int:
        """Print a collected online order's tickets (once) on the terminal's printer."""
        store, staff_id, language = self.ctx.store, actor.staff_id if actor else None, self.ctx.info.language

        def run() -> PrintDone:
            from pos.pickup.printout import pickup_print
            from printing.pickup import print_pickup

            order = result.order  # type: ignore[attr-defined]
            profile = _printer(store)
            if profile is None:
                return PrintDone(order.order_id, "")
            out = print_pickup(
                store, order=pickup_print(store, order, language=language), printer=profile, staff_id=staff_id
            )
            return PrintDone(order.order_id, profile.name, out.job.job_id, out.documents, out.byte_count)

        return self._write("print", run, self.printed)

    def retry_print(self, job_id: str) -> int:
        """Print a failed job again, with the same codes, on the printer it was meant for."""
        store = self.ctx.store

        def run() -> PrintDone:
            from pos.tickets.printjobs import get_job, printer_profile
            from printing.jobs import retry_job
            from printing.profiles import PrinterProfile

            job = get_job(store, job_id=job_id)
            names = _printer_names(store)
            name = job.printer if job.printer in names else (names[0] if names else job.printer)
            profile = PrinterProfile.from_settings(name, printer_profile(store, name=name))
            out = retry_job(store, job_id=job_id, printer=profile)
            return PrintDone(job.order_id or "", profile.name, out.job.job_id, out.documents, out.byte_count)

        return self._write("print", run, self.printed)

    # --- online holds (the clerk waits for these: their own thread, never behind a sync) ---

    def hold(
        self,
        performance_id: str,
        *,
        seat_ids: Sequence[str] = (),
        area_id: str | None = None,
        quantity: int = 0,
        replace: Hold | None = None,
        ttl_seconds: int = 300,
    ) -> int:
        """Hold exactly these seats (or this many standing places) at central, all or none.
        ``replace``: the cart's previous hold, released once the new one is granted, so the
        clerk never loses seats they had while asking for more."""
        store, seats = self.ctx.store, tuple(seat_ids)

        def run() -> Hold:
            from sync.online import hold, release
            from sync.transport import CentralUnreachable

            with _central(store) as client:
                try:
                    new = hold(
                        client,
                        performance_id=performance_id,
                        seat_ids=seats,
                        area_id=area_id,
                        quantity=quantity,
                        ttl_seconds=ttl_seconds,
                    )
                except CentralUnreachable as exc:
                    # The status bar and the next cart go offline at once, not at the next sync.
                    connectivity.record_offline(store, reason=exc.message)
                    raise
                if replace is not None:
                    try:
                        release(client, replace)
                    except PosError as exc:  # it expires by itself at central
                        log.info("release of replaced hold %s: %s", replace.hold_id, exc)
                return new

        return self._submit(self.runner.counter, "hold", run, self.held)

    def extend_hold(self, held: Hold, *, ttl_seconds: int = 300) -> int:
        store = self.ctx.store

        def run() -> Hold:
            from sync.online import extend

            with _central(store) as client:
                return extend(client, held, ttl_seconds=ttl_seconds)

        return self._submit(self.runner.counter, "hold", run, self.held)

    def release_hold(self, held: Hold) -> int:
        store = self.ctx.store

        def run() -> str:
            from sync.online import release

            with _central(store) as client:
                release(client, held)
            return held.hold_id

        return self._submit(self.runner.counter, "release", run, self.released)

    # --- background sync -----------------------------------------------------------------

    def start_sync(self, interval_ms: int = 60_000) -> None:
        """If the terminal is enrolled, sync now and then every ``interval_ms``."""
        store = self.ctx.store
        self._sync_timer.setInterval(interval_ms)

        def run() -> bool:
            from sync.enrol import central_link

            return central_link(store) is not None

        def found(linked: bool) -> None:
            self.enrolled.emit(linked)
            if linked:
                self._sync_timer.start()
                self.sync_now()

        self.runner.read("enrolment", run, found, lambda exc: log.warning("enrolment: %s", exc))

    @property
    def syncing(self) -> bool:
        return self._syncing

    def sync_now(self) -> bool:
        """One sync cycle on the network thread (never on the writer, so a sale does not wait
        for a request to time out), unless one is running.
        Progress and the first-run flag are emitted from the worker as queued signals."""
        if self._syncing:
            return False
        self._syncing = True
        store = self.ctx.store

        def progress(feed: str, done: int, total: int | None) -> None:  # worker thread
            self._worker_progress.emit(feed, int(done), -1 if total is None else int(total))

        def run() -> object:
            from sync.pull import cursor, sync_once

            self._worker_started.emit(cursor(store, "catalog") == 0)
            with _central(store) as client:
                return sync_once(store, client, progress=progress)

        def ok(report: object) -> None:
            self._syncing = False
            self.synced.emit(report)
            self.refresh_status()

        def fail(exc: BaseException) -> None:
            self._syncing = False
            self.sync_failed.emit(exc)
            self.refresh_status()

        self.runner.network("sync", run, ok, fail)
        return True

    def sync_door_now(self, performance_id: str) -> bool:
        """A door's light cycle, between full ones: keys and revocations down, this door's
        scans up, the performance's scans down (:func:`sync.door.central.sync_door`). Small
        writes only, so a scan never waits long for the store. Offline is not an error."""
        if self._syncing:
            return False
        self._syncing = True
        store = self.ctx.store

        def run() -> object:
            from sync.door.central import sync_door

            with _central(store) as client:
                return sync_door(store, client, performance_id)

        def done(report: object) -> None:
            self._syncing = False
            self.door_synced.emit(report)

        def fail(exc: BaseException) -> None:
            self._syncing = False
            log.info("door sync: %s", exc)

        self.runner.network("door sync", run, done, fail)
        return True

    @Slot(bool)
    def _relay_started(self, first: bool) -> None:
        self.sync_started.emit(first)

    @Slot(str, int, int)
    def _relay_progress(self, feed: str, done: int, total: int) -> None:
        self.sync_progress.emit(feed, done, total)

    # --- status --------------------------------------------------------------------------

    def refresh_status(self) -> None:
        store = self.ctx.store

        def run() -> TerminalStatus:
            from sync import relay

            names = _printer_names(store)
            return TerminalStatus(
                connectivity.state(store), relay.pending_count(store), names[0] if names else ""
            )

        self.runner.read("status", run, self.status_changed.emit, lambda exc: log.warning("status: %s", exc))

    def start_status_polling(self, interval_ms: int = 5_000) -> None:
        self._status_timer.setInterval(interval_ms)
        self._status_timer.start()
        self.refresh_status()

    def stop(self) -> None:
        self._status_timer.stop()
        self._sync_timer.stop()
        self.runner.wait()

    def now(self) -> datetime:
        return self.ctx.clock()


def _policy(held: Hold | None) -> SalesPolicy | None:
    if held is None:
        return None  # the core's default: the outlet's offline allocation
    from sync.online import OnlineHoldPolicy

    return OnlineHoldPolicy(held)


@contextmanager
def _central(store: Store) -> Iterator[CentralClient]:
    from pos.errors import InvalidInput
    from sync.enrol import connect

    try:
        client = connect(store, allow_token_file=True)
    except InvalidInput as exc:
        raise SyncNotPossible(exc.message) from exc
    try:
        yield client
    finally:
        client.close()


def _printer_names(store: Store) -> list[str]:
    from pos.tickets.printjobs import printer_profiles

    return sorted(printer_profiles(store))


def _printer(store: Store) -> PrinterProfile | None:
    """The profile sales print on: the first by name (a terminal has one receipt printer)."""
    from pos.tickets.printjobs import printer_profile
    from printing.profiles import PrinterProfile

    names = _printer_names(store)
    if not names:
        return None
    return PrinterProfile.from_settings(names[0], printer_profile(store, name=names[0]))

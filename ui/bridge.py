"""The one place where core calls and their results become Qt signals.

Screens ask the bridge (never the store); the bridge runs the core call as an operation
off the UI thread (store writes through the single writer) and emits a signal on the UI
thread with the core's frozen dataclass, or ``failed`` with the core's error.
Each request returns an id that comes back with its result, so a screen can drop
answers to questions it no longer asks (a quote for a cart that changed since).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from pos import catalog, connectivity, seatmap, selling, staff
from pos.connectivity import Connectivity
from pos.selling import CartItem
from pos.staff import StaffSession
from pos.tenders import Tender
from ui.context import AppContext
from ui.operations import OperationRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TerminalStatus:
    connectivity: Connectivity
    queued: int


@dataclass(frozen=True, slots=True)
class PerformanceDetail:
    performance_id: str
    areas: tuple[seatmap.StandingArea, ...]
    concessions: tuple[seatmap.ConcessionOption, ...]


class Bridge(QObject):
    signed_in = Signal(int, object)  # request id, StaffSession
    performances_loaded = Signal(int, object)  # tuple[PerformanceSummary], dict[perf id, left]
    seat_map_loaded = Signal(int, object)  # SeatMap
    detail_loaded = Signal(int, object)  # PerformanceDetail
    quoted = Signal(int, object)  # Quote
    sold = Signal(int, object)  # SaleResult
    status_changed = Signal(object)  # TerminalStatus
    failed = Signal(int, str, object)  # request id, what was asked, the exception

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = OperationRunner(self)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(5_000)
        self._status_timer.timeout.connect(self.refresh_status)

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
        self, performance_id: str, items: Sequence[CartItem], *, coupon: str = "", member: str = ""
    ) -> int:
        store, now, cart = self.ctx.store, self.ctx.clock(), tuple(items)
        return self._read(
            "quote",
            lambda: selling.quote(
                store,
                performance_id=performance_id,
                items=cart,
                coupon_code=coupon.strip().upper() or None,
                member_number=member.strip() or None,
                now=now,
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
    ) -> int:
        ctx, now, cart, paid = self.ctx, self.ctx.clock(), tuple(items), tuple(tenders)
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
            ),
            self.sold,
        )

    def refresh_status(self) -> None:
        store = self.ctx.store

        def run() -> TerminalStatus:
            from sync import relay

            return TerminalStatus(connectivity.state(store), relay.pending_count(store))

        self.runner.read("status", run, self.status_changed.emit, lambda exc: log.warning("status: %s", exc))

    def start_status_polling(self, interval_ms: int = 5_000) -> None:
        self._status_timer.setInterval(interval_ms)
        self._status_timer.start()
        self.refresh_status()

    def stop(self) -> None:
        self._status_timer.stop()
        self.runner.wait()

    def now(self) -> datetime:
        return self.ctx.clock()

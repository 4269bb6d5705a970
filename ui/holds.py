"""The cart's hold at central while the terminal is online: asked for, counted down,
extended while the clerk is still at it, released when the sale is abandoned.

Central grants a hold all or nothing, and an order consumes exactly one hold, so an
online cart holds either seats or one standing area; :func:`spec_for` says which, or
refuses a mixed cart with the reason the clerk sees (both from the core's
:mod:`pos.sales.holds`, which the selling path shares).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pos.sales.holds import HoldSpec, covers, spec_for
from ui.bridge import Bridge
from ui.ops import central

if TYPE_CHECKING:
    from sync.online import Hold  # sync (pydantic, requests) loads at the first hold, not at start

__all__ = ["HoldKeeper", "HoldSpec", "covers", "spec_for"]
log = logging.getLogger(__name__)
EXTEND_AT_SECONDS = 60  # extend when this little is left…
MAX_EXTENSIONS = 2  # …but not forever: an abandoned cart lets its seats go


class HoldKeeper(QObject):
    granted = Signal(object, object)  # Hold (sync loads lazily: typed at the slot), the payload
    refused = Signal(BaseException, object)  # the exception, the payload given to ask()
    ticked = Signal(int)  # seconds left on the hold; -1 when there is none
    expired = Signal()
    released = Signal(str)  # the id of a hold given back at central

    def __init__(self, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.current: Hold | None = None
        self._asking = 0  # asks not answered yet
        self._round = 0  # a release starts a new round: answers to older asks are dropped
        self._extending: object | None = None  # the extension being asked for
        self._extensions = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    @property
    def busy(self) -> bool:
        return bool(self._asking)

    def ask(self, spec: HoldSpec, payload: object) -> None:
        """Hold exactly ``spec`` (replacing the current hold once granted)."""
        asked_in = self._round
        self._asking += 1

        def granted(held: Hold) -> None:
            if asked_in != self._round:
                return  # an answer to a cart that has moved on
            self._asking -= 1
            self.current = held
            self._extensions = 0
            self._timer.start()
            self.granted.emit(held, payload)
            self._tick()

        def refused(exc: BaseException) -> None:
            if asked_in == self._round:
                self._asking -= 1
                self.refused.emit(exc, payload)

        op = central.hold(
            self.bridge.ctx,
            spec.performance_id,
            seat_ids=spec.seat_ids,
            area_id=spec.area_id,
            quantity=spec.quantity,
            replace=self.current,
        )
        op.success(granted).failure(refused).run(self.bridge.runner)

    def release(self) -> None:
        """The sale was abandoned: give the seats back now rather than at expiry."""
        held, self.current = self.current, None
        self._round += 1
        self._asking = 0
        self._stop()
        if held is not None:
            central.release_hold(self.bridge.ctx, held).success(self.released.emit).failure(
                lambda exc: log.info("release of hold %s: %s", held.hold_id, exc)
            ).run(self.bridge.runner)

    def consumed(self) -> None:
        """The sale committed under the hold: central takes it with the order."""
        self.current = None
        self._stop()

    def seconds_left(self) -> int:
        return self.current.seconds_left(datetime.now(UTC)) if self.current is not None else -1

    def _stop(self) -> None:
        self._timer.stop()
        self._extending = None
        self._extensions = 0
        self.ticked.emit(-1)

    def _extend(self, held: Hold) -> None:
        token = self._extending = object()

        def extended(new: Hold) -> None:
            if self._extending is not token:
                return
            self._extending = None
            if self.current is not None and new.hold_id == self.current.hold_id:
                self.current = new
                self._tick()

        def refused(exc: BaseException) -> None:
            if self._extending is token:
                self._extending = None
                log.info("hold extension refused: %s", exc)

        central.extend_hold(self.bridge.ctx, held).success(extended).failure(refused).run(self.bridge.runner)

    def _tick(self) -> None:
        left = self.seconds_left()
        if self.current is None:
            return
        if left <= 0:
            self.current = None
            self._stop()
            self.expired.emit()
            return
        self.ticked.emit(left)
        if left <= EXTEND_AT_SECONDS and self._extending is None and self._extensions < MAX_EXTENSIONS:
            self._extensions += 1
            self._extend(self.current)

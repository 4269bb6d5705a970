"""The sell screen's panels: the chosen performance (heading, concession, standing row,
seat map), which loads what it shows from the local catalog, and the sale (cart, hold
countdown, banner). They show; the screen decides."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.catalog.cache import PerformanceSummary
from pos.catalog.seatmap import ConcessionOption, SeatMap, StandingArea
from pos.sales import CartItem, SaleResult
from ui import theme
from ui.context import AppContext
from ui.errors import describe
from ui.models.performances import PerformanceModel
from ui.ops import catalog
from ui.ops.catalog import PerformanceDetail
from ui.ops.runner import OperationRunner
from ui.screens.sell_watch import SeatWatch
from ui.seatmap.legend import ZoneLegend
from ui.seatmap.view import SeatMapView
from ui.widgets.cart_panel import CartPanel

# lupdate reads translate("SellScreen", "…"): the screen's words. Plural forms (%n) are read
# only from self.tr, so those are the panels' own.
translate = QCoreApplication.translate

log = logging.getLogger(__name__)
TOUCH = 44


def _row(*widgets: tuple[QWidget, int]) -> QWidget:
    """A row of (widget, stretch), without margins."""
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    for w, stretch in widgets:
        lay.addWidget(w, stretch)
    return row


class PerformancePanel(QWidget):
    """The chosen performance: what is left, in which concession, standing or on the map.
    ``arrived`` once both its standing detail and its seat map are in; ``states_changed``
    with the seats whose state a refresh changed."""

    arrived = Signal()
    states_changed = Signal(set)  # set[str] of seat ids

    def __init__(self, ctx: AppContext, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.language = ctx.language
        self.online = False
        self.performance_id = ""
        self.detail: PerformanceDetail | None = None
        self.seat_map: SeatMap | None = None
        self.held_seats: set[str] = set()  # held at central for the cart, shown as such
        # Central pushes the shown performance's seat changes while online (a long poll).
        self.watch = SeatWatch(ctx, runner, enabled=lambda: self.online, parent=self)
        self.watch.changed.connect(lambda _pid: self.refresh_map())
        self.prompt = translate("SellScreen", "Choose a performance (F2 to search)")
        self.heading = QLabel(self.prompt)
        self.heading.setObjectName("performanceHeading")
        self.heading.setWordWrap(True)
        self.area = QComboBox()
        self.area.setObjectName("standingArea")
        self.quantity = QSpinBox()
        self.quantity.setObjectName("standingQuantity")
        self.quantity.setRange(1, 20)
        self.concession = QComboBox()
        self.concession.setObjectName("concession")
        self.add_standing = QPushButton(theme.icon("add"), translate("SellScreen", "Add (Enter)"))
        self.map_view = SeatMapView(language=self.language)
        self.best = QPushButton(theme.icon("best"), translate("SellScreen", "Best available (B)"))
        self.add_seats = QPushButton(theme.icon("add"), translate("SellScreen", "Add seats (Enter)"))
        self.map_hint = QLabel()
        self.map_hint.setObjectName("mapHint")
        # Messages under the map come and go: they must never move the map (a click would land
        # on another seat) nor widen the pane (squashing the cart). Two lines, fixed; the
        # heading likewise.
        for label in (self.map_hint, self.heading):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            label.setFixedHeight(label.fontMetrics().lineSpacing() * 2 + 4)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # a third line is cut, not the first
        for w in (self.area, self.quantity, self.concession, self.add_standing, self.best, self.add_seats):
            w.setMinimumHeight(TOUCH)
        # The area's name over the quantity and Add: on one line the name had 145 px at 1366.
        self.standing_row = QWidget()
        stand = QGridLayout(self.standing_row)
        stand.setContentsMargins(0, 0, 0, 0)
        stand.addWidget(QLabel(translate("SellScreen", "Standing (F4)")), 0, 0)
        stand.addWidget(self.area, 0, 1, 1, 2)
        stand.addWidget(self.quantity, 1, 1, Qt.AlignmentFlag.AlignRight)
        stand.addWidget(self.add_standing, 1, 2)
        stand.setColumnStretch(1, 1)
        self.standing_row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.map_row = _row((self.map_hint, 1), (self.best, 0), (self.add_seats, 0))
        conc_row = QHBoxLayout()
        conc_row.addWidget(QLabel(translate("SellScreen", "Concession for new tickets")))
        conc_row.addWidget(self.concession, 1)
        mid = QVBoxLayout(self)
        mid.addWidget(self.heading)
        mid.addLayout(conc_row)
        mid.addWidget(self.standing_row)
        mid.addWidget(self.map_view, 1)
        self.legend = ZoneLegend(self.language)
        mid.addWidget(self.legend)
        mid.addWidget(self.map_row)
        mid.addStretch(0)  # standing only (no map): the rows stay at the top

    # --- loading ---------------------------------------------------------------------------

    def load(self, perf: PerformanceSummary, state: str) -> None:
        """Forget the shown performance's parts and load those of ``perf`` (in ``state``)."""
        self._head(perf, state)
        performance_id = self.performance_id = perf.performance_id
        self.detail, self.seat_map = None, None
        self.watch.follow(performance_id)
        catalog.detail(self.ctx, performance_id).success(self._on_detail).run(
            self.runner, self, supersede="sell.detail"
        )
        self.load_map()

    def _head(self, perf: PerformanceSummary, state: str) -> None:
        when = perf.starts_at.astimezone(self.ctx.info.zone).strftime("%Y-%m-%d %H:%M")
        self.heading.setText(f"<b>{perf.name(self.language)}</b> — {when} — {state}")

    def restate(self, model: PerformanceModel) -> None:
        """The heading's state ("58 left") again, from the list just reloaded after a sale here
        or a sync (it kept the count from when the performance was chosen)."""
        row = model.row_of(self.performance_id) if self.performance_id else -1
        if row >= 0:
            perf = model.performance(row)
            self._head(perf, model.state_text(perf))

    def load_map(self) -> None:
        catalog.seat_map(self.ctx, self.performance_id).success(self._on_seat_map).run(
            self.runner, self, supersede="sell.map"
        )

    def refresh_map(self) -> None:
        """The seat states again (after a sync), keeping the map as it is."""
        if self.seat_map is None:
            return
        catalog.seat_map(self.ctx, self.performance_id).success(self._on_map_refreshed).failure(
            lambda exc: log.warning("seat map refresh failed: %s", exc)
        ).run(self.runner, self, supersede="sell.map_refresh")

    def _on_map_refreshed(self, seat_map: SeatMap) -> None:
        if seat_map.performance_id != self.performance_id:
            return
        self.seat_map = seat_map
        self.states_changed.emit(set(self.map_view.update_states(seat_map)))

    def _on_seat_map(self, seat_map: SeatMap) -> None:
        self.seat_map = seat_map
        self.map_view.set_map(seat_map if seat_map.has_seats else None)
        self.legend.set_map(seat_map if seat_map.has_seats else None)
        self._arrived()

    def _on_detail(self, detail: PerformanceDetail) -> None:
        self.detail = detail
        self.area.clear()
        for a in detail.areas:
            self.area.addItem(
                translate("SellScreen", "%1 (%2 left)")
                .replace("%1", a.name(self.language))
                .replace("%2", str(a.left_for_us)),
                a.area_id,
            )
        self.concession.clear()
        for c in detail.concessions:
            self.concession.addItem(c.name(self.language), c.code)
        self._arrived()

    def _arrived(self) -> None:
        """Both halves are in: show the right parts, focus the next step."""
        if self.detail is None or self.seat_map is None:
            return
        self.show_parts()
        if self.seat_map.has_seats:
            self.show_available()
            self.map_view.setFocus()
        elif self.detail.areas:
            self.focus_quantity()
        self.arrived.emit()

    # --- showing ---------------------------------------------------------------------------

    def set_online(self, online: bool) -> None:
        self.online = online
        self.watch.follow(self.performance_id)  # back online: central tells changes again
        self.map_view.set_online(online)
        if self.seat_map is not None and self.seat_map.has_seats:
            self.show_available()

    def focus_quantity(self) -> None:
        self.quantity.setFocus()
        self.quantity.selectAll()

    def show_parts(self) -> None:
        self.standing_row.setVisible(bool(self.detail and self.detail.areas))
        has_seats = bool(self.seat_map and self.seat_map.has_seats)
        self.map_view.setVisible(has_seats)
        self.map_row.setVisible(has_seats)

    def show_available(self) -> None:
        assert self.seat_map is not None
        counts = self.seat_map.counts()
        online = counts.get("free", 0) + counts.get("online_only", 0)
        n = counts.get("available", 0) + (online if self.online else 0)
        self.map_hint.setText(self.tr("%n seat(s) available here", "", n))

    def show_selection(self, seat_ids: tuple[str, ...]) -> None:
        # Which seats, in which zone at what price: Best available (B) said only how many.
        self.map_hint.setText(
            self.tr("%n seat(s) selected: %1. Enter adds them.", "", len(seat_ids)).replace(
                "%1", self.map_view.summary(seat_ids))
            if seat_ids
            else ""
        )
        self.map_hint.setToolTip(self.map_hint.text())

    def current_concession(self) -> str:
        return str(self.concession.currentData() or "adult")

    def standing_items(self) -> list[CartItem]:
        """The quantity asked for in the chosen standing area, in the chosen concession."""
        area_id = str(self.area.currentData())
        return [CartItem(self.current_concession(), area_id=area_id) for _ in range(self.quantity.value())]

    def show_held(self, seats: set[str]) -> None:
        """The cart's hold now covers ``seats``: the others it covered are let go."""
        self.restore_seats(self.held_seats - seats)
        self.held_seats = seats
        self.map_view.mark(tuple(seats), "held")

    def let_go_of_held(self) -> None:
        self.restore_seats(self.held_seats)
        self.held_seats = set()

    def restore_seats(self, seat_ids: set[str]) -> None:
        """Seats no longer held by us go back to what the map last said of them."""
        if not seat_ids or self.seat_map is None:
            return
        by_state: dict[str, list[str]] = {}
        cols = self.seat_map.columns
        for seat_id in seat_ids:
            i = self.map_view.item.index_of.get(seat_id) if self.map_view.item is not None else None
            if i is not None and cols.seat_ids[i] == seat_id:
                state: str = "free" if cols.states[i] == "held" else cols.states[i]
                by_state.setdefault(state, []).append(seat_id)
        for state, ids in by_state.items():
            self.map_view.mark(tuple(ids), state)

    def zone_of(self, item: CartItem) -> str | None:
        if item.area_id and self.detail:
            return next((a.zone_id for a in self.detail.areas if a.area_id == item.area_id), None)
        if item.seat_id and self.map_view.item is not None:
            i = self.map_view.item.index_of.get(item.seat_id)
            return self.map_view.item.map.columns.zone_ids[i] if i is not None else None
        return None

    def next_concession(self, item: CartItem) -> str | None:
        """The concession after ``item``'s among those its zone is priced in (None: no other)."""
        if self.detail is None:
            return None
        zone = self.zone_of(item)
        options = [c.code for c in self.detail.concessions if zone is None or zone in c.zone_ids]
        if len(options) < 2:
            return None
        if item.concession in options:
            return options[(options.index(item.concession) + 1) % len(options)]
        return options[0]

    def describe_item(self, item: CartItem) -> str:
        if item.seat_id and self.map_view.item is not None:
            i = self.map_view.item.index_of.get(item.seat_id)
            if i is not None:
                return self.map_view.describe(i).split("\n", 1)[0]
        if item.area_id and self.detail is not None:
            area: StandingArea | None = next(
                (a for a in self.detail.areas if a.area_id == item.area_id), None
            )
            if area is not None:
                return translate("SellScreen", "%1 (standing)").replace("%1", area.name(self.language))
        return item.item_id

    def concession_name(self, code: str) -> str:
        options: tuple[ConcessionOption, ...] = self.detail.concessions if self.detail else ()
        return next((c.name(self.language) for c in options if c.code == code), code)


class SalePanel(QWidget):
    """The cart, the hold's countdown while online, and the banner that says what happened."""

    def __init__(self, cart: CartPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cart = cart
        self.banner = QLabel()
        self.banner.setObjectName("readyBanner")
        self.banner.setWordWrap(True)
        self.hold_label = QLabel()
        self.hold_label.setObjectName("holdCountdown")
        self.hold_label.setVisible(False)
        self._left, self.extensions = -1, 0  # the hold's last time left shown; extensions seen
        # The hold's time left is seen from the customer's side of the counter too: large,
        # amber, and red in its last minute (it was small black text): #holdCountdown in the
        # style sheet (ui/theme).
        # The end of a sale: the change to hand over, large, until the next cart starts.
        self.done = QLabel()
        self.done.setObjectName("saleDone")
        self.done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done.setWordWrap(True)
        self.done.setVisible(False)
        cart.model.modelReset.connect(lambda: self.done.setVisible(self.done.isVisible() and not cart.model.items))
        lay = QVBoxLayout(self)
        lay.addWidget(self.cart, 1)
        lay.addWidget(self.hold_label)
        lay.addWidget(self.done)
        lay.addWidget(self.banner)

    def add_note(self, note: str, *, keep: bool = True) -> None:
        """``note`` after what the banner says (or alone, ``keep`` False or nothing said)."""
        base = self.banner.text() if keep else ""
        self.banner.setText(f"{base} {note}" if base else note)

    def show_sold(self, result: SaleResult) -> None:
        text = self.tr("Sold: order %1, %n ticket(s).", "", len(result.tickets)).replace(
            "%1", result.order_number
        )
        if result.change.amount:
            text += " " + translate("SellScreen", "Change: %1").replace("%1", result.change.format())
        self.banner.setText(text + " " + translate("SellScreen", "Ready for the next customer."))
        self.banner.setProperty("orderId", result.order_id)
        change = (
            translate("SellScreen", "Change due %1").replace("%1", f"¥{result.change.format()}")
            if result.change.amount else translate("SellScreen", "Paid exactly: no change")
        )
        sold = self.tr("Order %1 · %n ticket(s)", "", len(result.tickets)).replace("%1", result.order_number)
        self.done.setText(f"<div style='font-size: {theme.pt('hero')}pt; font-weight: bold'>{html.escape(change)}</div>"
                          f"<div>{html.escape(sold)}</div>")
        self.done.setVisible(True)

    def show_problem(self, exc: BaseException) -> None:
        """Why the cart cannot be priced, under the cart."""
        msg = describe(exc)
        self.cart.problem.setText(f"{msg.text} {msg.next_step}")

    def show_countdown(self, seconds: int) -> None:
        # The time left going up means central extended the hold: said, not done silently.
        self.extensions = 0 if seconds < 0 else self.extensions + (0 <= self._left < seconds)
        self._left = seconds
        self.hold_label.setVisible(seconds >= 0)
        if seconds >= 0:
            text = translate("SellScreen", "Held at central for %1").replace(
                "%1", f"{seconds // 60}:{seconds % 60:02d}"
            )
            if self.extensions:
                text += " " + self.tr("(extended %n time(s))", "", self.extensions)
            self.hold_label.setText(text)
            self.hold_label.setProperty("urgent", seconds < 60)
            theme.set_tone(self.hold_label, "error" if seconds < 60 else "warning")  # repolished: #holdCountdown[urgent]

"""The door screen: scan, see a full-screen green or red verdict at a glance, next.

Scans come from a keyboard-wedge scanner wherever the focus is (ui/door/wedge.py), from a
camera where one exists (ui/door/camera.py: a small preview in the corner to aim with, a
toggle to switch it off), or from the manual search box (a code, or an order number sold on
this terminal). Wedge and camera emit the same ``scanned(str)``, taken by :meth:`scan`. Each
scan is validated and recorded by the core (:class:`pos.door.DoorValidator`) on the UI
thread: one short SQLite transaction, a few milliseconds, so the next scan is taken
immediately and in order. Counts of admitted and refused and the performance's capacity
stay on screen; the admitted count is refreshed every two seconds to include the other
gates' scans.

Each verdict has its sound (ui/door/sound.py: a bright double tone, or three low buzzes).
Scans are shared with the venue's other doors as saved in Settings (:meth:`start_sharing`).

Without a camera (or without QtMultimedia) a small note says so and the door works as before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos.door import DoorScan, DoorValidator, Verdict, counts, double_admissions
from pos.door.opened import note_open
from pos.door.scanlog import codes_for_order
from pos.door.sharing import DoorSharing, door_sharing
from pos.door.validator import gates_for
from pos.errors import PosError
from ui.door.camera import CameraScanner
from ui.door.sound import VerdictSound
from ui.door.verdict_words import VerdictWords
from ui.door.wedge import WedgeFilter
from ui.errors import show_error

if TYPE_CHECKING:
    from sync.door.peers import PeerNode

log = logging.getLogger(__name__)

GREEN, RED, IDLE = "#1b7f3b", "#b3261e", "#37474f"
ALERT = f"color: {RED}; font-weight: bold;"  # small red lines: doubles, doors not reachable
REPEAT_SECONDS = 3.0  # the same ticket again within this, at this door: the same green


class VerdictPanel(QFrame):
    """The big coloured panel. ``painted`` fires after each paint (latency bench, tests)."""

    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        self.painted.emit()


class DoorScreen(QWidget):
    verdict_shown = Signal(object)  # the DoorScan just shown

    def __init__(
        self,
        validator: DoorValidator,
        *,
        title: str = "",
        sound: bool = True,
        camera: CameraScanner | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.validator = validator
        self._monotonic = monotonic
        self._last_green: tuple[str, float, DoorScan] | None = None  # code, when, verdict
        self.sound = VerdictSound(self) if sound else None
        self.direction = "in"
        self.admitted = self.refused = 0
        self.capacity = 0
        self.peer_node: PeerNode | None = None
        self.words = VerdictWords(validator, self)
        self.wedge = WedgeFilter(self)
        self.wedge.scanned.connect(self.scan)
        self.camera = camera if camera is not None else CameraScanner()
        self.camera.setParent(self)
        self.camera.scanned.connect(self.scan)
        self.camera.failed.connect(self._camera_failed)
        self.camera.crowded.connect(self._camera_crowded)
        self.camera_wanted = True  # the steward's toggle; the camera runs while shown
        self._build(title)
        self.refresh_counts()
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(2000)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._counts_timer.start()
        self._show_idle()

    # --- layout ---------------------------------------------------------------------------

    def _build(self, title: str) -> None:
        head = QLabel(title or self.validator.door.event_name)
        head.setObjectName("doorTitle")
        self.gate_label = QLabel(self.tr("Gate %1").replace("%1", self.validator.gate))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("doorCounts")
        self.doubles_label = QLabel()  # after a split: tickets admitted at two gates
        self.doubles_label.setObjectName("doorDoubles")
        self.doubles_label.setStyleSheet(ALERT)
        self.sharing_label = QLabel()  # sharing scans with the other doors, or why not
        self.sharing_label.setObjectName("doorSharing")
        top = QHBoxLayout()
        top.addWidget(head, 1)
        top.addWidget(self.sharing_label)
        top.addWidget(self.gate_label)
        top.addWidget(self.counts_label)
        top.addWidget(self.doubles_label)

        self.panel = VerdictPanel()
        self.panel.setObjectName("verdictPanel")
        self.panel.setAutoFillBackground(True)
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        big = QFont()
        big.setPointSize(56)
        big.setBold(True)
        self.headline.setFont(big)
        self.detail = QLabel()
        self.detail.setObjectName("verdictDetail")
        mid = QFont()
        mid.setPointSize(22)
        self.detail.setFont(mid)
        self.detail.setWordWrap(True)
        self.holder = QLabel()
        self.holder.setObjectName("verdictHolder")
        self.holder.setFont(mid)
        inner = QVBoxLayout(self.panel)
        for w in (self.headline, self.detail, self.holder):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            w.setStyleSheet("color: white;")
            inner.addWidget(w)

        self.search = QLineEdit()
        self.search.setObjectName("doorSearch")
        self.search.setPlaceholderText(self.tr("Ticket code or order number"))
        self.search.returnPressed.connect(self.manual_search)
        find = QPushButton(self.tr("Check"))
        find.clicked.connect(self.manual_search)
        self.exit_button = QPushButton(self.tr("Exit scans"))
        self.exit_button.setCheckable(True)
        self.exit_button.toggled.connect(self._toggle_direction)
        bottom = QHBoxLayout()
        bottom.addWidget(self.search, 1)
        bottom.addWidget(find)
        bottom.addWidget(self.exit_button)
        bottom.addLayout(self._build_camera_corner())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        layout.addLayout(bottom)

    def _build_camera_corner(self) -> QVBoxLayout:
        # Small: the steward only needs to aim the ticket; the verdict is what must be big.
        self.camera_note = QLabel()
        self.camera_note.setObjectName("doorCameraNote")
        self.camera_note.setWordWrap(True)
        self.camera_note.setMaximumWidth(240)
        self.camera_note.setStyleSheet("color: #607d8b;")
        self.camera_button = QPushButton(self.tr("Camera"))
        self.camera_button.setObjectName("doorCameraToggle")
        self.camera_button.setCheckable(True)
        corner = QVBoxLayout()
        preview = self.camera.preview
        if preview is not None:
            preview.setObjectName("doorCameraPreview")
            preview.setFixedSize(240, 135)
            corner.addWidget(preview)
        corner.addWidget(self.camera_note)
        corner.addWidget(self.camera_button)
        if self.camera.has_camera:
            self.camera_button.setChecked(True)
            self.camera_button.setToolTip(self.camera.camera_name)
            self.camera_note.hide()
        else:
            self._camera_failed(self.camera.problem)
        self.camera_button.toggled.connect(self._toggle_camera)
        return corner

    def _toggle_camera(self, on: bool) -> None:
        self.camera_wanted = on
        if self.camera.preview is not None:
            self.camera.preview.setVisible(on)
        if on and self.isVisible():
            self.camera.start()
        elif not on:
            self.camera.stop()

    def _camera_crowded(self, count: int) -> None:
        self._paint(
            IDLE,
            self.tr("ONE TICKET AT A TIME"),
            self.tr("%1 codes in view: show the camera one ticket").replace("%1", str(count)),
            "",
        )

    def _camera_failed(self, problem: str) -> None:
        self.camera_note.setText(self.tr("%1: use the scanner or the search box").replace("%1", problem))
        self.camera_note.show()
        if self.camera.preview is not None:
            self.camera.preview.hide()
        self.camera_button.blockSignals(True)  # the toggle shows the steward's choice only
        self.camera_button.setChecked(False)
        self.camera_button.blockSignals(False)
        self.camera_button.setEnabled(False)

    def _toggle_direction(self, exits: bool) -> None:
        self.direction = "out" if exits else "in"
        self._show_idle()

    # --- scanning -------------------------------------------------------------------------

    def showEvent(self, event: object) -> None:  # noqa: N802
        self.wedge.install()
        if self.camera_wanted:
            self.camera.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # noqa: N802
        self.wedge.remove()
        self.camera.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.release_inputs()
        super().closeEvent(event)

    def release_inputs(self, *, wait_for_peers: bool = False) -> None:
        """Let go of the wedge filter, the camera and the other doors (the screen is closed or
        replaced). ``wait_for_peers``: the app is leaving and its store closes next."""
        self.wedge.remove()
        self.camera.close()
        self._stop_sharing(wait=wait_for_peers)

    def shut_down(self, *, wait_for_peers: bool = False) -> None:
        """The door is closed: its inputs, its peers and its validator's connections."""
        self.release_inputs(wait_for_peers=wait_for_peers)
        self.validator.close()

    def _stop_sharing(self, *, wait: bool = False) -> None:
        # Without ``wait``, a poll under way ends on its own: the UI never waits on a peer.
        if self.peer_node is not None:
            self.peer_node.stop(wait=wait)
            self.peer_node = None

    def start_sharing(self, sharing: DoorSharing) -> None:
        """Share this door's scans with the venue's other doors (Settings, or `pos door
        --listen/--peer`). If this door cannot answer on its address (taken, not this
        machine's), it works alone and says so: scanning never waits for the network."""
        from sync.door.peers import node_for

        self._stop_sharing()
        if not sharing.enabled:
            self.sharing_label.setText("")
            return
        try:
            node = node_for(self.validator.store, sharing)
            assert node is not None
            node.start()
        except (OSError, PosError) as exc:
            log.warning("door sharing not started: %s", exc)
            self.sharing_label.setStyleSheet(ALERT)
            self.sharing_label.setText(
                self.tr("Not sharing with the other doors: %1").replace(
                    "%1", exc.message if isinstance(exc, PosError) else str(exc)
                )
            )
            return
        self.peer_node = node
        self._show_sharing()

    def _show_sharing(self) -> None:
        """How the link to the other doors is doing, refreshed with the counts: a steward
        whose neighbours cannot be reached knows that a ticket could get in twice."""
        node = self.peer_node
        if node is None:
            return
        try:
            unreachable = len(list(node.stats.last_error))  # written by the poll thread
        except RuntimeError:  # changed while read: next refresh
            return
        if unreachable:
            self.sharing_label.setStyleSheet(ALERT)
            self.sharing_label.setText(
                self.tr("%1 of %2 other doors unreachable")
                .replace("%1", str(unreachable))
                .replace("%2", str(len(node.peers)))
            )
        else:
            self.sharing_label.setStyleSheet("")
            self.sharing_label.setText(
                self.tr("Sharing with %1 other doors").replace("%1", str(len(node.peers)))
            )

    def scan(self, code: str) -> DoorScan | None:
        key, now = code.strip().upper(), self._monotonic()
        last = self._last_green
        if (
            last is not None
            and last[0] == key
            and now - last[1] < REPEAT_SECONDS
            and last[2].direction.value == self.direction
        ):
            # The same ticket read again at once (a scanner that sends twice, the camera and
            # the scanner both, a holder who scans again): the same green, counted once, not
            # a red ALREADY ADMITTED that would turn the holder away.
            self.show_result(last[2], repeat=True)
            return last[2]
        try:
            result = self.validator.check(code, direction=self.direction)
        except PosError as exc:  # the store failed: nothing was recorded, say so in red
            self._paint(RED, self.tr("NOT CHECKED"), exc.message, "")
            return None
        self._last_green = (key, now, result) if result.green else None
        self.show_result(result)
        return result

    def manual_search(self) -> None:
        text = self.search.text().strip()
        self.search.clear()
        if not text:
            return
        if len(text) >= 100:  # a ticket code typed or pasted
            self.scan(text)
            return
        try:
            found = codes_for_order(self.validator.store, text)
        except PosError as exc:
            self._paint(RED, self.tr("NOT FOUND"), exc.message, "")
            return
        if not found:
            self._paint(
                RED, self.tr("NOT FOUND"), self.tr("No order %1 on this terminal").replace("%1", text), ""
            )
            return
        results = [r for r in (self.scan(code) for _tid, code in found) if r is not None]
        ok = sum(r.green for r in results)
        if len(results) > 1:
            self.detail.setText(
                self.tr("Order %1: %2 of %3 tickets accepted")
                .replace("%1", text)
                .replace("%2", str(ok))
                .replace("%3", str(len(results)))
            )

    def show_result(self, r: DoorScan, *, repeat: bool = False) -> None:
        """Paint the verdict; ``repeat``: the same green scan shown again, not counted again."""
        if r.green:
            self.admitted += 0 if repeat else r.admitted
            headline = self.tr("EXIT OK") if r.direction.value == "out" else self.tr("VALID")
        else:
            self.refused += 1
            headline = self._headline(r.verdict)
        holder = ""
        if r.holder_name:
            holder = (
                self.tr("Holder %1 · ID %2 — check the document")
                .replace("%1", r.holder_name)
                .replace("%2", r.holder_id or "-")
            )
        detail = self.words.detail(r)
        if repeat:
            detail = self.tr("%1 (read again: counted once)").replace("%1", detail)
        self._paint(GREEN if r.green else RED, headline, detail, holder)
        self._update_counts_label()
        if self.sound is not None:
            self.sound.play(green=r.green)
        self.verdict_shown.emit(r)

    def _headline(self, v: Verdict) -> str:
        return {
            Verdict.ALREADY_ADMITTED: self.tr("ALREADY ADMITTED"),
            Verdict.NOT_INSIDE: self.tr("NOT INSIDE"),
            Verdict.REFUNDED: self.tr("REFUNDED"),
            Verdict.EXCHANGED: self.tr("EXCHANGED"),
            Verdict.REPRINTED: self.tr("REPLACED BY REPRINT"),
            Verdict.CANCELLED: self.tr("CANCELLED"),
            Verdict.WRONG_PERFORMANCE: self.tr("WRONG EVENT OR DATE"),
            Verdict.WRONG_GATE: self.tr("WRONG GATE"),
            Verdict.NOT_YET_OPEN: self.tr("NOT YET OPEN"),
            Verdict.CLOSED: self.tr("CLOSED"),
            Verdict.FORGED: self.tr("FORGED"),
            Verdict.UNKNOWN_KEY: self.tr("UNKNOWN KEY"),
            Verdict.UNREADABLE: self.tr("UNREADABLE"),
        }.get(v, v.value.upper())

    def _show_idle(self) -> None:
        text = self.tr("Scan an exit") if self.direction == "out" else self.tr("Scan a ticket")
        self._paint(IDLE, text, "", "")

    def _paint(self, colour: str, headline: str, detail: str, holder: str) -> None:
        self.panel.setStyleSheet(f"#verdictPanel {{ background: {colour}; }}")
        self.panel.setProperty("colour", colour)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.holder.setText(holder)

    # --- counts ---------------------------------------------------------------------------

    def refresh_counts(self) -> None:
        try:
            c = counts(self.validator.store, self.validator.door.performance_id)
            doubles = double_admissions(self.validator.store, self.validator.door.performance_id)
        except PosError as exc:
            log.warning("door counts: %s", exc.message)
            return
        self.admitted, self.capacity = c.admitted, c.capacity
        self.refused = max(self.refused, c.rejected)
        self._update_counts_label()
        self.doubles_label.setText(
            self.tr("%1 double admissions (split)").replace("%1", str(len(doubles))) if doubles else ""
        )
        self._show_sharing()

    def _update_counts_label(self) -> None:
        self.counts_label.setText(
            self.tr("Admitted %1 / %2 · Refused %3")
            .replace("%1", str(self.admitted))
            .replace("%2", str(self.capacity))
            .replace("%3", str(self.refused))
        )


class DoorMode(QWidget):
    """The Door tab of the main window: pick today's performance and this door's gate, then
    the door screen. ``DoorMode(ctx)`` replaces the placeholder (see the report)."""

    def __init__(self, ctx: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.performances = QComboBox()
        self.performances.setObjectName("doorPerformance")
        self.gates = QComboBox()
        self.gates.setObjectName("doorGate")
        self.open_button = QPushButton(self.tr("Open the door"))
        self.open_button.clicked.connect(self.open_door)
        self.performances.currentIndexChanged.connect(self._fill_gates)
        picker = QWidget()
        form = QVBoxLayout(picker)
        form.addWidget(QLabel(self.tr("Performance")))
        form.addWidget(self.performances)
        form.addWidget(QLabel(self.tr("Gate")))
        form.addWidget(self.gates)
        form.addWidget(self.open_button)
        form.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(picker)
        self.door_screen: DoorScreen | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        # Read when the steward comes to the door, not when the app starts: today's list,
        # with what the last sync brought, and the choice kept.
        super().showEvent(event)
        if self.stack.currentIndex() == 0:
            self.refresh()

    def refresh(self) -> None:
        from pos.catalog.cache import list_performances

        chosen = self.performances.currentData()
        language = getattr(self.ctx, "language", "zh")
        today = self.ctx.clock().date()  # type: ignore[attr-defined]
        self.performances.blockSignals(True)
        self.performances.clear()
        for p in list_performances(self.ctx.store, on_or_after=today):  # type: ignore[attr-defined]
            self.performances.addItem(f"{p.starts_at:%m-%d %H:%M}  {p.name(language)}", p.performance_id)
        self.performances.setCurrentIndex(max(0, self.performances.findData(chosen)))
        self.performances.blockSignals(False)
        self._fill_gates()

    def _fill_gates(self) -> None:
        self.gates.clear()
        pid = self.performances.currentData()
        if pid:
            for g in gates_for(self.ctx.store, pid):  # type: ignore[attr-defined]
                self.gates.addItem(g, g)
        self.open_button.setEnabled(bool(pid) and self.gates.count() > 0)

    def open_door(self) -> DoorScreen | None:
        pid, gate = self.performances.currentData(), self.gates.currentData()
        if not pid or not gate:
            return None
        store = self.ctx.store  # type: ignore[attr-defined]
        try:
            validator = DoorValidator(store, performance_id=pid, gate=gate, clock=self.ctx.clock)  # type: ignore[attr-defined]
        except PosError as exc:  # e.g. the performance left the catalog with the last sync
            show_error(self, exc)
            return None
        try:
            # The background sync now brings this performance's scans from the other gates.
            note_open(store, pid, now=self.ctx.clock())  # type: ignore[attr-defined]
            sharing = door_sharing(store)
        except PosError as exc:  # the door still opens: it works alone until the next try
            log.warning("door opened without its sync and sharing set-up: %s", exc.message)
            sharing = DoorSharing()
        self.close_door()
        screen = self.door_screen = DoorScreen(validator, title=self.performances.currentText())
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        screen.start_sharing(sharing)
        return screen

    def close_door(self) -> None:
        """Close the open door screen, if any: its inputs, its peers, its connections."""
        if self.door_screen is None:
            return
        self.stack.removeWidget(self.door_screen)
        self.door_screen.shut_down()
        self.door_screen.deleteLater()
        self.door_screen = None

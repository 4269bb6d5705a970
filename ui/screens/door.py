"""The door screen: scan, see a full-screen green or red verdict at a glance, next.

Scans come from a keyboard-wedge scanner wherever the focus is (ui/door/wedge.py), from a
camera where one exists (ui/door/camera.py, with its corner in ui/door/camera_corner.py: a
small preview to aim with, a toggle to switch it off), or from the manual search box (a
code, or an order number sold on this terminal). Wedge and camera emit the same
``scanned(str)``, taken by :meth:`DoorScreen.scan`. Each scan is validated and recorded by
the core (:class:`pos.door.DoorValidator`) on the UI thread: one short SQLite transaction, a
few milliseconds, so the next scan is taken immediately and in order. The verdict is painted
on the big panel (ui/door/verdict_panel.py) in the words of ui/door/verdict_words.py.
Counts of admitted and refused and the performance's capacity stay on screen; the admitted
count is refreshed every two seconds to include the other gates' scans.

Each verdict has its sound (ui/door/sound.py: a bright double tone, or three low buzzes).
Scans are shared with the venue's other doors as saved in Settings (:meth:`start_sharing`,
ui/door/peer_link.py). The Door tab of the counter app, which picks the performance and the
gate first, is :mod:`ui.screens.door_mode`.

Without a camera (or without QtMultimedia) a small note says so and the door works as before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos.door import DoorScan, DoorValidator, counts, double_admissions
from pos.door.scanlog import codes_for_order
from pos.door.sharing import DoorSharing
from pos.errors import PosError
from sync.door.central import not_a_door
from ui import theme
from ui.door.camera import CameraScanner
from ui.door.camera_corner import CameraCorner
from ui.door.peer_link import PeerLink
from ui.door.sound import VerdictSound
from ui.door.verdict_panel import AMBER, GREEN, IDLE, RED, VerdictPanel
from ui.door.verdict_words import VerdictWords
from ui.door.wedge import WedgeFilter

if TYPE_CHECKING:
    from sync.door.peers import PeerNode

__all__ = ["GREEN", "IDLE", "RED", "REPEAT_SECONDS", "DoorScreen", "VerdictPanel"]

log = logging.getLogger(__name__)

REPEAT_SECONDS = 3.0  # the same ticket again within this, at this door: the same green


class DoorScreen(QWidget):
    verdict_shown = Signal(DoorScan)  # the DoorScan just shown

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
        self.words = VerdictWords(validator, self)
        self.wedge = WedgeFilter(self)
        self.wedge.scanned.connect(self.scan)
        self.camera = camera if camera is not None else CameraScanner()
        self.camera.setParent(self)
        self.camera.scanned.connect(self.scan)
        self.camera.crowded.connect(self._camera_crowded)
        self._build(title)
        self.refresh_counts()
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(2000)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._counts_timer.start()
        self._show_idle()

    # --- layout ---------------------------------------------------------------------------

    def _build(self, title: str) -> None:
        head = QLabel(title or self.words.title())  # the event in the steward's language
        head.setObjectName("doorTitle")
        self.gate_label = QLabel(self.tr("Gate %1").replace("%1", self.validator.gate))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("doorCounts")
        self.doubles_label = QLabel()  # after a split: tickets admitted at two gates
        self.doubles_label.setObjectName("doorDoubles")
        theme.set_tone(self.doubles_label, "error")
        # Central refuses this terminal's scans until a supervisor binds it as a door.
        self.unbound_label = QLabel()
        self.unbound_label.setObjectName("doorUnbound")
        theme.set_tone(self.unbound_label, "error")
        self.unbound_label.setWordWrap(True)
        self.unbound_label.hide()
        self.sharing_label = PeerLink()  # sharing scans with the other doors, or why not
        top = QHBoxLayout()
        top.addWidget(head, 1)
        top.addWidget(self.sharing_label)
        top.addWidget(self.gate_label)
        top.addWidget(self.counts_label)
        top.addWidget(self.doubles_label)

        self.panel = VerdictPanel()
        # The panel's lines, as the tests, the bench and the screenshots read them.
        self.headline, self.detail, self.holder = self.panel.headline, self.panel.detail, self.panel.holder

        self.search = QLineEdit()
        self.search.setObjectName("doorSearch")
        self.search.setPlaceholderText(self.tr("Ticket code or order number"))
        self.search.returnPressed.connect(self.manual_search)
        find = QPushButton(self.tr("Check"))
        find.clicked.connect(self.manual_search)
        self.exit_button = QPushButton(self.tr("Exit scans"))
        self.exit_button.setCheckable(True)
        self.exit_button.toggled.connect(self._toggle_direction)
        self.camera_corner = CameraCorner(self.camera)
        self.camera_note, self.camera_button = self.camera_corner.note, self.camera_corner.button
        bottom = QHBoxLayout()
        bottom.addWidget(self.search, 1)
        bottom.addWidget(find)
        bottom.addWidget(self.exit_button)
        bottom.addWidget(self.camera_corner)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.unbound_label)
        layout.addWidget(self.panel, 1)
        layout.addLayout(bottom)

    def _camera_crowded(self, count: int) -> None:
        self._paint(
            IDLE,
            self.tr("ONE TICKET AT A TIME"),
            self.tr("%1 codes in view: show the camera one ticket").replace("%1", str(count)),
            "",
        )

    def _toggle_direction(self, exits: bool) -> None:
        self.direction = "out" if exits else "in"
        self._show_idle()

    # --- inputs and peers -----------------------------------------------------------------

    @property
    def camera_wanted(self) -> bool:
        return self.camera_corner.wanted

    @property
    def peer_node(self) -> PeerNode | None:
        return self.sharing_label.node

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.wedge.install()
        if self.camera_wanted:
            self.camera.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.wedge.remove()
        self.camera.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.release_inputs()
        super().closeEvent(event)

    def release_inputs(self, *, wait_for_peers: bool = False) -> None:
        """Let go of the wedge filter, the camera and the other doors (the screen is closed or
        replaced). ``wait_for_peers``: the app is leaving and its store closes next."""
        self.wedge.remove()
        self.camera.close()
        self.sharing_label.stop(wait=wait_for_peers)

    def shut_down(self, *, wait_for_peers: bool = False) -> None:
        """The door is closed: its inputs, its peers and its validator's connections."""
        self.release_inputs(wait_for_peers=wait_for_peers)
        self.validator.close()

    def start_sharing(self, sharing: DoorSharing) -> None:
        """Share this door's scans with the venue's other doors (Settings, or `pos door
        --listen/--peer`); a door that cannot answer on its address works alone and says so."""
        self.sharing_label.start(self.validator.store, sharing)

    # --- scanning -------------------------------------------------------------------------

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
            # the scanner both): amber, counted once. Not a red ALREADY ADMITTED that would turn
            # the holder away, nor a green that lets a ticket passed back over the barrier in.
            self.show_result(last[2], repeat=now - last[1])
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

    def show_result(self, r: DoorScan, *, repeat: float | None = None) -> None:
        """Paint the verdict; ``repeat``: seconds since this same green scan, shown again in
        amber and not counted again."""
        if r.green:
            self.admitted += 0 if repeat is not None else r.admitted
        else:
            self.refused += 1
        holder = ""
        if r.holder_name:
            holder = (
                self.tr("Holder %1 · ID %2 — check the document")
                .replace("%1", r.holder_name)
                .replace("%2", r.holder_id or "-")
            )
        detail, headline = self.words.detail(r), self.words.headline(r)
        if repeat is not None:
            headline = self.tr("ADMITTED JUST NOW")
            detail = self.tr("%1: let in %2 s ago at this gate. One person per ticket.").replace(
                "%1", detail).replace("%2", str(max(1, round(repeat))))
        colour = AMBER if repeat is not None else GREEN if r.green else RED
        self._paint(colour, headline, detail, holder)
        self._update_counts_label()
        if self.sound is not None:
            self.sound.play(green=r.green and repeat is None)
        self.verdict_shown.emit(r)

    def _show_idle(self) -> None:
        text = self.tr("Scan an exit") if self.direction == "out" else self.tr("Scan a ticket")
        self._paint(IDLE, text, "", "")

    def _paint(self, colour: str, headline: str, detail: str, holder: str) -> None:
        self.panel.set_verdict(colour, headline, detail, holder)

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
        self.sharing_label.refresh()
        self._show_unbound()

    def _show_unbound(self) -> None:
        if not not_a_door(self.validator.store):
            self.unbound_label.hide()
            return
        self.unbound_label.setText(self.tr(
            "Central refuses this terminal's scans: it is not bound as a door of this venue. "
            "Scans are kept here. Ask a supervisor to bind it at central "
            "(pos central door bind %1 --venue VENUE)."
        ).replace("%1", self.validator.terminal_id))
        self.unbound_label.show()

    def _update_counts_label(self) -> None:
        self.counts_label.setText(
            self.tr("Admitted %1 / %2 · Refused %3")
            .replace("%1", str(self.admitted))
            .replace("%2", str(self.capacity))
            .replace("%3", str(self.refused))
        )

"""The door's link to the venue's other doors (its :class:`PeerNode`), and the line on the
door screen that says how it is doing: a steward whose neighbours cannot be reached knows
that a ticket could get in twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from pos.door.sharing import DoorSharing
from pos.errors import PosError
from pos.store.db import Store
from ui import theme

if TYPE_CHECKING:
    from sync.door.peers import PeerNode

log = logging.getLogger(__name__)


class PeerLink(QLabel):
    """Shows sharing with the other doors, or why not; ``node`` is the running peer node."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doorSharing")
        self.node: PeerNode | None = None

    def start(self, store: Store, sharing: DoorSharing) -> None:
        """Share this door's scans as ``sharing`` says. If this door cannot answer on its
        address (taken, not this machine's), it works alone and says so: scanning never
        waits for the network."""
        from sync.door.peers import node_for

        self.stop()
        if not sharing.enabled:
            self.setText("")
            return
        try:
            node = node_for(store, sharing)
            assert node is not None
            node.start()
        except (OSError, PosError) as exc:
            log.warning("door sharing not started: %s", exc)
            theme.set_tone(self, "error")
            self.setText(
                self.tr("Not sharing with the other doors: %1").replace(
                    "%1", exc.message if isinstance(exc, PosError) else str(exc)
                )
            )
            return
        self.node = node
        self.refresh()

    def stop(self, *, wait: bool = False) -> None:
        # Without ``wait``, a poll under way ends on its own: the UI never waits on a peer.
        if self.node is not None:
            self.node.stop(wait=wait)
            self.node = None

    def refresh(self) -> None:
        node = self.node
        if node is None:
            return
        try:
            unreachable = len(list(node.stats.last_error))  # written by the poll thread
        except RuntimeError:  # changed while read: next refresh
            return
        if unreachable:
            theme.set_tone(self, "error")
            self.setText(
                self.tr("%1 of %2 other doors unreachable")
                .replace("%1", str(unreachable))
                .replace("%2", str(len(node.peers)))
            )
        else:
            theme.set_tone(self, "")
            self.setText(self.tr("Sharing with %1 other doors").replace("%1", str(len(node.peers))))

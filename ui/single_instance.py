"""One app per data folder: a second start hands over to the first and brings its window up.

The claim is a ``QLockFile`` in the data folder (it notices a lock left by a crashed app
from the PID in it); the hand-over is a ``QLocalServer`` named after the data folder, to
which a second start sends "raise" before it exits. Two app windows on one store would
each think they own the printer and the cash drawer.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from pos.errors import StoreReadOnly

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LOCK_FILE = "app.lock"
_RAISE = b"raise\n"
_WAIT_MS = 1000


def server_name(data_dir: Path) -> str:
    """A local socket name unique to the data folder (and short enough for every OS)."""
    key = str(Path(data_dir).resolve())
    return "outlet-pos-" + hashlib.sha256(key.encode()).hexdigest()[:20]


class SingleInstance(QObject):
    """``claim()`` once at start; keep the object alive for the life of the app."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.name = server_name(self.data_dir)
        self._lock = QLockFile(str(self.data_dir / LOCK_FILE))
        self._lock.setStaleLockTime(0)  # only the PID decides whether a lock is stale
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this process is the one app on the folder; otherwise ask the one that
        is to come to the front and return False."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreReadOnly(f"cannot create the data folder {self.data_dir}: {exc.strerror}") from exc
        if not self._lock.tryLock(0):
            if self._lock.error() != QLockFile.LockError.LockFailedError:
                # Not "someone holds it": the folder cannot be written.
                raise StoreReadOnly(
                    f"the data folder {self.data_dir} is read-only or not writable: nothing was changed"
                )
            self._hand_over()
            return False
        QLocalServer.removeServer(self.name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning(
                "cannot listen on %s (%s): a second start will not raise this window",
                self.name,
                server.errorString(),
            )
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def holder_pid(self) -> int | None:
        # PySide6 returns (pid, host name, app name), or a bool when there is no lock file.
        info = self._lock.getLockInfo()
        if isinstance(info, tuple) and info and isinstance(info[0], int) and info[0] > 0:
            return info[0]
        return None

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()

    def _hand_over(self) -> None:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(_WAIT_MS):
            log.warning("the running app (pid %s) did not answer", self.holder_pid())
            return
        sock.write(_RAISE)
        sock.flush()
        sock.waitForBytesWritten(_WAIT_MS)
        sock.disconnectFromServer()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (conn := self._server.nextPendingConnection()) is not None:
            # The second start writes one line and leaves: read it now (a few ms at most)
            # rather than keep Python callbacks on a socket Qt will delete.
            if conn.bytesAvailable() or conn.waitForReadyRead(_WAIT_MS):
                data = bytes(conn.readAll().data())
                if data.startswith(_RAISE.strip()):
                    log.info(
                        "another start on this data folder asked to raise the window (we are pid %s)",
                        os.getpid(),
                    )
                    self.raise_requested.emit()
            conn.close()
            conn.deleteLater()


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise and focus a window (as far as the window manager allows)."""
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.show()
    window.raise_()
    window.activateWindow()

"""A fake ESC/POS network printer on loopback, for tests.

A TCP listener on 127.0.0.1 (an ephemeral port) that records every byte of every
connection and, like a real network printer, answers the real-time status query
``DLE EOT n`` (n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor) with one
status byte. It can be told to:

* answer with the status of a printer that is ready, out of paper, open, near its paper
  end, offline, or not answer at all (``status=``);
* stop reading after N bytes of a connection, as a printer whose buffer is full and whose
  paper ran out does (``stop_reading_at=``): the connection stays open, unread;
* drop the connection (a TCP reset) when N bytes of it have arrived (``drop_at=``).

Every wait is bounded; a test never sleeps. :meth:`close` ends every connection and
re-raises what went wrong in the printer's threads.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from printing.profiles import PrinterProfile

DLE_EOT = b"\x10\x04"
WAIT = 10.0  # the longest any fake-printer wait may take (seconds)

# The status bytes a printer answers for DLE EOT 1..4, as in the ESC/POS manual: bit 1 and
# bit 4 always set, bits 0 and 7 clear.
STATUSES: dict[str, dict[int, int] | None] = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    # offline (bit 3); offline because the paper ran out (bit 5); paper-end sensor (bits 5, 6)
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72},
    # offline; cover open (bit 2)
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    # still online; paper near-end sensor (bits 2, 3)
    "paper_low": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    # offline with no cause given (the feed button held, a pause)
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},
    # an error: the cutter jammed (error cause bit 3), offline with error (cause bit 6)
    "error": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},
    # a printer (or a box in front of it) that never answers status
    "silent": None,
}


@dataclass
class Connection:
    """One TCP connection to the fake printer, as it saw it."""

    received: bytearray = field(default_factory=bytearray)
    queries: list[int] = field(default_factory=list)  # the n of every DLE EOT n answered
    closed_by_client: bool = False
    dropped: bool = False
    stopped: bool = False


class FakePrinter:
    def __init__(
        self,
        status: str = "ready",
        *,
        stop_reading_at: int | None = None,
        drop_at: int | None = None,
        statuses: list[str] | None = None,
        status_after: tuple[int, str] | None = None,
    ) -> None:
        """``statuses``: the status of each connection in turn (the last one repeats);
        ``status`` is the same for every connection; ``status_after`` (N, status): the
        status a connection answers once N bytes of it arrived (the paper ran out mid-job)."""
        for s in [*(statuses or [status]), *([status_after[1]] if status_after else [])]:
            if s not in STATUSES:
                raise ValueError(f"unknown printer status {s!r}")
        self.statuses = list(statuses or [status])
        self.status_after = status_after
        self.stop_reading_at = stop_reading_at
        self.drop_at = drop_at
        self.connections: list[Connection] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.05)  # the accept loop looks at _stop this often
        self.port: int = self._server.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    # --- for the test -------------------------------------------------------------------

    def profile(self, **kw: Any) -> PrinterProfile:
        """A network profile for this printer; a short timeout so that silence is quick."""
        return PrinterProfile(
            name=kw.pop("name", "FAKE"),
            connection="network",
            host="127.0.0.1",
            port=self.port,
            timeout=kw.pop("timeout", 0.5),
            **kw,
        )

    @property
    def received(self) -> bytes:
        """Every byte of every connection, in order, without the status queries."""
        with self._lock:
            return b"".join(bytes(_strip_queries(c)) for c in self.connections)

    def close(self) -> list[Connection]:
        """End every connection; raise what went wrong in the printer's threads."""
        self._stop.set()
        self._acceptor.join(WAIT)
        for t in list(self._threads):
            t.join(WAIT)
        self._server.close()
        alive = [t for t in [self._acceptor, *self._threads] if t.is_alive()]
        assert not alive, "the fake printer did not stop"
        if self.errors:
            raise self.errors[0]
        return self.connections

    # --- the printer --------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            stopping = self._stop.is_set()
            if stopping:
                self._server.setblocking(False)  # take what is queued, then end
            try:
                conn, _ = self._server.accept()
            except (TimeoutError, BlockingIOError):
                if stopping:
                    return
                continue
            except OSError as exc:
                self.errors.append(exc)
                return
            with self._lock:
                record = Connection()
                index = len(self.connections)
                self.connections.append(record)
            status = self.statuses[min(index, len(self.statuses) - 1)]
            t = threading.Thread(target=self._serve, args=(conn, record, STATUSES[status]), daemon=True)
            self._threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket, record: Connection, answers: dict[int, int] | None) -> None:
        conn.settimeout(0.05)
        try:
            with conn:
                while True:
                    limit = self._limit(len(record.received))
                    if limit == 0:
                        if self.drop_at is not None and len(record.received) >= self.drop_at:
                            # SO_LINGER 0: close() sends RST, as a printer that reboots does
                            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00" * 2)
                            record.dropped = True
                            return
                        record.stopped = True
                        self._stop.wait(WAIT)  # hold the connection open, unread
                        return
                    try:
                        chunk = conn.recv(limit)
                    except TimeoutError:
                        if self._stop.is_set():  # what the client sent has all been read
                            return
                        continue
                    if not chunk:
                        record.closed_by_client = True
                        return
                    with self._lock:
                        record.received += chunk
                    n = _pending_query(record.received)
                    if self.status_after and len(record.received) > self.status_after[0]:
                        answers = STATUSES[self.status_after[1]]
                    if n is not None and answers is not None:
                        record.queries.append(n)
                        conn.sendall(bytes([answers[n]]))
        except ConnectionResetError:
            record.closed_by_client = True
        except BaseException as exc:  # reported to the test by close()
            self.errors.append(exc)

    def _limit(self, have: int) -> int:
        """How many more bytes may be read now (0: stop reading)."""
        limit = 65536
        for cap in (self.stop_reading_at, self.drop_at):
            if cap is not None:
                limit = min(limit, max(cap - have, 0))
        return limit


def _pending_query(data: bytearray) -> int | None:
    """The n of a DLE EOT n query at the end of what arrived, if there is one."""
    if len(data) >= 3 and data[-3:-1] == DLE_EOT and 1 <= data[-1] <= 4:
        return data[-1]
    return None


def _strip_queries(c: Connection) -> bytes:
    data = bytes(c.received)
    for n in set(c.queries):
        data = data.replace(DLE_EOT + bytes([n]), b"")
    return data

"""A TCP proxy on 127.0.0.1 that breaks HTTP exchanges on purpose.

Each of the first ``faults`` connections suffers ``mode``; later ones pass through:
- ``reset``: the request is read, then the client's connection is reset (RST), nothing forwarded;
- ``drop_reply``: the request reaches central and is answered (so it committed), then the
  client's connection is closed without the answer;
- ``slow``: the answer is held back past the client's read timeout, then dropped;
- ``truncate``: half of the answer is passed on, then the connection closes.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field


def _read_http(sock: socket.socket) -> bytes:
    """One HTTP message with a Content-Length body (what uvicorn and requests send)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _reset(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


@dataclass
class FaultProxy:
    upstream_port: int
    mode: str = "pass"
    faults: int = 0
    hold_seconds: float = 2.0
    port: int = 0
    faulted: int = 0
    forwarded: int = 0
    forwarded_event: threading.Event = field(default_factory=threading.Event)
    forward_target: int = 0
    down_at_target: bool = False  # from the target on, act as if central were gone
    down: bool = False
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _take_fault(self) -> str:
        with self._lock:
            if self.faulted < self.faults:
                self.faulted += 1
                return self.mode
            return "pass"

    def _serve(self, client: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                request = _read_http(client)
                if not request:
                    return
                mode = self._take_fault()
                if mode == "reset" or self.down:
                    _reset(client)
                    return
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
                except OSError:
                    _reset(client)  # central is down: the client sees a reset
                    return
                with upstream:
                    upstream.sendall(request)
                    answer = _read_http(upstream)
                with self._lock:
                    self.forwarded += 1
                    if self.forward_target and self.forwarded >= self.forward_target:
                        if not self.forwarded_event.is_set():
                            self.down = self.down_at_target  # once: the test brings it back
                        self.forwarded_event.set()
                if mode == "drop_reply":
                    client.close()
                    return
                if mode == "slow":
                    self._stop.wait(self.hold_seconds)
                    client.close()
                    return
                if mode == "truncate":
                    client.sendall(answer[: max(1, len(answer) // 2)])
                    client.close()
                    return
                client.sendall(answer)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                client.close()

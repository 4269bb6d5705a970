"""Printing fixtures: a sold order, printer profiles, and a loopback "network printer"."""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from pos.cash.tenders import Tender
from pos.money import Money
from pos.sales import CartItem, SaleResult, sell, standing
from printing.profiles import PrinterProfile
from tests.factories import NOW

CASH = Tender(kind="cash", amount=Money(500000))


def sell_order(
    counter: Any, items: list[CartItem] | None = None, tenders: list[Tender] | None = None
) -> SaleResult:
    return sell(
        counter.store,
        performance_id="P-CONCERT",
        items=items
        or [
            CartItem("adult", seat_id="A-1-1"),
            CartItem("child", seat_id="A-1-2"),
            *standing("FLOOR", 2, "adult"),
        ],
        tenders=tenders or [CASH],
        actor=counter.clerk,
        signer=counter.signer,
        coupon_code=None,
        now=NOW,
    )


def set_language(counter: Any, language: str) -> None:
    con = sqlite3.connect(counter.store.path)
    with con:
        con.execute("UPDATE terminal SET language = ?", (language,))
    con.close()


@pytest.fixture
def sale(counter: Any) -> SaleResult:
    return sell_order(counter)


@dataclass
class Capture:
    """A transport that keeps what would have gone to the printer; it stands in for a
    printer that confirms every job (``confirms=False``: one that cannot report)."""

    sent: list[bytes] = field(default_factory=list)
    confirms: bool = True

    def __call__(self, profile: PrinterProfile, data: bytes, *, on_sent: Any = None) -> bool:
        self.sent.append(data)
        if on_sent is not None:
            on_sent()
        return self.confirms


@pytest.fixture
def capture() -> Capture:
    return Capture()


def file_profile(path: Any, **kw: Any) -> PrinterProfile:
    return PrinterProfile(name=kw.pop("name", "P1"), connection="file", device=str(path), **kw)


class LoopbackPrinter:
    """A TCP listener on 127.0.0.1 standing in for a network printer (port 9100).

    ``behaviour``: ``read`` keeps every byte until the client closes; ``reset`` accepts and
    resets the connection at once; ``status`` answers DLE EOT queries with ``answers``.
    """

    def __init__(self, behaviour: str = "read", answers: dict[bytes, bytes] | None = None) -> None:
        self.behaviour = behaviour
        self.answers = answers or {}
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.connections = 0
        self.client_connected = threading.Event()  # set by the test once connect() returned
        self.reset_done = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def profile(self, **kw: Any) -> PrinterProfile:
        return PrinterProfile(
            name=kw.pop("name", "NET"),
            connection="network",
            host="127.0.0.1",
            port=self.port,
            timeout=kw.pop("timeout", 2.0),
            **kw,
        )

    def _serve(self) -> None:
        try:
            conn, _ = self.server.accept()
            self.connections += 1
            with conn:
                if self.behaviour == "reset":
                    # Wait for the client's connect() to return: a reset racing it would
                    # look like a refused connection, not a dropped one.
                    self.client_connected.wait(5)
                    # SO_LINGER 0: close() sends RST, as a printer that reboots mid-job would.
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    conn.close()
                    self.reset_done.set()
                    return
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    self.received += chunk
                    if self.behaviour == "status":
                        for query, answer in self.answers.items():
                            if self.received.endswith(query):
                                conn.sendall(answer)
        except BaseException as exc:  # reported to the test through join()
            self.error = exc

    def join(self) -> bytes:
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "the loopback printer did not finish"
        self.server.close()
        if self.error:
            raise self.error
        return bytes(self.received)


@pytest.fixture
def loopback() -> Iterator[type[LoopbackPrinter]]:
    made: list[LoopbackPrinter] = []

    def make(*args: Any, **kw: Any) -> LoopbackPrinter:
        p = LoopbackPrinter(*args, **kw)
        made.append(p)
        return p

    yield make  # type: ignore[misc]
    for p in made:
        p.server.close()


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


@pytest.fixture
def fake_printer() -> Iterator[Any]:
    """A factory of :class:`tests.printing.fakeprinter.FakePrinter`; all closed after the test."""
    from tests.printing.fakeprinter import FakePrinter

    made: list[FakePrinter] = []

    def make(*args: Any, **kw: Any) -> FakePrinter:
        p = FakePrinter(*args, **kw)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()

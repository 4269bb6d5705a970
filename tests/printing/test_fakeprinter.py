"""The fake network printer itself: it records, answers status, stops reading, drops."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from printing.connections import send, status
from printing.errors import PrinterConnectionLost
from tests.printing.fakeprinter import FakePrinter


def _talk(printer: FakePrinter, data: bytes, read: int = 0) -> bytes:
    with socket.create_connection(("127.0.0.1", printer.port), timeout=2) as s:
        s.sendall(data)
        return s.recv(read) if read else b""


def test_records_bytes_and_answers_each_status_query(fake_printer: Any) -> None:
    printer = fake_printer("paper_low")
    assert _talk(printer, b"hello\x10\x04\x04", read=1) == b"\x1e"
    assert _talk(printer, b"\x10\x04\x01", read=1) == b"\x12"
    conns = printer.close()
    assert printer.received == b"hello" and [c.queries for c in conns] == [[4], [1]]


@pytest.mark.parametrize(
    ("name", "ready", "paper", "cover", "words"),
    [
        ("ready", True, "ok", False, "ready"),
        ("paper_out", False, "out", False, "load a new roll"),
        ("cover_open", False, "ok", True, "close it"),
        ("paper_low", True, "low", False, "running low"),
        ("offline", False, "ok", False, "offline"),
        ("error", False, "ok", False, "reports an error"),
    ],
)
def test_status_bytes_read_as_the_printer_meant_them(
    fake_printer: Any, name: str, ready: bool, paper: str, cover: bool, words: str
) -> None:
    printer = fake_printer(name)
    st = status(printer.profile())
    printer.close()
    assert st.reported and st.ready is ready and st.paper == paper and st.cover_open is cover
    assert words in st.message


def test_a_silent_printer_answers_nothing(fake_printer: Any) -> None:
    printer = fake_printer("silent")
    st = status(printer.profile(timeout=0.2))
    printer.close()
    assert not st.reported and "does not report" in st.message


def test_stop_reading_keeps_the_rest_unread(fake_printer: Any) -> None:
    printer = fake_printer(stop_reading_at=1000)
    _talk(printer, b"x" * 5000)  # the kernel's buffers take the rest: no error
    conns = printer.close()
    assert len(printer.received) == 1000 and conns[0].stopped and not conns[0].dropped


def test_drop_at_resets_the_connection(fake_printer: Any) -> None:
    printer = fake_printer(drop_at=100)
    with pytest.raises(PrinterConnectionLost, match="broke while printing"):
        send(printer.profile(), b"x" * 5_000_000)  # more than loopback buffers hold
    assert printer.connections[0].queries == [1, 2, 4]  # asked first: ready, so it sent
    conns = printer.close()
    assert len(printer.received) == 100 - 9 and conns[0].dropped  # 100 bytes, 9 of them queries


def test_statuses_in_turn_and_unknown_status(fake_printer: Any) -> None:
    printer = fake_printer(statuses=["ready", "paper_out"])
    first, second, third = (status(printer.profile()) for _ in range(3))
    printer.close()
    assert first.ready and not second.ready and third.paper == "out"
    with pytest.raises(ValueError, match="unknown printer status"):
        FakePrinter("on fire")

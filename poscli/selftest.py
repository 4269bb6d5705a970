"""``pos --self-test``: prove an installed (or bundled) app works, without touching real data.

In a temporary folder it creates a store (every migration runs), signs a ticket code with
a fresh key and validates it against the store's known keys, renders a ticket with Chinese
text and the code's QR in both printer modes (raster and text), and, when Qt can start
(offscreen is fine), builds a widget. Each step prints one line; any failure exits 1.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import click


def _store_and_code(folder: Path) -> str:
    from pos.store.db import open_store
    from pos.terminal.identity import init_terminal, known_keys, load_signer
    from pos.tickets import TicketClaims, new_ticket_id, verify

    init_terminal(folder, terminal_id="SELFTEST", outlet_id="SELFTEST")
    store = open_store(folder)
    try:
        claims = TicketClaims(
            ticket_id=new_ticket_id(),
            performance_id="P-SELFTEST",
            item_id="A-1-1",
            gate_id="G1",
            concession="adult",
            issued_at=int(datetime.now(UTC).timestamp()),
        )
        code = load_signer(store).sign(claims)
        verified = verify(code, keys=known_keys(store))
        if verified.claims != claims:
            raise AssertionError("the validated ticket does not match what was signed")
        return code
    finally:
        store.close()


def _render(code: str) -> str:
    from printing.fonts import check_font
    from printing.jobs import render
    from printing.layout import QR, Document, Rule, Text
    from printing.profiles import PrinterProfile

    check_font()
    doc = Document(
        "ticket",
        "zh",
        (Text("自检 入场券 Self-test ticket", bold=True, large=True), Text("A区 1排 1座 ¥380.00"), Rule(), QR(code)),
    )
    sizes = []
    for mode in ("raster", "text"):
        profile = PrinterProfile(name="selftest", connection="file", device=os.devnull, mode=mode)
        data = render([doc], profile)
        if len(data) < 100:
            raise AssertionError(f"{mode} rendering produced only {len(data)} bytes")
        sizes.append(f"{mode} {len(data)} bytes")
    return ", ".join(sizes)


def _qt() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.selftest import qt_check

    return qt_check()


def run_self_test() -> int:
    steps: list[tuple[str, Callable[[], str]]] = []
    with tempfile.TemporaryDirectory(prefix="pos-selftest-") as tmp:
        code_box: list[str] = []

        def store_step() -> str:
            code_box.append(_store_and_code(Path(tmp) / "data"))
            return f"store created, ticket code of {len(code_box[0])} chars validated"

        steps = [("store + ticket code", store_step), ("ticket rendering", lambda: _render(code_box[0])),
                 ("user interface", _qt)]
        failed = False
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step()
            except Exception as exc:  # the self-test reports every failure as one line
                click.echo(f"FAIL  {name}: {type(exc).__name__}: {exc}")
                failed = True
                break
            click.echo(f"OK    {name}: {detail} ({(time.perf_counter() - started) * 1000:.0f} ms)")
    click.echo("self-test failed" if failed else "self-test passed")
    return 1 if failed else 0

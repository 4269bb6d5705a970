"""A city partner's statement printed on the outlet's receipt printer (issue 24), as a recorded
print job (kind ``report``, as the Z-report), in the outlet's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pos.store import sql
from pos.store.db import Store
from pos.terminal.identity import terminal_info
from printing.connections import send
from printing.jobs import PrintOutcome, Transport, print_documents
from printing.layout import Document
from printing.layouts.partner import statement_layout
from printing.profiles import PrinterProfile


def statement_document(
    statement: Mapping[str, Any],
    *,
    language: str,
    currency: str,
    outlet_name: str = "",
    mismatches: Sequence[Mapping[str, Any]] = (),
    printed_by: str = "",
    now: datetime | None = None,
) -> Document:
    return statement_layout(statement, language=language, currency=currency, printed_at=now or datetime.now(UTC),
                            outlet_name=outlet_name, mismatches=mismatches, printed_by=printed_by)


def outlet_name(store: Store, outlet_id: str, language: str) -> str:
    """The outlet's name in ``language`` from the catalog ("" before the first sync)."""
    with store.read() as session:
        row = sql.row(session, "SELECT name_zh, name_en FROM outlet WHERE id = ?", outlet_id)
    if row is None:
        return ""
    return str(row.name_zh if language == "zh" else row.name_en)


def print_statement(
    store: Store,
    *,
    statement: Mapping[str, Any],
    printer: PrinterProfile,
    mismatches: Sequence[Mapping[str, Any]] = (),
    staff_id: str | None = None,
    transport: Transport = send,
    now: datetime | None = None,
) -> PrintOutcome:
    """Print the statement (central's JSON) in the terminal's language and currency."""
    info = terminal_info(store)
    doc = statement_document(statement, language=info.language, currency=info.currency,
                             outlet_name=outlet_name(store, str(statement["outlet_id"]), info.language),
                             mismatches=mismatches, printed_by=staff_id or "", now=now)
    return print_documents(store, kind="report", documents=[doc], printer=printer, staff_id=staff_id,
                           transport=transport, now=now)

"""Small JSON settings in the store's ``setting`` table (cursors, central, printers, caps)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from pos.errors import InvalidInput
from pos.store import sql
from pos.store.db import Store


def read(session: Session, key: str) -> Any:
    found = sql.row(session, "SELECT value FROM setting WHERE key = ?", key)
    return json.loads(found.value) if found else None


def write(session: Session, key: str, value: Any) -> None:
    sql.run(
        session,
        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, sort_keys=True, ensure_ascii=False)),
    )


def get(store: Store, key: str) -> Any:
    with store.read() as session:
        return read(session, key)


def put(store: Store, key: str, value: Any) -> None:
    with store.write() as session:
        write(session, key, value)


# --- terminal preferences shown in the app's Settings -------------------------------------

DISPLAY_LANGUAGE = "ui.language"
CUSTOMER_DISPLAY = "ui.customer_display"
UI_LANGUAGES = ("zh", "en")


def display_language(store: Store) -> str | None:
    """The language the counter app shows (None: the outlet's language)."""
    value = get(store, DISPLAY_LANGUAGE)
    return value if value in UI_LANGUAGES else None


def set_display_language(store: Store, *, language: str) -> None:
    if language not in UI_LANGUAGES:
        raise InvalidInput(f"the app's language must be one of {', '.join(UI_LANGUAGES)}, not {language!r}")
    put(store, DISPLAY_LANGUAGE, language)


def customer_display_enabled(store: Store) -> bool:
    value = get(store, CUSTOMER_DISPLAY)
    return True if value is None else bool(value)


def set_customer_display(store: Store, *, enabled: bool) -> None:
    if not isinstance(enabled, bool):
        raise InvalidInput("the customer display setting is on or off")
    put(store, CUSTOMER_DISPLAY, enabled)

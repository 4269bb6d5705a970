"""Small JSON settings in the store's ``setting`` table (cursors, central, printers, caps)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

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

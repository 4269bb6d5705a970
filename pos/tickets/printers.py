"""Printer profiles, kept in the ``setting`` table as JSON under ``printer:NAME`` (what a
profile holds is validated by ``printing``, which owns printers)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pos.errors import InvalidInput, NotFound
from pos.store import sql
from pos.store.db import Store

PROFILE_PREFIX = "printer:"
_PRINTER_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


def check_printer_name(name: str) -> str:
    if not isinstance(name, str) or not _PRINTER_NAME.match(name):
        raise InvalidInput("a printer name is 1-40 letters, digits or _.-")
    return name


def save_printer_profile(store: Store, *, name: str, settings: Mapping[str, Any]) -> None:
    """Store a printer profile (already validated by ``printing``) as JSON under its name."""
    check_printer_name(name)
    value = json.dumps(dict(settings), sort_keys=True, ensure_ascii=False)
    with store.write() as session:
        sql.run(
            session,
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (PROFILE_PREFIX + name, value),
        )


def printer_profiles(store: Store) -> dict[str, dict[str, Any]]:
    """Every stored profile by name; an unreadable one maps to ``{}`` (the caller says so)."""
    out: dict[str, dict[str, Any]] = {}
    with store.read() as session:
        for r in sql.rows(session, "SELECT key, value FROM setting WHERE key LIKE ?", PROFILE_PREFIX + "%"):
            try:
                value = json.loads(r.value)
            except ValueError:
                value = {}
            out[r.key[len(PROFILE_PREFIX) :]] = value if isinstance(value, dict) else {}
    return out


def printer_profile(store: Store, *, name: str) -> dict[str, Any]:
    found = printer_profiles(store).get(name)
    if found is None:
        raise NotFound(f"no printer profile {name!r}: add it with `pos printer add`", printer=name)
    return found


def delete_printer_profile(store: Store, *, name: str) -> None:
    with store.write() as session:
        if not sql.run(session, "DELETE FROM setting WHERE key = ?", (PROFILE_PREFIX + name,)).rowcount:
            raise NotFound(f"no printer profile {name!r}", printer=name)

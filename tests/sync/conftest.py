"""A real central server on 127.0.0.1 (SQLite always, PostgreSQL when POS_TEST_PG_URL is set)
and terminals enrolled with it, with an in-memory OS keyring."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from central.services import admin
from tests.central.conftest import pg_database  # noqa: F401  (a fixture, shared)
from tests.central.live import Live, live_server
from tests.factories import small_catalog


class MemoryKeyring(KeyringBackend):
    """The OS keyring, as a dict: what a desktop's Secret Service would do."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def central_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.sqlite'}"
    from tests.central.conftest import _truncate

    url: str = request.getfixturevalue("pg_database")
    _truncate(url)
    return url


def catalog_now() -> dict[str, Any]:
    return small_catalog(datetime.now(UTC))


@pytest.fixture
def central(central_db: str) -> Iterator[Live]:
    with live_server(central_db, catalog_now()) as live:
        yield live


@dataclass
class EnrolledTerminal:
    data_dir: Path
    live: Live


def enrol_code(live: Live, outlet: str = "BO-1") -> str:
    return admin.make_enrol_code(live.ctx, outlet)

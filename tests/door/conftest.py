from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.store.db import open_store
from pos.tickets import TicketSigner, generate_private_key, private_key_from_pem, private_key_to_pem
from tests.door.helpers import Door, make_door

SELLER_PEM = "seller-key.pem"  # the outlet terminal's key, kept beside the template to sign with


@pytest.fixture(scope="session")
def door_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("door-template") / "door"
    key = generate_private_key()
    make_door(path, seller=TicketSigner(key)).store.close()
    (path / SELLER_PEM).write_bytes(private_key_to_pem(key))
    return path


@pytest.fixture
def door(door_template: Path, tmp_path: Path) -> Iterator[Door]:
    path = tmp_path / "door"
    shutil.copytree(door_template, path)
    store = open_store(path)
    yield Door(store, TicketSigner(private_key_from_pem((path / SELLER_PEM).read_bytes())))
    store.close()

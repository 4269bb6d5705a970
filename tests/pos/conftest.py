"""Fixtures of the core's tests: the ticket codes' signer and its keys."""

from __future__ import annotations

import pytest

from pos.tickets import TicketSigner
from tests.pos.codec_helpers import SIGNER


@pytest.fixture(scope="module")
def signer() -> TicketSigner:
    return SIGNER


@pytest.fixture(scope="module")
def keys(signer: TicketSigner) -> dict[str, bytes]:
    return {signer.key_id: signer.public_key}

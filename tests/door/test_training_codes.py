"""Issue 25: a code printed in training mode is refused everywhere with its own reason,
``training_ticket``: by the codec (so every door), and by central on any upload."""

from __future__ import annotations

from typing import Any

import pytest

from central import ticketcodes
from central.errors import ApiError
from central.services.keylife import check_codes
from pos.errors import TicketCodeError
from pos.tickets import TicketClaims, TicketSigner, generate_private_key, new_ticket_id, peek, verify
from pos.tickets.codec import is_training_code


def _claims() -> TicketClaims:
    return TicketClaims(new_ticket_id(), "P-CONCERT", "A-1-1", "G1", "adult", 1_800_000_000)


def test_training_code_is_refused_even_with_its_key_known() -> None:
    signer = TicketSigner(generate_private_key(), training=True)
    code = signer.sign(_claims())
    assert is_training_code(code) and ticketcodes.is_training(code)
    with pytest.raises(TicketCodeError) as err:
        verify(code, keys={signer.key_id: signer.public_key})
    assert err.value.reason == "training_ticket"
    assert peek(code)[1].item_id == "A-1-1"  # the training store still finds its own tickets


def test_real_codes_are_not_training_codes() -> None:
    signer = TicketSigner(generate_private_key())
    code = signer.sign(_claims())
    assert not is_training_code(code) and not ticketcodes.is_training(code)
    assert verify(code, keys={signer.key_id: signer.public_key}).claims.item_id == "A-1-1"
    for junk in ("", "X" * 300, "ÄÖ" * 100, None, 42):
        assert not is_training_code(junk) and not ticketcodes.is_training(junk)


def test_central_refuses_an_upload_carrying_a_training_code() -> None:
    code = TicketSigner(generate_private_key(), training=True).sign(_claims())
    session: Any = None  # refused before any key is read
    with pytest.raises(ApiError) as err:
        check_codes(session, [("T1", code)])
    assert err.value.reason == "training_ticket"

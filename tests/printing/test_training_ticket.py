"""Issue 25: a ticket sold in training mode says TRAINING / 培训 across it (text lines in every
mode, a diagonal watermark in raster mode) and its QR still reads, so the door can refuse it
as ``training_ticket`` rather than as unreadable."""

from __future__ import annotations

from typing import Any

import pytest
import zxingcpp

from pos.sales import CartItem
from pos.terminal.identity import load_private_key
from pos.tickets import TicketSigner
from pos.tickets.codec import is_training_code
from pos.tickets.printjobs import order_for_print
from printing.layouts import ticket_layout
from printing.render import render_image
from tests.printing.conftest import sell_order


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_training_ticket_is_marked_and_still_scans(counter: Any, lang: str) -> None:
    from tests.printing.conftest import set_language

    set_language(counter, lang)
    real = sell_order(counter, [CartItem("adult", seat_id="A-2-1")])
    counter.signer = TicketSigner(load_private_key(counter.store), training=True)
    practice = sell_order(counter, [CartItem("adult", seat_id="A-2-2")])
    plain = ticket_layout(*_one(counter, real.order_number))
    marked = ticket_layout(*_one(counter, practice.order_number))
    assert not plain.watermark and not any("TRAINING" in t for t in plain.texts())
    assert marked.watermark == "培训 TRAINING"
    assert sum("培训" in t and "TRAINING" in t for t in marked.texts()) == 3  # top, above the QR, end
    image = render_image(marked, paper=80)
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1 and is_training_code(found[0].text)
    ink = image.convert("L").histogram()[0]
    assert ink > render_image(plain, paper=80).convert("L").histogram()[0]


def _one(counter: Any, number: str) -> tuple[Any, Any]:
    order = order_for_print(counter.store, order=number)
    return order, order.valid_tickets[0]

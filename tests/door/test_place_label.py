"""pos.door.labels.place_label: the door shows a ticket's place as printed on it (issue 20,
item 16: the seat showed as its raw id)."""

from __future__ import annotations

from pos.door.labels import place_label


def test_seat_area_and_unknown(counter) -> None:  # type: ignore[no-untyped-def]
    store = counter.store
    assert place_label(store, "P-CONCERT", "A-1-2", "zh") == "A区 1排 2座"
    assert place_label(store, "P-CONCERT", "A-1-2", "en") == "Block A, Row 1, Seat 2"
    assert place_label(store, "P-CONCERT", "FLOOR", "zh") == "内场"
    assert place_label(store, "P-CONCERT", "Z-9-9", "en") is None  # not in the catalog: the id is shown
    assert place_label(store, "P-NOPE", "A-1-2", "en") is None

"""Bad input found in review: each gets a clear error and changes nothing."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import timedelta

import pytest

from pos.cash.tenders import Tender
from pos.catalog.cache import import_catalog
from pos.errors import InvalidInput, NotSellable
from pos.money import Money
from pos.sales import CartItem, sell
from pos.terminal.connectivity import OfflineCaps, record_online, set_caps
from pos.tickets.realname import make_holder
from tests.factories import NOW, small_catalog, table_counts, validated


def _sell(counter, seat: str, **kw):  # type: ignore[no-untyped-def]
    return sell(
        counter.store,
        performance_id="P-CONCERT",
        items=[CartItem("adult", seat_id=seat)],
        tenders=[Tender(kind="cash", amount=Money(100000))],
        actor=counter.clerk,
        signer=counter.signer,
        now=kw.pop("now", NOW),
        **kw,
    )


def test_a_catalog_lowering_a_coupon_below_its_uses_keeps_the_uses(counter) -> None:  # type: ignore[no-untyped-def]
    _sell(counter, "A-1-1", coupon_code="WELCOME30")
    _sell(counter, "A-1-2", coupon_code="WELCOME30")
    feed = small_catalog()
    feed["coupons"][0]["max_uses"] = 1
    import_catalog(counter.store, validated(feed))  # no crash
    con = sqlite3.connect(counter.store.path)
    assert con.execute("SELECT used, max_uses FROM coupon").fetchone() == (2, 2)


def test_order_ids_are_normalised(counter) -> None:  # type: ignore[no-untyped-def]
    oid = uuid.uuid4()
    result = _sell(counter, "A-1-1", order_id=str(oid).upper())
    assert result.order_id == str(oid)
    before = table_counts(counter.store)
    with pytest.raises(InvalidInput, match="exists already"):
        _sell(counter, "A-1-2", order_id=oid.hex)
    assert table_counts(counter.store) == before


def test_invisible_characters_in_a_holder_name() -> None:
    assert make_holder("\u200b张三", "11010519491231002X").name == "张三"
    with pytest.raises(InvalidInput, match="cannot be printed"):
        make_holder("张\x07三", "11010519491231002X")


def test_caps_apply_when_online_has_gone_quiet(counter) -> None:  # type: ignore[no-untyped-def]
    set_caps(counter.store, OfflineCaps(max_sale_value=10000, max_total_value=10**9, max_hours=100))
    record_online(counter.store, now=NOW)
    _sell(counter, "A-1-1", now=NOW + timedelta(seconds=30))  # fresh: no cap
    with pytest.raises(NotSellable, match="at most"):
        _sell(counter, "A-1-2", now=NOW + timedelta(minutes=5))  # central silent: caps apply

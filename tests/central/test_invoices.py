"""Central's invoice-request page (issue 22), through the app: the terminal's token format
read by central's own decoder, the form's checks (tax number check digit, e-mail, title),
what is escaped, the language chosen, and an individual's request without a tax number."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from central import invoicecodes
from central.services.invoices import InvoiceForm, InvoiceInputError, check_form
from pos.tickets.invoice import invoice_token
from tests.central.conftest import T0, Env, make_env, order, ticket


@pytest.fixture
def sold(tmp_path: Path) -> Iterator[tuple[Env, str, str]]:
    for env in make_env(f"sqlite:///{tmp_path / 'inv.sqlite'}"):
        oid = str(uuid.uuid4())
        assert env.put_order(env.own, order([ticket(env.own, seat="A-2-9")]), oid).status_code == 201
        yield env, oid, invoice_token(env.own.private, order_id=oid, issued_at=T0)


def test_the_terminals_token_reads_at_central(sold: tuple[Env, str, str]) -> None:
    env, oid, token = sold
    read = invoicecodes.read(token)
    assert read is not None and len(token) == invoicecodes.TOKEN_CHARS
    claims, _message, _sig = read
    assert (claims.key_id, claims.order_id, claims.issued_at) == (env.own.key_id, oid, int(T0.timestamp()))
    assert invoicecodes.read(token.lower()) is not None  # a phone's URL may lower-case it
    assert invoicecodes.read(token + "A") is None and invoicecodes.read(token[:-1] + "9") is None


@pytest.mark.parametrize(("field", "form"), [
    ("tax_number", InvoiceForm("某公司", "91310000MA1FL8XQ5E", "a@example.com")),  # check digit
    ("tax_number", InvoiceForm("某公司", "9131000MA1FL8XQ5D", "a@example.com")),  # 17 characters
    ("tax_number", InvoiceForm("某公司", "91310000MA1FL8XQ5I", "a@example.com")),  # I is not in the set
    ("email", InvoiceForm("某公司", "", "not-an-address")),
    ("email", InvoiceForm("某公司", "", "a@b")),
    ("buyer_title", InvoiceForm("  ", "", "a@example.com")),
    ("buyer_title", InvoiceForm("某\u202e公司", "", "a@example.com")),  # a bidi override
    ("buyer_title", InvoiceForm("x" * 101, "", "a@example.com")),
])
def test_the_form_is_checked(field: str, form: InvoiceForm) -> None:
    with pytest.raises(InvoiceInputError) as err:
        check_form(form)
    assert err.value.field == field


def test_a_valid_form_is_normalised() -> None:
    ok = check_form(InvoiceForm(" 某公司 ", "91310000ma1fl8xq5d", " a@example.com "))
    assert ok == InvoiceForm("某公司", "91310000MA1FL8XQ5D", "a@example.com")


def test_escaped_languages_and_an_individual(sold: tuple[Env, str, str]) -> None:
    env, _oid, token = sold
    url = f"/invoice/{token}"
    assert 'lang="zh-CN"' in env.client.get(url).text  # no Accept-Language: Chinese
    assert 'lang="en"' in env.client.get(url, headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert 'lang="zh-CN"' in env.client.get(url, headers={"Accept-Language": "fr-FR"}).text
    assert 'lang="en"' in env.client.get(url + "?lang=en", headers={"Accept-Language": "zh-CN"}).text
    bad_lang = env.client.get(url + "?lang=xx")
    assert bad_lang.status_code == 422 and bad_lang.json()["reason"] == "invalid_request"
    hostile = "<script>alert(1)</script>"
    r = env.client.post(url, data={"buyer_title": hostile, "tax_number": "BAD", "email": "a@example.com"})
    assert r.status_code == 422 and hostile not in r.text and "&lt;script&gt;" in r.text
    r = env.client.post(url, data={"buyer_title": "张三", "email": "zhang@example.com"})  # a person: no tax number
    assert r.status_code == 201
    with env.ctx.db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT buyer_title, tax_number FROM invoice_requests").all() == [("张三", None)]
    assert env.client.post(url, content=b"\xff\xfe", headers={"Content-Type": "application/x-www-form-urlencoded"}
                           ).status_code == 409  # already requested: checked before the (empty) form


def test_an_orders_digest_ignores_the_phone_and_number_it_carries(sold: tuple[Env, str, str]) -> None:
    """A retry of an order stored before these fields existed still matches (no 409), and an
    upgraded terminal's retry with them matches an order stored without them."""
    import hashlib
    import json

    from central.services.common import digest
    from sync.protocol.orders import OrderUpload

    env, _oid, _token = sold
    body = order([ticket(env.own, seat="A-2-10")])
    plain = OrderUpload.model_validate(body)
    rich = OrderUpload.model_validate({**body, "customer_phone": "13800138000", "order_number": "T1-000009"})
    before = {k: v for k, v in plain.model_dump(mode="json").items() if k not in ("customer_phone", "order_number")}
    old = hashlib.sha256(json.dumps(before, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert digest(plain) == digest(rich) == old
    oid = str(uuid.uuid4())
    assert env.put_order(env.own, body, oid).status_code == 201
    again = env.put_order(env.own, {**body, "customer_phone": "13800138000", "order_number": "T1-000009"}, oid)
    assert again.status_code == 200

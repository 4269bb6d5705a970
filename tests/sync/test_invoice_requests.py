"""Invoice requests (电子发票, issue 22) end to end against the real central on loopback: the
receipt's QR (rendered, then decoded from the image) is the invoice page's URL with a token
the selling terminal signed; central accepts it once, refuses it twice, refuses it for a
refunded order, refuses forged tokens and a token over another terminal's order, and flags
a refund after invoicing in the refund's reply and the close-out."""

from __future__ import annotations

import base64
import os
import shutil
import struct
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from pos.aftersales.reversal import refund
from pos.cash.closeout import preview
from pos.cash.zreport import ZReport
from pos.staff.access import Role, StaffSession
from pos.store.db import Store
from pos.terminal.identity import load_private_key
from pos.tickets.invoice import DOMAIN, invoice_token
from printing.jobs import preview_order
from printing.layout import Text
from printing.zreport import csv_rows, z_document
from sync.enrol import central_link, connect
from sync.protocol.closeouts import CloseoutReply, CloseoutUpload, Totals
from sync.relay import drain
from tests.central.live import Live
from tests.sync.conftest import MemoryKeyring
from tests.sync.selling_helpers import counter, pos_json, sell_args

SUP = StaffSession("S1", "x", Role.SUPERVISOR, datetime.now(UTC))
FORM = {"buyer_title": "上海示例文化传媒有限公司", "tax_number": "91310000MA1FL8XQ5D", "email": "ap@example.com"}


def _sell(data_dir: Path, seat: str, *extra: str) -> dict[str, Any]:
    code, sale = pos_json(data_dir, *sell_args([seat], *extra))
    assert code == 0, sale
    return sale


def _receipt_url(store: Store, number: str, out: Path, lang: str = "zh") -> str:
    paths = preview_order(store, order=number, out_dir=out, paper=80, language=lang)
    [receipt] = [p for p in paths if p.name.endswith("receipt.png")]
    if os.environ.get("INVOICE_SHOTS"):  # to be looked at
        Path(os.environ["INVOICE_SHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(receipt, Path(os.environ["INVOICE_SHOTS"]) / f"receipt-{lang}.png")
    # zxing may also report a spurious 1D read in the receipt's text: the receipt's QR codes
    # are what counts, and exactly one of them is the invoice request's.
    found = [b for b in zxingcpp.read_barcodes(Image.open(receipt)) if b.format == zxingcpp.BarcodeFormat.QRCode]
    invoice = [b for b in found if "/invoice/" in b.text]
    assert len(invoice) == 1, [(b.format, b.text) for b in found]
    return invoice[0].text


def test_the_receipt_qr_is_accepted_once_and_refused_twice_or_after_a_refund(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(central, tmp_path / "a", memory_keyring)
    sale = _sell(tmp_path / "a", "A-1-1")
    url = _receipt_url(store, sale["order_number"], tmp_path / "p1")
    link = central_link(store)
    assert link is not None and url.startswith(f"{link.url.rstrip('/')}/invoice/")
    assert url == _receipt_url(store, sale["order_number"], tmp_path / "p2", "en")  # the same on a reprint
    page = httpx.get(url, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert page.status_code == 200 and "申请电子发票" in page.text and sale["order_number"] in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "Request an e-invoice" in httpx.get(url, headers={"Accept-Language": "en-GB,en"}).text
    # A bad tax number is refused with the reason, the form kept; nothing recorded.
    bad = httpx.post(url, data={**FORM, "tax_number": "91310000MA1FL8XQ5E"}, headers={"Accept-Language": "en"})
    assert bad.status_code == 422 and "check digit" in bad.text and "上海示例文化传媒有限公司" in bad.text
    ok = httpx.post(url, data=FORM)
    assert ok.status_code == 201 and "已收到您的发票申请" in ok.text
    again = httpx.post(url, data=FORM)
    assert again.status_code == 409 and "已申请过发票" in again.text
    assert httpx.get(url).status_code == 409
    with central.ctx.db.engine.connect() as c:
        rows = c.exec_driver_sql("SELECT order_id, tax_number, amount FROM invoice_requests").all()
    assert rows == [(sale["order_id"], FORM["tax_number"], sale["total"])]

    # Refunded before any request: refused.
    refunded = _sell(tmp_path / "a", "A-1-2")
    url2 = _receipt_url(store, refunded["order_number"], tmp_path / "p3")
    refund(store, order=refunded["order_id"], actor=SUP)
    client = connect(store)
    assert drain(store, client).sent == 1
    r = httpx.post(url2, data=FORM)
    assert r.status_code == 409 and "已退款" in r.text

    # Refunded after the request: the refund's reply and the close-out flag it.
    invoiced = _sell(tmp_path / "a", "A-1-3")
    assert httpx.post(_receipt_url(store, invoiced["order_number"], tmp_path / "p4"), data=FORM).status_code == 201
    later = refund(store, order=invoiced["order_id"], actor=SUP)
    assert drain(store, client).sent == 1
    start = datetime.now(UTC) - timedelta(hours=1)
    reply = client.put(f"/closeouts/{uuid.uuid4()}", CloseoutUpload(
        business_date=start.date(), period_start=start, period_end=start + timedelta(hours=2),
        totals=Totals(orders=3, tickets=3, gross=0, refunds=0)), CloseoutReply)
    assert [(str(f.order_id), str(f.refund_id)) for f in reply.invoiced_refunds] == [
        (invoiced["order_id"], later.reversal_id)]
    client.close()
    # The terminal heard it in the refund's reply: its X/Z-report lists the refund, printed too.
    x = preview(store, actor=SUP)
    assert [(ln.key, ln.label, ln.amount) for ln in x.invoiced_refunds] == [
        (later.reversal_id, invoiced["order_number"], later.amount.amount)]
    assert ZReport.from_dict(x.to_dict()).invoiced_refunds == x.invoiced_refunds
    printed = [e.text for e in z_document(x).elements if isinstance(e, Text)]
    assert any(t.startswith("已开票订单退款（须冲红发票）: 1") for t in printed)
    assert ("invoiced_refund", later.reversal_id, invoiced["order_number"], 1, "", "", later.amount.amount,
            "") in list(csv_rows(x))


def _forged(private: Ed25519PrivateKey, key_id: str, order_id: str) -> str:
    body = struct.pack(">B4s16sI", 0x49, bytes.fromhex(key_id), uuid.UUID(order_id).bytes, 1_900_000_000)
    return base64.b32encode(body + private.sign(DOMAIN + body)).decode().rstrip("=")


def test_forged_tokens_and_another_terminals_order_are_refused(
    central: Live, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = counter(central, tmp_path / "a", memory_keyring)
    other = counter(central, tmp_path / "b", memory_keyring, outlet="BO-2")
    sale = _sell(tmp_path / "a", "A-2-1")
    url = _receipt_url(store, sale["order_number"], tmp_path / "p")
    base, token = url.rsplit("/", 1)
    key_id = token_key_id = base64.b32decode(token + "=" * (-len(token) % 8))[1:5].hex().upper()
    cases = {
        # A key nobody registered, claiming this terminal's key id.
        "unknown signer": (_forged(Ed25519PrivateKey.generate(), key_id, sale["order_id"]), 403),
        # One character changed (the order id): the signature no longer matches.
        "tampered": (token[:20] + ("A" if token[20] != "A" else "B") + token[21:], 403),
        # Another terminal's real key over this terminal's order: not a receipt it printed.
        "other terminal": (invoice_token(load_private_key(other), order_id=sale["order_id"],
                                         issued_at=datetime.now(UTC)), 403),
        "garbage": ("NOTATOKEN", 400),
        "lower-case padding": (token.lower() + "====", 400),
    }
    for name, (forged, status) in cases.items():
        for method in ("GET", "POST"):
            r = httpx.request(method, f"{base}/{forged}", data=FORM if method == "POST" else None)
            assert r.status_code == status, (name, method, r.status_code, r.text[:300])
    # A real token for an order central has not had yet (sold offline, not uploaded).
    unsent = invoice_token(load_private_key(store), order_id=str(uuid.uuid4()), issued_at=datetime.now(UTC))
    r = httpx.get(f"{base}/{unsent}")
    assert r.status_code == 404 and "尚未同步" in r.text
    with central.ctx.db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM invoice_requests").scalar() == 0
    assert token_key_id == key_id

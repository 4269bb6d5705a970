"""Central's invoice-request page (issue 22): ``GET /invoice/{token}`` shows the order a
receipt's QR names and a form; ``POST`` records the request (once per order). Public: the
token is the capability, checked against the selling terminal's registered key. HTML in
the customer's language (``?lang=``, else ``Accept-Language``, else Chinese)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from central import invoice_html
from central.deps import Ctx
from central.errors import ApiError
from central.services import invoices

router = APIRouter(tags=["invoice requests (customer page)"])

_HTML: dict[str, Any] = {"content": {"text/html": {}}, "description": "the page"}
_DOC: dict[int | str, dict[str, Any]] = {code: _HTML for code in (200, 201, 400, 403, 404, 409)}
# A form field refused is shown on the page (HTML); a malformed request (a header too long, a
# bad ?lang=) is refused by the API's own JSON error.
_DOC[422] = {"content": {"text/html": {}, "application/json": {}}, "description": "refused input"}
TokenPath = Path(min_length=1, max_length=300)
_FIELDS = ("buyer_title", "tax_number", "email")


def _headers() -> dict[str, str]:
    # No script, no frames, nothing fetched from elsewhere; nothing cached (a shared phone).
    return {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }


def _refused(exc: ApiError, lang: str, path: str) -> HTMLResponse:
    text = invoice_html.TEXT.get(exc.reason, {}).get(lang, exc.message)
    return HTMLResponse(invoice_html.page(lang, path=path, order=None, message=text), exc.status, _headers())


@router.get("/invoice/{token}", response_class=HTMLResponse, responses=_DOC)
def invoice_form(
    ctx: Ctx,
    token: str = TokenPath,
    lang: str | None = Query(default=None, pattern=r"^(zh|en)$"),
    accept_language: str | None = Header(default=None, max_length=500),
) -> HTMLResponse:
    """The invoice-request form of the order the token names (or why it cannot be asked)."""
    language = invoice_html.language(accept_language, lang)
    path = f"/invoice/{token}"
    try:
        order = invoices.show(ctx, token)
    except ApiError as exc:
        return _refused(exc, language, path)
    if order.requested_at is not None or order.refunded:
        reason = "invoice_already_requested" if order.requested_at is not None else "invoice_order_refunded"
        html = invoice_html.page(
            language, path=path, order=order, message=invoice_html.TEXT[reason][language]
        )
        return HTMLResponse(html, 409, _headers())
    return HTMLResponse(invoice_html.page(language, path=path, order=order, show_form=True), 200, _headers())


@router.post("/invoice/{token}", response_class=HTMLResponse, responses=_DOC)
async def invoice_submit(
    request: Request,
    ctx: Ctx,
    token: str = TokenPath,
    lang: str | None = Query(default=None, pattern=r"^(zh|en)$"),
    accept_language: str | None = Header(default=None, max_length=500),
) -> HTMLResponse:
    """Record the invoice request (form fields ``buyer_title``, ``tax_number``, ``email``)."""
    language = invoice_html.language(accept_language, lang)
    path = f"/invoice/{token}"
    body = await request.body()
    try:
        fields = parse_qs(body.decode("utf-8"), max_num_fields=10, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        fields = {}
    values = {k: (fields.get(k) or [""])[0][:300] for k in _FIELDS}
    form = invoices.InvoiceForm(values["buyer_title"], values["tax_number"], values["email"])
    try:
        order = await run_in_threadpool(invoices.request_invoice, ctx, token, form)
    except invoices.InvoiceInputError as exc:
        try:
            shown = await run_in_threadpool(invoices.show, ctx, token)
        except ApiError as refused:
            return _refused(refused, language, path)
        message = invoice_html.TEXT[f"bad_{exc.field}"][language]
        html = invoice_html.page(
            language, path=path, order=shown, message=message, form=values, show_form=True
        )
        return HTMLResponse(html, 422, _headers())
    except ApiError as exc:
        return _refused(exc, language, path)
    html = invoice_html.page(
        language, path=path, order=order, message=invoice_html.TEXT["done"][language], ok=True
    )
    return HTMLResponse(html, 201, _headers())

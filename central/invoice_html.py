"""The invoice-request page's HTML (issue 22), in Chinese and English: one small page, inline
CSS, no script and no external asset (it opens on a customer's phone from the receipt's QR,
and must not call anything but central). Every value is escaped here."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from central.services.invoices import InvoiceOrder

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "申请电子发票", "en": "Request an e-invoice (fapiao)"},
    "order": {"zh": "订单号", "en": "Order"},
    "outlet": {"zh": "售票点", "en": "Outlet"},
    "sold_at": {"zh": "购票时间", "en": "Bought"},
    "amount": {"zh": "开票金额", "en": "Invoice amount"},
    "buyer_title": {"zh": "发票抬头（单位名称或个人姓名）", "en": "Buyer (company name, or your name)"},
    "tax_number": {
        "zh": "纳税人识别号（统一社会信用代码，个人可不填）",
        "en": "Tax number (unified social credit code; leave empty for a person)",
    },
    "email": {"zh": "接收发票的电子邮箱", "en": "E-mail to receive the invoice"},
    "submit": {"zh": "提交申请", "en": "Submit request"},
    "done": {
        "zh": "已收到您的发票申请，电子发票将发送至您的邮箱。",
        "en": "Your request was received: the e-invoice will be sent to your e-mail.",
    },
    "switch": {"zh": "English", "en": "中文"},
    "invoice_token_invalid": {
        "zh": "二维码无法识别，请重新扫描购票凭证上的二维码。",
        "en": "This code cannot be read: scan the QR code on your receipt again.",
    },
    "invoice_token_forged": {
        "zh": "此二维码不是售票点签发的，无法申请发票。",
        "en": "This code was not issued by an outlet: no invoice can be requested with it.",
    },
    "invoice_order_unknown": {
        "zh": "订单尚未同步到平台，请稍后再试。",
        "en": "The order has not reached the platform yet: please try again later.",
    },
    "invoice_already_requested": {
        "zh": "此订单已申请过发票，不能重复申请。",
        "en": "An invoice was already requested for this order.",
    },
    "invoice_order_refunded": {
        "zh": "此订单已退款，无法开具发票。",
        "en": "This order was refunded: no invoice can be issued.",
    },
    "bad_buyer_title": {
        "zh": "请填写发票抬头（1至100个字）。",
        "en": "Enter the buyer (1 to 100 characters).",
    },
    "bad_tax_number": {
        "zh": "纳税人识别号无效：应为18位统一社会信用代码（含校验位）。",
        "en": "Not a valid tax number: 18 characters with its check digit.",
    },
    "bad_email": {"zh": "电子邮箱格式不正确。", "en": "Not a valid e-mail address."},
}

_ZONE = ZoneInfo("Asia/Shanghai")
_CSS = (
    "body{font-family:system-ui,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;"
    "background:#f4f5f7;color:#1d2129}main{max-width:30rem;margin:0 auto;padding:1.2rem}"
    "h1{font-size:1.35rem;margin:.2rem 0 1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem .8rem;"
    "background:#fff;padding:.8rem;border-radius:.5rem;margin:0 0 1rem}dt{color:#5c6370}dd{margin:0}"
    "label{display:block;margin:.8rem 0 .3rem;font-weight:600}input{width:100%;box-sizing:border-box;"
    "font-size:1rem;padding:.6rem;border:1px solid #c9cdd4;border-radius:.4rem}"
    "button{margin-top:1.2rem;width:100%;font-size:1.05rem;padding:.75rem;border:0;border-radius:.4rem;"
    "background:#c7000b;color:#fff}.msg{padding:.8rem;border-radius:.5rem;margin:0 0 1rem}"
    ".err{background:#ffece8;color:#a8071a}.ok{background:#e8ffea;color:#00711c}"
    ".lang{float:right;font-size:.9rem}.amount{font-weight:700}"
)


def language(accept_language: str | None, override: str | None) -> str:
    """``?lang=`` first, then the browser's first choice; Chinese unless English is preferred."""
    if override in ("zh", "en"):
        return override
    first = (accept_language or "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh"


def _t(key: str, lang: str) -> str:
    return TEXT[key][lang]


def _local(when: datetime) -> str:
    # The platform sells in China: its customers read Beijing time, whatever the server's zone.
    return when.astimezone(_ZONE).strftime("%Y-%m-%d %H:%M")


def _yuan(fen: int) -> str:
    return f"￥{fen // 100}.{fen % 100:02d}"


def page(
    lang: str,
    *,
    path: str,
    order: InvoiceOrder | None,
    message: str = "",
    ok: bool = False,
    form: dict[str, str] | None = None,
    show_form: bool = False,
) -> str:
    other = "en" if lang == "zh" else "zh"
    parts = [
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{escape(_t('title', lang))}</title><style>{_CSS}</style></head><body><main>",
        f'<a class="lang" href="{escape(path)}?lang={other}">{escape(_t("switch", lang))}</a>',
        f"<h1>{escape(_t('title', lang))}</h1>",
    ]
    if message:
        parts.append(f'<p class="msg {"ok" if ok else "err"}" role="status">{escape(message)}</p>')
    if order is not None:
        outlet = order.outlet_zh if lang == "zh" else order.outlet_en
        parts.append(
            "<dl>"
            f"<dt>{escape(_t('order', lang))}</dt><dd>{escape(order.number)}</dd>"
            f"<dt>{escape(_t('outlet', lang))}</dt><dd>{escape(outlet)}</dd>"
            f"<dt>{escape(_t('sold_at', lang))}</dt><dd>{escape(_local(order.sold_at))}</dd>"
            f'<dt>{escape(_t("amount", lang))}</dt><dd class="amount">{escape(_yuan(order.amount))}</dd>'
            "</dl>"
        )
    if show_form:
        values = form or {}
        parts.append(f'<form method="post" action="{escape(path)}?lang={lang}">')
        for name, kind, required, extra in (
            ("buyer_title", "text", True, ' maxlength="100"'),
            ("tax_number", "text", False, ' maxlength="18" autocapitalize="characters"'),
            ("email", "email", True, ' maxlength="254"'),
        ):
            parts.append(
                f'<label for="{name}">{escape(_t(name, lang))}</label>'
                f'<input id="{name}" name="{name}" type="{kind}"{" required" if required else ""}{extra}'
                f' value="{escape(values.get(name, ""))}">'
            )
        parts.append(f'<button type="submit">{escape(_t("submit", lang))}</button></form>')
    parts.append("</main></body></html>")
    return "".join(parts)

"""Printed labels in the terminal's language (Simplified Chinese or English).

Kept in code rather than Qt's .ts files: printing must not load Qt, and a ticket has few
labels. Formatting of times and money lives here too, so every layout agrees.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pos.money import Money

LABELS: dict[str, dict[str, str]] = {
    "ticket": {"zh": "入场券", "en": "ADMISSION TICKET"},
    "receipt": {"zh": "购票凭证", "en": "RECEIPT"},
    "reprint": {"zh": "【补打】", "en": "*** REPRINT ***"},
    # Both languages on both: the door staff who must not admit it may read either.
    "training": {"zh": "【培训 TRAINING】无效票", "en": "TRAINING 培训: NOT VALID"},
    "venue": {"zh": "场馆", "en": "Venue"},
    "time": {"zh": "时间", "en": "Date/time"},
    "doors": {"zh": "入场", "en": "Doors"},
    "section": {"zh": "区域", "en": "Section"},
    "row": {"zh": "排", "en": "Row"},
    "seat": {"zh": "座", "en": "Seat"},
    "standing": {"zh": "站票", "en": "Standing"},
    "gate": {"zh": "入口", "en": "Gate"},
    "zone": {"zh": "票区", "en": "Zone"},
    "concession": {"zh": "票种", "en": "Type"},
    "price": {"zh": "票价", "en": "Price"},
    "holder": {"zh": "持票人", "en": "Holder"},
    "order": {"zh": "订单号", "en": "Order"},
    "ticket_no": {"zh": "票号", "en": "Ticket"},
    "outlet": {"zh": "售票点", "en": "Outlet"},
    "terminal": {"zh": "终端", "en": "Terminal"},
    "clerk": {"zh": "售票员", "en": "Clerk"},
    "subtotal": {"zh": "小计", "en": "Subtotal"},
    "discount": {"zh": "优惠", "en": "Discount"},
    "fee": {"zh": "服务费", "en": "Service fee"},
    "total": {"zh": "合计", "en": "Total"},
    "paid": {"zh": "实收", "en": "Paid"},
    "change": {"zh": "找零", "en": "Change"},
    "coupon": {"zh": "优惠券", "en": "Coupon"},
    "refund": {"zh": "退款", "en": "Refund"},
    "cash": {"zh": "现金", "en": "Cash"},
    "points": {"zh": "积分抵扣", "en": "Points"},  # issue 22: a member's points as a tender
    "card": {"zh": "银行卡", "en": "Card"},
    "mobile": {"zh": "移动支付", "en": "Mobile pay"},
    "wechat": {"zh": "微信支付", "en": "WeChat Pay"},
    "alipay": {"zh": "支付宝", "en": "Alipay"},
    "manual-mobile": {"zh": "手输流水号", "en": "Keyed by hand"},
    "tax_note": {"zh": "票价已含增值税。", "en": "Prices include VAT."},
    # The receipt's invoice-request QR (issue 22): the page asks for these three things.
    "invoice_qr": {
        "zh": "扫描下方二维码申请电子发票：填写发票抬头、纳税人识别号和电子邮箱，每笔订单限申请一次。",
        "en": "Scan the QR code below to request an e-invoice (fapiao): enter the buyer, tax number "
        "and e-mail. One request per order.",
    },
    "invoice_ask": {"zh": "如需发票请向售票点咨询。", "en": "For an invoice (fapiao), ask the outlet."},
    "keep": {"zh": "请妥善保管，凭二维码入场，一票一人。", "en": "Keep this ticket: one entry per QR code."},
    "shift": {"zh": "班次报表", "en": "SHIFT REPORT"},
    "z_report": {"zh": "日结报表 (Z)", "en": "Z-REPORT"},
    "opened": {"zh": "开班", "en": "Opened"},
    "closed": {"zh": "结班", "en": "Closed"},
    "sales": {"zh": "销售笔数", "en": "Sales"},
    "tickets_sold": {"zh": "售出张数", "en": "Tickets sold"},
    "refunds": {"zh": "退款笔数", "en": "Refunds"},
    "voids": {"zh": "作废笔数", "en": "Voids"},
    "reprints": {"zh": "补打张数", "en": "Reprints"},
    "gross": {"zh": "销售总额", "en": "Gross sales"},
    "refunded": {"zh": "退款总额", "en": "Refunded"},
    "net": {"zh": "净额", "en": "Net"},
    "by_tender": {"zh": "按支付方式", "en": "By tender"},
    "cash_expected": {"zh": "应有现金", "en": "Cash expected"},
    "cash_counted": {"zh": "实点现金", "en": "Cash counted"},
    "variance": {"zh": "差额", "en": "Variance"},
    "supervisor": {"zh": "主管", "en": "Supervisor"},
    "business_day": {"zh": "营业日", "en": "Business day"},
    "z_number": {"zh": "Z序号", "en": "Z number"},
    "orders_range": {"zh": "订单范围", "en": "Orders"},
    "journal_head": {"zh": "日志校验", "en": "Journal head"},
    "printed_at": {"zh": "打印时间", "en": "Printed"},
    # Z-report breakdowns and settlement (close-out).
    "by_event": {"zh": "按演出项目", "en": "By event"},
    "by_performance": {"zh": "按场次", "en": "By performance"},
    "by_concession": {"zh": "按票种", "en": "By ticket type"},
    "by_clerk": {"zh": "按售票员", "en": "By clerk"},
    "coupons": {"zh": "优惠券", "en": "Coupons"},
    "by_tier": {"zh": "会员等级销售", "en": "Member sales by tier"},
    "fees": {"zh": "服务费", "en": "Fees"},
    "voided": {"zh": "作废总额", "en": "Voided"},
    "cash_variance": {"zh": "现金差额", "en": "Cash variance"},
    "exchanges": {"zh": "换票", "en": "Exchanges"},
    "exchange_out": {"zh": "换出票值", "en": "Old tickets out"},
    "exchange_new": {"zh": "换入票值", "en": "New tickets in"},
    "exchange_carried": {"zh": "抵扣金额(非收款)", "en": "Credit carried (not money)"},
    "exchange_collected": {"zh": "补差收款", "en": "Difference collected"},
    "exchange_refunded": {"zh": "差额退款", "en": "Difference refunded"},
    "shifts": {"zh": "班次", "en": "Shifts"},
    "journal_range": {"zh": "日志范围", "en": "Journal entries"},
    "settlement": {"zh": "结算", "en": "Settlement"},
    "commission": {"zh": "佣金", "en": "Commission"},
    "net_owed": {"zh": "应付平台", "en": "Net owed"},
    "credit_limit": {"zh": "信用额度", "en": "Credit limit"},
    "credit_used": {"zh": "已用额度", "en": "Credit used"},
    "credit_available": {"zh": "可用额度", "en": "Credit left"},
    "unsynced": {"zh": "未同步", "en": "Not yet synced"},
    "invoiced_refunds": {"zh": "已开票订单退款（须冲红发票）", "en": "Refunds of invoiced orders (reverse the invoice)"},
    "x_report": {"zh": "当日报表 (X, 未结)", "en": "X-REPORT (not closed)"},
    "period": {"zh": "时段", "en": "Period"},
    # Column headings of the Z-report's PDF tables.
    "col_count": {"zh": "笔数", "en": "Count"},
    "col_sales": {"zh": "销售", "en": "Sales"},
    "col_refunds": {"zh": "退款", "en": "Refunds"},
    "col_net": {"zh": "净额", "en": "Net"},
    "col_shift": {"zh": "钱箱 开班→交班", "en": "Drawer, opened → closed by"},
    "col_float": {"zh": "备用金", "en": "Float"},
    "col_expected": {"zh": "应有现金", "en": "Expected"},
    "col_counted": {"zh": "清点", "en": "Counted"},
    "col_variance": {"zh": "差额", "en": "Variance"},
    "test_page": {"zh": "打印机测试页", "en": "PRINTER TEST PAGE"},
    "printer": {"zh": "打印机", "en": "Printer"},
    "test_ok": {
        "zh": "如能看清本页中文与二维码，打印机设置正确。",
        "en": "If this page and its QR code are legible, the printer is set up correctly.",
    },
}


def label(key: str, language: str) -> str:
    return LABELS[key]["zh" if language == "zh" else "en"]


def money(value: Money) -> str:
    """``¥58.00``, ``-¥58.00`` (text mode then prints the profile's yuan sign)."""
    return value.display()


def when(value: datetime, timezone: str, language: str) -> str:
    """A time in the terminal's zone: 2026年12月03日 星期四 18:00 / Thu 03 Dec 2026 18:00."""
    local = value.astimezone(ZoneInfo(timezone))
    if language == "zh":
        weekday = "一二三四五六日"[local.weekday()]
        return f"{local:%Y年%m月%d日} 星期{weekday} {local:%H:%M}"
    day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[local.weekday()]
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[
        local.month - 1
    ]
    return f"{day} {local.day:02d} {month} {local.year} {local:%H:%M}"  # not %a/%b: locale-free


def clock(value: datetime, timezone: str) -> str:
    return f"{value.astimezone(ZoneInfo(timezone)):%Y-%m-%d %H:%M}"

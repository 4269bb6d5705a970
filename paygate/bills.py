"""The day's statement files (对账单) in each vendor's published layout.

* Alipay: a zip holding ``<account>_<yyyymmdd>_业务明细.csv`` in GBK, ``#`` comment lines
  around one CSV table (支付宝交易号, 商户订单号, 业务类型 交易/退款, …, 订单金额（元）, …,
  退款批次号/请求号, …); refunds carry negative amounts.
* WeChat Pay (``downloadbill``, bill_type ALL): UTF-8 text, a header row, one row per trade or
  refund with every field prefixed by a backtick (so spreadsheets keep long numbers as text),
  then a totals header and a totals row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

from paygate.ledger import BEIJING, Refund, Trade

ALIPAY_COLUMNS = [
    "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称",
    "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
    "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
    "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
]
WECHAT_COLUMNS = [
    "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识",
    "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号",
    "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包",
    "手续费", "费率", "订单金额", "申请退款金额", "费率备注",
]
WECHAT_TOTALS = ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额",
                 "申请退款总金额"]


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def _bj(moment: datetime | None) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def alipay_zip(account: str, day: str, paid: list[Trade], refunds: list[tuple[Refund, Trade]]) -> bytes:
    out = io.StringIO()
    out.write("#支付宝业务明细查询\n")
    out.write(f"#账号：[{account}]\n")
    out.write(f"#起始日期：[{day} 00:00:00]   终止日期：[{day} 23:59:59]\n")
    out.write("#-----------------------------------------业务明细列表----------------------------------------\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ALIPAY_COLUMNS)
    for t in paid:
        writer.writerow([t.trade_no + "\t", t.out_trade_no + "\t", "交易", t.subject, _bj(t.created_at),
                         _bj(t.paid_at), "", "", "", "", "dem***@alipay.com", _yuan(t.amount), _yuan(t.amount),
                         "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", "", "0.00", "0.00", ""])
    for r, t in refunds:
        writer.writerow([t.trade_no + "\t", t.out_trade_no + "\t", "退款", t.subject, _bj(t.created_at),
                         _bj(r.created_at), "", "", "", "", "dem***@alipay.com", _yuan(-r.amount),
                         _yuan(-r.amount), "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00",
                         r.refund_no + "\t", "0.00", "0.00", ""])
    out.write("#-----------------------------------------业务明细列表结束------------------------------------\n")
    out.write(f"#交易合计：{len(paid)}笔，商家实收共{_yuan(sum(t.amount for t in paid))}元\n")
    out.write(f"#退款合计：{len(refunds)}笔，商家实收共{_yuan(-sum(r.amount for r, _ in refunds))}元\n")
    out.write(f"#导出时间：[{day} 23:59:59]\n")
    buffer = io.BytesIO()
    compact = day.replace("-", "")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bill:
        bill.writestr(f"{account}_{compact}_业务明细.csv", out.getvalue().encode("gbk"))
        bill.writestr(f"{account}_{compact}_业务明细(汇总).csv",
                      f"#支付宝业务汇总查询\n#账号：[{account}]\n".encode("gbk"))
    return buffer.getvalue()


def wechat_text(app_id: str, mch_id: str, paid: list[Trade], refunds: list[tuple[Refund, Trade]]) -> str:
    def row(values: list[str]) -> str:
        return ",".join("`" + v for v in values)

    lines = [",".join(WECHAT_COLUMNS)]
    for t in paid:
        lines.append(row([_bj(t.paid_at), app_id, mch_id, "0", "", t.trade_no, t.out_trade_no, "oDemoUser",
                          "MICROPAY", "SUCCESS", "OTHERS", "CNY", _yuan(t.amount), "0.00", "0", "0", "0.00",
                          "0.00", "", "", t.subject, "", "0.00000", "0.60%", _yuan(t.amount), "0.00", ""]))
    for r, t in refunds:
        lines.append(row([_bj(r.created_at), app_id, mch_id, "0", "", t.trade_no, t.out_trade_no, "oDemoUser",
                          "MICROPAY", "REFUND", "OTHERS", "CNY", "0.00", "0.00", r.refund_id, r.refund_no,
                          _yuan(r.amount), "0.00", "ORIGINAL", "SUCCESS", t.subject, "", "0.00000", "0.60%",
                          "0.00", _yuan(r.amount), ""]))
    lines.append(",".join(WECHAT_TOTALS))
    paid_total, refund_total = sum(t.amount for t in paid), sum(r.amount for r, _ in refunds)
    lines.append(row([str(len(paid) + len(refunds)), _yuan(paid_total), _yuan(refund_total), "0.00", "0.00000",
                      _yuan(paid_total), _yuan(refund_total)]))
    return "\r\n".join(lines) + "\r\n"

"""The vendors' day statements (对账单) read into plain rows.

* Alipay: the zip behind ``bill_download_url``; inside, ``…_业务明细.csv`` in GBK, ``#``
  comment lines around one CSV table. 业务类型 交易 is a payment, 退款 a refund (negative
  amounts). Fields may carry a trailing tab (Alipay's way of keeping numbers as text).
* WeChat Pay: ``downloadbill`` text, a header, rows whose every field starts with a backtick,
  then a totals header and row, which are checked against the rows.

A file that is not such a statement, or whose rows do not parse, is refused whole with a
:class:`PaymentError` naming the line: half a statement would report false differences.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Literal
from zoneinfo import ZoneInfo

from pos.errors import PaymentError
from pos.money import Money
from pos.payments.wallet import WalletName

BEIJING = ZoneInfo("Asia/Shanghai")
MAX_BILL_BYTES = 64 * 1024 * 1024  # a day of one outlet is far below; more is not a bill

RowKind = Literal["pay", "refund"]


@dataclass(frozen=True, slots=True)
class StatementRow:
    wallet: WalletName
    out_trade_no: str
    transaction_id: str
    kind: RowKind
    amount: Money  # positive, fen
    time: datetime  # aware (Beijing time, as the vendors date them)
    refund_no: str = ""


def _fen(text: str, where: str) -> int:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise PaymentError(f"{where}: {text!r} is not an amount") from None
    fen = value * 100
    if fen != fen.to_integral_value():
        raise PaymentError(f"{where}: {text!r} has more than 2 decimals")
    return abs(int(fen))


def _time(text: str, where: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
    except ValueError:
        raise PaymentError(f"{where}: {text!r} is not a time") from None


# --- Alipay ---------------------------------------------------------------------------------

ALIPAY_NEEDS = ("支付宝交易号", "商户订单号", "业务类型", "完成时间", "订单金额（元）", "退款批次号/请求号")


def _member_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:  # the name is UTF-8
        return info.filename
    try:  # Alipay's zips name their files in GBK; zipfile read them as cp437
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def parse_alipay_zip(data: bytes) -> list[StatementRow]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as bill:
            members = [i for i in bill.infolist()
                       if _member_name(i).endswith("业务明细.csv") and "汇总" not in _member_name(i)]
            if len(members) != 1:
                raise PaymentError("not an Alipay bill: no single 业务明细.csv inside the zip")
            if members[0].file_size > MAX_BILL_BYTES:
                raise PaymentError("the Alipay bill is too large to be one outlet's day")
            raw = bill.read(members[0])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise PaymentError(f"not an Alipay bill (the zip is damaged: {exc})") from None
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise PaymentError(f"the Alipay bill is not GBK text: {exc}") from None
    return parse_alipay_csv(text)


def parse_alipay_csv(text: str) -> list[StatementRow]:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise PaymentError("not an Alipay bill: no table")
    table = list(csv.reader([line for _, line in lines]))
    header = [h.strip() for h in table[0]]
    missing = [c for c in ALIPAY_NEEDS if c not in header]
    if missing:
        raise PaymentError(f"not an Alipay bill: no column {', '.join(missing)}")
    col = {name: header.index(name) for name in ALIPAY_NEEDS}
    rows = []
    for (number, _), fields in zip(lines[1:], table[1:], strict=True):
        where = f"Alipay bill line {number}"
        if len(fields) != len(header):
            raise PaymentError(f"{where}: {len(fields)} fields, the header has {len(header)}")
        value = {name: fields[i].strip() for name, i in col.items()}
        kind: RowKind
        if value["业务类型"] == "交易":
            kind = "pay"
        elif value["业务类型"] == "退款":
            kind = "refund"
        else:
            raise PaymentError(f"{where}: unknown 业务类型 {value['业务类型']!r}")
        if not value["支付宝交易号"] or not value["商户订单号"]:
            raise PaymentError(f"{where}: no trade number")
        rows.append(StatementRow("alipay", value["商户订单号"], value["支付宝交易号"], kind,
                                 Money(_fen(value["订单金额（元）"], where)), _time(value["完成时间"], where),
                                 value["退款批次号/请求号"] if kind == "refund" else ""))
    return rows


# --- WeChat Pay -----------------------------------------------------------------------------

WECHAT_NEEDS = ("交易时间", "微信订单号", "商户订单号", "交易状态", "应结订单金额", "商户退款单号", "退款金额")


def _backticked(line: str, where: str) -> list[str]:
    if not line.startswith("`"):
        raise PaymentError(f"{where}: fields must start with a backtick")
    return line[1:].split(",`")  # a comma inside a field (a product name) stays in it


def parse_wechat_text(text: str) -> list[StatementRow]:
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    if not lines:
        raise PaymentError("the WeChat Pay bill is empty")
    header = [h.strip() for h in lines[0].split(",")]
    missing = [c for c in WECHAT_NEEDS if c not in header]
    if missing:
        raise PaymentError(f"not a WeChat Pay bill: no column {', '.join(missing)}")
    col = {name: header.index(name) for name in WECHAT_NEEDS}
    try:
        totals_at = next(i for i, line in enumerate(lines) if line.startswith("总交易单数"))
    except StopIteration:
        raise PaymentError("the WeChat Pay bill is cut short: no totals") from None
    rows = []
    for number, line in enumerate(lines[1:totals_at], 2):
        where = f"WeChat Pay bill line {number}"
        fields = [f.strip() for f in _backticked(line, where)]
        if len(fields) != len(header):
            raise PaymentError(f"{where}: {len(fields)} fields, the header has {len(header)}")
        value = {name: fields[i] for name, i in col.items()}
        state = value["交易状态"]
        if not value["微信订单号"] or not value["商户订单号"]:
            raise PaymentError(f"{where}: no trade number")
        if state == "SUCCESS":
            rows.append(StatementRow("wechat", value["商户订单号"], value["微信订单号"], "pay",
                                     Money(_fen(value["应结订单金额"], where)), _time(value["交易时间"], where)))
        elif state in ("REFUND", "REVOKED"):
            rows.append(StatementRow("wechat", value["商户订单号"], value["微信订单号"], "refund",
                                     Money(_fen(value["退款金额"], where)), _time(value["交易时间"], where),
                                     value["商户退款单号"]))
        else:
            raise PaymentError(f"{where}: unknown 交易状态 {state!r}")
    if totals_at + 1 >= len(lines):
        raise PaymentError("the WeChat Pay bill is cut short: no totals row")
    totals = _backticked(lines[totals_at + 1], "WeChat Pay bill totals")
    try:
        count = int(totals[0])
    except ValueError:
        raise PaymentError("WeChat Pay bill totals: not a count") from None
    paid = sum(r.amount.amount for r in rows if r.kind == "pay")
    refunded = sum(r.amount.amount for r in rows if r.kind == "refund")
    if len(totals) < 3 or count != len(rows) or _fen(totals[1], "totals") != paid or _fen(totals[2], "totals") != refunded:
        raise PaymentError("the WeChat Pay bill's totals do not match its rows: the file is damaged")
    return rows

"""The payments of central's outlet orders (issue 19): one row per tender of an accepted
order, so that reports sum money by method, and a mobile payment charged at a wallet's
gateway by wallet, with the gateway's transaction id and the merchant's trade number to
reconcile against the wallet's own statement. A gateway's transaction pays one order only
(the unique key refuses a second order naming it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.model_base import ID, Base


class OrderPayment(Base):
    __tablename__ = "order_payments"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    sold_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(12))  # cash | card | mobile | voucher | exchange | points
    amount: Mapped[int] = mapped_column(BigInteger)  # fen
    wallet: Mapped[str | None] = mapped_column(String(8))  # wechat | alipay: a scanned payment code
    transaction_id: Mapped[str | None] = mapped_column(String(64))  # the gateway's
    out_trade_no: Mapped[str | None] = mapped_column(String(32))  # the merchant's (the terminal's)
    __table_args__ = (
        Index("ix_order_payments_outlet_sold", "outlet_id", "sold_at"),
        UniqueConstraint("wallet", "transaction_id", name="uq_order_payments_wallet_trade"),
    )

"""Real-name holders at central (issue 18): one row per ID document per performance.

The primary key is the rule: one ticket per ID per performance across every channel, even
between two transactions racing. ``digest`` is central's keyed HMAC of the document
(``central.holder_keys``), so the table compares holders without a number in clear;
``id_number`` is the number encrypted with the at-rest key, which is not in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from central.models import ID, UUID_LEN, Base


class HolderClaim(Base):
    __tablename__ = "holder_claims"
    performance_id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticket_id: Mapped[str] = mapped_column(String(ID), index=True)
    order_id: Mapped[str] = mapped_column(String(UUID_LEN))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    id_type: Mapped[str] = mapped_column(String(20))
    id_number: Mapped[str] = mapped_column(Text)  # Fernet token under the at-rest key
    created_at: Mapped[datetime]

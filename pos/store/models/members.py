"""Members as this terminal knows them (issue 22): the tiers of the catalog and the member
feed from central (number, tier, masked phone, points free as of the feed). No names and no
full phone numbers are kept here (invariant 11)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.store.models.base import Base
from pos.store.types import UtcDateTime


class MemberTier(Base):
    __tablename__ = "member_tier"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    rank: Mapped[int] = mapped_column(Integer, default=0)


class Member(Base):
    __tablename__ = "member"
    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    tier: Mapped[str] = mapped_column(String(40))
    phone_masked: Mapped[str] = mapped_column(String(20))
    points: Mapped[int] = mapped_column(BigInteger, default=0)  # free to spend, as of ``seq``
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)  # the member feed's; 0: looked up online
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

"""Central's member tables (issue 22): members with their tier and points balance, the points
ledger, and the points authorisations counters take before selling against points.

A member's ``points`` is the balance; ``held`` the part of it open authorisations reserve, so
what a counter may still authorise is ``points - held``. An authorisation is consumed by the
order that names it (once, by the terminal that took it), released when the sale failed, or
expires. The ledger has one entry per earning or redemption, unique per order and kind, so a
replayed upload never credits or debits twice. An ``adjust`` entry (a supervisor's goodwill
or correction at central, migration 0020) carries its reason and who made it.

``member_lookups`` logs every look-up of a member by phone, and is what throttles them per
terminal across central's nodes (:mod:`central.services.member_lookups`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from central.models import ID, UUID_LEN, Base


class Member(Base):
    __tablename__ = "members"
    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    tier: Mapped[str] = mapped_column(String(ID))
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    held: Mapped[int] = mapped_column(BigInteger, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    seq: Mapped[int] = mapped_column(BigInteger, index=True)  # the member feed's order
    created_at: Mapped[datetime]
    __table_args__ = (
        CheckConstraint("points >= 0", name="points"),
        CheckConstraint("held >= 0 AND held <= points", name="held"),
    )


class PointsEntry(Base):
    """One change of a member's balance: earned by an order, redeemed by one, or adjusted."""

    __tablename__ = "points_ledger"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    member_number: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(8))  # earn | redeem | adjust
    points: Mapped[int] = mapped_column(BigInteger)  # signed: redeem is negative
    order_id: Mapped[str | None] = mapped_column(String(UUID_LEN))
    outlet_id: Mapped[str | None] = mapped_column(String(ID))
    at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(200))  # an adjustment's why (required for one)
    actor: Mapped[str | None] = mapped_column(String(80))  # who adjusted
    __table_args__ = (
        UniqueConstraint("order_id", "kind"),
        Index("ix_points_ledger_member", "member_number", "at"),
    )


class PointsAuthorisation(Base):
    __tablename__ = "points_authorisations"
    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    member_number: Mapped[str] = mapped_column(String(20), index=True)
    outlet_id: Mapped[str] = mapped_column(String(ID))
    terminal_id: Mapped[str] = mapped_column(String(ID))
    order_id: Mapped[str] = mapped_column(String(UUID_LEN))
    points: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))  # active | consumed | released | expired
    digest: Mapped[str] = mapped_column(String(64))  # of the request: same id, same body
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]


class MemberLookupLog(Base):
    """A look-up of a member by phone: who asked, whether it found one, or the throttle's refusal."""

    __tablename__ = "member_lookups"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    at: Mapped[datetime]
    terminal_id: Mapped[str] = mapped_column(String(ID))
    outlet_id: Mapped[str] = mapped_column(String(ID))
    found: Mapped[bool] = mapped_column(Boolean)
    refused: Mapped[str | None] = mapped_column(String(32))  # the throttle's reason, if refused
    __table_args__ = (Index("ix_member_lookups_terminal_at", "terminal_id", "at"),)

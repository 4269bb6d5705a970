"""Journal anchors kept by central: each head a terminal's journal had when it synced, as
central acknowledged it. A module of its own so that ``central/models.py`` stops growing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from central.models import Base


class JournalAnchor(Base):
    """One acknowledged head per row; a terminal's rows only ever grow in ``seq`` (central
    refuses a head that goes backwards or forks), so the last one is the highest."""

    __tablename__ = "journal_anchors"
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(8))  # the terminal key that signed the head
    signature: Mapped[str] = mapped_column(String(88))  # the terminal's, kept as evidence
    acknowledged_at: Mapped[datetime]

"""Receipts handed to citizens: kept so that a reprint is identical and marked DUPLICATA."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime


class IssuedReceipt(Base):
    """One récépissé: its number, what it is for, the signed QR payload, and how often it was printed."""

    __tablename__ = "receipts"

    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # procuration, resiliation, passeport, vote_internet
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    payload: Mapped[str] = mapped_column(Text)  # the signed QR payload: reprints carry the very same signature
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    last_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_print_error: Mapped[str | None] = mapped_column(Text)

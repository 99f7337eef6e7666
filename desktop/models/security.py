"""Security records of the local store: signed audit anchors and the retention checkpoint of the audit chain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime


class AuditAnchor(Base):
    """A station-signed (seq, MAC) of the audit chain, made at each sync and also kept by the central store."""

    __tablename__ = "audit_anchors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    station_code: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer, index=True)
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditCheckpoint(Base):
    """Single row: the seq and MAC of the last audit event purged by retention, where verification starts."""

    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    mac: Mapped[bytes] = mapped_column(LargeBinary(32))
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime())

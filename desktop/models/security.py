"""Security records of the local store: signed audit anchors, the retention checkpoint of the audit chain, and the
count of its rows rewritten or deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Integer, LargeBinary, String, event
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


class AuditRewrites(Base):
    """Single row: how many audit events were ever updated or deleted, counted by triggers on `audit_events`.

    An event is written once, sealed; only the retention purge deletes (and moves the checkpoint). The Journal's
    check resumes from the end it verified only while this count and the triggers are unchanged
    (desktop/services/chain_watch.py): a row rewritten behind the chain's back sends it back to a whole check."""

    __tablename__ = "audit_rewrites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


# The triggers (also made by migration 0015); their names are checked by chain_watch.
REWRITE_TRIGGERS = ("audit_events_updated", "audit_events_deleted")
_COUNT_ONE = "INSERT INTO audit_rewrites (id, count) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET count = count + 1"
TRIGGER_DDL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {what} ON audit_events BEGIN {_COUNT_ONE}; END"
    for name, what in zip(REWRITE_TRIGGERS, ("UPDATE", "DELETE"), strict=True)
)


@event.listens_for(AuditRewrites.__table__, "after_create")
def _triggers(_table: Any, connection: Connection, **_kw: Any) -> None:
    """A store made whole by create_all (desktop/models/migrate.py) has the triggers too."""
    for ddl in TRIGGER_DDL:
        connection.exec_driver_sql(ddl)

"""The audit log, the outbox of changes waiting for the central store, sync state and printed receipts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, UTCDateTime


class AuditEvent(Base):
    """Who did what, when, on which record: never personal data (R-DATA-4, spec/security.md)."""

    __tablename__ = "audit_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # the newest first, a period (0014)
    station_code: Mapped[str] = mapped_column(String(32))
    agent_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    record_kind: Mapped[str | None] = mapped_column(String(24))
    record_id: Mapped[str | None] = mapped_column(String(36), index=True)
    detail: Mapped[str | None] = mapped_column(Text)  # pseudonymous details only (rule ids, counts)
    mac: Mapped[bytes | None] = mapped_column(LargeBinary(32))


class OutboxEntry(Base):
    """A change waiting for the central store; `seq` is gap-free per station (spec/sync.md)."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # the Tableau de bord's days (0008)
    batch_id: Mapped[str | None] = mapped_column(String(36), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(12), index=True)  # the refusals counted (0014)
    verdict_rule_id: Mapped[str | None] = mapped_column(String(24))
    # The seq this entry carries on the wire (gap-free for the central store): `seq` at first; entries behind one set
    # aside, or never acknowledged when the central store was restored, are renumbered (desktop/sync/recovery.py).
    wire_seq: Mapped[int | None] = mapped_column(Integer, index=True)
    set_aside_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # refused at reception: never sent again
    refusal: Mapped[str | None] = mapped_column(Text)  # the central store's French reason (no personal data)


class SyncState(Base):
    """Single row: the change-feed cursor and the clock reference of the last successful sync."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor: Mapped[str | None] = mapped_column(String(64))
    server_time: Mapped[datetime | None] = mapped_column(UTCDateTime())
    monotonic_at_server_time: Mapped[float | None] = mapped_column()
    boot_id: Mapped[str | None] = mapped_column(String(64))
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    # The central store's id of this station that acknowledged the outbox's wire seqs and issued the cursor (0013);
    # another one: the station was enrolled again (desktop/sync/recovery.py `rebind`).
    station_id: Mapped[str | None] = mapped_column(String(64))


class SequenceCounter(Base):
    """Named gap-free counters (receipt numbers per year), incremented inside the action's transaction."""

    __tablename__ = "sequence_counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)

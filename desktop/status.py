"""What the status bar and the Synchronisation screen show: plain values, computed outside Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from desktop.models import OutboxEntry, SyncState
from desktop.models.db import Store
from desktop.rules.terms import Status


@dataclass(frozen=True)
class OutboxStatus:
    """Entries waiting for the central store, and how old the oldest is."""

    pending: int
    oldest_created_at: datetime | None
    refused: int
    last_success_at: datetime | None

    def oldest_age(self, now: datetime) -> timedelta | None:
        return None if self.oldest_created_at is None else now - self.oldest_created_at


def outbox_status(store: Store) -> OutboxStatus:
    """One cheap query set: counts on indexed columns."""
    with store.read() as s:
        pending, oldest = s.execute(
            select(func.count(OutboxEntry.seq), func.min(OutboxEntry.created_at)).where(
                # As the sync worker counts (desktop/sync/outbox.pending): an entry set aside is never sent again.
                OutboxEntry.acked_at.is_(None),
                OutboxEntry.set_aside_at.is_(None),
            )
        ).one()
        refused = s.scalar(select(func.count(OutboxEntry.seq)).where(OutboxEntry.verdict == Status.INVALIDEE)) or 0
        state = s.get(SyncState, 1)
        last = state.last_success_at if state else None
    if oldest is not None and oldest.tzinfo is None:
        from datetime import UTC

        oldest = oldest.replace(tzinfo=UTC)
    return OutboxStatus(pending=int(pending or 0), oldest_created_at=oldest, refused=int(refused), last_success_at=last)

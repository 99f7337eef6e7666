"""A consultation's audit event commits with synchronous=NORMAL; the connection goes back to FULL, error or not."""

from __future__ import annotations

from contextlib import ExitStack
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from desktop.models import AuditEvent
from desktop.models.db import Store
from desktop.services.consultations import consultation
from desktop.services.journal import Actor, audit

ACTOR = Actor(station_code="75056-01", agent_id="agent-1")
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)


def _levels(store: Store) -> set[int]:
    """PRAGMA synchronous of every connection the pool holds (checked out together, so each one is seen)."""
    with ExitStack() as stack:
        conns = [stack.enter_context(store.engine.connect()) for _ in range(3)]
        # On the driver's connections: through SQLAlchemy's, each would begin a write transaction.
        drivers = [c.connection.driver_connection for c in conns]
        return {int(d.execute("PRAGMA synchronous").fetchone()[0]) for d in drivers if d is not None}


def test_the_event_is_committed_and_the_connection_is_back_to_full(store: Store) -> None:
    with consultation(store) as s:
        assert s.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL inside
        audit(s, actor=ACTOR, action_name="consultation", now=NOW, record_kind="recherche", detail="critere=nne")
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 1
    assert _levels(store) == {2}  # FULL everywhere


def test_an_error_rolls_back_and_still_restores_full(store: Store) -> None:
    with pytest.raises(RuntimeError), consultation(store) as s:
        audit(s, actor=ACTOR, action_name="consultation", now=NOW, record_kind="recherche", detail="critere=nom")
        raise RuntimeError("boom")
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert _levels(store) == {2}

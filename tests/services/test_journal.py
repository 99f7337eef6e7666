"""One transaction per action: record, audit event and outbox entry together, or nothing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from desktop.models import AuditEvent, Elector, OutboxEntry
from desktop.models.db import Store
from desktop.services.journal import Actor, action, audit, enqueue, next_number

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ACTOR = Actor(station_code="75056-01", agent_id="agent-1")


def _body(eid: str) -> dict[str, object]:
    """A body the wire accepts (enqueue refuses one the central store would refuse)."""
    return {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, eid)), "agent_id": "agent-1", "data": {"nom": "é"}}


def _write(store: Store, eid: str, *, fail: bool = False) -> None:
    with action(store) as s:
        s.add(
            Elector(
                id=eid,
                last_name="X",
                given_names="Y",
                birth_date=date(1980, 1, 1),
                search_name="X Y",
                eu_citizen=False,
                created_at=NOW,
            )
        )
        audit(s, actor=ACTOR, action_name="electeur.cree", now=NOW, record_kind="electeur", record_id=eid)
        enqueue(s, kind="passeport.etape", record_id=eid, body=_body(eid), now=NOW)
        if fail:
            raise RuntimeError("printer on fire")


def _counts(store: Store) -> tuple[int, int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Elector)) or 0,
            s.scalar(select(func.count()).select_from(AuditEvent)) or 0,
            s.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        )


def test_all_three_are_written_together(store: Store) -> None:
    _write(store, "e1")
    assert _counts(store) == (1, 1, 1)
    with store.session() as s:
        entry = s.scalars(select(OutboxEntry)).one()
        assert entry.seq == 1 and entry.record_id == "e1" and entry.acked_at is None
        assert json.loads(entry.body) == _body("e1")
        assert len(entry.id) == 36 and entry.id[14] == "7"  # a UUIDv7


def test_a_failure_inside_the_action_writes_nothing(store: Store) -> None:
    _write(store, "e1")
    with pytest.raises(RuntimeError):
        _write(store, "e2", fail=True)
    assert _counts(store) == (1, 1, 1)
    _write(store, "e3")
    with store.session() as s:
        assert s.scalars(select(OutboxEntry.seq).order_by(OutboxEntry.seq)).all() == [1, 2]  # no gap left behind
        assert s.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all() == [1, 2]


def test_counters_are_gap_free_and_roll_back(store: Store) -> None:
    with action(store) as s:
        assert next_number(s, "recepisse") == 1
        assert next_number(s, "recepisse") == 2
    with pytest.raises(RuntimeError), action(store) as s:
        next_number(s, "recepisse")
        raise RuntimeError
    with action(store) as s:
        assert next_number(s, "recepisse") == 3

"""The one query the screens read an outbox entry's state through (extended by the sync side at merge)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update
from test_procurations import FORM, make_desk

from desktop.models import OutboxEntry, utcnow
from desktop.models.db import Store
from desktop.services.outbox_state import EntryState, outbox_states


def test_pending_then_accepted_or_refused(store: Store, tmp_path: Path) -> None:
    desk = make_desk(store, tmp_path)
    saved = desk.establish(FORM)
    assert saved.procuration_id is not None
    pid = saved.procuration_id
    with store.read() as s:
        assert outbox_states(s, [pid])[pid].state is EntryState.PENDING
        assert outbox_states(s, ["absent"]) == {}
    with store.session() as s, s.begin():
        s.execute(update(OutboxEntry).where(OutboxEntry.record_id == pid).values(acked_at=utcnow(), verdict="validee"))
    with store.read() as s:
        assert outbox_states(s, [pid])[pid].state is EntryState.ACCEPTED
    with store.session() as s, s.begin():
        s.execute(
            update(OutboxEntry)
            .where(OutboxEntry.record_id == pid)
            .values(verdict="invalidee", verdict_rule_id="R-LIMIT-1")
        )
    with store.read() as s:
        state = outbox_states(s, [pid])[pid]
    assert state.state is EntryState.REFUSED and state.rule_id == "R-LIMIT-1"
    assert state.state.label == "Refusée par le central"

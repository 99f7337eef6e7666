"""The next batch prepared while the current one is on its way (issue 21): frozen as prepared only when the outbox
still holds exactly its rows; otherwise built afresh, so order and recovery stay what they were."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from centralkit import DUBOIS, MARTIN, procuration_body
from sqlalchemy import select
from synckit import outbox_only

from central.embedded import Embedded
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.sync import outbox, recovery
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker, WorkerSettings

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _fill(store: Store, count: int) -> None:
    clock = StationClock()
    for _ in range(count):
        outbox_only(store, clock, "procuration.etablie", procuration_body(MARTIN, DUBOIS, rounds="T1"))


def test_a_prepared_batch_is_the_one_frozen_when_nothing_changed(store: Store) -> None:
    _fill(store, 5)
    ahead = outbox.prepare_next(store, max_entries=3)
    assert ahead is not None
    with store.session() as s:  # preparing wrote nothing
        assert all(r.batch_id is None and r.wire_seq is None for r in s.scalars(select(OutboxEntry)))
    frozen = outbox.freeze_next(store, max_entries=3, now=NOW, ahead=ahead)
    assert frozen is not None
    batch, text = frozen
    assert batch == ahead.batch and text == batch.to_json().encode()
    assert [e.seq for e in batch.entries] == [1, 2, 3]
    resent = outbox.next_batch(store, max_entries=3, now=NOW)  # in flight: the same batch, the same bytes
    assert resent is not None and resent.to_json().encode() == text
    with store.session() as s:
        rows = list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
        assert [r.wire_seq for r in rows[:3]] == [1, 2, 3] and {r.batch_id for r in rows[:3]} == {batch.batch_id}
        assert [r.attempts for r in rows] == [2, 2, 2, 0, 0]


def test_a_prepared_batch_is_dropped_when_the_outbox_changed(store: Store) -> None:
    _fill(store, 4)
    first = outbox.next_batch(store, max_entries=2, now=NOW)
    assert first is not None
    ahead = outbox.prepare_next(store, max_entries=2)  # entries 3 and 4, numbered 3 and 4
    assert ahead is not None and [e.seq for e in ahead.batch.entries] == [3, 4]
    # The central store refuses entry 2 of the batch in flight: it is set aside, entries behind it renumbered.
    recovery.set_aside(store, batch_id=first.batch_id, wire_seq=2, reason="refusé", now=NOW)
    frozen = outbox.freeze_next(store, max_entries=2, now=NOW, ahead=ahead)
    assert frozen is not None
    batch, text = frozen
    assert text == batch.to_json().encode() and batch.batch_id not in (ahead.batch.batch_id, first.batch_id)
    assert [e.seq for e in batch.entries] == [1, 2]  # entry 1 again (unfrozen), then entry 3 numbered 2


@pytest.mark.slow
def test_a_pipelined_drain_keeps_the_order(
    sqlite_central: Embedded, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(store, 23)
    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="guichet")
    worker = SyncWorker(store, CentralClient(sqlite_central.base_url, creds), StationClock())
    worker.settings = WorkerSettings(batch_size=5, backlog_batch_size=5)
    used: list[bool] = []
    real = outbox.freeze_next

    def spy(*args: object, **kwargs: object) -> object:
        frozen = real(*args, **kwargs)  # type: ignore[arg-type]
        ahead = kwargs.get("ahead")
        if frozen is not None:
            used.append(isinstance(ahead, outbox.Prepared) and frozen[0].batch_id == ahead.batch.batch_id)
        return frozen

    monkeypatch.setattr(outbox, "freeze_next", spy)
    assert worker.run_once()
    assert used == [False, True, True, True, True]  # every batch after the first was prepared ahead
    with store.session() as s:
        rows = list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))
    assert all(r.acked_at is not None for r in rows)
    assert [r.wire_seq for r in rows] == list(range(1, 24))
    worker.client.close()

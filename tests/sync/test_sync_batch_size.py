"""Batch size (issue 21): a backlog drains in large batches and a live act goes in a small one; no batch is ever
built over the central store's body limit; a large frozen batch is resent unchanged; an answer recorded while the
next batch is on its way, or resent when that fails."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from centralkit import DUBOIS, MARTIN, procuration_body
from faultproxy import DROP_AFTER, PASS, FaultProxy
from sqlalchemy import func, select
from synckit import outbox_only

from central.app import MAX_BODY
from central.embedded import Embedded
from central.schema import entries
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.models.ids import uuid7
from desktop.services.journal import enqueue
from desktop.sync import outbox
from desktop.sync.client import BatchRefusedError, CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.outbox import envelope
from desktop.sync.wire import MAX_BATCH_BYTES, MAX_ENTRIES, Batch, BatchResult, OpaqueBody, iso
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
SMALL = WorkerSettings(batch_size=5, backlog_batch_size=10, backoff=Backoff(base=0.01, cap=0.05))


def _fill(store: Store, count: int) -> None:
    clock = StationClock()
    for _ in range(count):
        outbox_only(store, clock, "procuration.etablie", procuration_body(MARTIN, DUBOIS, rounds="T1"))


def _fill_opaque(store: Store, count: int, size: int) -> None:
    """Renewal entries whose data is `size` characters of text (the wire allows 16,000)."""
    clock = StationClock()
    for _ in range(count):
        body = OpaqueBody.from_dict({"id": uuid7(), "agent_id": "agent-1", "data": {"notes": "x" * size}}, "body")
        stamp = clock.stamp()
        with store.session() as s, s.begin():
            enqueue(s, kind="passeport.etape", record_id=body.id, body=envelope(body, stamp), now=stamp.at)


def _spied(worker: SyncWorker) -> list[tuple[str, int, bytes]]:
    """Every push the worker makes: (batch id, entries, the bytes sent)."""
    pushes: list[tuple[str, int, bytes]] = []
    real = worker.client.push

    def push(batch: Batch, text: bytes | None = None) -> BatchResult:
        pushes.append((batch.batch_id, len(batch.entries), text if text is not None else batch.to_json().encode()))
        return real(batch, text)

    worker.client.push = push  # type: ignore[method-assign]
    return pushes


def _worker(central: Embedded, store: Store, base_url: str | None = None) -> SyncWorker:
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="guichet")
    return SyncWorker(
        store, CentralClient(base_url or central.base_url, creds, timeout=5), StationClock(), settings=SMALL
    )


def _landed(central: Embedded) -> list[int]:
    with central.engine.connect() as conn:
        return list(conn.execute(select(entries.c.seq).order_by(entries.c.seq)).scalars())


def test_a_backlog_goes_in_large_batches_and_a_live_act_in_a_small_one(sqlite_central: Embedded, store: Store) -> None:
    worker = _worker(sqlite_central, store)
    pushes = _spied(worker)
    _fill(store, 23)  # a backlog: the live size first, then the backlog size
    assert worker.run_once()
    assert [n for _, n, _ in pushes] == [5, 10, 8]
    _fill(store, 1)  # a live act: alone, at once
    assert worker.run_once()
    assert [n for _, n, _ in pushes[3:]] == [1]
    _fill(store, 7)  # a few acts: one small batch, then the rest
    assert worker.run_once()
    assert [n for _, n, _ in pushes[4:]] == [5, 2]
    assert _landed(sqlite_central) == list(range(1, 32))
    worker.client.close()


def test_the_batch_size_never_exceeds_the_wire_limit() -> None:
    assert WorkerSettings().batch_size < WorkerSettings().backlog_batch_size == MAX_ENTRIES
    worker = SyncWorker.__new__(SyncWorker)
    worker.settings = WorkerSettings(batch_size=0, backlog_batch_size=5 * MAX_ENTRIES)
    assert worker._batch_size(acknowledged=True) == MAX_ENTRIES
    assert worker._batch_size(acknowledged=False) == 1


def test_the_byte_budget_is_below_the_central_stores_body_limit() -> None:
    assert MAX_BATCH_BYTES <= MAX_BODY // 2


def test_a_batch_over_the_byte_budget_is_cut_before_it_is_frozen(store: Store) -> None:
    # 300 renewal entries of ~15 kB: 4.5 MB of JSON in 300 entries, over the 4 MiB budget.
    _fill_opaque(store, 300, 15_000)
    sizes = []
    while (frozen := outbox.freeze_next(store, max_entries=MAX_ENTRIES, now=NOW)) is not None:
        batch, text = frozen
        assert text is not None and text == batch.to_json().encode() and len(text) <= MAX_BATCH_BYTES
        with store.session() as s:  # only the entries sent are frozen
            assert s.scalar(select(func.count()).where(OutboxEntry.batch_id == batch.batch_id)) == len(batch.entries)
        resent = outbox.next_batch(store, max_entries=MAX_ENTRIES, now=NOW)  # in flight: the same, byte for byte
        assert resent is not None and resent.to_json().encode() == text
        sizes.append(len(batch.entries))
        answer = {"batch_id": batch.batch_id, "last_seq": batch.entries[-1].seq, "server_time": iso(NOW)}
        verdicts = [{"seq": e.seq, "id": e.id, "status": "validee"} for e in batch.entries]
        outbox.record_result(store, BatchResult.from_dict({**answer, "verdicts": verdicts}), now=NOW, reference=None)
    assert len(sizes) == 2 and sum(sizes) == 300 and sizes[0] > sizes[1]
    with store.session() as s:
        seqs = list(s.scalars(select(OutboxEntry.wire_seq).order_by(OutboxEntry.seq)))
    assert seqs == list(range(1, 301))


def test_a_prepared_batch_is_cut_the_same_way(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "MAX_BATCH_BYTES", 8_000)
    _fill_opaque(store, 10, 1_500)
    ahead = outbox.prepare_next(store, max_entries=10)
    assert ahead is not None and len(ahead.text) <= 8_000 and 1 < len(ahead.batch.entries) < 10
    frozen = outbox.freeze_next(store, max_entries=10, now=NOW, ahead=ahead)
    assert frozen is not None and frozen[0] == ahead.batch and frozen[1] == ahead.text
    other = outbox.prepare_next(store, max_entries=10)
    assert other is not None
    # Prepared for another size than the one asked for: not reused, built afresh.
    fresh = outbox.freeze_next(store, max_entries=3, now=NOW, answered=ahead.batch.batch_id, ahead=other)
    assert fresh is not None and fresh[0].batch_id != other.batch.batch_id and len(fresh[0].entries) == 3


def test_a_large_frozen_batch_is_resent_unchanged_after_a_lost_answer(sqlite_central: Embedded, store: Store) -> None:
    batches = iter([PASS, DROP_AFTER])  # the second batch (the first large one) lands; its answer is lost
    proxy = FaultProxy(
        ("127.0.0.1", int(sqlite_central.base_url.rsplit(":", 1)[1])),
        lambda m, p: next(batches, PASS) if "/batches" in p else PASS,
    )
    worker = _worker(sqlite_central, store, proxy.base_url)
    pushes = _spied(worker)
    _fill(store, 25)
    assert not worker.run_once()
    assert worker.run_once()
    assert [n for _, n, _ in pushes] == [5, 10, 10, 10]
    assert pushes[2] == pushes[1]  # the same batch id, the same bytes
    assert _landed(sqlite_central) == list(range(1, 26))  # each entry once
    with store.session() as s:
        assert all(r.acked_at is not None for r in s.scalars(select(OutboxEntry)))
    worker.client.close()
    proxy.stop()


def test_an_answer_not_recorded_is_replayed_not_reapplied(
    sqlite_central: Embedded, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = _worker(sqlite_central, store)
    pushes = _spied(worker)
    _fill(store, 25)
    calls = {"n": 0}
    real = outbox.record_result

    def flaky(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second answer, recorded on the ahead thread while the third batch is on its way
            raise RuntimeError("database is locked")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox, "record_result", flaky)
    assert not worker.run_once()  # told: the cycle failed locally
    assert worker.status().pending == 10  # the second batch, still in flight
    assert worker.run_once()
    assert pushes[3][0] == pushes[1][0]  # resent as it was frozen; the central store replays its answer
    assert _landed(sqlite_central) == list(range(1, 26))
    assert worker.status().pending == 0
    worker.client.close()


def test_a_refusal_is_not_handled_while_an_earlier_answer_is_unrecorded(
    sqlite_central: Embedded, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = _worker(sqlite_central, store)
    _fill(store, 25)
    calls = {"record": 0, "push": 0}
    real_record, real_push = outbox.record_result, worker.client.push

    def flaky(*args: object, **kwargs: object) -> None:
        calls["record"] += 1
        if calls["record"] == 1:  # the first answer, recorded while the second batch is on its way
            raise RuntimeError("database is locked")
        real_record(*args, **kwargs)  # type: ignore[arg-type]

    def push(batch: Batch, text: bytes | None = None) -> BatchResult:
        calls["push"] += 1
        if calls["push"] == 2:  # the second batch refused as a whole: would be unfrozen and halved
            raise BatchRefusedError(422, "refusé")
        return real_push(batch, text)

    monkeypatch.setattr(outbox, "record_result", flaky)
    worker.client.push = push  # type: ignore[method-assign]
    assert not worker.run_once()  # the local failure is what is reported; nothing unfrozen or halved
    assert worker._limit is None
    with store.session() as s:
        assert len({r.batch_id for r in s.scalars(select(OutboxEntry)) if r.batch_id is not None}) == 2
    assert worker.run_once()  # the first batch resent (its answer replayed), then the second, then the rest
    assert _landed(sqlite_central) == list(range(1, 26))
    assert worker.status().pending == 0
    worker.client.close()

"""The outbox worker against a real central store over HTTP: verdicts, later changes, frozen batches, status."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from centralkit import DUBOIS, MARTIN, Station, procuration_body
from faultproxy import DROP_BEFORE, PASS, FaultProxy
from sqlalchemy import select
from synckit import establish

from central.embedded import Embedded
from desktop.models import OutboxEntry, Procuration, ProcurationEvent, SyncState
from desktop.models.db import Store
from desktop.sync import outbox
from desktop.sync.client import CentralClient, Credentials, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

THOMAS = {"nom": "THOMAS", "prenoms": ["Sophie"], "date_naissance": "1963-05-27", "nne": "285042289"}
FAST = WorkerSettings(
    batch_size=50, poll_interval=0.05, probe_interval=0.02, backoff=Backoff(base=0.01, cap=0.05, jitter=0.5)
)


def worker_for(central: Embedded, store: Store, base_url: str | None = None) -> tuple[SyncWorker, Credentials]:
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="guichet")
    client = CentralClient(base_url or central.base_url, creds, timeout=5)
    return SyncWorker(store, client, StationClock(), settings=FAST), creds


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")


def test_push_applies_verdicts_and_keeps_the_clock_reference(sqlite_central: Embedded, store: Store) -> None:
    worker, _ = worker_for(sqlite_central, store)
    pid = establish(store, worker.clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
    assert worker.status().pending == 1
    assert worker.run_once()
    with store.session() as s:
        proc = s.get(Procuration, pid)
        assert proc is not None and proc.status == "validee" and proc.confirmed_at is not None
        row = s.scalars(select(OutboxEntry)).one()
        assert row.acked_at is not None and row.verdict == "validee" and row.attempts == 1
        state = s.get(SyncState, 1)
        assert state is not None and state.server_time is not None and state.monotonic_at_server_time is not None
    status = worker.status()
    assert (status.online, status.pending, status.oldest_pending_age, status.refused) == (True, 0, None, ())
    assert status.last_success is not None and not status.offline_too_long


def test_later_invalidation_comes_from_the_feed(sqlite_central: Embedded, store: Store) -> None:
    worker, _ = worker_for(sqlite_central, store)
    other = Station.enrol(sqlite_central.base_url, sqlite_central.enrolment_token, "autre")
    early_at = worker.clock.now()
    late = establish(store, worker.clock, procuration_body(MARTIN, DUBOIS, rounds="T1"))
    assert worker.run_once()
    # Another counter had established one for the same mandataire earlier, and syncs only now.
    assert (
        other.push(
            other.batch(("procuration.etablie", procuration_body(THOMAS, DUBOIS, rounds="T1"), early_at))
        ).status_code
        == 200
    )
    assert worker.run_once()
    with store.session() as s:
        proc = s.get(Procuration, late)
        assert proc is not None and (proc.status, proc.status_rule_id) == ("invalidee", "R-LIMIT-1")
        events = s.scalars(select(ProcurationEvent).where(ProcurationEvent.procuration_id == late)).all()
        assert [e.status for e in events] == ["validee", "invalidee"]
        cursor = s.get(SyncState, 1).cursor  # type: ignore[union-attr]
    refused = worker.status().refused
    assert [(r.record_id, r.rule_id, r.later) for r in refused] == [(late, "R-LIMIT-1", True)]
    assert "mandataire" in refused[0].advice and refused[0].message
    # The cursor was stored: a new pull brings nothing again.
    assert worker.client.changes(int(cursor or 0)).changes == ()


def test_refused_at_sync_is_listed_with_its_reason(sqlite_central: Embedded, store: Store) -> None:
    worker, _ = worker_for(sqlite_central, store)
    stranger = {"nom": "INCONNU", "prenoms": ["Paul"], "date_naissance": "1980-02-02", "nne": "11111111"}
    pid = establish(store, worker.clock, procuration_body(stranger, DUBOIS))
    assert worker.run_once()
    refused = worker.status().refused
    assert [(r.record_id, r.rule_id, r.later) for r in refused] == [(pid, "R-PARTY-1", False)]
    with store.read() as s:  # which act: the number on the citizen's receipt, for the agent to find them
        number = s.get(Procuration, pid).receipt_number  # type: ignore[union-attr]
    assert number and refused[0].receipt_number == number


def test_batch_is_frozen_until_acknowledged(sqlite_central: Embedded, store: Store) -> None:
    blocked = {"on": True}
    proxy = FaultProxy(
        ("127.0.0.1", int(sqlite_central.base_url.rsplit(":", 1)[1])),
        lambda method, path: DROP_BEFORE if blocked["on"] else PASS,
    )
    worker, _ = worker_for(sqlite_central, store, proxy.base_url)
    for mandant in (MARTIN, THOMAS):
        establish(store, worker.clock, procuration_body(mandant, DUBOIS, rounds="T1"))
    assert not worker.run_once()
    status = worker.status()
    assert not status.online and status.pending == 2 and status.last_error
    assert "injoignable" in status.last_error
    with store.session() as s:
        first_ids = {r.batch_id for r in s.scalars(select(OutboxEntry))}
    assert len(first_ids) == 1 and None not in first_ids
    establish(store, worker.clock, procuration_body(DUBOIS, MARTIN, rounds="T1"))
    assert not worker.run_once()
    with store.session() as s:
        rows = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        assert [r.batch_id for r in rows[:2]] == [first_ids.pop()] * 2 and rows[2].batch_id is None
        assert [r.attempts for r in rows] == [2, 2, 0]
    blocked["on"] = False
    assert worker.run_once()
    assert worker.status().pending == 0
    proxy.stop()


def test_worker_thread_retries_and_resumes_on_reconnection(sqlite_central: Embedded, store: Store) -> None:
    blocked = {"on": True}
    proxy = FaultProxy(
        ("127.0.0.1", int(sqlite_central.base_url.rsplit(":", 1)[1])),
        lambda method, path: DROP_BEFORE if blocked["on"] else PASS,
    )
    worker, _ = worker_for(sqlite_central, store, proxy.base_url)
    worker.settings = WorkerSettings(
        batch_size=50, poll_interval=60, probe_interval=0.05, backoff=Backoff(base=60, cap=60)
    )  # only a probe can bring it back soon
    seen: list[bool] = []
    worker.subscribe(lambda st: seen.append(st.online))
    establish(store, worker.clock, procuration_body(MARTIN, DUBOIS))
    worker.start()
    wait_for(lambda: worker.status().last_error is not None)
    blocked["on"] = False
    wait_for(lambda: worker.status().pending == 0, timeout=10)
    worker.stop()
    assert seen[-1] is True and False in seen
    proxy.stop()


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    b = Backoff(base=2, cap=300, jitter=0.5)
    rng = random.Random(1)
    for failures, nominal in ((1, 2), (2, 4), (5, 32), (20, 300)):
        for _ in range(50):
            assert nominal * 0.5 <= b.delay(failures, rng) <= nominal * 1.5
    delays = {round(b.delay(3, rng), 6) for _ in range(20)}
    assert len(delays) > 10  # jitter spreads the stations


def test_offline_warning_after_the_configured_period(sqlite_central: Embedded, store: Store) -> None:
    dead = CentralClient("http://127.0.0.1:9", Credentials("x", "y"), timeout=0.5)
    worker = SyncWorker(store, dead, StationClock(), settings=WorkerSettings(offline_warning=timedelta(hours=1)))
    assert worker.status().offline_too_long is False  # nothing waiting, never synced: nothing to warn about
    establish(store, worker.clock, procuration_body(MARTIN, DUBOIS))
    assert not worker.run_once()
    assert worker.status().offline_too_long is False  # waiting for a few seconds only
    later = SyncWorker(
        store,
        dead,
        StationClock(),
        settings=WorkerSettings(offline_warning=timedelta(hours=1)),
        now=lambda: datetime.now(UTC) + timedelta(hours=2),
    )
    assert later.status().offline_too_long is True
    assert httpx.get(f"{sqlite_central.base_url}/v1/time").status_code == 200


def test_a_local_failure_does_not_kill_the_worker(
    sqlite_central: Embedded, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker, _ = worker_for(sqlite_central, store)
    establish(store, worker.clock, procuration_body(MARTIN, DUBOIS))
    calls = {"n": 0}
    original = outbox.record_result

    def flaky(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database is locked")
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox, "record_result", flaky)
    assert not worker.run_once()
    assert worker.status().last_error and worker.status().pending == 1
    assert worker.run_once()  # the frozen batch is resent and its stored answer applied
    assert worker.status().pending == 0

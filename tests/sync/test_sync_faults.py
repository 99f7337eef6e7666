"""Network faults between a counter and the central store: every entry lands exactly once, nothing stays pending.

A fault-injecting proxy drops each batch request before forwarding it, then drops the answer after the server
committed, then cuts the answer in the middle, and only then lets it through; feed pulls are dropped at random.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from pathlib import Path

import pytest
from centralkit import procuration_body, synthetic_register
from faultproxy import CUT, DROP_AFTER, DROP_BEFORE, PASS, FaultProxy
from sqlalchemy import func, select
from synckit import outbox_only

from central.embedded import Embedded
from central.register import import_electors
from central.schema import entries, procurations, stations
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

ENTRIES = 500
BATCH = 50


def test_every_entry_lands_exactly_once_through_faults(central: Embedded, store: Store, tmp_path: Path) -> None:
    people = synthetic_register(tmp_path / "reg.csv", 2 * ENTRIES)
    with central.engine.begin() as conn:
        import_electors(conn, tmp_path / "reg.csv")
    cycle = itertools.cycle([DROP_BEFORE, DROP_AFTER, CUT, PASS])
    rng = random.Random(73)
    lock = threading.Lock()

    def plan(method: str, path: str) -> str:
        with lock:
            if "/batches" in path:
                return next(cycle)
            if path.startswith("/v1/changes"):
                return rng.choice([PASS, PASS, DROP_AFTER, CUT])
            return PASS

    port = int(central.base_url.rsplit(":", 1)[1])
    proxy = FaultProxy(("127.0.0.1", port), plan)
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="guichet")
    worker = SyncWorker(
        store,
        CentralClient(proxy.base_url, creds, timeout=10),
        StationClock(),
        settings=WorkerSettings(
            batch_size=BATCH, poll_interval=30, probe_interval=0.01, backoff=Backoff(base=0.005, cap=0.02)
        ),
    )
    for i in range(ENTRIES):
        outbox_only(
            store, worker.clock, "procuration.etablie", procuration_body(people[i], people[ENTRIES + i], rounds="T1")
        )
    worker.start()
    deadline = time.monotonic() + 120
    while worker.status().pending and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    proxy.stop()

    assert worker.status().pending == 0
    for fault in (DROP_BEFORE, DROP_AFTER, CUT, PASS):
        assert proxy.applied[("batch", fault)] == ENTRIES // BATCH
    with central.engine.connect() as conn:
        seqs = (
            conn.execute(select(entries.c.seq).where(entries.c.station_id == creds.station_id).order_by(entries.c.seq))
            .scalars()
            .all()
        )
        assert seqs == list(range(1, ENTRIES + 1))
        assert conn.execute(select(func.count()).select_from(procurations)).scalar_one() == ENTRIES
        server = dict(conn.execute(select(procurations.c.id, procurations.c.status)).all())
        assert (
            conn.execute(select(stations.c.last_seq).where(stations.c.id == creds.station_id)).scalar_one() == ENTRIES
        )
    with store.session() as s:
        rows = s.scalars(select(OutboxEntry)).all()
        assert all(r.acked_at is not None for r in rows)
        assert {r.record_id: r.verdict for r in rows} == server
        assert set(server.values()) == {"validee"}


@pytest.mark.parametrize("fault", [DROP_AFTER, CUT])
def test_a_lost_answer_is_replayed_not_reapplied(sqlite_central: Embedded, store: Store, fault: str) -> None:
    faults = iter([fault])
    proxy = FaultProxy(
        ("127.0.0.1", int(sqlite_central.base_url.rsplit(":", 1)[1])),
        lambda m, p: next(faults, PASS) if "/batches" in p else PASS,
    )
    creds = enrol(sqlite_central.base_url, enrolment_token=sqlite_central.enrolment_token, label="g")
    worker = SyncWorker(store, CentralClient(proxy.base_url, creds, timeout=5), StationClock())
    martin = {"nom": "MARTIN", "prenoms": ["Claire"], "date_naissance": "1990-01-15", "nne": "204512873"}
    dubois = {"nom": "DUBOIS", "prenoms": ["Jean"], "date_naissance": "1975-06-02", "nne": "19374652"}
    outbox_only(store, worker.clock, "procuration.etablie", procuration_body(martin, dubois, rounds="T1"))
    assert not worker.run_once()  # committed on the server, answer lost
    with sqlite_central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(entries)).scalar_one() == 1
    assert worker.run_once()  # the same frozen batch: the stored answer comes back
    with store.session() as s:
        row = s.scalars(select(OutboxEntry)).one()
        assert (row.verdict, row.attempts) == ("validee", 2)
    with sqlite_central.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(entries)).scalar_one() == 1
    proxy.stop()

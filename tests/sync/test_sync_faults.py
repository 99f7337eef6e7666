"""Network faults between a counter and the central store: every entry lands exactly once, nothing stays pending.

A fault-injecting proxy drops each batch request before forwarding it, then drops the answer after the server
committed, then cuts the answer in the middle, and only then lets it through; feed pulls are dropped at random.
"""

from __future__ import annotations

import itertools
import random
import shutil
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from centralkit import procuration_body, synthetic_register
from faultproxy import CUT, DROP_AFTER, DROP_BEFORE, PASS, FaultProxy
from sqlalchemy import func, select
from synckit import establish, outbox_only

from central import attribution
from central.embedded import Embedded
from central.register import import_electors
from central.schema import changes, entries, procurations, stations
from desktop.models import OutboxEntry, Procuration
from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import Stamp, StationClock
from desktop.sync.wire import Clock
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

ENTRIES = 500
BATCH = 50


@pytest.mark.parametrize("backlog", [BATCH, 1000], ids=["fixed", "adaptive"])
def test_every_entry_lands_exactly_once_through_faults(
    central: Embedded, store: Store, tmp_path: Path, backlog: int
) -> None:
    """Fixed batches of 50 (ten batches through the four faults), or the adaptive size: 50, then the other 450 as
    one large frozen batch, resent unchanged through each fault."""
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
            batch_size=BATCH,
            backlog_batch_size=backlog,
            poll_interval=30,
            probe_interval=0.01,
            backoff=Backoff(base=0.005, cap=0.02),
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
    batches = ENTRIES // BATCH if backlog == BATCH else 2
    for fault in (DROP_BEFORE, DROP_AFTER, CUT, PASS):
        assert proxy.applied[("batch", fault)] == batches
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


class ForgedClock(StationClock):
    """A station that dates its acts three days back and claims a last sync it never had (issue 14.1)."""

    def stamp(self) -> Stamp:
        at = datetime.now(UTC) - timedelta(days=3)
        return Stamp(at, Clock(wall=at, basis="server", last_sync=at - timedelta(minutes=1), boot_id=None))


def _copy_store(template: Path, path: Path, key: bytes) -> Store:
    shutil.copyfile(template, path)
    return open_store(path, StaticKeyProvider(key), migrate=False)


def by(label: str, body: dict[str, Any]) -> dict[str, Any]:
    """The body as established by the agent of the station `label` (enrolled in `station`)."""
    return {**body, "agent_id": f"agent-{label}"}


def _until_synced(worker: SyncWorker, tries: int = 60) -> None:
    for _ in range(tries):
        if worker.run_once():
            return
        time.sleep(0.01)
    raise AssertionError(f"never synced: {worker.status().last_error}")


OUTAGE = 3.0  # seconds between the replaying station's lost answer and its replay
PER_STATION = 5


def test_forged_and_replaying_stations_cannot_void_honest_ones(
    central: Embedded, store: Store, store_template: Path, store_key: bytes, tmp_path: Path
) -> None:
    """Two honest stations behind faults, one whose clock is forged, one whose answers are replayed after an outage:
    the honest stations' procurations stand, the forged ones are void, flagged and queued for review."""
    people = synthetic_register(tmp_path / "reg.csv", 200)
    with central.engine.begin() as conn:
        import_electors(conn, tmp_path / "reg.csv")
    mandataires, mandants = people[:10], people[100:]
    port = int(central.base_url.rsplit(":", 1)[1])
    cycle = itertools.cycle([DROP_BEFORE, DROP_AFTER, CUT, PASS])
    rng = random.Random(14)
    lock = threading.Lock()

    def faulty(method: str, path: str) -> str:
        with lock:
            if "/batches" in path:
                return next(cycle)
            return rng.choice([PASS, PASS, DROP_AFTER, CUT]) if path.startswith("/v1/changes") else PASS

    replays = {"first": True, "outage_until": 0.0}

    def replaying(method: str, path: str) -> str:
        with lock:
            if time.monotonic() < replays["outage_until"]:
                return DROP_BEFORE
            if path.startswith("/v1/changes"):
                return DROP_BEFORE  # its only server times come from batch answers, i.e. from the replay
            if "/batches" in path and replays["first"]:
                replays["first"] = False
                replays["outage_until"] = time.monotonic() + OUTAGE
                return DROP_AFTER
            return PASS

    faults, outage = FaultProxy(("127.0.0.1", port), faulty), FaultProxy(("127.0.0.1", port), replaying)
    fast = WorkerSettings(batch_size=2, backoff=Backoff(base=0.005, cap=0.02))

    def station(label: str, st: Store, base_url: str, clock: StationClock) -> tuple[SyncWorker, str]:
        creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label=label)
        with central.engine.begin() as conn:  # its agent, enrolled (central/attribution.py)
            attribution.claim(conn, station_id=creds.station_id, agent_id=f"agent-{label}", now=datetime.now(UTC))
        return SyncWorker(st, CentralClient(base_url, creds, timeout=10), clock, settings=fast), creds.station_id

    stores = [store] + [_copy_store(store_template, tmp_path / f"s{i}.db", store_key) for i in range(1, 4)]
    h1, _ = station("honnete-1", stores[0], faults.base_url, StationClock())
    h2, _ = station("honnete-2", stores[1], faults.base_url, StationClock())
    rep, _ = station("rejoue", stores[2], outage.base_url, StationClock())
    forger, forger_id = station("faussaire", stores[3], central.base_url, ForgedClock())
    for w in (h1, h2):
        _until_synced(w)  # their clock reference
    # The replaying station's first answer is lost after the commit; after the outage it gets the replay.
    first = by("rejoue", procuration_body(mandants[90], people[50], rounds="T1"))
    outbox_only(stores[2], rep.clock, "procuration.etablie", first)
    assert not rep.run_once()
    time.sleep(OUTAGE + 0.2)
    assert not rep.run_once()  # the batch answer (a replay) comes through, the feed does not
    assert rep.status().pending == 0

    honest = [
        establish(stores[0], h1.clock, by("honnete-1", procuration_body(mandants[i], mandataires[i], rounds="T1")))
        for i in range(PER_STATION)
    ]
    time.sleep(1.0)  # really later than the first honest station's acts, though a replayed reference would say earlier
    replayed = [
        establish(stores[2], rep.clock, by("rejoue", procuration_body(mandants[20 + i], mandataires[i], rounds="T1")))
        for i in range(3)
    ]
    honest += [
        establish(
            stores[1],
            h2.clock,
            by("honnete-2", procuration_body(mandants[PER_STATION + i], mandataires[PER_STATION + i], rounds="T1")),
        )
        for i in range(PER_STATION)
    ]
    _until_synced(forger)  # a first contact (nothing to send; its feed is read): after every honest act
    forged = [
        establish(
            stores[3],
            forger.clock,
            by("faussaire", procuration_body(mandants[40 + i], mandataires[3 + i], rounds="T1")),
        )
        for i in range(7)
    ]
    # The cheaters arrive first; the honest stations, through faults, last.
    _until_synced(forger)
    assert not rep.run_once()  # pushed; its feed still unreachable
    assert rep.status().pending == 0
    for w in (h1, h2):
        _until_synced(w)
    _until_synced(forger)  # its later invalidations, from the feed
    faults.stop()
    outage.stop()

    with central.engine.connect() as conn:
        status = dict(conn.execute(select(procurations.c.id, procurations.c.status)).all())
    assert {status[r] for r in honest} == {"validee"}  # before the fix: several invalidee R-LIMIT-1
    assert {status[r] for r in replayed} == {"invalidee"}
    assert {status[r] for r in forged} == {"invalidee"}
    for st, ids in ((stores[0], honest[:PER_STATION]), (stores[1], honest[PER_STATION:])):
        with st.read() as s:
            assert {s.get(Procuration, r).status for r in ids} == {"validee"}  # type: ignore[union-attr]
    from central.review import list_reviews

    queue = {r.procuration_id: r for r in list_reviews(central.engine)}
    assert set(forged) <= set(queue)
    assert all({"horloge_inconnue", "horloge_bornee"} <= set(queue[r].flags) for r in forged)
    assert not set(honest) & set(queue)
    with central.engine.connect() as conn:
        feed = conn.execute(select(changes.c.record_id, changes.c.flags).where(changes.c.station_id == forger_id)).all()
    assert {r for r, flags in feed if "revue" in flags} == set(forged)
    with stores[3].read() as s:
        assert {s.get(Procuration, r).status for r in forged} == {"invalidee"}  # type: ignore[union-attr]
    told = {i.record_id: i.message or "" for i in forger.status().refused}
    assert all("revue est ouverte" in told[r] for r in forged)  # the forging station's agent sees it too
    for st in stores[1:]:
        st.close()

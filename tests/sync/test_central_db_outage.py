"""The central store's PostgreSQL going wrong while real stations push to it over 127.0.0.1: stopped as a crash
stops it, its backends killed mid-transaction. Every entry lands once, every outbox drains, the change feed misses
nothing and repeats nothing, and meanwhile the stations get 503s they resend on, never a 500."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from centralkit import Station, procuration_body, synthetic_register
from outagekit import Noting, OwnCluster, own_cluster, terminate_api_backends
from sqlalchemy import func, select
from synckit import outbox_only

from central.embedded import Embedded, start_embedded
from central.register import import_electors
from central.schema import changes, entries, procurations, sequencer
from desktop.models import OutboxEntry
from desktop.models.db import Store, open_store
from desktop.models.keys import StaticKeyProvider
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.status import SyncStatus
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

STATIONS = 4
PER_STATION = 60
FAST = WorkerSettings(batch_size=3, backlog_batch_size=3, probe_interval=0.05, backoff=Backoff(base=0.05, cap=0.2))


@pytest.fixture(scope="module")
def cluster() -> Iterator[OwnCluster]:
    with own_cluster() as made:
        yield made


@pytest.fixture
def served(cluster: OwnCluster, tmp_path: Path) -> Iterator[Embedded]:
    central = start_embedded(cluster.database(), demo_data=False)
    yield central
    central.stop()


def _stations(
    central: Embedded,
    store_template: Path,
    store_key: bytes,
    tmp_path: Path,
    noting: Noting,
    settings: WorkerSettings = FAST,
) -> list[tuple[Store, SyncWorker, Station]]:
    """STATIONS stations, each with PER_STATION procurations waiting; every other one names a mandataire every
    station names (L73: only the earliest established stands; the feed voids one that arrived before it)."""
    people = synthetic_register(tmp_path / "reg.csv", STATIONS * PER_STATION * 3)
    with central.engine.begin() as conn:
        import_electors(conn, tmp_path / "reg.csv")
    mandants, mandataires = people[: STATIONS * PER_STATION], people[STATIONS * PER_STATION :]
    made = []
    for n in range(STATIONS):
        path = tmp_path / f"poste-{n}.db"
        shutil.copyfile(store_template, path)
        store = open_store(path, StaticKeyProvider(store_key), migrate=False)
        creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label=f"poste-{n}")
        client = CentralClient(central.base_url, creds, timeout=20, transport=noting)
        worker = SyncWorker(store, client, StationClock(), settings=settings)
        made.append((store, worker, Station(central.base_url, creds.station_id, creds.token)))
    for i in range(PER_STATION):
        for n, (store, worker, _s) in enumerate(made):
            k = n * PER_STATION + i
            shared = mandataires[i] if i % 2 == 0 else mandataires[PER_STATION + k]
            body = procuration_body(mandants[k], shared, rounds="T1")
            outbox_only(store, worker.clock, "procuration.etablie", body)
    return made


def _pending(made: list[tuple[Store, SyncWorker, Station]]) -> int:
    return sum(worker.status().pending for _st, worker, _s in made)


class Poller(threading.Thread):
    """Each station's change feed read as the station reads it, through the outage: cursor by cursor, kept on 200."""

    def __init__(self, made: list[tuple[Store, SyncWorker, Station]]) -> None:
        super().__init__(daemon=True)
        self.stations = [s for _st, _w, s in made]
        self.got: dict[str, list[int]] = {s.station_id: [] for s in self.stations}
        self.cursor = dict.fromkeys(self.got, 0)
        self.seen: list[tuple[str, int | str, str | None, float]] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.once()
            time.sleep(0.02)

    def once(self) -> None:
        for station in self.stations:
            try:
                answer = station.http.get("/v1/changes", params={"since": self.cursor[station.station_id]}, timeout=20)
            except httpx.HTTPError as exc:  # noted, as a station's client would retry it
                self.seen.append(("/v1/changes", type(exc).__name__, None, 0.0))
                continue
            self.seen.append(("/v1/changes", answer.status_code, answer.headers.get("retry-after"), 0.0))
            if answer.status_code == 200:
                page = answer.json()
                self.got[station.station_id] += [c["cursor"] for c in page["changes"]]
                self.cursor[station.station_id] = page["next_cursor"]


def _landed_once(central: Embedded, made: list[tuple[Store, SyncWorker, Station]]) -> None:
    with central.engine.connect() as conn:
        for _st, _w, station in made:
            seqs = conn.execute(
                select(entries.c.seq).where(entries.c.station_id == station.station_id).order_by(entries.c.seq)
            ).scalars()
            assert list(seqs) == list(range(1, PER_STATION + 1))
        assert conn.execute(select(func.count()).select_from(procurations)).scalar_one() == STATIONS * PER_STATION
        server = dict(conn.execute(select(procurations.c.id, procurations.c.status)).all())
        cursors = list(conn.execute(select(changes.c.cursor).order_by(changes.c.cursor)).scalars())
        high = conn.execute(select(sequencer.c.value).where(sequencer.c.name == "feed")).scalar_one()
        assert cursors == list(range(1, high + 1))  # gap-free, each once: nothing of a rolled-back batch stayed
    for store, _w, _s in made:
        with store.read() as s:
            rows = list(s.scalars(select(OutboxEntry)))
        assert all(r.acked_at is not None for r in rows)
        assert {r.record_id for r in rows} <= set(server)


def _through(
    central: Embedded, made: list[tuple[Store, SyncWorker, Station]], noting: Noting, fault: Callable[[], None]
) -> list[SyncStatus]:
    """The stations push and poll; once a quarter of their entries went, `fault` runs (and returns when the store is
    back); then until every outbox is empty. Every entry landed once, every feed read whole and once; each station's
    status as `fault` left it."""
    poller = Poller(made)
    for _st, worker, _s in made:
        worker.start()
    poller.start()
    deadline = time.monotonic() + 30
    while _pending(made) > STATIONS * PER_STATION * 3 // 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    fault()
    during = [w.status() for _st, w, _s in made]
    deadline = time.monotonic() + 60
    while _pending(made) and time.monotonic() < deadline:
        time.sleep(0.05)
    poller.halt.set()
    poller.join(20)
    for _st, worker, _s in made:
        worker.stop()
    poller.once()
    assert _pending(made) == 0, [w.status().last_error for _st, w, _s in made]
    _landed_once(central, made)
    for _st, _w, station in made:  # the feed as the station read it through the outage: nothing missed, nothing twice
        assert poller.got[station.station_id] == [c["cursor"] for c in station.all_changes()]
    answers = [*noting.seen, *poller.seen]
    assert {status for _p, status, _r, _t in answers} <= {200, 503}, answers  # never a 500, never a hang cut short
    assert all(retry for _p, status, retry, _t in answers if status == 503)  # when to come back, said
    for store, _w, _s in made:
        store.close()
    return during


def test_postgresql_stopped_as_a_crash_while_stations_push(
    served: Embedded, cluster: OwnCluster, store_template: Path, store_key: bytes, tmp_path: Path
) -> None:
    noting = Noting()
    made = _stations(served, store_template, store_key, tmp_path, noting)
    down: list[list[SyncStatus]] = []

    def crash() -> None:
        cluster.stop()
        time.sleep(1.0)
        down.append([w.status() for _st, w, _s in made])
        cluster.start()

    _through(served, made, noting, crash)
    for status in down[0]:  # what the agent reads while the database is down: the store unavailable, acts waiting
        assert status.pending > 0
        assert status.last_error is not None and "indisponible" in status.last_error, status.last_error
        assert "erreur interne" not in status.last_error and "support" not in status.last_error


def test_the_apis_backends_killed_while_stations_push(
    served: Embedded, cluster: OwnCluster, store_template: Path, store_key: bytes, tmp_path: Path
) -> None:
    noting = Noting()
    made = _stations(served, store_template, store_key, tmp_path, noting)
    killed: list[int] = []

    def kill() -> None:
        with psycopg.connect(cluster.admin_url(), autocommit=True) as admin:
            end = time.monotonic() + 1.5
            while time.monotonic() < end:
                killed.extend(terminate_api_backends(admin))
                time.sleep(0.03)

    _through(served, made, noting, kill)
    assert len(killed) >= 3  # backends killed in the middle of a request (a push, a poll, a token check)


def test_after_a_restart_one_request_meets_the_dead_pool_not_one_per_connection(
    served: Embedded, cluster: OwnCluster, caplog: pytest.LogCaptureFixture
) -> None:
    """The token check and the feed page reach the driver under SQLAlchemy (central/db.driver_rows, `pipelined`): the
    first of them to meet a connection PostgreSQL closed has the whole pool replaced, as SQLAlchemy's own execute
    does; each dead pooled connection no longer fails a request of its own (a 503 each, a traceback each)."""
    stations = [Station.enrol(served.base_url, served.enrolment_token, f"poste-{n}") for n in range(10)]
    polls = [threading.Thread(target=s.changes) for s in stations]  # ten connections in the pool, all used
    for poll in polls:
        poll.start()
    for poll in polls:
        poll.join(30)
    assert served.engine.pool.checkedin() >= 5  # type: ignore[attr-defined]
    cluster.stop()
    cluster.start()  # well within the rest after which a pooled connection is pinged (db.REST_BEFORE_PING_SECONDS)
    statuses = [s.http.get("/v1/changes").status_code for s in stations]
    assert statuses.count(503) <= 1 and statuses[-1] == 200, statuses
    assert not [r for r in caplog.records if r.name.startswith("sqlalchemy.pool")]

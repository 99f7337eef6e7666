"""The central store's PostgreSQL up but busy with others: every connection slot taken by another application, a
table locked by an administrator. The API answers soon and plainly (a 503 the station resends on), recovers alone,
and nothing lands twice."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from centralkit import DUBOIS, MARTIN, NOW, Station, procuration_body
from outagekit import Noting, OwnCluster, own_cluster
from test_central_db_outage import PER_STATION, Poller, _landed_once, _stations

from central import db
from central.embedded import Embedded, start_embedded
from desktop.models.ids import uuid7
from desktop.sync.worker import WorkerSettings

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WHOLE = WorkerSettings(batch_size=PER_STATION, backlog_batch_size=PER_STATION)  # one batch a station
CONNECT_WAIT = 2  # seconds a new connection may take (central/db.CONNECT_WAIT_SECONDS; libpq's least)
LOCK_WAIT = 1.0  # seconds a push waits for a lock held by someone else (central/db.LOCK_WAIT_SECONDS, 10 s served)


@pytest.fixture(scope="module")
def cluster() -> Iterator[OwnCluster]:
    with own_cluster(max_connections=100) as made:
        yield made


@pytest.fixture
def served(cluster: OwnCluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[Embedded]:
    monkeypatch.setattr(db, "LOCK_WAIT_SECONDS", LOCK_WAIT, raising=False)
    monkeypatch.setattr(db, "CONNECT_WAIT_SECONDS", CONNECT_WAIT, raising=False)
    central = start_embedded(cluster.database(), demo_data=False)
    yield central
    central.stop()


def _hog(cluster: OwnCluster) -> list[psycopg.Connection]:
    """Another application takes every free connection slot of the cluster."""
    held: list[psycopg.Connection] = []
    while True:
        try:
            held.append(psycopg.connect(cluster.admin_url(), autocommit=True, connect_timeout=5))
        except psycopg.OperationalError as exc:
            assert "too many clients" in str(exc)
            return held


def test_every_connection_slot_taken_by_another_application(
    served: Embedded, cluster: OwnCluster, store_template: Path, store_key: bytes, tmp_path: Path
) -> None:
    noting = Noting()
    made = _stations(served, store_template, store_key, tmp_path, noting, WHOLE)[:2]
    served.engine.dispose()  # the API holds no connection now (a restart, its pool emptied)
    held = _hog(cluster)
    try:
        for _store, worker, _station in made:
            start = time.monotonic()
            assert not worker.run_once()
            assert time.monotonic() - start < 3  # said at once, not after the pool's or the station's timeout
            status = worker.status()
            assert status.pending == PER_STATION
            assert status.last_error is not None and "indisponible" in status.last_error, status.last_error
        assert httpx.get(f"{served.base_url}/v1/time", timeout=5).status_code == 200
        assert {(s, bool(r)) for _p, s, r, _t in noting.seen} == {(503, True)}
    finally:
        for conn in held[: len(held) // 2]:
            conn.close()
    try:
        for _store, worker, _station in made:  # slots freed by the other application: back alone
            assert worker.run_once(), worker.status().last_error
        assert {s for _p, s, _r, _t in noting.seen} == {200, 503}
    finally:
        for conn in held[len(held) // 2 :]:
            conn.close()
    with served.engine.connect() as conn:
        counted = conn.exec_driver_sql("SELECT count(*) FROM entries").scalar_one()
    assert counted == 2 * PER_STATION


def test_a_table_locked_by_an_administrator(
    served: Embedded, cluster: OwnCluster, store_template: Path, store_key: bytes, tmp_path: Path
) -> None:
    noting = Noting()
    made = _stations(served, store_template, store_key, tmp_path, noting, WHOLE)
    (_s1, pusher, _st1), *others = made
    poller = Poller(others)
    url = served.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as admin:
        admin.execute("LOCK TABLE procurations IN ACCESS EXCLUSIVE MODE")  # held until the rollback below
        start = time.monotonic()
        assert not pusher.run_once()
        waited = time.monotonic() - start
        assert LOCK_WAIT <= waited < LOCK_WAIT + 3, waited  # a bounded wait, then an answer
        assert {(s, bool(r)) for _p, s, r, _t in noting.seen} == {(503, True)}
        error = pusher.status().last_error
        assert error is not None and "indisponible" in error, error
        poller.once()  # the other stations' polls and the time go on: neither needs the locked table
        assert {s for _p, s, _r, _t in poller.seen} == {200}
        assert httpx.get(f"{served.base_url}/v1/time", timeout=5).status_code == 200
        admin.rollback()
    for _store, worker, _station in made:
        assert worker.run_once(), worker.status().last_error
    _landed_once(served, made)


CROWD = 45  # pushes in flight at once: more than the server's worker threads (40, anyio's) and its pool (20)


def test_the_time_answers_while_every_worker_thread_waits_for_a_lock(
    cluster: OwnCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every worker thread of the API held by a push waiting for the locked table: /v1/time (the stations' probe
    and clock reference) answers at once, not after the lock."""
    monkeypatch.setattr(db, "LOCK_WAIT_SECONDS", 3.0, raising=False)
    central = start_embedded(cluster.database(), demo_data=False)
    stations = [Station.enrol(central.base_url, central.enrolment_token, f"poste-{n}") for n in range(CROWD)]
    url = central.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    body = procuration_body(MARTIN, DUBOIS, rounds="T1")
    answers: list[int] = []
    try:
        with psycopg.connect(url) as admin:
            admin.execute("LOCK TABLE procurations IN ACCESS EXCLUSIVE MODE")
            pushes = [
                threading.Thread(
                    target=lambda s=s: answers.append(
                        s.push(s.batch(("procuration.etablie", {**body, "id": uuid7()}, NOW))).status_code
                    )
                )
                for s in stations
            ]
            for push in pushes:
                push.start()
            deadline = time.monotonic() + 10
            while _waiting(admin) < 20 and time.monotonic() < deadline:  # the pool's every connection, waiting
                time.sleep(0.05)
            time.sleep(0.3)  # the other pushes in their threads, waiting for a connection
            start = time.monotonic()
            assert httpx.get(f"{central.base_url}/v1/time", timeout=10).status_code == 200
            assert time.monotonic() - start < 1.0
            admin.rollback()
            for push in pushes:
                push.join(30)
    finally:
        central.stop()
    assert len(answers) == CROWD and set(answers) <= {200, 503}


def _waiting(admin: psycopg.Connection) -> int:
    return int(admin.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0])  # type: ignore[index]


def test_a_frozen_postgresql_is_a_503_not_a_hang(
    served: Embedded, cluster: OwnCluster, store_template: Path, store_key: bytes, tmp_path: Path
) -> None:
    """PostgreSQL's postmaster stopped (a frozen host, a hung server): a new connection is never answered. The API
    gives up after CONNECT_WAIT and says 503, instead of holding the station until its own timeout."""
    noting = Noting()
    [(_store, worker, _station)] = _stations(served, store_template, store_key, tmp_path, noting, WHOLE)[:1]
    served.engine.dispose()  # every request needs a new connection
    postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGSTOP)
    try:
        start = time.monotonic()
        assert not worker.run_once()
        waited = time.monotonic() - start
        assert waited < CONNECT_WAIT + 3, waited
        error = worker.status().last_error
        assert error is not None and "indisponible" in error, error
    finally:
        os.kill(postmaster, signal.SIGCONT)
    assert worker.run_once(), worker.status().last_error
    assert {(s, bool(r)) for _p, s, r, _t in noting.seen} == {(503, True), (200, False)}

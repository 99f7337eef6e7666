"""`guichet-central serve --workers N`: several processes serve one PostgreSQL database, each applying batches."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psycopg
import pytest
from centralkit import PgServer, free_port, procuration_body, synthetic_register, wait_http, worker_pids

from central.__main__ import main
from central.register import import_electors
from central.service import ENV_ENROLMENT, default_workers, open_database
from desktop.models.ids import uuid7

SECRET = "workers-secret-0123456789-abcdefghij"


def test_default_workers_several_on_postgresql_one_on_sqlite() -> None:
    assert default_workers("sqlite:////tmp/x.sqlite3") == 1
    assert default_workers("postgresql://u@h/db") == max(1, min(4, os.cpu_count() or 1))


@pytest.mark.parametrize("bad", ["0", "65", "deux"])
def test_workers_refused_in_french(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--workers", bad])
    assert stop.value.code == 2
    assert "nombre de processus invalide" in capsys.readouterr().err


def _batch(people: list[dict[str, object]], lo: int, count: int, mandataire: int, seq: int) -> dict[str, object]:
    at = "2026-01-01T10:00:00.000000Z"
    return {
        "batch_id": uuid7(),
        "entries": [
            {
                "seq": seq + k,
                "id": uuid7(),
                "kind": "procuration.etablie",
                "body": procuration_body(people[lo + k], people[mandataire + (lo + k) // 2], rounds="T1"),
                "established_at": at,
                "clock": {"wall": at, "basis": "wall"},
            }
            for k in range(count)
        ],
    }


@pytest.mark.slow
def test_serve_with_two_workers_both_apply(pg: PgServer, tmp_path: Path) -> None:
    url = pg.database()
    stations, batches, size = 6, 6, 50
    people = synthetic_register(tmp_path / "reg.csv", stations * batches * size * 2)
    engine = open_database(url)
    with engine.begin() as conn:
        import_electors(conn, tmp_path / "reg.csv")
    engine.dispose()
    port = free_port()
    env = dict(os.environ, **{ENV_ENROLMENT: SECRET, "GUICHET_CENTRAL_DATA_DIR": str(tmp_path / "central")})
    command = [sys.executable, "-m", "central", "--database", url, "--port", str(port), "serve", "--workers", "2"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    seen: set[str] = set()  # serving processes caught inside an apply transaction
    done = threading.Event()

    def watch() -> None:
        raw_url = url.replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(raw_url, autocommit=True) as conn:
            while not done.is_set():
                rows = conn.execute(
                    "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() "
                    "AND application_name LIKE 'guichet-central-%' AND state <> 'idle'"
                ).fetchall()
                seen.update(r[0] for r in rows)
                time.sleep(0.002)

    try:
        wait_http(base)
        creds = []
        for s in range(stations):
            answer = httpx.post(
                f"{base}/v1/stations", json={"label": f"poste {s}"}, headers={"Authorization": f"Bearer {SECRET}"}
            )
            assert answer.status_code == 201
            creds.append(answer.json())
        watcher = threading.Thread(target=watch)
        watcher.start()
        answers: list[int] = []

        def push(s: int) -> None:
            auth = {"Authorization": f"Bearer {creds[s]['token']}"}
            with httpx.Client(base_url=base, headers=auth, timeout=60) as client:
                for b in range(batches):
                    lo = (s * batches + b) * size
                    body = _batch(people, lo, size, stations * batches * size, b * size + 1)
                    answers.append(client.post(f"/v1/stations/{creds[s]['station_id']}/batches", json=body).status_code)

        pushers = [threading.Thread(target=push, args=(s,)) for s in range(stations)]
        for t in pushers:
            t.start()
        for t in pushers:
            t.join()
        done.set()
        watcher.join()
        assert answers == [200] * (stations * batches)
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
            stored = conn.execute("SELECT count(*) FROM procurations").fetchone()
        assert stored is not None and stored[0] == stations * batches * size
        server_pids = {name.removeprefix("guichet-central-") for name in seen}
        assert str(proc.pid) not in server_pids  # the parent only migrates and supervises
        # Which process accepts a connection is the kernel's choice: under load one worker may take them all.
        # So each worker in turn is left alone to serve (the others stopped, not accepting): it must apply a batch.
        workers = worker_pids(proc.pid)
        assert len(workers) == 2, workers
        applied = stations * batches * size
        for turn, alone in enumerate(workers):
            others = [pid for pid in workers if pid != alone]
            for pid in others:
                os.kill(pid, signal.SIGSTOP)
            try:
                auth = {"Authorization": f"Bearer {creds[turn]['token']}"}
                fresh = applied * 3 // 2  # the first pushes used people[0:fresh] as mandants and mandataires
                lo = fresh + turn * 10
                # mandants people[fresh:fresh+20], their mandataires from people[fresh+20] on (_batch adds lo // 2)
                body = _batch(people, lo, 10, fresh + 20 - fresh // 2, batches * size + 1)
                with httpx.Client(base_url=base, headers=auth, timeout=4) as client:  # a fresh connection
                    answer = client.post(f"/v1/stations/{creds[turn]['station_id']}/batches", json=body)
            finally:
                for pid in others:
                    os.kill(pid, signal.SIGCONT)
            assert answer.status_code == 200, (alone, answer.text)
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
            stored = conn.execute("SELECT count(*) FROM procurations").fetchone()
        assert stored is not None and stored[0] == applied + 20
    finally:
        done.set()
        proc.terminate()
        proc.wait(20)

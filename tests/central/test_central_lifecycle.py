"""`guichet-central serve` as processes: killed, stopped, started again, started twice (central/lifecycle.py).

uvicorn's workers outlived a SIGKILL of their parent and kept serving on its port; a second `serve` on a port in use
migrated the database and loaded the demo's data before uvicorn said « address already in use » in English.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from centralkit import Station, alive, free_port, procuration_body, synthetic_register, wait_http, worker_pids

from central.__main__ import main

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals, /proc")]

SECRET = "lifecycle-secret-0123456789-abcdefghij"


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class Serve:
    """`guichet-central serve` in a process of its own, on one SQLite file and data folder; leaves nothing behind."""

    def __init__(self, folder: Path, port: int, *, database: Path | None = None) -> None:
        self.folder, self.port = folder, port
        self.database = database or folder / "central.sqlite3"
        self.url = f"http://127.0.0.1:{port}"
        self.started: list[subprocess.Popen[bytes]] = []
        self.workers: list[int] = []

    def start(self, *extra: str, data: Path | None = None) -> subprocess.Popen[bytes]:
        env = dict(
            os.environ, GUICHET_CENTRAL_ENROLMENT_TOKEN=SECRET, GUICHET_CENTRAL_DATA_DIR=str(data or self.folder / "c")
        )
        command = [sys.executable, "-m", "central", "--database", f"sqlite:///{self.database}"]
        proc = subprocess.Popen(
            [*command, "--port", str(self.port), "serve", *extra],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.started.append(proc)
        return proc

    def stop_all(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        for pid in self.workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)  # this test's failure leaves nothing serving behind it


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    server = Serve(tmp_path, free_port())
    yield server
    server.stop_all()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/v1/time", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_killed_parent_its_workers_stop_and_free_the_port(serve: Serve, tmp_path: Path) -> None:
    parent = serve.start("--workers", "2")
    wait_http(serve.url)
    station = _enrolled(serve)
    batch = station.batch(("procuration.etablie", procuration_body(*_people(tmp_path)), datetime.now(UTC)))
    assert _until(lambda: len(worker_pids(parent.pid)) == 2, 10)
    serve.workers = worker_pids(parent.pid)
    with _slow_push(station, batch) as answers:
        parent.kill()
        parent.wait()
    assert _until(lambda: not any(alive(pid) for pid in serve.workers), 5), "workers outlived their parent"
    assert not _answers(serve.url), "the killed store's port still answers"
    [answer] = answers  # its worker finished the push in flight before it stopped
    assert answer.status_code == 200, answer.text
    assert _count(serve.database, "procurations") == 1


def test_stopped_then_killed_then_started_again_nothing_lost(serve: Serve, tmp_path: Path) -> None:
    people = _people(tmp_path)
    parent = serve.start("--workers", "2")
    wait_http(serve.url)
    station = _enrolled(serve)
    batch = station.batch(("procuration.etablie", procuration_body(*people), datetime.now(UTC)))
    serve.workers = worker_pids(parent.pid)
    with _slow_push(station, batch) as answers:
        parent.send_signal(signal.SIGTERM)
    assert parent.wait(30) == 0
    assert _until(lambda: not any(alive(pid) for pid in serve.workers), 5), "workers outlived the stop"
    [answer] = answers  # SIGTERM: the push in flight gets its answer, then every process ends
    assert answer.status_code == 200, answer.text
    # Started again at once on the same port and files: the resent batch gets the same answer, applied once.
    restarted = _restart(serve)
    again = station.push(batch)
    assert again.status_code == 200, again.text
    assert again.json()["verdicts"] == answer.json()["verdicts"]
    # Killed, its station's connection still open: the server closes first, its side of it left in TIME_WAIT,
    # its SQLite files as a crash leaves them. Started again at once (SO_REUSEADDR): the store intact.
    restarted.kill()
    restarted.wait()
    _restart(serve)
    again = station.push(batch)
    assert again.status_code == 200, again.text
    assert again.json()["verdicts"] == answer.json()["verdicts"]
    with sqlite3.connect(serve.database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _count(serve.database, "procurations") == 1


def _people(tmp_path: Path) -> tuple[dict[str, object], dict[str, object]]:
    """A mandant and a mandataire, both in the register of the store's database (made here)."""
    people = synthetic_register(tmp_path / "register.csv", 2)
    database = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["--database", database, "import-electors", str(tmp_path / "register.csv")]) == 0
    return people[0], people[1]


def _enrolled(serve: Serve) -> Station:
    return Station.enrol(serve.url, SECRET)


@contextmanager
def _slow_push(station: Station, batch: dict[str, object]) -> Iterator[list[httpx.Response]]:
    """Push `batch` on a thread, half its body sent, the rest a second later; the block runs in between (the push
    in flight); its answer in the list once the block is done."""
    raw = json.dumps(batch).encode()
    sent_half = threading.Event()

    def body() -> Iterator[bytes]:
        yield raw[: len(raw) // 2]
        sent_half.set()
        time.sleep(1.0)
        yield raw[len(raw) // 2 :]

    answers: list[httpx.Response] = []
    url = f"/v1/stations/{station.station_id}/batches"
    headers = {"Content-Type": "application/json"}
    pusher = threading.Thread(target=lambda: answers.append(station.http.post(url, content=body(), headers=headers)))
    pusher.start()
    assert sent_half.wait(10)
    time.sleep(0.2)  # the first half read by the server
    yield answers
    pusher.join(30)


def _restart(serve: Serve) -> subprocess.Popen[bytes]:
    """`serve` started again on its port and files; fails at once with its message if it refuses."""
    proc = serve.start()
    assert _until(lambda: _answers(serve.url) or proc.poll() is not None, 30)
    assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
    return proc


def test_a_second_serve_on_a_busy_port_says_so_and_touches_nothing(serve: Serve, tmp_path: Path) -> None:
    first = serve.start("--demo-data")
    wait_http(serve.url)
    before = {p.name: p.stat().st_mtime_ns for p in serve.folder.rglob("*") if p.is_file()}
    # Another store's files on the same port: refused before its database or folder is made.
    other = tmp_path / "other"
    second = Serve(other, serve.port, database=tmp_path / "other.sqlite3")
    try:
        proc = second.start("--demo-data", data=other / "c")
        code = proc.wait(60)
        err = proc.stderr.read().decode() if proc.stderr else ""
    finally:
        second.stop_all()
    assert code == 2, err
    assert "le port" in err and "déjà utilisé" in err and "rien n'a été démarré ni modifié" in err, err
    assert "Traceback" not in err and "address already in use" not in err, err
    assert not (tmp_path / "other.sqlite3").exists(), "the refused store created its database"
    assert not (other / "c").exists(), "the refused store created its data folder"
    # The same store's files on the same port: refused before its migrations and the demo's data touch them.
    assert serve.start("--demo-data").wait(60) == 2
    after = {p.name: p.stat().st_mtime_ns for p in serve.folder.rglob("*") if p.is_file()}
    assert after == before
    assert first.poll() is None and _answers(serve.url)  # the first one serves on


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

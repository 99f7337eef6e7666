"""An outage's error lines: the first of each kind whole, the same again counted and summed up once a minute
(central/log_repeats.py), with a real `serve` process and its PostgreSQL stopped under the stations' polls."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from centralkit import Station, free_port, wait_http
from outagekit import OwnCluster, own_cluster

from central.log_repeats import Repeats

SECRET = "log-repeats-secret-0123456789-abcdefghij"
REQUESTS = 400  # the outage's load: polls and clock probes of 8 stations, 4 at a time


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _record(message: str, level: int = logging.ERROR, name: str = "guichet.central") -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


def test_identical_lines_are_counted_and_summed_up_once_a_window() -> None:
    clock = Clock()
    repeats = Repeats(60, clock=clock)
    line = "database error on GET /v1/changes: OperationalError"
    assert repeats.filter(_record(line))  # the first one, whole
    assert not any(repeats.filter(_record(line)) for _ in range(999))
    assert repeats.filter(_record("database error on GET /v1/time: OperationalError"))  # a new kind: never held
    assert repeats.filter(_record(line, logging.INFO))  # below warnings: not this filter's business
    clock.now = 61
    summary = _record(line)
    assert repeats.filter(summary)
    text = summary.getMessage()
    assert text.startswith("« 999 erreurs identiques depuis ") and text.endswith(f"UTC » {line}"), text
    assert not repeats.filter(_record(line))  # counted again from here
    assert repeats.flush() == []  # within the window
    clock.now = 122
    [late] = repeats.flush()  # no line since: the thread writes the window's summary itself
    assert late.getMessage().startswith("« 1 erreurs identiques depuis "), late.getMessage()
    assert repeats.flush() == []


@pytest.fixture
def cluster() -> Iterator[OwnCluster]:
    with own_cluster(max_connections=60) as made:
        yield made


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals")
def test_an_outage_under_load_writes_a_few_lines_not_one_a_request(cluster: OwnCluster, tmp_path: object) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, GUICHET_CENTRAL_ENROLMENT_TOKEN=SECRET, GUICHET_CENTRAL_DATA_DIR=str(tmp_path))
    database = cluster.database()
    command = [sys.executable, "-m", "central", "--database", database, "--port", str(port), "serve"]
    proc = subprocess.Popen(
        [*command, "--workers", "1", "--purge-hours", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_http(url)
        stations = [Station.enrol(url, SECRET, f"poste-{n}") for n in range(8)]
        cluster.stop()

        def ask(n: int) -> int:
            station = stations[n % len(stations)]
            if n % 4 == 0:
                return httpx.get(f"{url}/v1/time", timeout=30).status_code
            return station.http.get("/v1/changes", params={"since": 0}).status_code

        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(ask, range(REQUESTS)))
        cluster.start()
        assert set(statuses) <= {200, 503} and statuses.count(503) >= REQUESTS // 2, statuses
        assert stations[0].http.get("/v1/changes", params={"since": 0}).status_code == 200  # back alone
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    lines = [line for line in (proc.stderr.read().decode() if proc.stderr else "").splitlines() if line.strip()]
    errors = [line for line in lines if "database error" in line]
    assert 1 <= len(errors) <= 4, "\n".join(lines)  # one a kind (the token check, a route's), not one a request
    assert len(lines) <= 20, "\n".join(lines)

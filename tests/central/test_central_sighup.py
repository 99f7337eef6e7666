"""`guichet-central serve` and SIGHUP (a closed terminal, `systemctl kill -s HUP`): a graceful stop as on SIGTERM,
the same with one process or several (central/lifecycle.py; docs/DEPLOYMENT.md). It used to end a single process at
once, a push in flight cut, and to replace every worker of `--workers N`."""

from __future__ import annotations

import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from centralkit import alive, procuration_body, wait_http, worker_pids
from test_central_lifecycle import Serve, _answers, _count, _enrolled, _people, _slow_push, _until, serve

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals, /proc")]

__all__ = ["serve"]  # the fixture, shared with test_central_lifecycle


@pytest.mark.parametrize("workers", [1, 2])
def test_sighup_answers_the_push_in_flight_then_stops_cleanly(serve: Serve, tmp_path: Path, workers: int) -> None:
    people = _people(tmp_path)
    parent = serve.start("--workers", str(workers))
    wait_http(serve.url)
    station = _enrolled(serve)
    batch = station.batch(("procuration.etablie", procuration_body(*people), datetime.now(UTC)))
    if workers > 1:
        assert _until(lambda: len(worker_pids(parent.pid)) == workers, 10)
    serve.workers = worker_pids(parent.pid)
    with _slow_push(station, batch) as answers:
        # As a closed terminal sends it: to every process of the group, the supervisor and its workers alike.
        for pid in [parent.pid, *serve.workers]:
            os.kill(pid, signal.SIGHUP)
    code = parent.wait(30)
    err = parent.stderr.read().decode() if parent.stderr else ""
    [answer] = answers  # answered, not cut
    assert answer.status_code == 200, answer.text
    assert code == 0, err
    assert err.count("SIGHUP reçu : arrêt propre") == 1, err
    assert "Traceback" not in err, err
    assert _until(lambda: not any(alive(pid) for pid in serve.workers), 5), "workers outlived the stop"
    assert not _answers(serve.url)
    assert _count(serve.database, "procurations") == 1

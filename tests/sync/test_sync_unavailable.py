"""A 503 from the central store (its database restarting, its connection slots all taken, a table locked): the
station says « indisponible » to the agent, waits what the store asked (Retry-After) and goes on at its usual
pace; a repeated 500 is still told as an internal error, retried slowly (tests/sync/test_sync_trust.py)."""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx
import pytest
from centralkit import DUBOIS, MARTIN, procuration_body
from synckit import outbox_only

from desktop.models.db import Store
from desktop.sync.client import CentralClient, Credentials, ServerError, ServiceUnavailable
from desktop.sync.clock import StationClock
from desktop.sync.http import retry_after
from desktop.sync.worker import Backoff, SyncWorker, WorkerSettings

REFUSAL = (
    b'{"error":"indisponible","message":"base de donn\\u00e9es momentan\\u00e9ment indisponible : r\\u00e9essayez"}'
)
SETTINGS = WorkerSettings(backoff=Backoff(base=0.01, cap=300.0, jitter=0.0))


def _worker(store: Store, answer: Callable[[httpx.Request], httpx.Response]) -> SyncWorker:
    client = CentralClient("http://central.test", Credentials("S1", "t"), transport=httpx.MockTransport(answer))
    worker = SyncWorker(store, client, StationClock(), settings=SETTINGS, rng=random.Random(1))
    outbox_only(store, worker.clock, "procuration.etablie", procuration_body(MARTIN, DUBOIS, rounds="T1"))
    return worker


def _unavailable(request: httpx.Request) -> httpx.Response:
    headers = {"Retry-After": "5", "Content-Type": "application/json"}
    return httpx.Response(503, content=REFUSAL, headers=headers)


def test_a_503_is_the_central_store_unavailable_with_its_wait() -> None:
    client = CentralClient("http://c.test", Credentials("S1", "t"), transport=httpx.MockTransport(_unavailable))
    with pytest.raises(ServiceUnavailable) as raised:
        client.server_time()
    assert isinstance(raised.value, ServerError) and raised.value.status == 503  # still a 5xx: the batch is resent
    assert raised.value.retry_after == 5.0
    assert "indisponible" in raised.value.message


@pytest.mark.parametrize(
    ("header", "seconds"), [("5", 5.0), ("0", 0.0), ("86400", 300.0), ("-3", None), ("nan", None), ("demain", None)]
)
def test_retry_after_is_read_in_seconds_within_bounds(header: str, seconds: float | None) -> None:
    assert retry_after(httpx.Response(503, headers={"Retry-After": header})) == seconds


def test_the_agent_reads_unavailable_however_long_it_lasts(store: Store) -> None:
    worker = _worker(store, _unavailable)
    for _ in range(SETTINGS.max_server_errors + 2):
        assert not worker.run_once()
        assert worker.next_delay(False) == 5.0  # what the store asked, over the short back-off; not the slow pace
    status = worker.status()
    assert status.online and status.pending == 1  # the store answers; the act waits
    assert status.last_error is not None and "indisponible" in status.last_error
    assert "erreur interne" not in status.last_error and "support" not in status.last_error
    assert status.unavailable  # the status bar says « Répertoire central indisponible », not « Hors ligne »


def test_a_repeated_500_still_slows_down_to_the_cap(store: Store) -> None:
    worker = _worker(store, lambda r: httpx.Response(500, text="Internal Server Error"))
    for _ in range(SETTINGS.max_server_errors):
        assert not worker.run_once()
    assert worker.next_delay(False) == SETTINGS.backoff.cap
    assert "erreur interne (HTTP 500)" in (worker.status().last_error or "")

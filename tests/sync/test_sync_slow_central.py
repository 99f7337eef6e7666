"""A central store that accepts the connection and never answers is said slow on the status bar, not « En ligne ».

Before, the status bar stayed green « ● En ligne » for the client's whole timeout (30 s, then again for the feed)
while the agent wondered why nothing was confirmed. The feed (desktop/snapshots.py) watches the sync: no news for
`slow_after` seconds while it runs makes the snapshot `slow`; the window says « lent à répondre ».
"""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from centralkit import procuration_body
from synckit import establish
from test_central_l73 import MANDANTS, MANDATAIRES

from desktop.models.db import Store
from desktop.snapshots import StatusFeed, StatusSnapshot
from desktop.sync.client import CentralClient, Credentials
from desktop.sync.clock import StationClock
from desktop.sync.status import SyncStatus
from desktop.sync.worker import SyncWorker


@contextmanager
def _hung_central() -> Iterator[str]:
    """A server on 127.0.0.1 that accepts connections and reads, but never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


@pytest.mark.slow  # a server on 127.0.0.1
def test_a_central_store_that_never_answers_is_said_slow_then_offline(store: Store) -> None:
    feed = StatusFeed(configured=True, slow_after=0.3)
    seen: list[StatusSnapshot] = []
    slow = threading.Event()

    def listen(snap: StatusSnapshot) -> None:
        seen.append(snap)
        if snap.slow:
            slow.set()

    feed.subscribe(listen)
    with _hung_central() as url:
        creds = Credentials(station_id="00000000-0000-0000-0000-000000000001", token="t" * 40)
        worker = SyncWorker(store, CentralClient(url, creds, timeout=3), StationClock())
        worker.subscribe(feed.sync_changed)
        establish(store, worker.clock, procuration_body(MANDANTS[0], MANDATAIRES[0], rounds="T1"))
        run = threading.Thread(target=worker.run_once)
        run.start()
        assert slow.wait(2.5), [(s.online, s.slow) for s in seen]  # said slow well before the client gives up
        run.join()
    # The client gave up: the exchange failed, the status bar says offline, no longer « slow ».
    assert not feed.snapshot.slow and feed.snapshot.last_failed


def test_news_while_syncing_is_not_slow() -> None:
    """A long honest push reports its progress: each report starts the wait again; the end of the sync ends it."""
    feed = StatusFeed(configured=True, slow_after=0.3)
    base = SyncStatus(online=True, pending=3, oldest_pending_age=timedelta(0), last_success=None, refused=())
    feed.sync_changed(dataclasses.replace(base, syncing=True))
    for sent in range(1, 6):
        time.sleep(0.1)
        feed.sync_changed(dataclasses.replace(base, syncing=True, progress=(sent, 5)))
        assert not feed.snapshot.slow
    feed.sync_changed(dataclasses.replace(base, syncing=False))
    time.sleep(0.5)
    assert not feed.snapshot.slow  # the watch ended with the sync

"""A sync that fails on the station itself says why in words the agent can pass on (the sync audit's finding 4).

The station's disk full during a sync run (SQLite « database or disk is full », or ENOSPC from the system) read
« Erreur pendant la synchronisation » on the Synchronisation screen, as any failure would: nothing for the IT staff
to act on. `desktop/failures.plain_failure` names it, as it does in the views and the command lines.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from centralkit import procuration_body
from sqlalchemy import event, text
from synckit import establish
from test_central_l73 import MANDANTS, MANDATAIRES

from central.embedded import Embedded
from desktop.failures import plain_failure
from desktop.models import OutboxEntry
from desktop.models.db import Store
from desktop.sync import outbox
from desktop.sync.client import CentralClient, enrol
from desktop.sync.clock import StationClock
from desktop.sync.worker import SyncWorker

DISK_FULL = plain_failure(OSError(errno.ENOSPC, "No space left on device"))
GENERIC = "Erreur pendant la synchronisation : elle sera retentée automatiquement."


def _worker(central: Embedded, store: Store) -> SyncWorker:
    creds = enrol(central.base_url, enrolment_token=central.enrolment_token, label="guichet")
    return SyncWorker(store, CentralClient(central.base_url, creds, timeout=10), StationClock())


@contextmanager
def _no_room_left(store: Store) -> Iterator[None]:
    """The station's database may not grow by one page: SQLite's own SQLITE_FULL, « database or disk is full »."""
    with store.read() as s:
        pages = int(s.execute(text("PRAGMA page_count")).scalar_one())

    def cap(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(store.engine, "connect", cap)
    store.engine.dispose()  # every connection from now on is capped
    try:
        yield
    finally:
        event.remove(store.engine, "connect", cap)
        store.engine.dispose()


def test_a_full_disk_while_recording_the_answers_says_the_disk_is_full(sqlite_central: Embedded, store: Store) -> None:
    worker = _worker(sqlite_central, store)
    clock = worker.clock
    for i in range(30):  # the answers' events and acknowledgements need new pages
        establish(store, clock, procuration_body(MANDANTS[i % len(MANDANTS)], MANDATAIRES[i % 3], rounds="T1"))
    with _no_room_left(store):
        assert not worker.run_once()
        status = worker.status()  # reading still works on a full disk
        # Before the fix: the generic sentence, the same as for any failure.
        assert DISK_FULL is not None and status.last_error == DISK_FULL, status.last_error
        assert "disque" in DISK_FULL and "plein" in DISK_FULL
    # Room made: what was not recorded is sent again and acknowledged (the central store replays its answers).
    assert worker.run_once(), worker.status().last_error
    assert worker.status().last_error is None
    with store.read() as s:
        assert all(r.acked_at is not None for r in s.query(OutboxEntry))


def test_no_space_left_while_applying_the_feed_says_the_disk_is_full(
    sqlite_central: Embedded, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = _worker(sqlite_central, store)

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outbox, "apply_changes", full)
    assert not worker.run_once()
    assert worker.status().last_error == DISK_FULL
    monkeypatch.undo()
    assert worker.run_once() and worker.status().last_error is None


def test_a_local_failure_it_cannot_name_keeps_the_general_sentence(
    sqlite_central: Embedded, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = _worker(sqlite_central, store)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("MARTIN Claire 204512873")  # what a failure may quote: never shown, never logged

    monkeypatch.setattr(outbox, "apply_changes", broken)
    assert not worker.run_once()
    status = worker.status()
    assert status.last_error == GENERIC and "MARTIN" not in (status.last_error or "")
